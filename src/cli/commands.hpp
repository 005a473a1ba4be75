#pragma once
// The commands of the foncier executable: each parses nothing (main.cpp does), calls the
// library, prints, and returns an exit code.

#include <cstddef>
#include <string>

#include "foncier/screen/query.hpp"

namespace foncier::cli {

enum ExitCode : int { ok = 0, failure = 1, usage = 2, data_issues = 3 };

inline constexpr const char* k_exit_codes =
    "Exit codes: 0 ok, 1 failure (I/O, GDAL/GEOS/PROJ error), 2 usage or configuration error, "
    "3 --strict and data issues found.";

struct RunArgs {
    std::string config, out, profile, formats = "gpkg,geojson,shp", engine = "local", database = "PG:";
    bool overwrite = false, strict = false, quiet = false;
};
struct ScoreArgs {
    std::string config, out, profile;
    bool sensitivity = false, quiet = false;
};

int cmd_run(const RunArgs& a);
int cmd_info(const std::string& dataset, const std::string& catalogue);
int cmd_score(const ScoreArgs& a);
int cmd_query(const std::string& config, const std::string& outputs, const screen::QueryOptions& options,
              const std::string& out, const std::string& format);
int cmd_match(const std::string& config, const std::string& needs_file, const std::string& outputs, std::size_t limit);
std::string version_text();

}  // namespace foncier::cli
