#pragma once
// `foncier run`: the facade over the whole job. Territory config in, output folder out:
// foncier.gpkg, geojson/<layer>.geojson, shp/<layer>.*, run.json.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "foncier/core/issue.hpp"
#include "foncier/core/progress.hpp"
#include "foncier/output/outputs.hpp"

namespace foncier::pipeline {

struct RunOptions {
    std::string config_path;  ///< geodata/<territory>.toml
    std::string out_dir;      ///< DEFAULT: the config's `output`
    bool overwrite = false;   ///< replace an existing output folder
    bool strict = false;      ///< data issues (warning or error) make the run fail, nothing is written
    std::string profile;      ///< profile name or file; DEFAULT: the config's `profile`
    output::Formats formats;          ///< copies besides foncier.gpkg; DEFAULT: GeoJSON and Shapefile
    std::string engine_postgis;  ///< DEFAULT empty: joins in process; else "PG:..." (--engine postgis)
    /// Hand the run's in-memory data to RunResult::retained instead of freeing it: a command
    /// line about to exit can skip the second or two that freeing millions of objects takes on
    /// a national run (as compilers do with -disable-free).
    bool retain = false;
};

struct RunResult {
    std::string out_dir;
    IssueLog issues;
    bool published = false;        ///< false when --strict stopped the run
    std::size_t strict_issues = 0; ///< warnings + errors (what --strict counts)
    std::string profile;           ///< name of the profile used, empty when none
    std::map<std::string, std::size_t> layer_counts;
    std::map<std::string, double> timings_s;  ///< read, normalise, analysis, scoring, write, total
    std::vector<std::string> files;           ///< the files written, as run.json lists them
    std::shared_ptr<void> retained;           ///< see RunOptions::retain; null otherwise
};

/// Throws ConfigError (bad config, existing output without overwrite), IoError, CrsError.
/// On any exception the previous output folder is left untouched.
[[nodiscard]] RunResult run(const RunOptions& options, Progress& progress = no_progress());

}  // namespace foncier::pipeline
