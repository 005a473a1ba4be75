#include "foncier/report/atlas/sheet.hpp"

#include <algorithm>
#include <set>

#include "foncier/report/atlas/data.hpp"
#include "foncier/report/atlas/format.hpp"
#include "foncier/report/atlas/labels.hpp"
#include "foncier/report/atlas/page.hpp"
#include "foncier/report/atlas/style.hpp"

namespace foncier::report::atlas {

namespace {

std::string row(const std::string& label, const std::string& html) {
    return "<tr><th scope=\"row\">" + esc(label) + "</th><td>" + html + "</td></tr>\n";
}

std::string reliability_words(double fiab) {
    if (fiab >= 9) return "très fiable";
    if (fiab >= 7) return "fiable";
    if (fiab >= 5) return "moyennement fiable";
    if (fiab >= 3) return "peu fiable";
    return "très peu fiable";
}

// Values that land in each band or category of a criterion, to try in place of an unknown.
std::vector<scoring::Input> candidates(const scoring::Criterion& c) {
    std::vector<scoring::Input> out;
    for (const auto& cat : c.categories) out.push_back(scoring::Input::of(cat.value));
    double previous = 0;
    for (std::size_t b = 0; b < c.bands.size(); ++b) {
        const auto& band = c.bands[b];
        double v = 0;
        if (band.bound == scoring::Band::Bound::otherwise) {
            v = b == 0 ? 0 : previous + std::max(1.0, std::abs(previous));
        } else if (band.bound == scoring::Band::Bound::le) {
            v = band.limit;
        } else {
            v = band.limit - std::max(1e-6, std::abs(band.limit) * 1e-6);
        }
        previous = band.limit;
        out.push_back(scoring::Input::of(v));
    }
    return out;
}

}  // namespace

std::vector<std::string> what_would_move(const Model& m, std::size_t s) {
    std::vector<std::string> out;
    if (!m.scores || s >= m.measures.size()) return out;
    const auto& profile = m.scores->profile;
    const auto& score = m.scores->scores[s];
    if (score.excluded) return out;
    const std::string current = m.class_of(s);
    for (const auto& r : score.criteria) {
        if (r.scored || r.input.state != scoring::State::unknown) continue;
        const scoring::Criterion& c = *r.criterion;
        double lo = 101, hi = -1;
        std::string lo_class, hi_class;
        for (const auto& value : candidates(c)) {
            scoring::Inputs inputs = m.measures[s];
            inputs[c.measure] = value;
            const scoring::SiteScore alt = scoring::score_site(profile, inputs);
            if (alt.excluded) continue;
            const double v = alt.score();
            if (v < lo) {
                lo = v;
                lo_class = scoring::classify(profile, v).name;
            }
            if (v > hi) {
                hi = v;
                hi_class = scoring::classify(profile, v).name;
            }
        }
        if (hi < 0) continue;
        std::string text = "<strong>" + esc(c.label) + "</strong> (inconnu" + (r.input.note.empty() ? std::string{} : " : " + esc(note_text(r.input.note))) + ") : ";
        if (lo_class == hi_class && lo_class == current) {
            text += "quelle que soit sa valeur, le site resterait en classe " + esc(current) + " (score de " + fr_number(lo, 1) +
                    " à " + fr_number(hi, 1) + ").";
        } else {
            text += "selon sa valeur, le score irait de " + fr_number(lo, 1) + " (classe " + esc(lo_class) + ") à " +
                    fr_number(hi, 1) + " (classe " + esc(hi_class) + ").";
        }
        out.push_back(text);
    }
    return out;
}

std::string site_sheet(const Model& m, std::size_t s) {
    const Record& r = m.sites[s];
    const std::string id = r.text("site_id");
    const std::string name = r.text("nom").empty() ? id : r.text("nom");
    const std::string epci = r.text("epci");
    PageSpec spec;
    spec.title = name;
    spec.root = "../";
    spec.kind = "fiche";
    spec.data_scripts = {"data/sites/" + file_stem(id) + ".js"};
    spec.breadcrumb.emplace_back(m.run.territory, "index.html");
    if (!epci.empty()) spec.breadcrumb.emplace_back(r.text("epci_nom"), "epci/" + file_stem(epci) + ".html");
    spec.breadcrumb.emplace_back(name, "");

    std::string main = "<p class=\"subtitle\">" + esc(id) + " · " + esc(r.text("commune")) +
                       (r.text("epci_nom").empty() ? std::string{} : " (" + esc(r.text("epci_nom")) + ")") + "</p>\n";
    // Score panel.
    std::string panel;
    if (m.scores) {
        const auto& sc = m.scores->scores[s];
        const auto& best = sc.best_use();
        const std::string cls = m.class_of(s);
        const std::string colour = class_colour(m.scores->profile, cls);
        std::size_t ranked = 0;
        for (const auto& k : m.scores->ranks) ranked += k ? 1U : 0U;
        if (sc.excluded) {
            std::string why;
            for (const auto& e : best.exclusions) why += (why.empty() ? "" : ", ") + e;
            panel += "<p class=\"score-big\">exclu</p><p>Retiré du classement : " + esc(why) + ".</p>";
        } else {
            const auto& c = scoring::classify(m.scores->profile, best.index);
            panel += "<p class=\"score-big\"><span class=\"score-value\">" + fr_number(best.index, 1) +
                     "</span><span class=\"score-unit\"> / 100</span></p>"
                     "<p><span class=\"badge big\" style=\"background:" + colour + "\">Classe " + esc(cls) + "</span> " +
                     esc(c.label) + "</p>";
            if (m.rank(s)) panel += "<p>Rang <strong>" + std::to_string(*m.rank(s)) + "</strong> sur " + std::to_string(ranked) + "</p>";
        }
        panel += "<p>Fiabilité " + fr_number(sc.reliability, 1) + " / 10 (" + reliability_words(sc.reliability) +
                 ")</p><p>Intervalle selon les critères inconnus : " + fr_number(best.index_min, 1) + " à " +
                 fr_number(best.index_max, 1) + "</p>";
        if (m.scores->profile.uses.size() > 1) panel += "<p>Meilleur usage : " + esc(best.use) + "</p>";
    }
    main += "<div class=\"sheet-top\">\n<div id=\"map\" class=\"map site-map\" data-key=\"site\" data-root=\"../\" role=\"region\" "
            "aria-label=\"Carte du site " + esc(name) + " et de ses environs\"></div>\n<div class=\"score-panel\">" + panel +
            "</div>\n</div>\n";
    main += "<p class=\"map-note\">Carte : emprise du site" +
            std::string(r.text("geom_src") == "estimated" ? " (<strong>emprise estimée</strong> : disque autour du point de la source, en pointillés)" : "") +
            ", parc d'activités, zones de contrainte à proximité, gare et échangeur les plus proches.</p>\n";

    // Identity and surroundings.
    std::string source;
    std::string vintage;
    for (const auto& i : m.run.inputs) {
        if (i.role == "friches") {
            source = i.publisher;
            vintage = fr_date(i.vintage);
        }
    }
    std::string ident = row("Identifiant", "<code>" + esc(id) + "</code>") +
                        row("Commune", esc(r.text("commune")) + " (" + esc(r.text("insee")) + ")") +
                        row("EPCI", esc(r.text("epci_nom")));
    if (!r.text("adresse").empty()) ident += row("Adresse", esc(r.text("adresse")));
    ident += row("Statut", esc(r.text("statut"))) + row("Type", esc(r.text("type"))) +
             row("Source", esc(source) + (vintage.empty() ? std::string{} : ", inventaire du " + esc(vintage)));
    const double decl = r.number("surf_decl", -1);
    std::string surf = row("Surface de l'emprise", fr_ha(r.number("surf_m2") / 1e4) +
                                                      (r.text("geom_src") == "estimated" ? " (emprise estimée)" : ""));
    surf += row("Surface déclarée", decl >= 0 ? fr_ha(decl / 1e4) : "non déclarée");
    if (!r.text("gare_nom").empty()) surf += row("Gare la plus proche", esc(r.text("gare_nom")) + " à " + fr_distance(r.number("gare_m")));
    for (const auto& layer : m.context) {
        if (layer.kind != "access") continue;
        const Nearest n = nearest(layer, r.geometry);
        if (n.item != nullptr) {
            surf += row(capitalised(layer.label) + " le plus proche", esc(n.item->nom.empty() ? n.item->id : n.item->nom) + " à " +
                                                           fr_distance(n.distance) + (layer.synthetic ? " <em>(synthétique)</em>" : ""));
        }
    }
    std::string park = "hors parc d'activités";
    // The site's park: among its EPCI's parks first, then among all (a park across a border).
    const std::string park_id = r.text("park_id");
    const Record* site_park = nullptr;
    if (!park_id.empty()) {
        for (std::size_t k : m.members(r.text("epci")).parks) {
            if (m.parks[k].text("park_id") == park_id) site_park = &m.parks[k];
        }
        for (std::size_t k = 0; site_park == nullptr && k < m.parks.size(); ++k) {
            if (m.parks[k].text("park_id") == park_id) site_park = &m.parks[k];
        }
    }
    if (site_park != nullptr) {
        const Record& p = *site_park;
        park = esc(p.text("nom")) + (p.maybe("tx_vacance") ? ", vacance " + fr_percent(p.number("tx_vacance")) : std::string{});
    }
    surf += row("Parc d'activités", park);
    if (s < m.measures.size()) {
        for (const auto& layer : m.context) {
            if (layer.kind != "constraint") continue;
            auto it = m.measures[s].find(layer.name + "_share");
            if (it == m.measures[s].end() || !it->second.number) continue;
            surf += row("Part en " + layer.label, fr_share(*it->second.number, 0) + (layer.synthetic ? " <em>(synthétique)</em>" : ""));
        }
    }
    main += "<div class=\"sheet-cols\">\n<table class=\"facts\"><caption>Identité</caption>\n" + ident +
            "</table>\n<table class=\"facts\"><caption>Surfaces et environnement</caption>\n" + surf + "</table>\n</div>\n";

    // Criteria, as `foncier explain` gives them.
    if (m.scores) {
        const auto& p = m.scores->profile;
        const auto& sc = m.scores->scores[s];
        std::string t = "<table class=\"criteria-site\">\n<caption>Détail du score, critère par critère" +
                        std::string(p.uses.size() > 1 ? " (usage « " + esc(sc.best_use().use) + " »)" : "") +
                        "</caption>\n<thead><tr><th scope=\"col\">Critère</th><th scope=\"col\">Valeur</th><th scope=\"col\">Impact</th>"
                        "<th scope=\"col\">Poids</th><th scope=\"col\">Points</th><th scope=\"col\">Remarque</th></tr></thead>\n<tbody>\n";
        for (const auto& c : sc.criteria) {
            const auto& crit = *c.criterion;
            std::string impact = c.input.state == scoring::State::not_applicable ? "s. o." : "?";
            std::string points = "–";
            std::string note = c.input.note;
            if (c.scored) {
                impact = impact_symbol(c.impacts[sc.best]);
                points = points_text(p, c.impacts[sc.best], crit.weight);
                if (!c.matched.empty() && c.input.state != scoring::State::known) note = c.matched + " (" + note + ")";
            } else {
                note = c.why;
            }
            const std::string css = c.scored ? (scoring::value(c.impacts[sc.best]) > 0 ? "pos" : scoring::value(c.impacts[sc.best]) < 0 ? "neg" : "neu") : "unk";
            t += "<tr class=\"" + css + "\"><th scope=\"row\">" + esc(crit.label) + "</th><td>" + esc(criterion_value(crit, c.input)) +
                 "</td><td class=\"num\">" + esc(impact) + "</td><td class=\"num\">" +
                 fr_number(crit.weight, 1) + "</td><td class=\"num\">" + esc(points) + "</td><td class=\"note\">" + esc(note_text(note)) + "</td></tr>\n";
        }
        t += "</tbody>\n<tfoot><tr><th scope=\"row\" colspan=\"4\">A (avantages) = " + fr_number(sc.best_use().advantages, 2) +
             ", C (contraintes) = " + fr_number(sc.best_use().constraints, 2) + "</th><td colspan=\"2\">" +
             (sc.motifs.empty() ? std::string{} : "Motifs : " + esc(french_decimals(sc.motifs))) + "</td></tr></tfoot>\n</table>\n";
        main += t;
        const auto moves = what_would_move(m, s);
        main += "<h2>Ce qui pourrait changer sa classe</h2>\n";
        if (moves.empty()) {
            main += "<p>Tous les critères sont connus : seule une donnée corrigée changerait le score.</p>\n";
        } else {
            main += "<ul class=\"moves\">";
            for (const auto& x : moves) main += "<li>" + x + "</li>";
            main += "</ul>\n";
        }
    }
    // Issues of this site.
    std::string issues;
    for (std::size_t k : m.members(r.text("epci")).issues) {  // the issues of the site's EPCI
        const Record& i = m.issues[k];
        if (i.text("feat_id") != id) continue;
        const IssueKindText t = issue_kind_text(i.text("kind"));
        issues += "<li><strong>" + esc(t.title) + "</strong> (" + esc(severity_text(i.text("severity"))) + ") : " +
                  esc(i.text("message")) + ". <em>" + esc(t.action) + "</em></li>";
    }
    main += "<h2>Signalements sur les données du site</h2>\n" +
            (issues.empty() ? std::string("<p>Aucun.</p>\n") : "<ul class=\"site-issues\">" + issues + "</ul>\n");
    return html_page(m, spec, main);
}

}  // namespace foncier::report::atlas
