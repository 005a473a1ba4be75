#include "foncier/report/atlas/labels.hpp"

#include <map>
#include <vector>

#include "foncier/report/atlas/format.hpp"

namespace foncier::report::atlas {

IssueKindText issue_kind_text(const std::string& kind) {
    static const std::map<std::string, IssueKindText> texts = {
        {"commune_mismatch", {"Commune déclarée différente de celle de l'emprise",
                              "Vérifier le code INSEE déclaré dans la source ; la commune de l'emprise est retenue."}},
        {"duplicate_id", {"Identifiant en double", "Rendre les identifiants uniques dans la source."}},
        {"encoding", {"Texte mal encodé (accents illisibles)",
                      "Enregistrer le fichier en UTF-8, ou corriger son fichier .cpg (1252 pour Windows-1252)."}},
        {"empty_layer", {"Couche vide", "Vérifier le fichier source et le nom de la couche dans la configuration."}},
        {"empty_plot", {"Unité foncière sans surface", "Corriger la géométrie de l'unité foncière."}},
        {"establishment_outside_plots", {"Établissement hors des unités foncières",
                                         "Vérifier la position de l'établissement ou compléter les unités foncières."}},
        {"friche_on_non_friche_plot", {"Friche sur une unité foncière non déclarée en friche",
                                       "Mettre à jour l'état d'occupation de l'unité foncière ou le statut de la friche."}},
        {"friche_plot_not_in_inventory", {"Unité foncière en friche absente de l'inventaire des friches",
                                          "Ajouter le site à l'inventaire des friches (standard CNIG) ou corriger l'état de l'unité."}},
        {"implausible_surface", {"Surface déclarée invraisemblable",
                                 "Vérifier l'unité de la surface déclarée (m² attendus) dans la source."}},
        {"invalid_id", {"Identifiant inutilisable tel quel (caractères de contrôle ou trop long)",
                        "Corriger l'identifiant dans la source : sans tabulation ni saut de ligne, 254 octets au plus."}},
        {"invalid_geometry", {"Géométrie invalide", "Corriger la géométrie dans la source (auto-intersection, anneau ouvert)."}},
        {"missing_commune", {"Commune manquante", "Renseigner le code INSEE de la commune."}},
        {"missing_epci", {"EPCI manquant", "Compléter la table d'appartenance des communes aux EPCI."}},
        {"missing_geometry", {"Géométrie manquante", "Renseigner une emprise ou au moins un point du site."}},
        {"missing_id", {"Identifiant manquant", "Renseigner l'identifiant dans la source."}},
        {"merged_commune", {"Commune fusionnée depuis le millésime des contours",
                            "Son contour est joint à celui de la commune nouvelle ; utiliser des contours du même millésime que la composition des EPCI."}},
        {"parcel_not_found", {"Parcelle cadastrale introuvable",
                              "Vérifier l'identifiant de parcelle (14 caractères) ou le millésime du cadastre."}},
        {"parcels_not_contiguous", {"Parcelles du site non contiguës",
                                    "Vérifier la liste des parcelles du site : elles forment plusieurs morceaux."}},
        {"parcel_surface_mismatch", {"Surface déclarée éloignée de celle des parcelles",
                                     "Vérifier la surface déclarée ou la liste des parcelles du site."}},
        {"bad_value", {"Valeur illisible pour un critère",
                       "Corriger la valeur dans la source ; le critère est compté comme inconnu."}},
        {"missing_surface", {"Surface manquante", "Renseigner la surface déclarée ; une emprise estimée est utilisée."}},
        {"outside_crs_area", {"Coordonnées hors de la zone du système de référence",
                              "Vérifier le système de coordonnées déclaré par la source."}},
        {"outside_territory", {"Site hors du territoire", "Vérifier la position du site ou le périmètre du territoire."}},
        {"plot_outside_park", {"Unité foncière hors de son parc", "Vérifier le rattachement de l'unité foncière à son parc."}},
        {"plots_overlap", {"Unités foncières qui se chevauchent", "Corriger le découpage des unités foncières."}},
        {"repaired_geometry", {"Géométrie réparée", "Corriger la géométrie dans la source pour ne plus dépendre de la réparation."}},
        {"reprojection_failed", {"Reprojection impossible", "Vérifier le système de coordonnées de la source."}},
        {"swapped_axes", {"Latitude et longitude inversées", "Échanger les colonnes de coordonnées dans la source."}},
        {"unknown_park", {"Parc d'activités inconnu", "Vérifier l'identifiant du parc de l'unité foncière."}},
        {"unmeasured_criterion", {"Critère non mesuré", "Ajouter à la configuration la couche qui permet de le mesurer."}},
        {"unreadable_geometry", {"Géométrie illisible", "Corriger le texte de la géométrie (WKT ou GeoJSON) dans la source."}},
        {"wrong_geometry_type", {"Type de géométrie inattendu", "Fournir des polygones ou des points selon la couche."}},
    };
    if (auto it = texts.find(kind); it != texts.end()) return it->second;
    return {kind, "Voir le message technique et corriger la source."};
}

std::string severity_text(const std::string& severity) {
    if (severity == "error") return "erreur";
    if (severity == "warning") return "avertissement";
    if (severity == "info") return "information";
    return severity;
}

std::string impact_text(scoring::Impact impact) {
    switch (impact) {
        case scoring::Impact::very_negative: return "très défavorable (−−)";
        case scoring::Impact::negative: return "défavorable (−)";
        case scoring::Impact::neutral: return "neutre (0)";
        case scoring::Impact::positive: return "favorable (+)";
        case scoring::Impact::very_positive: return "très favorable (++)";
    }
    return "?";
}

std::string impact_symbol(scoring::Impact impact) {
    switch (impact) {
        case scoring::Impact::very_negative: return "−−";
        case scoring::Impact::negative: return "−";
        case scoring::Impact::neutral: return "0";
        case scoring::Impact::positive: return "+";
        case scoring::Impact::very_positive: return "++";
    }
    return "?";
}

std::string state_text(scoring::State state) {
    switch (state) {
        case scoring::State::known: return "connu";
        case scoring::State::unknown: return "inconnu";
        case scoring::State::none_found: return "aucun trouvé";
        case scoring::State::not_applicable: return "sans objet";
    }
    return "?";
}

std::string aggregation_text(const scoring::Profile& p) {
    switch (p.aggregation) {
        case scoring::Aggregation::mean:
            return "Moyenne pondérée des impacts des critères connus : score = 50 + 25 × (A − C) / W, où A est la somme "
                   "des points favorables, C celle des points défavorables et W le poids des critères notés. Tous les "
                   "critères à « très favorable » donnent 100, tous à « très défavorable » 0, tous neutres 50. Un critère "
                   "inconnu n'est pas compté comme neutre : il est laissé de côté, baisse la fiabilité et élargit "
                   "l'intervalle du score.";
        case scoring::Aggregation::pure:
            return "Part des avantages : score = A / (A + C), où A est la somme des points favorables et C celle des "
                   "points défavorables ; un critère neutre n'ajoute rien.";
        case scoring::Aggregation::mutafriches:
            return "Méthode Mutafriches (ADEME) : score = A / (A + C) ; un critère neutre compte pour moitié de son "
                   "poids de chaque côté.";
    }
    return {};
}

std::string criterion_number(const scoring::Criterion& c, double v) {
    switch (c.format) {
        case scoring::Format::ha: return fr_ha(v / 1e4);
        case scoring::Format::km: return fr_number(v / 1000.0, 1) + std::string(nbsp) + "km";
        case scoring::Format::m: return fr_number(v, 0) + std::string(nbsp) + "m";
        case scoring::Format::percent: return fr_share(v, 0);
        case scoring::Format::number: return fr_number(v, v == static_cast<double>(static_cast<long long>(v)) ? 0 : 1);
        case scoring::Format::text: return fr_number(v, 0);
    }
    return fr_number(v, 1);
}

std::string criterion_value(const scoring::Criterion& c, const scoring::Input& input) {
    if (input.state != scoring::State::known) return state_text(input.state);
    if (!input.number) return input.text;
    return criterion_number(c, *input.number);
}

std::string band_text(const scoring::Criterion& c, std::size_t band) {
    const auto& b = c.bands[band];
    if (b.bound == scoring::Band::Bound::otherwise) {
        return band == 0 ? "toute valeur" : "au-delà de " + criterion_number(c, c.bands[band - 1].limit);
    }
    return (b.bound == scoring::Band::Bound::lt ? "moins de " : "jusqu'à ") + criterion_number(c, b.limit);
}

std::string note_text(const std::string& note) {
    static const std::vector<std::pair<std::string, std::string>> prefixes = {
        {"unknown: ", "inconnu : "},
        {"does not apply: ", "sans objet : "},
        {"none found (", "aucun trouvé ("},
        {"nearest feature of ", "objet le plus proche de la couche "},
        {"owner codes ", "codes propriétaire "},
        {"in no park", "hors de tout parc"},
        {"in ", "dans "},
        {"value '", "valeur '"},
    };
    static const std::vector<std::pair<std::string, std::string>> words = {
        {"): not scored", ") : non noté"},
        {"' is not in the profile", "' absente du profil"},
        {"' is not a number", "' n'est pas un nombre"},
        {"': does not apply", "' : sans objet"},
        {"' in the source", "' dans la source"},
        {"activity park overlap", "recouvrement d'un parc d'activités"},
        {"area-weighted overlap", "part de surface recouverte"},
        {"empty in the source", "vide dans la source"},
        {"estimated", "emprise estimée"},
        {"flood zone overlap", "recouvrement d'une zone inondable"},
        {"no protected area overlap", "aucun espace protégé recouvert"},
        {"no data source configured", "aucune source configurée"},
    };
    std::string out = note;
    for (const auto& [en, fr] : prefixes) {
        if (out.rfind(en, 0) == 0) {
            out = fr + out.substr(en.size());
            break;
        }
    }
    for (const auto& [en, fr] : words) {
        for (auto p = out.find(en); p != std::string::npos; p = out.find(en, p + fr.size())) out.replace(p, en.size(), fr);
    }
    return french_decimals(out);
}

std::string french_decimals(const std::string& text) {
    std::string out = text;
    for (std::size_t i = 1; i + 1 < out.size(); ++i) {
        if (out[i] == '.' && out[i - 1] >= '0' && out[i - 1] <= '9' && out[i + 1] >= '0' && out[i + 1] <= '9') out[i] = ',';
    }
    return out;
}

std::string points_text(const scoring::Profile& p, scoring::Impact impact, double weight) {
    if (impact == scoring::Impact::neutral) {
        return p.aggregation == scoring::Aggregation::mutafriches ? "±" + fr_number(weight / 2, 2) : "0";
    }
    const double points = scoring::value(impact) * weight;
    return (points > 0 ? "+" : "\u2212") + fr_number(points > 0 ? points : -points, 2);
}

}  // namespace foncier::report::atlas
