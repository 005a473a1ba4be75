#include "foncier/cnig/schema.hpp"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

#include "foncier/core/error.hpp"

namespace foncier::cnig {

namespace detail {
// Generated from schemas/*.json (tools/cmake/Embed.cmake): {stem, content}.
const std::vector<std::pair<std::string_view, std::string_view>>& schema_files();
}  // namespace detail

namespace {

constexpr std::pair<Standard, const char*> k_names[] = {{Standard::friches, "friches"},
                                                         {Standard::site_eco, "site-eco"},
                                                         {Standard::terrain_eco, "terrain-eco"},
                                                         {Standard::etablissement, "etablissement"},
                                                         {Standard::pole_eco, "pole-eco"}};

TableSchema parse(Standard standard, std::string_view text) {
    const auto j = nlohmann::json::parse(text);
    TableSchema s;
    s.standard = standard;
    s.name = j.value("name", "");
    s.version = j.value("version", "");
    s.missing_values = j.value("missingValues", std::vector<std::string>{""});
    s.primary_key = j.contains("primaryKey") && j["primaryKey"].is_string() ? j["primaryKey"].get<std::string>() : "";
    for (const auto& f : j["fields"]) {
        Field field;
        field.name = f.value("name", "");
        field.title = f.value("title", "");
        field.type = f.value("type", "string");
        field.format = f.value("format", "");
        if (f.contains("constraints")) {
            const auto& c = f["constraints"];
            field.required = c.value("required", false);
            if (c.contains("enum")) field.enumeration = c["enum"].get<std::vector<std::string>>();
            field.pattern = c.value("pattern", "");
        }
        s.fields.push_back(std::move(field));
    }
    return s;
}

}  // namespace

const char* to_string(Standard s) noexcept {
    for (const auto& [standard, name] : k_names) {
        if (standard == s) return name;
    }
    return "?";
}

std::optional<Standard> standard_from_name(const std::string& name) {
    for (const auto& [standard, n] : k_names) {
        if (name == n) return standard;
    }
    return std::nullopt;
}

const Field* TableSchema::field(const std::string& n) const noexcept {
    auto it = std::find_if(fields.begin(), fields.end(), [&](const Field& f) { return f.name == n; });
    return it == fields.end() ? nullptr : &*it;
}

const TableSchema& schema(Standard s) {
    static const std::map<Standard, TableSchema> all = [] {
        std::map<Standard, TableSchema> out;
        for (const auto& [stem, text] : detail::schema_files()) {
            if (auto standard = standard_from_name(std::string(stem))) out.emplace(*standard, parse(*standard, text));
        }
        return out;
    }();
    auto it = all.find(s);
    if (it == all.end()) throw Error(std::string("no embedded schema for CNIG standard ") + to_string(s));
    return it->second;
}

std::optional<Standard> guess_standard(const std::vector<std::string>& columns) {
    std::optional<Standard> best;
    double best_score = 0.5;
    for (const auto& [standard, name] : k_names) {
        const auto& s = schema(standard);
        std::size_t required = 0, present = 0;
        for (const auto& f : s.fields) {
            if (!f.required) continue;
            ++required;
            present += std::find(columns.begin(), columns.end(), f.name) != columns.end() ? 1U : 0U;
        }
        const double score = required ? static_cast<double>(present) / static_cast<double>(required) : 0.0;
        if (score >= best_score) {
            best_score = score;
            best = standard;
        }
    }
    return best;
}

std::string friches_shapefile_name(const std::string& field) {
    static const std::map<std::string, std::string> names = {
        {"site_id", "SITEID"}, {"site_nom", "SITENOM"}, {"site_type", "SITETYPE"}, {"site_adresse", "SITADRESSE"},
        {"site_identif_date", "SITINIDAT"}, {"site_actu_date", "SITACTUDAT"}, {"site_url", "SITEURL"},
        {"site_ademe_url", "SITEADEME"}, {"site_securite", "SITESECURE"}, {"site_occupation", "SITEOCCUP"},
        {"site_statut", "SITESTATUT"}, {"site_projet_url", "SITEPROJET"}, {"site_reconv_annee", "SITRECDATE"},
        {"site_reconv_type", "SITRECTYPE"}, {"activite_libelle", "ACTIVLIBEL"}, {"activite_code", "ACTIVCODE"},
        {"activite_fin_annee", "ACTIVFINAN"}, {"comm_nom", "COMMNOM"}, {"comm_insee", "COMMINSEE"},
        {"bati_type", "BATITYPE"}, {"bati_nombre", "BATINOMBRE"}, {"bati_surface", "BATISURF"},
        {"bati_pollution", "BATIPOLL"}, {"bati_vacance", "BATIVACANT"}, {"bati_patrimoine", "BATIPATRIM"},
        {"bati_etat", "BATIETAT"}, {"local_ancien_annee", "LOCMINDATE"}, {"local_recent_annee", "LOCMAXDATE"},
        {"proprio_type", "PROPTYPE"}, {"proprio_personne", "PROPPERS"}, {"proprio_nom", "PROPNOM"},
        {"sol_pollution_annee", "SOLPOLANNE"}, {"sol_pollution_existe", "SOLPOLEXIS"},
        {"sol_pollution_origine", "SOLPOLORIG"}, {"sol_pollution_commentaire", "SOLPOLCOMM"},
        {"sol_depollution_fiche", "SOLDPOLURL"}, {"unite_fonciere_surface", "UFSURFACE"},
        {"unite_fonciere_refcad", "UFREFCAD"}, {"urba_zone_type", "URBZONTYPE"}, {"urba_zone_lib", "URBZONLIB"},
        {"urba_zone_formdomi", "URBZONDOMI"}, {"urba_zaer", "URBAZAER"}, {"urba_doc_type", "URBDOCTYPE"},
        {"desserte_distance", "DESSERDIST"}, {"desserte_commentaire", "DESSERCOMM"}, {"source_nom", "SOURCENOM"},
        {"source_url", "SOURCEURL"}, {"source_producteur", "PRODUCTEUR"}, {"source_contact", "CONTACT"},
        {"geompoint", "GEOMPOINT"}, {"geomsurf", "GEOMSURF"}};
    auto it = names.find(field);
    return it == names.end() ? field.substr(0, 10) : it->second;
}

const std::vector<std::pair<std::string, std::string>>& friches_legacy_names() {
    static const std::vector<std::pair<std::string, std::string>> names = {
        {"site_numero", "site_id"},
        {"adresse", "site_adresse"},
        {"url_fiche", "site_url"},
        {"site_en_securite", "site_securite"},
        {"projet", "site_projet_url"},
        {"nom_commune", "comm_nom"},
        {"code_insee", "comm_insee"},
        {"nb_bati", "bati_nombre"},
        {"jannatmin", "local_ancien_annee"},
        {"jannatmax", "local_recent_annee"},
        {"local_ancienne_annee", "local_ancien_annee"},  // Cartofriches 2024 export
        {"typprop", "proprio_type"},
        {"annee_pollution", "sol_pollution_annee"},
        {"pollution", "sol_pollution_existe"},
        {"origine_pollution", "sol_pollution_origine"},
        {"risque_pollution", "sol_pollution_commentaire"},
        {"comment_depollution", "sol_depollution_fiche"},
        {"surf_tup", "unite_fonciere_surface"},
        {"idpar_tup", "unite_fonciere_refcad"},
        {"l_idpar", "unite_fonciere_refcad"},  // Cartofriches 2024 export
        {"zone_cnig", "urba_zone_type"},
        {"libzone", "urba_zone_lib"},
        {"destdomi", "urba_zone_formdomi"},
        {"docurba", "urba_doc_type"},
        {"source", "source_nom"},
        {"url_source", "source_url"},
        {"producteur", "source_producteur"},
        {"contact", "source_contact"},
        {"GEOM_WKT", "geomsurf"},
    };
    return names;
}

}  // namespace foncier::cnig
