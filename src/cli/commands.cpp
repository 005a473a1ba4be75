#include <fmt/core.h>
#include <unistd.h>

#include <filesystem>

#include "command.hpp"
#include "foncier/core/version.hpp"
#include "foncier/geom/geometry.hpp"
#include "foncier/geom/transformer.hpp"
#include "foncier/io/dataset_info.hpp"

namespace foncier::cli {

std::vector<std::unique_ptr<Command>> all_commands() {
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(make_run_command());
    commands.push_back(make_info_command());
    commands.push_back(make_score_command());
    commands.push_back(make_validate_command());
    commands.push_back(make_export_command());
    commands.push_back(make_query_command());
    commands.push_back(make_match_command());
    commands.push_back(make_explain_command());
    commands.push_back(make_diff_command());
    commands.push_back(make_report_command());
    return commands;
}

std::string version_text() {
    return fmt::format("foncier {} (GDAL {}, GEOS {}, PROJ {})", foncier::version(), io::gdal_version(),
                       geom::geos_version(), geom::proj_version());
}

bool stderr_is_terminal() { return ::isatty(STDERR_FILENO) == 1; }

std::string shown_path(const std::string& out_dir) {
    if (out_dir.rfind("PG:", 0) == 0) return out_dir;
    return std::filesystem::absolute(out_dir).lexically_normal().string();
}

}  // namespace foncier::cli
