// foncier: the command-line tool. Only dispatches: each command (one file each, see
// command.hpp) declares its options and calls the library; here, parse errors and library
// exceptions become exit codes (0 ok, 1 failure, 2 usage or configuration, 3 data issues).

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cstdio>
#include <exception>

#include "command.hpp"
#include "foncier/core/error.hpp"

int main(int argc, char** argv) {
    using namespace foncier::cli;
    CLI::App app{"foncier: map brownfields (friches) and land availability of a French territory.", "foncier"};
    app.footer(k_exit_codes);
    app.set_version_flag("--version", version_text());
    app.require_subcommand(1);

    auto commands = all_commands();
    std::vector<CLI::App*> subcommands;
    for (auto& command : commands) {
        subcommands.push_back(command->setup(app));
        subcommands.back()->footer(k_exit_codes);
    }

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e) == 0 ? ok : usage;
    }

    try {
        for (std::size_t i = 0; i < commands.size(); ++i) {
            if (subcommands[i]->parsed()) return commands[i]->run();
        }
    } catch (const foncier::ConfigError& e) {
        fmt::print(stderr, "foncier: error: {}\n", e.what());
        return usage;
    } catch (const foncier::Error& e) {
        fmt::print(stderr, "foncier: error: {}\n", e.what());
        return failure;
    } catch (const std::exception& e) {
        fmt::print(stderr, "foncier: unexpected error: {}\n", e.what());
        return failure;
    }
    return usage;
}
