#include "foncier/pipeline/run.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <optional>

#include "foncier/core/error.hpp"
#include "foncier/ingest/config.hpp"
#include "foncier/pipeline/manifest.hpp"
#include "foncier/output/outputs.hpp"
#include "foncier/pipeline/prepare.hpp"
#include "foncier/output/publish.hpp"
#include "foncier/io/writer.hpp"
#include "foncier/report/layers.hpp"
#include "foncier/report/schema.hpp"
#include "foncier/report/zae_layers.hpp"

namespace foncier::pipeline {

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Everything before writing, shared by the folder and the PostGIS outputs: prepares the data,
// fills the timings, the profile and the --strict count, and builds the output tables (the
// measures table too, unless `measures_early` took it: it is then being written already).
// False when --strict stops the run.
struct Built {
    Prepared prepared;
    std::vector<io::Table> tables;
};

bool build(Built& b, const ingest::TerritoryConfig& config, const RunOptions& options, RunResult& result, Progress& progress,
           const OnMeasured& measures_early) {
    const std::string profile = options.profile.empty() ? std::string{} : ingest::resolve_profile(config, options.profile);
    prepare_into(b.prepared, config, result.issues, progress, profile, {options.engine_postgis}, measures_early);
    const Prepared& p = b.prepared;
    result.timings_s = {{"read", p.read_s}, {"normalise", p.normalise_s}, {"analysis", p.analysis_s},
                        {"scoring", p.scoring_s}};
    if (p.scoring) result.profile = p.scoring->profile.name;
    result.strict_issues = result.issues.count(Severity::warning) + result.issues.count(Severity::error);
    if (options.strict && result.strict_issues > 0) return false;
    const auto t_tables = Clock::now();
    // Without the measures thread, the measures table is built on a second thread meanwhile.
    std::future<io::Table> measures;
    if (!measures_early) {
        measures = std::async(std::launch::async, [&p] { return report::measures_table(p.analysis, p.measures); });
    }
    b.tables = report::build_layers(p.analysis, result.issues.issues(), p.scoring ? &*p.scoring : nullptr);
    if (measures.valid()) b.tables.push_back(measures.get());
    result.timings_s["tables"] = seconds_since(t_tables);
    for (const auto& t : b.tables) result.layer_counts[t.name] = t.rows.size();
    return true;
}

geom::Envelope territory_extent(const analysis::Analysis& a) {
    geom::Envelope extent = a.territory.communes.front().geometry.envelope();
    for (const auto& e : a.epcis) {
        const auto b = e.geometry.envelope();
        extent = {std::min(extent.minx, b.minx), std::min(extent.miny, b.miny), std::max(extent.maxx, b.maxx),
                  std::max(extent.maxy, b.maxy)};
    }
    return extent;
}

}  // namespace

RunResult run(const RunOptions& options, Progress& progress) {
    const auto t_start = Clock::now();
    const ingest::TerritoryConfig config = ingest::load_territory(options.config_path);
    RunResult result;
    result.out_dir = options.out_dir.empty() ? config.output : options.out_dir;
    const bool database = result.out_dir.rfind("PG:", 0) == 0;
    // Refuse an existing output folder before doing any work (a schema is checked on write).
    std::optional<output::StagingFolder> staging;
    if (!database) {
        std::vector<std::string> inputs = ingest::input_paths(config);
        if (!options.profile.empty()) inputs.push_back(ingest::resolve_profile(config, options.profile));
        staging.emplace(result.out_dir, options.overwrite, inputs, "run");
    }

    // Heap-allocated: the measures thread reads the analysis and the measures in place.
    auto built = std::make_unique<Built>();
    // The measures table goes to side SQLite files on its own thread as soon as the measures
    // are known, while the sites are scored. Not with --strict (the run may stop before
    // writing) nor into PostGIS.
    std::optional<output::GeoPackageRows> measures;
    OnMeasured measures_early;
    if (!database && !options.strict) {
        measures_early = [&](const Prepared& p) {
            measures.emplace(staging->path(), p.analysis, p.measures);
        };
    }
    if (!build(*built, config, options, result, progress, measures_early)) {
        result.timings_s["total"] = seconds_since(t_start);
        return result;  // --strict: nothing written, previous outputs stay as they were
    }
    const auto t_write = Clock::now();
    if (database) {
        // The same tables as the GeoPackage, in a PostGIS schema; no files.
        progress.stage("write to PostGIS");
        std::vector<const io::Table*> ptrs;
        for (const auto& t : built->tables) ptrs.push_back(&t);
        io::write_postgis(result.out_dir, ptrs, config.crs, options.overwrite);
        progress.finish(std::to_string(ptrs.size()) + " tables");
    } else {
        const Prepared& p = built->prepared;
        result.files = output::output_files(options.formats);
        output::write_outputs(staging->path(), built->tables, report::zae_inventories(p.analysis),
                              {config.name, config.crs, territory_extent(p.analysis), options.formats,
                               attributions(p.inputs)},
                              progress,
                              measures ? &*measures : nullptr);
        if (measures) result.layer_counts[report::layer::measures] = measures->measure_rows();
    }
    result.timings_s["write"] = seconds_since(t_write);
    result.timings_s["total"] = seconds_since(t_start);
    if (!database) {
        output::write_manifest(staging->path(), manifest_json(config, built->prepared, result));
        staging->publish();
    }
    result.published = true;
    if (options.retain) result.retained = std::shared_ptr<Built>(std::move(built));  // kept, not freed
    return result;
}

}  // namespace foncier::pipeline
