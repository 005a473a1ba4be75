// foncier — the command-line tool. Thin: parse arguments, call the library, print, map
// exceptions to exit codes. Exit codes: 0 ok, 1 failure, 2 usage or config error,
// 3 --strict and data issues found.

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "foncier/core/error.hpp"
#include "foncier/core/version.hpp"
#include "foncier/geom/geometry.hpp"
#include "foncier/geom/transformer.hpp"
#include "foncier/io/dataset_info.hpp"
#include "foncier/pipeline/cnig_tasks.hpp"
#include "foncier/pipeline/config.hpp"
#include "foncier/pipeline/query.hpp"
#include "foncier/pipeline/run.hpp"
#include "foncier/pipeline/score.hpp"
#include "terminal_progress.hpp"

namespace {

enum ExitCode : int { ok = 0, failure = 1, usage = 2, data_issues = 3 };

constexpr const char* k_exit_codes =
    "Exit codes: 0 ok, 1 failure (I/O, GDAL/GEOS/PROJ error), 2 usage or configuration error, "
    "3 --strict and data issues found.";

bool interactive() { return ::isatty(STDERR_FILENO) == 1; }

void print_issues_summary(const foncier::pipeline::RunResult& r) {
    const auto& log = r.issues;
    fmt::print(stderr, "issues: {} ({} error, {} warning, {} info)\n", log.size(),
               log.count(foncier::Severity::error), log.count(foncier::Severity::warning),
               log.count(foncier::Severity::info));
    for (const auto& [kind, n] : log.count_by_kind()) fmt::print(stderr, "  {:<22} {}\n", kind, n);
}

struct RunArgs {
    std::string config, out, profile;
    bool overwrite = false, strict = false, quiet = false;
};

int cmd_run(const RunArgs& a) {
    foncier::cli::TerminalProgress progress(interactive(), a.quiet);
    const auto result = foncier::pipeline::run({a.config, a.out, a.overwrite, a.strict, a.profile}, progress);
    if (!a.quiet) print_issues_summary(result);
    if (!result.published) {
        fmt::print(stderr,
                   "--strict: {} data issue(s) of severity warning or error; nothing was written, previous "
                   "outputs in '{}' are untouched. Run without --strict to get them in the issues layer.\n",
                   result.strict_issues, result.out_dir);
        return data_issues;
    }
    if (!a.quiet) {
        fmt::print(stderr, "profile {}; analysis {:.3f} s, total {:.2f} s\n",
                   result.profile.empty() ? std::string("none (no scores)") : result.profile,
                   result.timings_s.at("analysis"), result.timings_s.at("total"));
    }
    const bool database = result.out_dir.rfind("PG:", 0) == 0;
    fmt::print("{}\n", database ? result.out_dir : std::filesystem::absolute(result.out_dir).lexically_normal().string());
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

struct ScoreArgs {
    std::string config, out, profile;
    bool sensitivity = false, quiet = false;
};

int cmd_score(const ScoreArgs& a) {
    foncier::cli::TerminalProgress progress(interactive(), a.quiet);
    const auto r = foncier::pipeline::score({a.config, a.out, a.profile, a.sensitivity, !a.sensitivity}, progress);
    if (!a.quiet) {
        fmt::print(stderr, "{}\n",
                   r.reused_outputs ? "measures reused from the existing outputs (sources unchanged)"
                                    : "sources read again: " + r.rerun_reason);
    }
    std::map<std::string, std::size_t> classes;
    for (std::size_t s = 0; s < r.sites.size(); ++s) {
        const auto& score = r.results->scores[s];
        ++classes[score.excluded ? "exclu" : foncier::scoring::classify(r.results->profile, score.score()).name];
    }
    fmt::print("profile {}: {} sites;", r.results->profile.name, r.sites.size());
    for (const auto& [c, n] : classes) fmt::print(" {} {}", c, n);
    fmt::print("\n");
    if (a.sensitivity) {
        fmt::print("\nweight sensitivity (each weight moved by {} and re-scored):\n", r.results->profile.weight_step);
        fmt::print("{:<32}{:>8}{:>8}{:>16}{:>18}  site\n", "criterion", "weight", "new", "class changes",
                   "max rank change");
        for (const auto& row : r.sensitivity) {
            fmt::print("{:<32}{:>8.1f}{:>8.1f}{:>16}{:>18}  {}\n", row.criterion, row.weight, row.new_weight,
                       row.class_changes, row.max_rank_change,
                       row.max_rank_change > 0 ? r.sites[row.moved_site].site_id : std::string("-"));
        }
    } else {
        fmt::print("{}\n", std::filesystem::absolute(r.out_dir).lexically_normal().string());
    }
    return ok;
}

std::string cell(const foncier::query::Record& r, const char* field) {
    auto it = r.find(field);
    return it == r.end() ? std::string("-") : foncier::to_text(it->second);
}

int cmd_query(const std::string& config, const std::string& outputs, const foncier::pipeline::QueryOptions& options,
              const std::string& out, const std::string& format) {
    const auto supply = foncier::pipeline::load_supply(config, outputs);
    if (supply.analysed_now) fmt::print(stderr, "outputs were not up to date ({}): the job ran first\n", supply.why);
    foncier::pipeline::QueryResult result;
    try {
        result = foncier::pipeline::run_query(supply, options);
    } catch (const foncier::query::ExpressionError& e) {
        const std::string& text = options.where.empty() ? std::string{} : options.where.front();
        fmt::print(stderr, "foncier: error in --where: {}\n  {}\n  {}^\n", e.what(), text,
                   std::string(e.column() > 0 ? e.column() - 1 : 0, ' '));
        return usage;
    }
    fmt::print("{} of {} sites and plots: {}\n", result.rows.size(), supply.records.size(), result.description);
    fmt::print("{:<4} {:<6} {:<24} {:<28} {:>9} {:>6} {:<6}\n", "#", "objet", "site_id", "commune", "surf_ha", "score",
               "classe");
    for (std::size_t i = 0; i < result.rows.size() && i < 20; ++i) {
        const auto& r = supply.records[result.rows[i]];
        fmt::print("{:<4} {:<6} {:<24} {:<28} {:>9} {:>6} {:<6}\n", i + 1, cell(r, "objet"), cell(r, "site_id"),
                   cell(r, "commune").substr(0, 28), cell(r, "surf_ha"), cell(r, "score"), cell(r, "classe"));
    }
    if (result.rows.size() > 20) fmt::print("... {} more (use --out to get them all)\n", result.rows.size() - 20);
    if (!out.empty()) {
        foncier::pipeline::write_query(supply, result, out, format);
        fmt::print("written: {}\n", out);
    }
    return ok;
}

int cmd_match(const std::string& config, const std::string& needs_file, const std::string& outputs, std::size_t limit) {
    const auto supply = foncier::pipeline::load_supply(config, outputs);
    const auto needs = foncier::pipeline::load_needs(needs_file, supply.fields);
    const auto result = foncier::pipeline::match(supply, needs);
    fmt::print("{}: {} match{}, {} near miss{}\n", needs.name, result.matches.size(),
               result.matches.size() == 1 ? "" : "es", result.near_misses.size(),
               result.near_misses.size() == 1 ? "" : "es");
    for (std::size_t i = 0; i < result.matches.size() && i < limit; ++i) {
        const auto& m = result.matches[i];
        const auto& r = supply.records[m.row];
        fmt::print("{:>2}. {} {} ({}), {} ha, fit {:.0f} %, score {}\n", i + 1, cell(r, "objet"), cell(r, "site_id"),
                   cell(r, "commune"), cell(r, "surf_ha"), m.fit, cell(r, "score"));
        fmt::print("    {}\n", foncier::pipeline::how_met(supply, needs, m.row));
        for (std::size_t p = 0; p < needs.prefer.size(); ++p) {
            fmt::print("    {} {}\n", m.preferences_met[p] ? "+" : "-", needs.prefer[p].label);
        }
    }
    if (!result.near_misses.empty()) fmt::print("near misses (one requirement not met):\n");
    for (const auto& n : result.near_misses) {
        const auto& r = supply.records[n.row];
        fmt::print("  {} {} ({}): {}\n", cell(r, "objet"), cell(r, "site_id"), cell(r, "commune"), n.explanation);
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

    RunArgs run_args;
    auto* run = app.add_subcommand("run", "Run a territory job: ingest, normalise, analyse, score, write the layers.");
    run->add_option("territory", run_args.config, "Territory config, e.g. geodata/val-de-lorraine.toml")->required();
    run->add_option("--out", run_args.out,
                    "Output folder (default: the config's 'output'), or a PostGIS schema: \"PG:host=... dbname=... "
                    "active_schema=NAME\"");
    run->add_option("--profile", run_args.profile, "Scoring profile name (geodata/profiles/) or file");
    run->add_flag("--overwrite", run_args.overwrite, "Replace an existing output folder");
    run->add_flag("--strict", run_args.strict, "Fail with exit code 3, writing nothing, when data issues are found");
    run->add_flag("--quiet", run_args.quiet, "No progress or summary on stderr");
    run->footer(k_exit_codes);

    std::string dataset, catalogue = "geodata/catalogue.toml";
    auto* info = app.add_subcommand("info", "Describe a dataset: layers, CRS, feature counts, fields.");
    info->add_option("dataset", dataset, "A file GDAL can read, or a catalogue key")->required();
    info->add_option("--catalogue", catalogue, "Catalogue used to resolve keys")->capture_default_str();
    info->footer(k_exit_codes);

    ScoreArgs score_args;
    auto* score = app.add_subcommand(
        "score", "Re-score the outputs with a profile (reuses their measures when the sources are unchanged).");
    score->add_option("territory", score_args.config, "Territory config")->required();
    score->add_option("--profile", score_args.profile, "Profile name (geodata/profiles/) or file");
    score->add_option("--out", score_args.out, "Output folder (default: the config's 'output')");
    score->add_flag("--sensitivity", score_args.sensitivity,
                    "Report, for each weight moved one step down and up, the sites changing class and the largest "
                    "rank change (writes nothing)");
    score->add_flag("--quiet", score_args.quiet, "No progress on stderr");
    score->footer(k_exit_codes);

    foncier::pipeline::ValidateTask validate_task;
    bool validate_json = false;
    std::string validate_issues;
    auto* validate = app.add_subcommand(
        "validate", "Check a file (or a territory's friches) against a CNIG standard; exit 3 when not valid.");
    validate->add_option("target", validate_task.target, "A CSV, GeoPackage, ... file, or a territory .toml")
        ->required();
    validate->add_option("--standard", validate_task.standard,
                         "friches, site-eco, terrain-eco, etablissement or pole-eco (default: guessed)");
    validate->add_option("--crs", validate_task.crs, "CRS of the geometries (default: guessed per value)");
    validate->add_flag("--json", validate_json, "Print the report as JSON");
    validate->add_option("--issues", validate_issues, "Also write the problems as an issues layer (new .gpkg)");
    validate->footer(k_exit_codes);

    foncier::pipeline::ExportTask export_task;
    std::string export_standard;
    auto* exporter = app.add_subcommand(
        "export", "Export the territory's friches in a standard's exact form (CNIG Friches: CSV, GeoPackage, "
                  "GeoJSON, Shapefile).");
    exporter->add_option("territory", export_task.config_path, "Territory config")->required();
    exporter->add_option("--cnig", export_standard, "Standard to export: friches")->required();
    exporter->add_option("--out", export_task.out_dir, "Output folder (default: <the config's output>-cnig)");
    exporter->add_flag("--overwrite", export_task.overwrite, "Replace an existing output folder");
    exporter->add_flag("--bom", export_task.bom, "Write a UTF-8 BOM in the CSV (for spreadsheets)");
    exporter->add_flag("--extra", export_task.extra, "Append foncier's score fields as foncier_* columns");
    exporter->add_option("--profile", export_task.profile, "Profile of the extra columns (default: the config's)");
    exporter->footer(k_exit_codes);

    std::string query_config, query_out, query_format, query_near, query_statut, query_type, query_classe, query_epci,
        query_commune, query_outputs;
    std::vector<std::string> query_where, query_min, query_max;
    foncier::pipeline::QueryOptions query_options;
    auto* query = app.add_subcommand("query", "Screen the land supply: filter, sort and export the sites and plots.");
    query->add_option("territory", query_config, "Territory config")->required();
    query->add_option("--where", query_where, "Expression, e.g. \"surf_ha >= 3 and interchange_m <= 5000\"");
    query->add_option("--statut", query_statut, "Site status (accents and case ignored)");
    query->add_option("--type", query_type, "Site type");
    query->add_option("--classe", query_classe, "Priority class A-E");
    query->add_option("--epci", query_epci, "EPCI SIREN or name");
    query->add_option("--commune", query_commune, "Commune INSEE code or name");
    query->add_option("--min", query_min, "FIELD=VALUE lower bound, e.g. surf_ha=2");
    query->add_option("--max", query_max, "FIELD=VALUE upper bound, e.g. flood_share=0.1");
    query->add_option("--near", query_near, "LON,LAT:METRES, e.g. 6.12,48.77:3000");
    query->add_option("--within", query_options.within, "WKT polygon (lon/lat), a polygon file, or a commune / EPCI");
    std::string query_near_layer;
    query->add_option("--near-layer", query_near_layer,
                      "LAYER[:NAME]:METRES near a context layer (stations, parks, interchange, ...), e.g. "
                      "stations:Pompey:2000 or interchange:5000");
    query->add_option("--sort", query_options.sort, "Field to sort on (default: score)");
    query->add_flag("--asc", query_options.ascending, "Sort ascending (default: descending)");
    query->add_option("--limit", query_options.limit, "Keep the first N");
    query->add_option("--format", query_format, "gpkg, geojson, shp or csv (default: from --out)");
    query->add_option("--out", query_out, "Write the result to this file");
    query->add_option("--outputs", query_outputs, "Output folder of the run (default: the config's)");
    query->footer(k_exit_codes);

    std::string match_config, match_needs, match_outputs;
    std::size_t match_limit = 10;
    auto* matcher = app.add_subcommand("match", "Rank the sites and plots meeting a company's needs (needs TOML).");
    matcher->add_option("territory", match_config, "Territory config")->required();
    matcher->add_option("needs", match_needs, "Needs file, e.g. geodata/needs/logistique.toml")->required();
    matcher->add_option("--limit", match_limit, "Show the first N matches")->capture_default_str();
    matcher->add_option("--outputs", match_outputs, "Output folder of the run (default: the config's)");
    matcher->footer(k_exit_codes);

    std::string explain_config, explain_site, explain_profile, explain_out;
    auto* explain = app.add_subcommand("explain", "Explain one site's score criterion by criterion.");
    explain->add_option("territory", explain_config, "Territory config")->required();
    explain->add_option("site_id", explain_site, "Site identifier (site_id field)")->required();
    explain->add_option("--profile", explain_profile, "Profile name or file (default: the config's)");
    explain->add_option("--out", explain_out, "Output folder (default: the config's 'output')");
    explain->footer(k_exit_codes);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? ok : usage;
    }

    try {
        if (*run) return cmd_run(run_args);
        if (*info) return cmd_info(dataset, catalogue);
        if (*score) return cmd_score(score_args);
        if (*exporter) {
            if (export_standard != "friches") {
                throw foncier::ConfigError("--cnig " + export_standard + ": only 'friches' can be exported");
            }
            const auto r = foncier::pipeline::export_cnig_friches(export_task);
            fmt::print(stderr, "{} sites exported, {} left out; friches_cnig.csv is {}\n", r.exported, r.excluded,
                       r.validation.valid() ? "valid" : "NOT valid");
            fmt::print("{}\n", std::filesystem::absolute(r.out_dir).lexically_normal().string());
            return r.validation.valid() ? ok : data_issues;
        }
        if (*query) {
            const bool digits = !query_epci.empty() && query_epci.find_first_not_of("0123456789") == std::string::npos;
            if (!query_epci.empty()) query_options.equals.emplace_back(digits ? "epci" : "epci_nom", query_epci);
            const bool code = !query_commune.empty() && query_commune.find_first_not_of("0123456789AB") == std::string::npos;
            if (!query_commune.empty()) query_options.equals.emplace_back(code ? "insee" : "commune", query_commune);
            if (!query_statut.empty()) query_options.equals.emplace_back("statut", query_statut);
            if (!query_type.empty()) query_options.equals.emplace_back("type", query_type);
            if (!query_classe.empty()) query_options.equals.emplace_back("classe", query_classe);
            query_options.where = query_where;
            auto bound = [](const std::string& text) {
                const auto eq = text.find('=');
                const auto value = eq == std::string::npos ? std::nullopt : foncier::to_number(foncier::Value{text.substr(eq + 1)});
                if (!value) throw foncier::ConfigError("'" + text + "' is not FIELD=NUMBER");
                return std::pair{text.substr(0, eq), *value};
            };
            for (const auto& m : query_min) query_options.min.push_back(bound(m));
            for (const auto& m : query_max) query_options.max.push_back(bound(m));
            if (!query_near.empty()) {
                double lon = 0, lat = 0, metres = 0;
                if (std::sscanf(query_near.c_str(), "%lf,%lf:%lf", &lon, &lat, &metres) != 3) {
                    throw foncier::ConfigError("--near '" + query_near + "' is not LON,LAT:METRES");
                }
                query_options.near = std::pair{foncier::XY{lon, lat}, metres};
            }
            if (!query_near_layer.empty()) {
                const auto first = query_near_layer.find(':');
                const auto last = query_near_layer.rfind(':');
                const auto metres = first == std::string::npos ? std::nullopt
                                                               : foncier::to_number(foncier::Value{query_near_layer.substr(last + 1)});
                if (!metres) throw foncier::ConfigError("--near-layer '" + query_near_layer + "' is not LAYER[:NAME]:METRES");
                query_options.near_layer = foncier::pipeline::QueryOptions::NearLayer{
                    query_near_layer.substr(0, first),
                    first == last ? std::string{} : query_near_layer.substr(first + 1, last - first - 1), *metres};
            }
            return cmd_query(query_config, query_outputs, query_options, query_out, query_format);
        }
        if (*matcher) return cmd_match(match_config, match_needs, match_outputs, match_limit);
        if (*validate) {
            const auto report = foncier::pipeline::validate(validate_task);
            fmt::print("{}", validate_json ? foncier::cnig::format_json(report) : foncier::cnig::format_text(report));
            if (!validate_issues.empty()) foncier::pipeline::write_validation_issues(report, validate_issues);
            return report.valid() ? ok : data_issues;
        }
        if (*explain) {
            fmt::print("{}", foncier::pipeline::explain(explain_config, explain_site, explain_profile, explain_out));
            return ok;
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
