#include "foncier/pipeline/manifest.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <span>
#include <sstream>

#include "foncier/core/version.hpp"
#include "foncier/geom/geometry.hpp"
#include "foncier/geom/transformer.hpp"
#include "foncier/io/checksum.hpp"
#include "foncier/io/dataset_info.hpp"
#include "foncier/pipeline/measures.hpp"

namespace foncier::pipeline {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

namespace {

// Size and modification time identify a file version without reading it again.
ordered_json file_stamp(const std::string& path) {
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) return {{"size", nullptr}, {"mtime_ns", nullptr}};
    const auto size = fs::file_size(path, ec);
    // Unix time: the file clock of libstdc++ counts from its own epoch (2174), which gave
    // negative values.
    const auto mtime = std::chrono::file_clock::to_sys(fs::last_write_time(path, ec)).time_since_epoch();
    return {{"size", size}, {"mtime_ns", std::chrono::duration_cast<std::chrono::nanoseconds>(mtime).count()}};
}

}  // namespace

std::vector<std::string> attributions(const std::vector<ingest::InputRecord>& inputs) {
    std::vector<std::string> out;
    for (const auto& i : inputs) {
        const std::string& a = i.dataset.attribution;
        if (!a.empty() && std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
    }
    return out;
}

std::string profile_json(const scoring::Profile& profile, bool rescored) {
    ordered_json j = {{"name", profile.name},
                      {"title", profile.title},
                      {"path", profile.path},
                      {"sha256", io::sha256_file(profile.path)},
                      {"aggregation", scoring::to_string(profile.aggregation)},
                      {"uses", profile.uses},
                      {"total_weight", profile.total_weight()}};
    if (rescored) j["rescored"] = true;
    return j.dump(-1, ' ', false, ordered_json::error_handler_t::replace);
}

std::string manifest_json(const ingest::TerritoryConfig& config, const Prepared& p, const RunResult& result) {
    ordered_json j;
    j["foncier"] = version();
    j["territory"] = config.name;
    j["config"] = config.path;
    j["config_sha256"] = io::sha256_file(config.path);
    j["crs"] = config.crs;
    j["engine"] = p.engine;  // where the spatial joins ran: local or postgis
    std::set<std::string> synthetic_datasets;
    ordered_json in = ordered_json::array();
    for (const auto& i : p.inputs) {
        if (i.dataset.synthetic) synthetic_datasets.insert(i.dataset.key);
        ordered_json item = {{"role", i.role},
                             {"dataset", i.dataset.key},
                             {"path", i.dataset.path},
                             {"layer", i.dataset.layer},
                             {"sha256", i.sha256},
                             {"features", i.features},
                             {"synthetic", i.dataset.synthetic},
                             {"publisher", i.dataset.publisher},
                             {"licence", i.dataset.licence},
                             {"vintage", i.dataset.vintage},
                             {"attribution", i.dataset.attribution}};
        item.update(file_stamp(i.dataset.path));
        in.push_back(item);
    }
    j["inputs"] = in;
    // The credit lines of the inputs, once each in input order: what a map or a report built
    // on these outputs must show (ODbL asks "© OpenStreetMap contributors").
    j["attribution"] = attributions(p.inputs);

    if (p.scoring) {
        j["profile"] = ordered_json::parse(profile_json(p.scoring->profile, false));
    } else {
        j["profile"] = nullptr;
    }

    // Which outputs rest on synthetic layers: say it where a reader of the outputs looks.
    ordered_json synthetic;
    synthetic["datasets"] = synthetic_datasets;
    ordered_json measures = ordered_json::array();
    std::set<std::string> synthetic_measures;
    for (const auto& m : measure_sources(p.analysis.territory)) {
        if (!m.synthetic) continue;
        synthetic_measures.insert(m.measure);
        measures.push_back({{"measure", m.measure}, {"dataset", m.dataset}});
    }
    synthetic["measures"] = measures;
    ordered_json outputs = ordered_json::array();
    const auto& t = p.analysis.territory;
    if (t.parks && t.parks->synthetic) {
        outputs.push_back("sites.park_id, sites_pt.park_id, parks, crosswalk (layer and crosswalk.csv), "
                          "epci.n_parks .. epci.dispo_ha");
    }
    if ((t.plots && t.plots->synthetic) || (t.establishments && t.establishments->synthetic)) {
        outputs.push_back("plots, parks.n_plots .. parks.n_etab, zae_inventory_<epci>.csv");
    }
    if (p.scoring) {
        std::vector<std::string> criteria;
        for (const auto& c : p.scoring->profile.criteria) {
            if (synthetic_measures.contains(c.measure)) criteria.push_back(c.name);
        }
        if (!criteria.empty()) {
            std::string list;
            for (const auto& c : criteria) list += (list.empty() ? "" : ", ") + c;
            outputs.push_back("sites.score, classe, rang, fiab, score_min, score_max, motifs (and sites_pt): "
                              "criteria " + list + " use synthetic layers");
        }
    }
    synthetic["outputs"] = outputs;
    j["synthetic"] = synthetic;

    // Where each criterion's values come from: given for the site (a field declared in the
    // config), computed from a layer, or unknown (then derived by the profile when it says so).
    if (p.scoring) {
        ordered_json origins = ordered_json::array();
        const auto& criteria = p.scoring->profile.criteria;
        const bool counted = p.scoring->origins.size() == criteria.size();  // by score_all
        for (std::size_t ci = 0; ci < criteria.size(); ++ci) {
            const auto& c = criteria[ci];
            std::size_t site = counted ? p.scoring->origins[ci].site : 0;
            std::size_t computed = counted ? p.scoring->origins[ci].computed : 0;
            std::size_t unknown = counted ? p.scoring->origins[ci].unknown : 0;
            // Results made otherwise (report's subset of sites): counted here.
            const std::span<const scoring::Inputs> sites = counted ? std::span<const scoring::Inputs>{} : p.measures;
            for (const auto& m : sites) {
                const auto it = m.find(c.measure);
                if (it == m.end() || it->second.state == scoring::State::unknown) {
                    ++unknown;
                } else if (it->second.origin == scoring::Origin::site) {
                    ++site;
                } else {
                    ++computed;
                }
            }
            ordered_json item = {{"criterion", c.name}, {"measure", c.measure}, {"site", site},
                                 {"computed", computed}, {"unknown", unknown}};
            if (c.derive) item["derived_from"] = c.derive->measure;
            origins.push_back(item);
        }
        j["measure_origins"] = origins;
    }

    j["outputs"] = {{"layers", result.layer_counts},
                    {"files", result.files}};
    ordered_json issues;
    issues["total"] = result.issues.size();
    issues["by_severity"] = {{"error", result.issues.count(Severity::error)},
                             {"warning", result.issues.count(Severity::warning)},
                             {"info", result.issues.count(Severity::info)}};
    issues["by_kind"] = result.issues.count_by_kind();
    j["issues"] = issues;
    ordered_json timings;
    for (const char* stage : {"read", "normalise", "analysis", "scoring", "tables", "write", "total"}) {
        auto it = result.timings_s.find(stage);
        // Tenths of a millisecond: as precise as a wall clock on a shared machine gets.
        if (it != result.timings_s.end()) timings[stage] = std::round(it->second * 1e4) / 1e4;
    }
    j["timings_s"] = timings;
    j["libraries"] = {{"gdal", io::gdal_version()}, {"geos", geom::geos_version()}, {"proj", geom::proj_version()}};
    // A path from a folder named in Latin-1 is not UTF-8: JSON must be (U+FFFD in its place).
    return j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

bool outputs_up_to_date(const ingest::TerritoryConfig& config, const fs::path& out_dir, std::string& why) {
    const fs::path manifest = out_dir / "run.json";
    if (!fs::exists(manifest) || !fs::exists(out_dir / "foncier.gpkg")) {
        why = "no previous outputs in '" + out_dir.string() + "'";
        return false;
    }
    ordered_json j;
    try {
        std::ifstream in(manifest);
        j = ordered_json::parse(in);
    } catch (const std::exception&) {
        why = "'" + manifest.string() + "' cannot be read";
        return false;
    }
    if (j.value("config_sha256", "") != io::sha256_file(config.path)) {
        why = "the territory config changed since the outputs were written";
        return false;
    }
    for (const auto& input : j["inputs"]) {
        const std::string path = input.value("path", "");
        const ordered_json now = file_stamp(path);
        if (now["size"] != input["size"] || now["mtime_ns"] != input["mtime_ns"]) {
            why = "input '" + path + "' changed since the outputs were written";
            return false;
        }
    }
    return true;
}

}  // namespace foncier::pipeline
