// foncier — the command-line tool. Thin: parse arguments, call the library, print, map
// exceptions to exit codes. Exit codes: 0 ok, 1 failure, 2 usage or config error,
// 3 --strict and data issues found.

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <cstdio>
#include <filesystem>

#include "commands.hpp"
#include "foncier/core/error.hpp"
#include "foncier/pipeline/cnig_tasks.hpp"
#include "foncier/screen/query.hpp"
#include "foncier/pipeline/score.hpp"

int main(int argc, char** argv) {
    using namespace foncier::cli;
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
    run->add_option("--formats", run_args.formats,
                    "Files to write, comma-separated: gpkg (always), geojson, shp")
        ->capture_default_str();
    run->add_option("--engine", run_args.engine,
                    "Where the spatial joins run: local (in process, both cores) or postgis (SQL on --database)")
        ->capture_default_str();
    run->add_option("--database", run_args.database,
                    "PostGIS server for --engine postgis; \"PG:\" alone uses PGHOST, PGPORT, PGDATABASE, PGUSER")
        ->capture_default_str();
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
    foncier::screen::QueryOptions query_options;
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
                query_options.near_layer = foncier::screen::QueryOptions::NearLayer{
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
