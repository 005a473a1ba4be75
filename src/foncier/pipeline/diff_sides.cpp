// load_side(): the outputs of a run, read back for `foncier diff` (a folder, or a territory
// config whose job runs first when its outputs are missing or stale).

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "foncier/core/error.hpp"
#include "foncier/io/reader.hpp"
#include "foncier/ingest/config.hpp"
#include "foncier/pipeline/diff_model.hpp"
#include "foncier/pipeline/manifest.hpp"
#include "foncier/pipeline/run.hpp"
#include "foncier/report/schema.hpp"

namespace foncier::pipeline {

namespace fs = std::filesystem;

namespace {

std::string text(const io::Feature& f, const char* field) { return trim(to_text(f.get(field))); }

std::optional<double> number(const io::Feature& f, const char* field) { return to_number(f.get(field)); }

void read_manifest(DiffSide& side) {
    const fs::path path = fs::path(side.out_dir) / "run.json";
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    side.manifest = buffer.str();
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(side.manifest);
    } catch (const std::exception& e) {
        throw ConfigError("'" + path.string() + "' is not the run.json of a foncier run (" + e.what() +
                          "): run the territory again with `foncier run`");
    }
    side.territory = j.value("territory", "");
    side.crs = j.value("crs", "EPSG:2154");
    if (side.config_path.empty()) side.config_path = j.value("config", "");
    if (j.contains("profile") && j["profile"].is_object()) {
        side.profile = j["profile"].value("name", "");
        side.profile_sha256 = j["profile"].value("sha256", "");
    }
}

void read_sites(DiffSide& side) {
    const std::string gpkg = (fs::path(side.out_dir) / "foncier.gpkg").string();
    for (auto& f : io::read_layer(gpkg, report::layer::sites).features) {
        DiffSite s;
        s.site_id = text(f, "site_id");
        s.nom = text(f, "nom");
        s.insee = text(f, "insee");
        s.commune = text(f, "commune");
        s.epci = text(f, "epci");
        s.epci_nom = text(f, "epci_nom");
        s.type = text(f, "type");
        s.statut = text(f, "statut");
        s.geom_src = text(f, "geom_src");
        s.classe = text(f, "classe");
        s.surf_m2 = number(f, "surf_m2");
        s.surf_decl = number(f, "surf_decl");
        s.score = number(f, "score");
        if (auto r = number(f, "rang")) s.rang = static_cast<std::int64_t>(*r);
        s.in_territory = number(f, "dans_terr").value_or(1.0) != 0.0;
        s.footprint = std::move(f.geometry);  // null when the run had none: pairs by id only
        side.sites.push_back(std::move(s));
    }
    for (auto& f : io::read_layer(gpkg, report::layer::communes).features) {
        side.communes.push_back(
            {text(f, "insee"), text(f, "nom"), text(f, "epci"), text(f, "epci_nom"), std::move(f.geometry)});
    }
    for (auto& f : io::read_layer(gpkg, report::layer::epci).features) {
        side.epcis.push_back({text(f, "siren"), text(f, "nom"), {}, {}, std::move(f.geometry)});
    }
}

}  // namespace

DiffSide load_side(const std::string& given) {
    DiffSide side;
    side.given = given;
    std::error_code ec;
    if (fs::is_directory(given, ec)) {
        side.out_dir = given;
        for (const char* file : {"foncier.gpkg", "run.json"}) {
            if (!fs::exists(fs::path(given) / file)) {
                throw ConfigError("'" + given + "' is not an output folder of `foncier run`: it has no " + file +
                                  "; name a run's output folder or a territory config (.toml)");
            }
        }
    } else if (fs::is_regular_file(given, ec)) {
        const ingest::TerritoryConfig config = ingest::load_territory(given);
        side.config_path = given;
        side.out_dir = config.output;
        if (!outputs_up_to_date(config, side.out_dir, side.why)) {
            (void)run({given, side.out_dir, true, false, {}, {}, {}});
            side.analysed_now = true;
        }
    } else {
        throw ConfigError("'" + given + "' does not exist: name a run's output folder or a territory config (.toml)");
    }
    read_manifest(side);
    read_sites(side);
    return side;
}

}  // namespace foncier::pipeline
