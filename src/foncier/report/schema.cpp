#include "foncier/report/schema.hpp"

#include <stdexcept>

namespace foncier::report {

namespace {

using io::FieldDef;
using io::FieldType;
using io::GeometryType;

FieldDef str(const char* name, int width, const char* description) {
    return {name, FieldType::string, width, 0, description};
}
FieldDef integer(const char* name, const char* description) { return {name, FieldType::integer, 10, 0, description}; }
FieldDef real(const char* name, int precision, const char* description) {
    return {name, FieldType::real, 18, precision, description};
}

std::vector<FieldDef> site_fields() {
    return {
        str("site_id", 40, "identifiant du site (CNIG site_id)"),
        str("nom", 254, "nom du site"),
        str("insee", 5, "code INSEE de la commune qui porte la plus grande part du site"),
        str("commune", 80, "nom de cette commune"),
        str("epci", 9, "SIREN de l'EPCI de cette commune"),
        str("epci_nom", 100, "nom de l'EPCI"),
        str("type", 60, "type de site (CNIG site_type)"),
        str("statut", 40, "statut du site (CNIG site_statut)"),
        real("surf_m2", 1, "surface de l'emprise, m2 (EPSG:2154)"),
        real("surf_decl", 1, "surface declaree par la source, m2"),
        str("geom_src", 10, "origine de l'emprise: polygon, estimated (disque de la surface declaree), default"),
        str("gare_nom", 80, "gare la plus proche"),
        real("gare_m", 1, "distance a cette gare, m, depuis le bord de l'emprise"),
        str("park_id", 40, "parc d'activites contenant le site"),
        integer("dans_terr", "1 si le site est dans le territoire, 0 sinon (hors totaux)"),
        str("comm_decl", 5, "code INSEE declare par la source"),
        real("score", 1, "priorite 0-100 selon le profil (indice du meilleur usage)"),
        str("classe", 5, "classe A-E du score, ou exclu"),
        integer("rang", "rang dans le territoire, 1 = premier"),
        real("fiab", 1, "fiabilite 0-10: part du poids des criteres connus"),
        real("score_min", 1, "score si chaque critere inconnu prenait sa pire valeur"),
        real("score_max", 1, "score si chaque critere inconnu prenait sa meilleure valeur"),
        str("motifs", 254, "les trois contributions les plus fortes"),
        str("usage", 40, "meilleur usage (profils a plusieurs usages)"),
    };
}

std::vector<io::Table> make_schemas() {
    std::vector<io::Table> out;
    out.push_back({layer::sites, GeometryType::multipolygon, site_fields(), {}});
    out.push_back({layer::sites_pt, GeometryType::point, site_fields(), {}});
    out.push_back({layer::communes,
                   GeometryType::multipolygon,
                   {
                       str("insee", 5, "code INSEE"),
                       str("nom", 80, "nom de la commune"),
                       str("epci", 9, "SIREN de l'EPCI"),
                       str("epci_nom", 100, "nom de l'EPCI"),
                       integer("pop", "population legale"),
                       integer("n_sites", "nombre de sites rattaches"),
                       real("sites_ha", 4, "surface des sites rattaches, ha"),
                   },
                   {}});
    out.push_back({layer::epci,
                   GeometryType::multipolygon,
                   {
                       str("siren", 9, "SIREN de l'EPCI"),
                       str("nom", 100, "nom de l'EPCI"),
                       integer("n_communes", "nombre de communes"),
                       integer("pop", "population legale (somme des communes)"),
                       integer("n_sites", "nombre de sites (somme des communes)"),
                       real("sites_ha", 4, "surface des sites, ha (somme des communes)"),
                       integer("n_parks", "nombre de parcs d'activites"),
                       real("parks_ha", 2, "surface brute des parcs, ha"),
                       integer("n_uf", "unites foncieres des parcs"),
                       integer("n_uf_vac", "unites foncieres vacantes"),
                       real("tx_vacance", 1, "taux de vacance des parcs, %"),
                       real("dispo_ha", 2, "surface disponible des parcs, ha"),
                   },
                   {}});
    out.push_back({layer::parks,
                   GeometryType::multipolygon,
                   {
                       str("park_id", 40, "identifiant du parc (CNIG site_id)"),
                       str("nom", 254, "nom du parc"),
                       str("vocation", 60, "vocation dominante (site_vocadomi)"),
                       str("etat", 40, "etat (site_etat)"),
                       str("insee", 5, "commune qui porte la plus grande part du parc"),
                       str("epci", 9, "SIREN de l'EPCI"),
                       str("epci_nom", 100, "nom de l'EPCI"),
                       real("surf_ha", 2, "surface brute, ha (geometrie, EPSG:2154)"),
                       real("surf_utile", 2, "surface utile declaree, ha"),
                       integer("n_plots", "unites foncieres (site_uf_nbre)"),
                       integer("n_vacant", "unites foncieres vacantes (site_uf_vacant_nbre)"),
                       integer("n_bati", "unites foncieres baties (site_uf_bati_nbre)"),
                       real("tx_vacance", 1, "taux de vacance L318-8-2, % (site_taux_vacance)"),
                       real("dispo_ha", 2, "surface disponible a la vente, ha (site_surf_comm_dispo)"),
                       integer("n_etab", "etablissements (site_nb_etab)"),
                       integer("n_friches", "friches de l'inventaire dans le parc"),
                       str("regle_vac", 60, "regle de vacance appliquee"),
                       str("fret", 10, "desserte ferroviaire fret (reseau_fret_ferroviaire)"),
                   },
                   {}});
    out.push_back({layer::plots,
                   GeometryType::multipolygon,
                   {
                       str("plot_id", 40, "identifiant de l'unite fonciere (terr_id)"),
                       str("park_id", 40, "parc"),
                       real("surf_ha", 4, "surface, ha"),
                       str("occup", 40, "etat d'occupation (terr_etat_occup) utilise pour la vacance"),
                       str("commerc", 60, "stade de commercialisation (terr_stade_comm)"),
                       integer("vacant", "1 si comptee vacante selon la regle"),
                       integer("dispo", "1 si disponible (inoccupe, vacant ou friche; en vente ou non commercialise)"),
                       integer("n_etab", "etablissements sur l'unite"),
                       integer("n_etab_act", "etablissements actifs"),
                       str("friches", 254, "sites de l'inventaire des friches qui la recouvrent"),
                   },
                   {}});
    out.push_back({layer::crosswalk,
                   GeometryType::none,
                   {
                       str("lien", 30, "site-parc, site-unite ou unite-friche-sans-site"),
                       str("site_id", 40, "site de l'inventaire des friches"),
                       str("park_id", 40, "parc d'activites"),
                       str("plot_id", 40, "unite fonciere"),
                       str("occup", 40, "etat d'occupation de l'unite"),
                       real("part", 4, "part du site dans le parc ou l'unite, 0-1"),
                   },
                   {}});
    out.push_back({layer::issues,
                   GeometryType::point,
                   {
                       str("layer", 40, "jeu de donnees concerne"),
                       str("feat_id", 60, "identifiant de l'objet"),
                       str("kind", 40, "type de probleme"),
                       str("severity", 10, "info, warning ou error"),
                       str("message", 254, "description du probleme"),
                       str("action", 254, "ce que foncier a fait, ou ce qu'il faut faire"),
                   },
                   {}});
    // GeoPackage only (never a Shapefile, see exported()): text without a width, which spares
    // GDAL a length check per value on the largest table (BENCHMARKS.md, design measurements).
    out.push_back({layer::measures,
                   GeometryType::none,
                   {
                       str("site_id", 0, "identifiant du site"),
                       str("measure", 0, "nom de la mesure (vocabulaire des profils)"),
                       str("etat", 0, "known, unknown, none found, not applicable"),
                       real("num", 6, "valeur numerique"),
                       str("texte", 0, "valeur textuelle"),
                       str("note", 0, "origine de la valeur, ou pourquoi elle est inconnue"),
                   },
                   {}});
    return out;
}

// The by-status fields of the deltas: <group>_ha_av / <group>_ha_ap, groups as in
// pipeline::status_groups() (sp sans projet, ap avec projet, pot potentielle, rec reconvertie,
// aut other or none).
const char* const k_status_groups[][2] = {{"sp", "friche sans projet"},
                                           {"ap", "friche avec projet"},
                                           {"pot", "friche potentielle"},
                                           {"rec", "friche reconvertie"},
                                           {"aut", "autre statut ou sans statut"}};

std::vector<FieldDef> delta_fields(std::vector<FieldDef> head) {
    std::vector<FieldDef> f = std::move(head);
    for (auto d : {integer("n_avant", "sites avant (ancien inventaire)"),
                   integer("n_apres", "sites apres (nouvel inventaire)"),
                   real("ha_avant", 4, "surface des sites avant, ha"),
                   real("ha_apres", 4, "surface des sites apres, ha"),
                   real("ha_delta", 4, "ha_apres - ha_avant"),
                   integer("n_nouv", "sites nouveaux"),
                   real("ha_nouv", 4, "surface des sites nouveaux, ha"),
                   integer("n_disp", "sites disparus"),
                   real("ha_disp", 4, "surface des sites disparus, ha"),
                   integer("n_reconv", "sites reconvertis"),
                   real("ha_reconv", 4, "surface des sites reconvertis, ha"),
                   integer("n_reid", "sites reidentifies (nouvel identifiant, meme lieu)"),
                   integer("n_statut", "sites dont le statut a change (reconvertis compris)")}) {
        f.push_back(std::move(d));
    }
    for (const auto& [group, label] : k_status_groups) {
        f.push_back({std::string(group) + "_ha_av", io::FieldType::real, 18, 4,
                     std::string("surface avant, ha: ") + label});
        f.push_back({std::string(group) + "_ha_ap", io::FieldType::real, 18, 4,
                     std::string("surface apres, ha: ") + label});
    }
    return f;
}

std::vector<io::Table> make_diff_schemas() {
    std::vector<io::Table> out;
    out.push_back({layer::changes,
                   GeometryType::multipolygon,
                   {
                       str("kind", 12, "changement principal: nouveau, disparu, reconverti, reidentifie, statut, "
                                       "emprise, surface, commune, epci, classe, score, rang, inchange"),
                       str("kinds", 160, "tous les changements, separes par des virgules"),
                       str("apparie", 10, "appariement: id (meme site_id), emprise (recouvrement), centre (distance)"),
                       str("old_id", 40, "site_id dans l'ancien inventaire"),
                       str("new_id", 40, "site_id dans le nouvel inventaire"),
                       str("nom", 254, "nom du site (nouveau, ou ancien si disparu)"),
                       str("old_nom", 254, "nom dans l'ancien inventaire"),
                       real("dist_m", 1, "distance entre les centres des deux emprises, m (EPSG:2154)"),
                       real("recouv", 3, "part de la plus petite emprise partagee (appariement par emprise), 0-1"),
                       str("old_statut", 40, "statut avant"),
                       str("new_statut", 40, "statut apres"),
                       real("old_m2", 1, "surface de l'emprise avant, m2"),
                       real("new_m2", 1, "surface de l'emprise apres, m2"),
                       real("delta_ha", 4, "surface apres - avant, ha"),
                       real("old_decl", 1, "surface declaree avant, m2"),
                       real("new_decl", 1, "surface declaree apres, m2"),
                       str("old_insee", 5, "commune avant"),
                       str("new_insee", 5, "commune apres"),
                       str("commune", 80, "nom de la commune (apres, ou avant si disparu)"),
                       str("old_epci", 9, "EPCI avant"),
                       str("new_epci", 9, "EPCI apres"),
                       str("epci_nom", 100, "nom de l'EPCI (apres, ou avant si disparu)"),
                       real("old_score", 1, "score avant"),
                       real("new_score", 1, "score apres"),
                       str("old_classe", 5, "classe avant"),
                       str("new_classe", 5, "classe apres"),
                       integer("old_rang", "rang avant"),
                       integer("new_rang", "rang apres"),
                       str("geom_src", 10, "origine de l'emprise dessinee"),
                   },
                   {}});
    out.push_back({layer::communes_delta, GeometryType::multipolygon,
                   delta_fields({str("insee", 5, "code INSEE"), str("nom", 80, "nom de la commune"),
                                 str("epci", 9, "SIREN de l'EPCI"), str("epci_nom", 100, "nom de l'EPCI")}),
                   {}});
    out.push_back({layer::epci_delta, GeometryType::multipolygon,
                   delta_fields({str("siren", 9, "SIREN de l'EPCI"), str("nom", 100, "nom de l'EPCI")}), {}});
    out.push_back({layer::transitions,
                   GeometryType::none,
                   {
                       str("de", 40, "statut avant, ou (nouveau)"),
                       str("vers", 40, "statut apres, ou (disparu)"),
                       integer("n_sites", "sites"),
                       real("ha", 4, "surface, ha (emprise apres, avant pour les disparus)"),
                   },
                   {}});
    return out;
}

const std::vector<io::Table>& schemas() {
    static const std::vector<io::Table> all = make_schemas();
    return all;
}

const std::vector<io::Table>& diff_schemas() {
    static const std::vector<io::Table> all = make_diff_schemas();
    return all;
}

}  // namespace

const std::vector<std::string>& layer_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& t : schemas()) out.push_back(t.name);
        return out;
    }();
    return names;
}

const std::vector<std::string>& diff_layer_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& t : diff_schemas()) out.push_back(t.name);
        return out;
    }();
    return names;
}

bool exported(const std::string& layer_name) {
    return layer_name != layer::measures && layer_name != layer::crosswalk && layer_name != layer::transitions;
}

io::Table zae_inventory_table(const std::string& epci_siren) {
    return {"zae_inventory_" + epci_siren,
            GeometryType::none,
            {
                str("site_id", 40, "identifiant du parc"),
                str("site_nom", 254, "nom"),
                str("site_comm_insee", 5, "commune"),
                str("site_comm_nom", 80, "nom de la commune"),
                str("site_epci_siren", 9, "EPCI"),
                str("site_vocadomi", 60, "vocation dominante"),
                str("site_etat", 40, "etat"),
                real("site_surf_brute", 2, "surface brute, ha"),
                real("site_surf_utile", 2, "surface utile, ha"),
                integer("site_uf_nbre", "unites foncieres"),
                integer("site_uf_vacant_nbre", "unites foncieres vacantes"),
                real("site_taux_vacance", 1, "taux de vacance, %"),
                integer("site_uf_bati_nbre", "unites foncieres baties"),
                integer("site_nb_etab", "etablissements"),
                real("site_surf_comm_dispo", 2, "surface disponible a la vente, ha"),
                integer("nb_friches", "friches de l'inventaire dans le parc"),
                str("regle_vacance", 60, "regle de vacance"),
                str("date_donnees", 10, "date de la donnee la plus recente (parc et unites)"),
                integer("synthetique", "1 si la donnee est synthetique (demonstration)"),
            },
            {}};
}

io::Table empty_table(const std::string& layer_name) {
    for (const auto* list : {&schemas(), &diff_schemas()}) {
        for (const auto& t : *list) {
            if (t.name == layer_name) return {t.name, t.geometry_type, t.fields, {}};
        }
    }
    throw std::out_of_range("no output layer named '" + layer_name + "'");
}

}  // namespace foncier::report
