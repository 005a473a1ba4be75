#include "foncier/pipeline/manifest.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "foncier/core/version.hpp"
#include "foncier/geom/geometry.hpp"
#include "foncier/geom/transformer.hpp"
#include "foncier/io/dataset_info.hpp"

namespace foncier::pipeline {

std::string manifest_json(const TerritoryConfig& config, const std::vector<InputRecord>& inputs,
                          const RunResult& result) {
    using nlohmann::ordered_json;
    ordered_json j;
    j["foncier"] = version();
    j["territory"] = config.name;
    j["config"] = config.path;
    j["crs"] = config.crs;
    bool any_synthetic = false;
    ordered_json in = ordered_json::array();
    for (const auto& i : inputs) {
        any_synthetic = any_synthetic || i.dataset.synthetic;
        in.push_back({{"role", i.role},
                      {"dataset", i.dataset.key},
                      {"path", i.dataset.path},
                      {"layer", i.dataset.layer},
                      {"sha256", i.sha256},
                      {"features", i.features},
                      {"synthetic", i.dataset.synthetic},
                      {"publisher", i.dataset.publisher},
                      {"licence", i.dataset.licence},
                      {"vintage", i.dataset.vintage}});
    }
    j["inputs"] = in;
    j["synthetic_inputs"] = any_synthetic;
    j["outputs"] = {{"layers", result.layer_counts},
                    {"files", {"foncier.gpkg", "geojson/<layer>.geojson", "shp/<layer>.{shp,shx,dbf,prj,cpg}"}}};
    ordered_json issues;
    issues["total"] = result.issues.size();
    issues["by_severity"] = {{"error", result.issues.count(Severity::error)},
                             {"warning", result.issues.count(Severity::warning)},
                             {"info", result.issues.count(Severity::info)}};
    issues["by_kind"] = result.issues.count_by_kind();
    j["issues"] = issues;
    ordered_json timings;
    for (const char* stage : {"read", "normalise", "analysis", "write", "total"}) {
        auto it = result.timings_s.find(stage);
        // Milliseconds are as precise as a wall clock on a shared machine gets.
        if (it != result.timings_s.end()) timings[stage] = std::round(it->second * 1e4) / 1e4;
    }
    j["timings_s"] = timings;
    j["libraries"] = {{"gdal", io::gdal_version()}, {"geos", geom::geos_version()}, {"proj", geom::proj_version()}};
    return j.dump(2) + "\n";
}

}  // namespace foncier::pipeline
