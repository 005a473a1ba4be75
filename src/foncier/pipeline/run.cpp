#include "foncier/pipeline/run.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "foncier/core/error.hpp"
#include "foncier/pipeline/config.hpp"
#include "foncier/pipeline/manifest.hpp"
#include "foncier/pipeline/outputs.hpp"
#include "foncier/pipeline/prepare.hpp"
#include "foncier/pipeline/publish.hpp"
#include "foncier/io/writer.hpp"
#include "foncier/report/layers.hpp"
#include "foncier/report/zae_layers.hpp"

namespace foncier::pipeline {

namespace {
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }
// Outputs into a PostGIS schema: the same tables as the GeoPackage, no files.
RunResult run_to_postgis(const TerritoryConfig& config, const RunOptions& options, RunResult& result,
                         Progress& progress, Clock::time_point t_start) {
    const std::string profile = options.profile.empty() ? std::string{} : resolve_profile(config, options.profile);
    Prepared p = prepare(config, result.issues, progress, profile);
    result.timings_s = {{"read", p.read_s}, {"normalise", p.normalise_s}, {"analysis", p.analysis_s},
                        {"scoring", p.scoring_s}};
    if (p.scoring) result.profile = p.scoring->profile.name;
    result.strict_issues = result.issues.count(Severity::warning) + result.issues.count(Severity::error);
    if (options.strict && result.strict_issues > 0) return std::move(result);
    const auto t_write = Clock::now();
    progress.stage("write to PostGIS");
    std::vector<io::Table> tables =
        report::build_layers(p.analysis, result.issues.issues(), p.measures, p.scoring ? &*p.scoring : nullptr);
    std::vector<const io::Table*> ptrs;
    for (const auto& t : tables) {
        result.layer_counts[t.name] = t.rows.size();
        ptrs.push_back(&t);
    }
    io::write_postgis(result.out_dir, ptrs, config.crs, options.overwrite);
    progress.finish(std::to_string(tables.size()) + " tables");
    result.timings_s["write"] = seconds_since(t_write);
    result.timings_s["total"] = seconds_since(t_start);
    result.published = true;
    return std::move(result);
}

}  // namespace

RunResult run(const RunOptions& options, Progress& progress) {
    const auto t_start = Clock::now();
    const TerritoryConfig config = load_territory(options.config_path);
    RunResult result;
    result.out_dir = options.out_dir.empty() ? config.output : options.out_dir;
    if (result.out_dir.rfind("PG:", 0) == 0) return run_to_postgis(config, options, result, progress, t_start);
    // Refuse an existing output before doing any work.
    StagingFolder staging(result.out_dir, options.overwrite);

    const std::string profile = options.profile.empty() ? std::string{} : resolve_profile(config, options.profile);
    Prepared p = prepare(config, result.issues, progress, profile);
    result.timings_s = {{"read", p.read_s}, {"normalise", p.normalise_s}, {"analysis", p.analysis_s},
                        {"scoring", p.scoring_s}};
    if (p.scoring) result.profile = p.scoring->profile.name;

    result.strict_issues = result.issues.count(Severity::warning) + result.issues.count(Severity::error);
    if (options.strict && result.strict_issues > 0) {
        result.timings_s["total"] = seconds_since(t_start);
        return result;  // the staging folder is removed; previous outputs stay as they were
    }

    const auto t_write = Clock::now();
    std::vector<io::Table> tables =
        report::build_layers(p.analysis, result.issues.issues(), p.measures, p.scoring ? &*p.scoring : nullptr);
    for (const auto& t : tables) result.layer_counts[t.name] = t.rows.size();
    geom::Envelope extent = p.analysis.territory.communes.front().geometry.envelope();
    for (const auto& e : p.analysis.epcis) {
        const auto b = e.geometry.envelope();
        extent = {std::min(extent.minx, b.minx), std::min(extent.miny, b.miny), std::max(extent.maxx, b.maxx),
                  std::max(extent.maxy, b.maxy)};
    }
    write_outputs(staging.path(), tables, report::zae_inventories(p.analysis), {config.name, config.crs, extent},
                  progress);
    result.timings_s["write"] = seconds_since(t_write);
    result.timings_s["total"] = seconds_since(t_start);

    write_manifest(staging.path(), manifest_json(config, p, result));
    staging.publish();
    result.published = true;
    return result;
}

}  // namespace foncier::pipeline
