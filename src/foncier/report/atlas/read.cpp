#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "foncier/core/error.hpp"
#include "foncier/io/reader.hpp"
#include "foncier/report/atlas/model.hpp"
#include "foncier/report/schema.hpp"

namespace foncier::report::atlas {

namespace fs = std::filesystem;

std::string Record::text(const std::string& field) const {
    auto it = attributes.find(field);
    return it == attributes.end() ? std::string{} : to_text(it->second);
}

std::optional<double> Record::maybe(const std::string& field) const {
    auto it = attributes.find(field);
    return it == attributes.end() ? std::nullopt : to_number(it->second);
}

double Record::number(const std::string& field, double fallback) const { return maybe(field).value_or(fallback); }

bool RunInfo::is_synthetic(const std::string& dataset) const {
    return std::find(synthetic_datasets.begin(), synthetic_datasets.end(), dataset) != synthetic_datasets.end();
}

const Members& Model::members(const std::string& siren) const {
    if (!m_indexed) {
        std::map<std::string, std::string> epci_of;  // site, park, plot or commune id -> EPCI
        for (std::size_t k = 0; k < sites.size(); ++k) {
            const std::string e = sites[k].text("epci");
            epci_of[sites[k].text("site_id")] = e;
            m_members[e].sites.push_back(k);
        }
        for (std::size_t k = 0; k < parks.size(); ++k) {
            const std::string e = parks[k].text("epci");
            epci_of[parks[k].text("park_id")] = e;
            m_members[e].parks.push_back(k);
        }
        for (std::size_t k = 0; k < communes.size(); ++k) {
            const std::string e = communes[k].text("epci");
            epci_of[communes[k].text("insee")] = e;
            m_members[e].communes.push_back(k);
        }
        for (const auto& p : plots) {
            if (auto it = epci_of.find(p.text("park_id")); it != epci_of.end()) epci_of[p.text("plot_id")] = it->second;
        }
        for (std::size_t k = 0; k < issues.size(); ++k) {
            if (auto it = epci_of.find(issues[k].text("feat_id")); it != epci_of.end()) m_members[it->second].issues.push_back(k);
        }
        m_indexed = true;
    }
    static const Members none;
    auto it = m_members.find(siren);
    return it == m_members.end() ? none : it->second;
}

std::optional<std::size_t> Model::rank(std::size_t site) const {
    if (!scores) return std::nullopt;
    return scores->ranks[site];
}

std::string Model::class_of(std::size_t site) const {
    if (!scores) return {};
    const auto& s = scores->scores[site];
    return s.excluded ? std::string("exclu") : scoring::classify(scores->profile, s.score()).name;
}

double Model::score_of(std::size_t site) const { return scores ? scores->scores[site].score() : 0.0; }

namespace {

std::vector<Record> read_records(const std::string& gpkg, const char* layer) {
    std::vector<Record> out;
    for (auto& f : io::read_layer(gpkg, layer).features) out.push_back({std::move(f.attributes), std::move(f.geometry)});
    return out;
}

std::string str(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    if (it == j.end() || it->is_null()) return {};
    return it->is_string() ? it->get<std::string>() : it->dump();
}

long long count(const nlohmann::json& j, const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_number() ? it->get<long long>() : 0;
}

RunInfo read_manifest(const fs::path& file) {
    std::ifstream in(file);
    if (!in) {
        throw IoError("cannot read '" + file.string() + "': the run's manifest is missing; run `foncier run` again");
    }
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(in);
    } catch (const nlohmann::json::exception& e) {
        throw IoError("'" + file.string() + "' is not valid JSON (" + e.what() + "); run `foncier run` again");
    }
    RunInfo r;
    r.territory = str(j, "territory");
    r.version = str(j, "foncier");
    r.config = str(j, "config");
    r.config_sha256 = str(j, "config_sha256");
    r.crs = str(j, "crs");
    r.engine = str(j, "engine");
    if (auto p = j.find("profile"); p != j.end() && p->is_object()) {
        r.profile_name = str(*p, "name");
        r.profile_title = str(*p, "title");
        r.profile_path = str(*p, "path");
        r.profile_sha256 = str(*p, "sha256");
    }
    const nlohmann::json inputs = j.value("inputs", nlohmann::json::array());
    for (const auto& i : inputs) {
        InputInfo info{str(i, "role"),      str(i, "dataset"), str(i, "path"),  str(i, "sha256"),
                       str(i, "publisher"), str(i, "licence"), str(i, "vintage")};
        info.features = count(i, "features");
        info.synthetic = i.contains("synthetic") && i["synthetic"].is_boolean() && i["synthetic"].get<bool>();
        r.inputs.push_back(std::move(info));
    }
    if (auto s = j.find("synthetic"); s != j.end() && s->is_object()) {
        const nlohmann::json datasets = s->value("datasets", nlohmann::json::array());
        const nlohmann::json measures = s->value("measures", nlohmann::json::array());
        for (const auto& d : datasets) r.synthetic_datasets.push_back(d.get<std::string>());
        for (const auto& m : measures) {
            r.synthetic_measures.emplace_back(str(m, "measure"), str(m, "dataset"));
        }
    }
    if (auto s = j.find("issues"); s != j.end() && s->is_object()) {
        r.issues_total = count(*s, "total");
        const nlohmann::json by_kind = s->value("by_kind", nlohmann::json::object());
        for (const auto& [kind, n] : by_kind.items()) {
            r.issues_by_kind[kind] = n.is_number() ? n.get<long long>() : 0;
        }
    }
    if (auto l = j.find("libraries"); l != j.end() && l->is_object()) {
        r.libraries = "GDAL " + str(*l, "gdal") + ", GEOS " + str(*l, "geos") + ", PROJ " + str(*l, "proj");
    }
    return r;
}

ZaeTable read_zae(const fs::path& file, const std::string& siren) {
    ZaeTable t;
    t.siren = siren;
    t.file = file.filename().string();
    // OGR's CSV driver drops the BOM and reads every column as text, as written.
    io::ReadOptions options;
    const io::LayerData data = io::read_layer(file.string(), options);
    t.columns = data.fields;
    for (const auto& f : data.features) {
        std::vector<std::string> row;
        for (const auto& c : t.columns) row.push_back(to_text(f.get(c)));
        t.rows.push_back(std::move(row));
    }
    return t;
}

}  // namespace

Model read_outputs(const std::string& out_dir) {
    const fs::path dir(out_dir);
    const std::string gpkg = (dir / "foncier.gpkg").string();
    if (!fs::exists(gpkg)) {
        throw IoError("no '" + gpkg + "': the run's outputs are missing; run `foncier run` first");
    }
    Model m;
    m.run = read_manifest(dir / "run.json");
    m.sites = read_records(gpkg, layer::sites);
    m.sites_pt = read_records(gpkg, layer::sites_pt);
    // The two layers are written from the same rows; keep sites_pt in the order of sites.
    std::map<std::string, std::size_t> by_id;
    for (std::size_t i = 0; i < m.sites.size(); ++i) by_id[m.sites[i].text("site_id")] = i;
    std::vector<Record> points(m.sites.size());
    for (auto& p : m.sites_pt) {
        if (auto it = by_id.find(p.text("site_id")); it != by_id.end()) points[it->second] = std::move(p);
    }
    m.sites_pt = std::move(points);
    m.communes = read_records(gpkg, layer::communes);
    m.epci = read_records(gpkg, layer::epci);
    m.parks = read_records(gpkg, layer::parks);
    m.plots = read_records(gpkg, layer::plots);
    m.issues = read_records(gpkg, layer::issues);
    std::vector<fs::path> zae_files;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind("zae_inventory_", 0) == 0 && entry.path().extension() == ".csv") zae_files.push_back(entry.path());
    }
    std::sort(zae_files.begin(), zae_files.end());
    for (const auto& f : zae_files) {
        const std::string stem = f.stem().string();
        const std::string siren = stem.substr(std::string("zae_inventory_").size());
        m.zae[siren] = read_zae(f, siren);
    }
    return m;
}

}  // namespace foncier::report::atlas
