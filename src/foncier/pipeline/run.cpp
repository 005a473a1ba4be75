#include "foncier/pipeline/run.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>

#include "foncier/analysis/analysis.hpp"
#include "foncier/core/error.hpp"
#include "foncier/io/writer.hpp"
#include "foncier/pipeline/config.hpp"
#include "foncier/pipeline/load.hpp"
#include "foncier/pipeline/manifest.hpp"
#include "foncier/pipeline/publish.hpp"
#include "foncier/report/layers.hpp"

namespace foncier::pipeline {

namespace fs = std::filesystem;

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Issues that only the analysis can see: sites outside the territory, declared commune
// codes that disagree with the geometry.
void report_assignment_issues(const analysis::Analysis& a, const std::string& layer, IssueSink& sink) {
    for (std::size_t s = 0; s < a.territory.sites.size(); ++s) {
        const auto& site = a.territory.sites[s];
        const auto& assignment = a.assignments[s];
        if (!assignment.commune) {
            const XY at = site.geometry.point_on_surface().xy();
            sink.report({layer, site.site_id, "outside_territory", Severity::warning,
                         "the site lies outside the territory's communes",
                         "kept in the sites layer with dans_terr = 0, left out of every total", at});
            continue;
        }
        const auto& commune = a.territory.communes[*assignment.commune];
        if (!site.insee_declared.empty() && site.insee_declared != commune.insee) {
            sink.report({layer, site.site_id, "commune_mismatch", Severity::info,
                         "declared commune " + site.insee_declared + " but the largest part of the site lies in " +
                             commune.insee + " (" + commune.nom + ")",
                         "assigned to " + commune.insee + " by geometry", site.geometry.point_on_surface().xy()});
        }
    }
}

void write_outputs(const fs::path& dir, std::vector<io::Table>& tables, const std::string& crs, Progress& progress) {
    const std::string gpkg = (dir / "foncier.gpkg").string();
    progress.stage("write foncier.gpkg");
    std::vector<const io::Table*> ptrs;
    for (const auto& t : tables) ptrs.push_back(&t);
    io::write_geopackage(gpkg, ptrs, crs);
    progress.finish(std::to_string(tables.size()) + " layers");

    fs::create_directories(dir / "geojson");
    fs::create_directories(dir / "shp");
    progress.stage("write GeoJSON and Shapefile copies");
    for (std::size_t i = 0; i < tables.size(); ++i) {
        const std::string& name = tables[i].name;
        io::export_layer(gpkg, name, (dir / "geojson" / (name + ".geojson")).string(), io::ExportFormat::geojson);
        io::export_layer(gpkg, name, (dir / "shp" / (name + ".shp")).string(), io::ExportFormat::shapefile);
        progress.advance(static_cast<double>(i + 1) / static_cast<double>(tables.size()));
    }
    progress.finish(std::to_string(2 * tables.size()) + " files");
}

}  // namespace

RunResult run(const RunOptions& options, Progress& progress) {
    const auto t_start = Clock::now();
    const TerritoryConfig config = load_territory(options.config_path);
    RunResult result;
    result.out_dir = options.out_dir.empty() ? config.output : options.out_dir;
    // Refuse an existing output before doing any work.
    StagingFolder staging(result.out_dir, options.overwrite);

    Loaded loaded = load_inputs(config, result.issues, progress);
    result.timings_s["read"] = loaded.read_s;
    result.timings_s["normalise"] = loaded.normalise_s;

    progress.stage("analyse");
    const auto t_analysis = Clock::now();
    const analysis::Analysis analysis = analysis::analyse(std::move(loaded.territory));
    const std::string site_layer = config.friches ? config.friches->dataset.key : std::string("friches");
    report_assignment_issues(analysis, site_layer, result.issues);
    result.timings_s["analysis"] = seconds_since(t_analysis);
    progress.finish(std::to_string(analysis.territory.sites.size()) + " sites, " +
                    std::to_string(analysis.territory.communes.size()) + " communes, " +
                    std::to_string(analysis.epcis.size()) + " EPCI");

    result.strict_issues = result.issues.count(Severity::warning) + result.issues.count(Severity::error);
    if (options.strict && result.strict_issues > 0) {
        result.timings_s["total"] = seconds_since(t_start);
        return result;  // the staging folder is removed; previous outputs stay as they were
    }

    const auto t_write = Clock::now();
    std::vector<io::Table> tables = report::build_layers(analysis, result.issues.issues());
    for (const auto& t : tables) result.layer_counts[t.name] = t.rows.size();
    write_outputs(staging.path(), tables, config.crs, progress);
    result.timings_s["write"] = seconds_since(t_write);
    result.timings_s["total"] = seconds_since(t_start);

    std::ofstream manifest(staging.path() / "run.json");
    manifest << manifest_json(config, loaded.inputs, result);
    manifest.close();
    if (!manifest) throw IoError("cannot write '" + (staging.path() / "run.json").string() + "'");
    staging.publish();
    result.published = true;
    return result;
}

}  // namespace foncier::pipeline
