#include "foncier/pipeline/cnig_tasks.hpp"

#include <filesystem>
#include <fstream>
#include <set>

#include "foncier/core/error.hpp"
#include "foncier/io/writer.hpp"
#include "foncier/ingest/config.hpp"
#include "foncier/ingest/load.hpp"
#include "foncier/pipeline/prepare.hpp"
#include "foncier/output/publish.hpp"
#include "foncier/report/layers.hpp"
#include "foncier/report/schema.hpp"

namespace foncier::pipeline {

cnig::Report validate(const ValidateTask& task) {
    cnig::ValidateOptions options;
    if (!task.standard.empty()) {
        options.standard = cnig::standard_from_name(task.standard);
        if (!options.standard) {
            throw ConfigError("unknown standard '" + task.standard +
                              "'; use friches, site-eco, terrain-eco, etablissement or pole-eco");
        }
    }
    options.crs = task.crs;
    if (std::filesystem::path(task.target).extension() != ".toml") return cnig::validate(task.target, options);

    // A territory: its friches dataset, with its communes for the location rule.
    ingest::TerritoryConfig config = ingest::load_territory(task.target);
    if (!config.friches) throw ConfigError("'" + task.target + "' has no [friches] dataset to validate");
    const std::string path = config.friches->dataset.path;
    config.friches.reset();
    config.stations.reset();
    config.parks.reset();
    config.plots.reset();
    config.establishments.reset();
    config.constraints.clear();
    config.access.clear();
    IssueLog ignored;
    const ingest::Loaded loaded = ingest::load_inputs(config, ignored, no_progress());
    options.communes = &loaded.territory.communes;
    return cnig::validate(path, options);
}

void write_validation_issues(const cnig::Report& report, const std::string& gpkg) {
    io::Table table = report::empty_table(report::layer::issues);
    for (const auto& p : report.problems) {
        geom::Geometry where = p.location ? geom::Geometry::point(p.location->x, p.location->y) : geom::Geometry{};
        const std::string id = !p.row_id.empty() ? p.row_id : (p.line ? "line " + std::to_string(p.line) : "");
        table.rows.push_back({{Value{std::string("cnig ") + cnig::to_string(report.standard)}, Value{id},
                               Value{p.rule}, Value{std::string(to_string(p.severity))},
                               Value{(p.line ? "line " + std::to_string(p.line) + ": " : std::string{}) + p.message},
                               Value{p.fix}},
                              std::move(where)});
    }
    output::StagingFile staging(gpkg, {report.path});
    io::write_geopackage(staging.path().string(), {&table}, "EPSG:2154");
    staging.publish();
}

}  // namespace foncier::pipeline

namespace foncier::pipeline {

namespace {

namespace fs = std::filesystem;

std::string text_of(const Value& v) { return to_text(v); }

}  // namespace

ExportResult export_cnig_friches(const ExportTask& task, Progress& progress) {
    const ingest::TerritoryConfig config = ingest::load_territory(task.config_path);
    if (!config.friches) throw ConfigError("'" + task.config_path + "' has no [friches] dataset to export");
    ExportResult result;
    result.out_dir = task.out_dir.empty() ? config.output + "-cnig" : task.out_dir;
    output::StagingFolder staging(result.out_dir, task.overwrite, ingest::input_paths(config), "export");

    IssueLog issues;
    const std::string profile = task.profile.empty() ? std::string{} : ingest::resolve_profile(config, task.profile);
    const Prepared p = prepare(config, issues, progress, task.extra ? profile : std::string{k_no_profile});
    const auto& sites = p.analysis.territory.sites;

    progress.stage("export CNIG friches");
    std::vector<const analysis::Site*> chosen;
    std::vector<std::map<std::string, std::string>> extras;
    const io::Table site_schema = report::empty_table(report::layer::sites);
    for (std::size_t s = 0; s < sites.size(); ++s) {
        if (!p.in_territory[s]) {
            result.notes.push_back({sites[s].site_id, "", "outside the territory: not exported", true});
            continue;
        }
        chosen.push_back(&sites[s]);
        std::map<std::string, std::string> extra;
        if (task.extra) {
            const auto values = report::score_values(p.scoring ? &*p.scoring : nullptr, s);
            const std::size_t first = site_schema.fields.size() - values.size();
            for (std::size_t i = 0; i < values.size(); ++i) extra[site_schema.fields[first + i].name] = text_of(values[i]);
        }
        extras.push_back(std::move(extra));
    }
    cnig::FrichesExport fx = cnig::friches_export(chosen, extras, config.crs);
    for (auto& n : fx.notes) result.notes.push_back(std::move(n));

    // Write, validate, and correct what the validator rejects, until the file is valid.
    const cnig::TableSchema& friches_schema = cnig::schema(cnig::Standard::friches);
    const fs::path csv = staging.path() / "friches_cnig.csv";
    for (int pass = 0; pass < 3; ++pass) {
        fs::remove(csv);
        io::write_csv(csv.string(), fx.table, {task.bom, true});
        result.validation = cnig::validate(csv.string(), {cnig::Standard::friches, "", nullptr});
        if (result.validation.valid()) break;
        std::set<std::size_t> drop;
        for (const auto& problem : result.validation.problems) {
            if (problem.severity != Severity::error || problem.line < 2) continue;
            const std::size_t row = problem.line - 2;
            const cnig::Field* f = friches_schema.field(problem.field);
            const std::string id = to_text(fx.table.rows[row].values[0]);
            if (f == nullptr || f->required || problem.rule == "row.date_order" || problem.rule == "table.duplicate_id") {
                drop.insert(row);
                result.notes.push_back({id, problem.field, problem.message + ": site left out", true});
                continue;
            }
            std::vector<std::string> blank{problem.field};
            if (problem.rule == "row.year_order") blank = {"local_ancien_annee", "local_recent_annee"};
            for (const auto& name : blank) {
                for (std::size_t i = 0; i < fx.table.fields.size(); ++i) {
                    if (fx.table.fields[i].name == name) fx.table.rows[row].values[i] = Value{};
                }
            }
            result.notes.push_back({id, problem.field, problem.message + ": left empty", false});
        }
        for (auto it = drop.rbegin(); it != drop.rend(); ++it) {
            fx.table.rows.erase(fx.table.rows.begin() + static_cast<std::ptrdiff_t>(*it));
        }
    }
    result.validation.path = (fs::path(result.out_dir) / "friches_cnig.csv").string();
    result.exported = fx.table.rows.size();
    result.excluded = 0;
    for (const auto& n : result.notes) result.excluded += n.excluded ? 1U : 0U;

    const std::string gpkg = (staging.path() / "friches_cnig.gpkg").string();
    io::write_geopackage(gpkg, {&fx.table}, config.crs);
    io::export_layer(gpkg, "friches_cnig", (staging.path() / "friches_cnig.geojson").string(),
                     io::ExportFormat::geojson);
    // The shapefile gets the standard's 10-character names, from a scratch GeoPackage.
    const io::Table short_names = cnig::with_shapefile_names(fx.table);
    const std::string scratch = (staging.path() / "scratch.gpkg").string();
    io::write_geopackage(scratch, {&short_names}, config.crs);
    fs::create_directories(staging.path() / "shp");
    io::export_layer(scratch, "friches_cnig", (staging.path() / "shp" / "friches_cnig.shp").string(),
                     io::ExportFormat::shapefile);
    fs::remove(scratch);

    std::ofstream report(staging.path() / "export_report.txt");
    report << "CNIG Friches export of " << config.name << " (" << config.path << ")\n"
           << result.exported << " sites exported, " << result.excluded << " left out\n"
           << "friches_cnig.csv: UTF-8 " << (task.bom ? "with" : "without") << " BOM, comma, CRLF, 51 columns"
           << (task.extra ? " + foncier_* columns" : "") << "\n"
           << "geompoint / geomsurf: WKT in WGS 84, x = longitude (the reference file writes latitude first);\n"
           << "geomsurf only for drawn perimeters (estimated footprints are not perimeters)\n"
           << "shapefile: official short names; sol_pollution_existe -> SOLPOLEXIS (SOLPOLEXIST has 11 "
              "characters), urba_zaer -> URBAZAER (the standard gives none)\n\n";
    for (const auto& n : result.notes) {
        report << (n.excluded ? "LEFT OUT " : "changed  ") << n.site_id << (n.field.empty() ? "" : " " + n.field)
               << ": " << n.message << "\n";
    }
    report << "\nValidation of friches_cnig.csv:\n" << cnig::format_text(result.validation);
    report.close();
    progress.finish(std::to_string(result.exported) + " sites");
    staging.publish();
    return result;
}

}  // namespace foncier::pipeline
