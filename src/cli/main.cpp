// foncier — the command-line tool. Thin: parse arguments, call the library, print, map
// exceptions to exit codes. Exit codes: 0 ok, 1 failure, 2 usage or config error,
// 3 --strict and data issues found.

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>

#include "foncier/core/error.hpp"
#include "foncier/core/version.hpp"
#include "foncier/geom/geometry.hpp"
#include "foncier/geom/transformer.hpp"
#include "foncier/io/dataset_info.hpp"
#include "foncier/pipeline/config.hpp"
#include "foncier/pipeline/run.hpp"
#include "terminal_progress.hpp"

namespace {

enum ExitCode : int { ok = 0, failure = 1, usage = 2, data_issues = 3 };

constexpr const char* k_exit_codes =
    "Exit codes: 0 ok, 1 failure (I/O, GDAL/GEOS/PROJ error), 2 usage or configuration error, "
    "3 --strict and data issues found.";

int print_issues_summary(const foncier::pipeline::RunResult& r, bool quiet) {
    if (quiet) return 0;
    const auto& log = r.issues;
    fmt::print(stderr, "issues: {} ({} error, {} warning, {} info)\n", log.size(),
               log.count(foncier::Severity::error), log.count(foncier::Severity::warning),
               log.count(foncier::Severity::info));
    for (const auto& [kind, n] : log.count_by_kind()) fmt::print(stderr, "  {:<22} {}\n", kind, n);
    return 0;
}

int cmd_run(const std::string& config, const std::string& out, bool overwrite, bool strict, bool quiet) {
    foncier::cli::TerminalProgress progress(::isatty(STDERR_FILENO) == 1, quiet);
    const auto result = foncier::pipeline::run({config, out, overwrite, strict}, progress);
    print_issues_summary(result, quiet);
    if (!result.published) {
        fmt::print(stderr,
                   "--strict: {} data issue(s) of severity warning or error; nothing was written, previous "
                   "outputs in '{}' are untouched. Run without --strict to get them in the issues layer.\n",
                   result.strict_issues, result.out_dir);
        return data_issues;
    }
    if (!quiet) {
        fmt::print(stderr, "analysis {:.3f} s, total {:.2f} s\n", result.timings_s.at("analysis"),
                   result.timings_s.at("total"));
    }
    fmt::print("{}\n", std::filesystem::absolute(result.out_dir).lexically_normal().string());
    return ok;
}

std::string resolve_dataset(const std::string& dataset, const std::string& catalogue) {
    if (std::filesystem::exists(dataset) || dataset.find(':') != std::string::npos) return dataset;
    if (std::filesystem::exists(catalogue)) {
        const auto cat = foncier::pipeline::load_catalogue(catalogue);
        if (auto it = cat.datasets.find(dataset); it != cat.datasets.end()) return it->second.path;
    }
    throw foncier::ConfigError("'" + dataset + "' is neither a file nor a dataset key of the catalogue '" +
                               catalogue + "'");
}

int cmd_info(const std::string& dataset, const std::string& catalogue) {
    const auto info = foncier::io::describe_dataset(resolve_dataset(dataset, catalogue));
    fmt::print("{} ({})\n", info.path, info.driver);
    for (const auto& l : info.layers) {
        fmt::print("layer {}: {} features, geometry {}, CRS {}\n", l.name, l.feature_count, l.geometry_type,
                   l.crs_name.empty() ? std::string("none") : l.crs_name + (l.crs_id.empty() ? "" : " (" + l.crs_id + ")"));
        for (const auto& f : l.fields) fmt::print("  {} ({})\n", f.name, f.type);
    }
    return ok;
}

std::string version_text() {
    return fmt::format("foncier {} (GDAL {}, GEOS {}, PROJ {})", foncier::version(), foncier::io::gdal_version(),
                       foncier::geom::geos_version(), foncier::geom::proj_version());
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"foncier: map brownfields (friches) and land availability of a French territory.", "foncier"};
    app.footer(k_exit_codes);
    app.set_version_flag("--version", version_text());
    app.require_subcommand(1);

    std::string config, out;
    bool overwrite = false, strict = false, quiet = false;
    auto* run = app.add_subcommand("run", "Run a territory job: ingest, normalise, analyse, write the layers.");
    run->add_option("territory", config, "Territory config, e.g. geodata/val-de-lorraine.toml")->required();
    run->add_option("--out", out, "Output folder (default: the config's 'output')");
    run->add_flag("--overwrite", overwrite, "Replace an existing output folder");
    run->add_flag("--strict", strict, "Fail with exit code 3, writing nothing, when data issues are found");
    run->add_flag("--quiet", quiet, "No progress or summary on stderr");
    run->footer(k_exit_codes);

    std::string dataset, catalogue = "geodata/catalogue.toml";
    auto* info = app.add_subcommand("info", "Describe a dataset: layers, CRS, feature counts, fields.");
    info->add_option("dataset", dataset, "A file GDAL can read, or a catalogue key")->required();
    info->add_option("--catalogue", catalogue, "Catalogue used to resolve keys")->capture_default_str();
    info->footer(k_exit_codes);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? ok : usage;
    }

    try {
        if (*run) return cmd_run(config, out, overwrite, strict, quiet);
        if (*info) return cmd_info(dataset, catalogue);
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
