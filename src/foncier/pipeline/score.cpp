#include "foncier/pipeline/score.hpp"

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>

#include "foncier/core/error.hpp"
#include "foncier/io/reader.hpp"
#include "foncier/io/writer.hpp"
#include "foncier/ingest/config.hpp"
#include "foncier/pipeline/manifest.hpp"
#include "foncier/output/outputs.hpp"
#include "foncier/pipeline/prepare.hpp"
#include "foncier/output/publish.hpp"
#include "foncier/pipeline/run.hpp"
#include "foncier/report/layers.hpp"
#include "foncier/report/schema.hpp"
#include "foncier/scoring/explain.hpp"

namespace foncier::pipeline {

namespace fs = std::filesystem;

namespace {

std::string place(const std::string& commune, const std::string& epci_nom) {
    if (commune.empty()) return "outside the territory";
    return epci_nom.empty() ? commune : commune + " (" + epci_nom + ")";
}

// Sites and their measures from the outputs of a previous run.
void load_from_outputs(const fs::path& dir, ScoreResult& r) {
    const std::string gpkg = (dir / "foncier.gpkg").string();
    const io::LayerData sites = io::read_layer(gpkg, report::layer::sites);
    std::map<std::string, std::size_t> index;
    for (const auto& f : sites.features) {
        const std::string id = to_text(f.get("site_id"));
        index[id] = r.sites.size();
        r.sites.push_back({id, to_text(f.get("nom")), place(to_text(f.get("commune")), to_text(f.get("epci_nom")))});
        r.eligible.push_back(to_text(f.get("dans_terr")) == "1");
    }
    r.measures.resize(r.sites.size());
    const io::LayerData measures = io::read_layer(gpkg, report::layer::measures);
    for (const auto& f : measures.features) {
        auto it = index.find(to_text(f.get("site_id")));
        if (it == index.end()) continue;
        scoring::Input in;
        const std::string state = to_text(f.get("etat"));
        in.state = state == "known"            ? scoring::State::known
                   : state == "none found"     ? scoring::State::none_found
                   : state == "not applicable" ? scoring::State::not_applicable
                                               : scoring::State::unknown;
        in.number = to_number(f.get("num"));
        in.text = to_text(f.get("texte"));
        in.note = to_text(f.get("note"));
        r.measures[it->second][to_text(f.get("measure"))] = std::move(in);
    }
}

void load_by_running(const ingest::TerritoryConfig& config, ScoreResult& r, Progress& progress) {
    IssueLog issues;
    const Prepared p = prepare(config, issues, progress);
    for (std::size_t s = 0; s < p.analysis.territory.sites.size(); ++s) {
        const auto& a = p.analysis.assignments[s];
        const auto* commune = a.commune ? &p.analysis.territory.communes[*a.commune] : nullptr;
        r.sites.push_back({p.analysis.territory.sites[s].site_id, p.analysis.territory.sites[s].nom,
                           commune != nullptr ? place(commune->nom, commune->epci_nom) : place("", "")});
    }
    r.eligible = p.in_territory;
    r.measures = p.measures;
}

// Rewrites the score fields of sites and sites_pt in a copy of the outputs, then swaps it in.
void write_scores(const ScoreResult& r, const std::vector<std::string>& inputs) {
    const fs::path dir = r.out_dir;
    output::StagingFolder staging(dir, true, inputs, "score");
    fs::copy(dir, staging.path(), fs::copy_options::recursive | fs::copy_options::overwrite_existing);
    fs::remove(staging.path() / output::k_stamp_file);  // written again, last, by publish()
    io::FieldUpdates updates;
    const io::Table schema = report::empty_table(report::layer::sites);
    const std::size_t first = schema.fields.size() - 8;  // the eight score fields end the schema
    for (std::size_t s = 0; s < r.sites.size(); ++s) {
        auto values = report::score_values(&*r.results, s);
        auto& row = updates[r.sites[s].site_id];
        for (std::size_t i = 0; i < values.size(); ++i) row.emplace_back(schema.fields[first + i].name, values[i]);
    }
    const std::string gpkg = (staging.path() / "foncier.gpkg").string();
    // Re-export the copies the run wrote (`foncier run --formats` may have left some out).
    const output::Formats formats = output::formats_in(staging.path());
    for (const char* layer : {report::layer::sites, report::layer::sites_pt}) {
        io::update_fields(gpkg, layer, "site_id", updates);
        fs::remove(staging.path() / "geojson" / (std::string(layer) + ".geojson"));
        for (const char* ext : {".shp", ".shx", ".dbf", ".prj", ".cpg"}) {
            fs::remove(staging.path() / "shp" / (std::string(layer) + ext));
        }
        output::export_copies(staging.path(), layer, formats);
    }
    // run.json: the profile changed, everything else is as the run wrote it.
    nlohmann::ordered_json j;
    {
        std::ifstream in(staging.path() / "run.json");
        j = nlohmann::ordered_json::parse(in);
    }
    j["profile"] = nlohmann::ordered_json::parse(profile_json(r.results->profile, true));
    output::write_manifest(staging.path(),
                           j.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n");
    staging.publish();
}

std::string profile_file(const ingest::TerritoryConfig& config, const std::string& requested) {
    const std::string path = requested.empty() ? config.profile : ingest::resolve_profile(config, requested);
    if (path.empty()) {
        throw ConfigError("no scoring profile: add profile = \"<name>\" to '" + config.path +
                          "' or pass --profile NAME|FILE");
    }
    return path;
}

}  // namespace

ScoreResult score(const ScoreOptions& options, Progress& progress) {
    const ingest::TerritoryConfig config = ingest::load_territory(options.config_path);
    scoring::Profile profile = scoring::load_profile(profile_file(config, options.profile));
    ScoreResult r;
    r.out_dir = options.out_dir.empty() ? config.output : options.out_dir;
    r.reused_outputs = outputs_up_to_date(config, r.out_dir, r.rerun_reason);
    if (r.reused_outputs) {
        progress.stage("read measures from " + r.out_dir);
        load_from_outputs(r.out_dir, r);
        progress.finish(std::to_string(r.sites.size()) + " sites");
    } else if (options.write) {
        // Sources changed (or no outputs yet): the whole job, with this profile, writing the copies
        // the previous run wrote (all of them when there was none).
        const fs::path previous(r.out_dir);
        const output::Formats formats = fs::exists(previous / "foncier.gpkg") ? output::formats_in(previous) : output::Formats{};
        const RunResult run_result = run({options.config_path, r.out_dir, true, false, profile.path, formats, {}}, progress);
        (void)run_result;
        load_from_outputs(r.out_dir, r);
        r.written = true;
    } else {
        load_by_running(config, r, progress);
    }
    progress.stage("score (" + profile.name + ")");
    r.results = scoring::score_all(std::move(profile), r.measures, r.eligible);
    progress.finish(std::to_string(r.sites.size()) + " sites scored");
    if (options.sensitivity) {
        progress.stage("sensitivity");
        r.sensitivity = scoring::sensitivity(*r.results, r.measures, r.eligible);
        progress.finish(std::to_string(r.sensitivity.size()) + " weight changes");
    }
    if (options.write && r.reused_outputs) {
        progress.stage("update " + r.out_dir);
        std::vector<std::string> inputs = ingest::input_paths(config);
        inputs.push_back(r.results->profile.path);
        write_scores(r, inputs);
        r.written = true;
        progress.finish("sites, sites_pt");
    }
    return r;
}

std::string explain(const ExplainOptions& options) {
    const std::string& site_id = options.site_id;
    const ScoreResult r = score({.config_path = options.config_path,
                                 .out_dir = options.out_dir,
                                 .profile = options.profile,
                                 .sensitivity = false,
                                 .write = false});
    for (std::size_t s = 0; s < r.sites.size(); ++s) {
        if (r.sites[s].site_id != site_id) continue;
        std::size_t ranked = 0;
        for (const auto& rank : r.results->ranks) ranked += rank ? 1U : 0U;
        const scoring::SiteHeader header{site_id, r.sites[s].nom, r.sites[s].place, r.results->ranks[s], ranked};
        std::string text = scoring::explain(r.results->profile, r.results->scores[s], header);
        text += r.reused_outputs ? "Measures read from '" + r.out_dir + "'.\n"
                                 : "Measures computed from the sources (" + r.rerun_reason + ").\n";
        return text;
    }
    throw ConfigError("no site '" + site_id + "' in the territory of '" + options.config_path +
                      "'; site ids are in the site_id field of the sites layer");
}

}  // namespace foncier::pipeline
