#pragma once
// The commands of the foncier executable, one class per command and one file each (as
// osmium-tool does): setup() declares the subcommand and its options, run() calls the library
// with a named options struct, prints, and returns an exit code. main.cpp only dispatches.

#include <CLI/CLI.hpp>

#include <memory>
#include <string>
#include <vector>

namespace foncier::cli {

enum ExitCode : int { ok = 0, failure = 1, usage = 2, data_issues = 3 };

inline constexpr const char* k_exit_codes =
    "Exit codes: 0 ok, 1 failure (I/O, GDAL/GEOS/PROJ error), 2 usage or configuration error, "
    "3 --strict and data issues found.";

class Command {
public:
    virtual ~Command() = default;
    /// Adds this command's subcommand and options to `app`; returns the subcommand.
    virtual CLI::App* setup(CLI::App& app) = 0;
    /// Runs the parsed command. Library exceptions propagate to main, which maps them to exit codes.
    virtual int run() = 0;
};

// One factory per command file (<name>_command.cpp).
std::unique_ptr<Command> make_run_command();
std::unique_ptr<Command> make_info_command();
std::unique_ptr<Command> make_score_command();
std::unique_ptr<Command> make_validate_command();
std::unique_ptr<Command> make_export_command();
std::unique_ptr<Command> make_query_command();
std::unique_ptr<Command> make_match_command();
std::unique_ptr<Command> make_explain_command();
std::unique_ptr<Command> make_diff_command();
std::unique_ptr<Command> make_report_command();

/// Every command, in the order of `foncier --help`.
std::vector<std::unique_ptr<Command>> all_commands();

std::string version_text();
bool stderr_is_terminal();
/// An output folder as printed for the user: absolute and normalised (a "PG:" target as is).
std::string shown_path(const std::string& out_dir);

}  // namespace foncier::cli
