#include "foncier/report/atlas/about.hpp"

#include <map>

#include "foncier/report/atlas/figures.hpp"
#include "foncier/report/atlas/format.hpp"
#include "foncier/report/atlas/labels.hpp"

namespace foncier::report::atlas {

namespace {

bool mentions_osm(const std::string& s) {
    return s.find("OpenStreetMap") != std::string::npos || s.find("ODbL") != std::string::npos;
}

}  // namespace

std::string quality_section_body(const Model& m, const Scope& scope) {
    std::map<std::string, std::vector<const Record*>> by_kind;
    if (scope.epci) {
        for (std::size_t k : m.members(*scope.epci).issues) by_kind[m.issues[k].text("kind")].push_back(&m.issues[k]);
    } else {
        for (const auto& i : m.issues) by_kind[i.text("kind")].push_back(&i);
    }
    std::string out;
    if (by_kind.empty()) {
        out += "<p>Aucun signalement sur les données de ce périmètre.</p>\n";
    } else {
        out += "<p>Les problèmes trouvés dans les données sources sont conservés et signalés, jamais masqués : ils sont "
               "dans la couche <code>issues</code> de <code>foncier.gpkg</code>. Pour chaque type, quelques exemples et "
               "ce qu'il faut faire.</p>\n<div class=\"table-scroll\"><table class=\"issues\">\n<caption>Signalements par "
               "type</caption>\n<thead><tr><th scope=\"col\">Type</th><th scope=\"col\">Gravité</th><th scope=\"col\">Nombre</th>"
               "<th scope=\"col\">Exemples</th><th scope=\"col\">Que faire</th></tr></thead>\n<tbody>\n";
        for (const auto& [kind, list] : by_kind) {
            const IssueKindText t = issue_kind_text(kind);
            std::string examples;
            for (std::size_t k = 0; k < list.size() && k < 3; ++k) {
                examples += "<li><code>" + esc(list[k]->text("feat_id")) + "</code> : " + esc(list[k]->text("message")) + "</li>";
            }
            out += "<tr><th scope=\"row\">" + esc(t.title) + "<br><small><code>" + esc(kind) + "</code></small></th><td>" +
                   esc(severity_text(list.front()->text("severity"))) + "</td><td class=\"num\">" +
                   fr_number(static_cast<double>(list.size()), 0) + "</td><td><ul class=\"examples\">" + examples +
                   "</ul></td><td>" + esc(t.action) + "</td></tr>\n";
        }
        out += "</tbody>\n</table></div>\n";
    }
    // Completeness of what the score rests on.
    const auto sites = sites_in(m, scope);
    long long estimated = 0;
    for (std::size_t s : sites) estimated += m.sites[s].text("geom_src") == "estimated" ? 1 : 0;
    out += "<p><strong>Emprises :</strong> " + fr_number(static_cast<double>(estimated), 0) + " des " +
           fr_count(static_cast<long long>(sites.size()), "site") +
           " n'ont qu'un point dans la source ; leur emprise est un disque de la surface déclarée (ou d'une surface "
           "par défaut), dessiné en pointillés et appelé « emprise estimée ».</p>\n";
    if (m.scores && !sites.empty()) {
        std::vector<long long> unknown(m.scores->profile.criteria.size(), 0);
        for (std::size_t s : sites) {
            const auto& crit = m.scores->scores[s].criteria;
            for (std::size_t k = 0; k < crit.size() && k < unknown.size(); ++k) {
                unknown[k] += crit[k].input.state == scoring::State::unknown ? 1 : 0;
            }
        }
        std::string list;
        for (std::size_t k = 0; k < unknown.size(); ++k) {
            if (unknown[k] == 0) continue;
            list += "<li>" + esc(m.scores->profile.criteria[k].label) + " : inconnu pour " +
                    fr_count(unknown[k], "site") + " sur " + fr_number(static_cast<double>(sites.size()), 0) + "</li>";
        }
        out += list.empty() ? "<p>Tous les critères du score sont connus pour tous les sites.</p>\n"
                            : "<p><strong>Critères inconnus</strong> (laissés hors du score, ils baissent la fiabilité et "
                              "élargissent l'intervalle du score) :</p>\n<ul>" + list + "</ul>\n";
    }
    return out;
}

std::string method_section_body(const Model& m) {
    if (!m.scores) return "<p>Les sites n'ont pas été notés : aucun profil de score n'est configuré.</p>\n";
    const auto& p = m.scores->profile;
    std::string out = "<p>Chaque site reçoit un <strong>score de priorité de 0 à 100</strong> calculé par le profil « " +
                      esc(p.name) + " »" + (p.title.empty() ? std::string{} : " (" + esc(p.title) + ")") +
                      (p.version.empty() ? std::string{} : ", version " + esc(p.version)) +
                      ". Tout ce qui suit est lu dans ce profil : le modifier change la méthode et ce texte.</p>\n<p>" +
                      esc(aggregation_text(p)) + "</p>\n";
    out += "<p>Chaque critère lit une mesure du site, la classe dans une tranche ou une catégorie, qui donne un impact "
           "(de « très défavorable », −2, à « très favorable », +2) ; l'impact multiplié par le poids donne les points. "
           "La <strong>fiabilité</strong> (0 à 10) est la part du poids des critères connus. L'<strong>intervalle</strong> "
           "du score est celui qu'on obtiendrait si chaque critère inconnu prenait sa pire puis sa meilleure valeur.</p>\n";
    out += "<div class=\"table-scroll\"><table class=\"classes\">\n<caption>Classes de priorité</caption>\n<thead><tr>"
           "<th scope=\"col\">Classe</th><th scope=\"col\">Score minimal</th><th scope=\"col\">Libellé</th></tr></thead><tbody>\n";
    for (const auto& c : p.classes) {
        out += "<tr><th scope=\"row\">" + esc(c.name) + "</th><td class=\"num\">" + fr_number(c.min, c.min == static_cast<int>(c.min) ? 0 : 1) +
               "</td><td>" + esc(c.label) + "</td></tr>\n";
    }
    out += "</tbody></table></div>\n";
    out += "<div class=\"table-scroll\"><table class=\"criteria\">\n<caption>Critères, poids et barèmes (poids total " +
           fr_number(p.total_weight(), 1) + ")</caption>\n<thead><tr><th scope=\"col\">Critère</th><th scope=\"col\">Mesure</th>"
           "<th scope=\"col\">Poids</th><th scope=\"col\">Barème" + (p.uses.size() > 1 ? " (impact par usage : " : "") +
           [&] {
               std::string u;
               if (p.uses.size() > 1) {
                   for (const auto& x : p.uses) u += (u.empty() ? "" : ", ") + esc(x);
                   u += ")";
               }
               return u;
           }() + "</th></tr></thead>\n<tbody>\n";
    auto impacts = [&](const std::vector<scoring::Impact>& list) {
        if (list.size() == 1) return impact_text(list.front());
        std::string t;
        for (auto i : list) t += (t.empty() ? "" : " / ") + impact_symbol(i);
        return t;
    };
    for (const auto& c : p.criteria) {
        std::string scale = "<ul class=\"scale\">";
        for (std::size_t b = 0; b < c.bands.size(); ++b) {
            scale += "<li>" + esc(band_text(c, b)) + " : " + esc(impacts(c.bands[b].impacts)) + "</li>";
        }
        for (const auto& cat : c.categories) scale += "<li>" + esc(cat.value) + " : " + esc(impacts(cat.impacts)) + "</li>";
        if (c.none_found_number) scale += "<li>aucun trouvé : compté comme " + esc(criterion_number(c, *c.none_found_number)) + "</li>";
        if (c.none_found_value) scale += "<li>aucun trouvé : compté comme « " + esc(*c.none_found_value) + " »</li>";
        scale += "</ul>";
        out += "<tr><th scope=\"row\">" + esc(c.label) + "</th><td><code>" + esc(c.measure) + "</code></td><td class=\"num\">" +
               fr_number(c.weight, c.weight == static_cast<int>(c.weight) ? 0 : 1) + "</td><td>" + scale + "</td></tr>\n";
    }
    out += "</tbody></table></div>\n";
    if (!p.exclusions.empty()) {
        out += "<p><strong>Exclusions :</strong> un site est retiré du classement (« exclu ») quand</p>\n<ul>";
        for (const auto& e : p.exclusions) {
            std::string when;
            for (const auto& [k, v] : e.when) when += (when.empty() ? "" : " et ") + k + " = « " + v + " »";
            out += "<li>" + esc(e.label) + " (" + esc(when) + ")</li>";
        }
        out += "</ul>\n";
    }
    out += "<p>Le rang ordonne les sites du territoire par score décroissant ; à score égal, le site dont le score "
           "maximal est le plus haut passe devant. La fiche de chaque site donne le détail critère par critère, avec "
           "les mêmes nombres que la commande <code>foncier explain</code>.</p>\n";
    return out;
}

std::string provenance_section_body(const Model& m) {
    const RunInfo& r = m.run;
    std::string out = "<p>Ce rapport est produit par <strong>foncier " + esc(r.version) + "</strong> (" + esc(r.libraries) +
                      ") à partir des sorties d'un même calcul : configuration <code>" + esc(r.config) +
                      "</code> (sha256 <code class=\"hash\">" + esc(r.config_sha256.substr(0, 16)) +
                      "…</code>), système de coordonnées " + esc(r.crs) + ", profil <code>" + esc(r.profile_path) +
                      "</code> (sha256 <code class=\"hash\">" + esc(r.profile_sha256.substr(0, 16)) +
                      "…</code>). Il ne porte aucune date de production : relancé sur les mêmes données, il donne des fichiers "
                      "identiques octet pour octet. Les dates ci-dessous sont celles des données.</p>\n";
    out += "<div class=\"table-scroll\"><table class=\"inputs\">\n<caption>Données d'entrée</caption>\n<thead><tr>"
           "<th scope=\"col\">Rôle</th><th scope=\"col\">Jeu de données</th><th scope=\"col\">Producteur</th>"
           "<th scope=\"col\">Licence</th><th scope=\"col\">Millésime</th><th scope=\"col\">Objets</th>"
           "<th scope=\"col\">Synthétique</th><th scope=\"col\">sha256</th></tr></thead>\n<tbody>\n";
    bool osm = false;
    for (const auto& i : r.inputs) {
        osm = osm || mentions_osm(i.licence) || mentions_osm(i.publisher);
        out += std::string("<tr") + (i.synthetic ? " class=\"synthetic\"" : "") + "><td>" + esc(i.role) + "</td><td><code>" +
               esc(i.dataset) + "</code><br><small>" + esc(i.path) + "</small></td><td>" + esc(i.publisher) + "</td><td>" +
               esc(i.licence) + "</td><td>" + esc(fr_date(i.vintage)) + "</td><td class=\"num\">" +
               fr_number(static_cast<double>(i.features), 0) + "</td><td>" + (i.synthetic ? "<strong>oui</strong>" : "non") +
               "</td><td><code class=\"hash\" title=\"" + esc(i.sha256) + "\">" + esc(i.sha256.substr(0, 12)) + "…</code></td></tr>\n";
    }
    out += "</tbody></table></div>\n";
    if (osm) out += "<p class=\"attribution\">Contient des données © les contributeurs d'OpenStreetMap (ODbL).</p>\n";
    out += "<p>Bibliothèque cartographique : Leaflet (licence BSD-2), copiée depuis le paquet Debian <code>libjs-leaflet</code> ; "
           "aucune ressource n'est chargée depuis Internet.</p>\n";
    return out;
}

}  // namespace foncier::report::atlas
