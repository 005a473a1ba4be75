#include "foncier/report/atlas/page.hpp"

#include <set>

#include "foncier/report/atlas/format.hpp"
#include "foncier/report/atlas/style.hpp"

namespace foncier::report::atlas {

namespace {

std::string dataset_label(const Model& m, const std::string& dataset) {
    for (const auto& i : m.run.inputs) {
        if (i.dataset != dataset) continue;
        static const std::map<std::string, std::string> roles = {
            {"parks", "parcs d'activités"},        {"plots", "unités foncières des parcs"},
            {"establishments", "établissements"},  {"constraint", "zone de contrainte"},
            {"access", "accès"},                   {"friches", "friches"},
            {"stations", "gares"},                 {"communes", "communes"}};
        for (const auto& c : m.context) {
            if (c.dataset == dataset) return c.label + " (" + dataset + ")";
        }
        auto it = roles.find(i.role);
        return (it != roles.end() ? it->second : i.role) + " (" + dataset + ")";
    }
    return dataset;
}

}  // namespace

std::string section(const std::string& id, const std::string& title, const std::string& body) {
    return "<section id=\"" + esc(id) + "\" aria-labelledby=\"" + esc(id) + "-h\">\n<h2 id=\"" + esc(id) + "-h\">" +
           esc(title) + "</h2>\n" + body + "</section>\n";
}

std::string synthetic_banner(const Model& m) {
    if (m.run.synthetic_datasets.empty()) return {};
    std::string list, short_list;
    for (const auto& d : m.run.synthetic_datasets) {
        list += "<li>" + esc(dataset_label(m, d)) + "</li>";
        short_list += (short_list.empty() ? "" : ", ") + esc(d);
    }
    std::set<std::string> measures;
    for (const auto& [measure, dataset] : m.run.synthetic_measures) measures.insert(measure);
    std::string mlist;
    for (const auto& x : measures) mlist += (mlist.empty() ? "" : ", ") + std::string("<code>") + esc(x) + "</code>";
    return "<aside class=\"banner-synthetic\" role=\"note\" aria-label=\"Données synthétiques\">\n"
           "<p><strong>Attention : données en partie synthétiques.</strong> Les couches suivantes sont inventées pour la "
           "démonstration ; les chiffres, cartes et scores qui en dépendent sont illustratifs et ne décrivent pas la "
           "réalité du terrain.</p>\n<ul>" +
           list + "</ul>\n" +
           (mlist.empty() ? std::string{} : "<p>Mesures des sites concernées : " + mlist + ".</p>\n") +
           "<p class=\"banner-print\"><strong>Données en partie synthétiques</strong> (" + short_list +
           ") : les résultats qui en dépendent sont illustratifs.</p>\n</aside>\n";
}

std::string html_page(const Model& m, const PageSpec& spec, const std::string& main) {
    std::string crumbs;
    for (std::size_t i = 0; i < spec.breadcrumb.size(); ++i) {
        const auto& [label, href] = spec.breadcrumb[i];
        crumbs += i + 1 == spec.breadcrumb.size()
                      ? "<li aria-current=\"page\">" + esc(label) + "</li>"
                      : "<li><a href=\"" + esc(spec.root + href) + "\">" + esc(label) + "</a></li>";
    }
    std::string menu;
    for (const auto& [label, anchor] : spec.menu) menu += "<li><a href=\"" + esc(anchor) + "\">" + esc(label) + "</a></li>";
    std::string scripts = "<script src=\"" + spec.root + "assets/leaflet/leaflet.js\"></script>\n";
    for (const auto& s : spec.data_scripts) scripts += "<script src=\"" + esc(spec.root + s) + "\"></script>\n";
    scripts += "<script src=\"" + spec.root + "assets/atlas.js\"></script>\n";
    const std::string friches_vintage = [&] {
        for (const auto& i : m.run.inputs) {
            if (i.role == "friches") return fr_date(i.vintage);
        }
        return std::string{};
    }();
    return "<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta name=\"generator\" content=\"foncier " + esc(m.run.version) + "\">\n"
           "<title>" + esc(spec.title) + "</title>\n"
           "<link rel=\"stylesheet\" href=\"" + spec.root + "assets/leaflet/leaflet.css\">\n"
           "<link rel=\"stylesheet\" href=\"" + spec.root + "assets/atlas.css\">\n</head>\n"
           "<body class=\"page-" + esc(spec.kind) + "\">\n"
           "<a class=\"skip\" href=\"#contenu\">Aller au contenu</a>\n"
           "<header class=\"top\">\n<p class=\"brand\"><a href=\"" + spec.root + "index.html\">Atlas du foncier économique · " +
           esc(m.run.territory) + "</a></p>\n" +
           (spec.breadcrumb.size() < 2 ? std::string{} : "<nav aria-label=\"Fil d'Ariane\"><ol class=\"crumbs\">" + crumbs + "</ol></nav>\n") +
           (menu.empty() ? std::string{} : "<nav aria-label=\"Sommaire de la page\" class=\"menu\"><ul>" + menu + "</ul></nav>\n") +
           "</header>\n" + synthetic_banner(m) +
           "<main id=\"contenu\">\n<h1>" + esc(spec.title) + "</h1>\n" + main + "</main>\n"
           "<footer class=\"bottom\"><p>Produit par foncier " + esc(m.run.version) + " · profil de score « " +
           esc(m.run.profile_name) + " »" +
           (friches_vintage.empty() ? std::string{} : " · inventaire des friches du " + esc(friches_vintage)) +
           " · fond de carte : communes et EPCI du territoire, sans tuiles ni connexion.</p></footer>\n" + scripts +
           "</body>\n</html>\n";
}

std::string map_section(const Model& m, const Scope& scope, const std::string& key) {
    auto swatch = [](const std::string& colour, const std::string& cls = "sw") {
        return "<span class=\"" + cls + "\" style=\"background:" + esc(colour) + "\" aria-hidden=\"true\"></span>";
    };
    auto group = [&](const std::string& layer, const std::string& title, bool on, const std::string& items) {
        return "<fieldset class=\"lg\"><legend><label><input type=\"checkbox\" data-layer=\"" + esc(layer) + "\"" +
               (on ? " checked" : "") + "> " + esc(title) + "</label></legend>" + items + "</fieldset>\n";
    };
    std::string classes;
    if (m.scores) {
        for (const auto& c : m.scores->profile.classes) {
            classes += "<div>" + swatch(class_colour(m.scores->profile, c.name), "sw dot") + esc(c.name) + " — " +
                       esc(c.label) + "</div>";
        }
        classes += "<div>" + swatch(class_colour(m.scores->profile, "exclu"), "sw dot") + "exclu (non classé)</div>";
    }
    classes += "<div><span class=\"sw est\" aria-hidden=\"true\"></span>emprise estimée (disque autour du point)</div>";
    std::string communes;
    for (const auto& s : friche_ha_steps()) communes += "<div>" + swatch(s.colour) + esc(s.label) + "</div>";
    std::string parks;
    for (const auto& s : vacancy_steps()) parks += "<div>" + swatch(s.colour) + esc(s.label) + "</div>";
    std::string legend = group("sites", "Sites, par classe de priorité", true, classes) +
                         group("communes", "Communes : hectares de friches", true, communes) +
                         group("epci", "Limites des EPCI", true, "<div><span class=\"sw line\" aria-hidden=\"true\"></span>EPCI</div>");
    if (!m.parks.empty()) legend += group("parks", "Parcs d'activités : taux de vacance", true, parks);
    std::size_t zone = 0, access = 0;
    for (const auto& c : m.context) {
        const bool point = c.kind != "constraint";
        const std::string colour = context_colour(!point ? zone++ : c.kind == "access" ? access++ : 0, c.kind);
        legend += group("ctx-" + c.name, c.label + (c.synthetic ? " (synthétique)" : ""), false,
                        "<div>" + swatch(colour, point ? "sw dot" : "sw") + esc(c.label) + "</div>");
    }
    return "<div class=\"map-wrap\">\n<div id=\"map\" class=\"map\" data-key=\"" + esc(key) + "\" data-root=\"" +
           esc(scope.root) + "\" role=\"region\" aria-label=\"Carte interactive : " + esc(scope.name) +
           "\" tabindex=\"0\"></div>\n<div class=\"legend\" id=\"legend\" aria-label=\"Légende et couches\">\n"
           "<p class=\"legend-title\">Légende et couches</p>\n" + legend +
           "<p class=\"hint\">Les sites apparaissent en points à petite échelle, avec leur emprise en zoomant. Un clic "
           "sur un site ouvre sa fiche.</p>\n</div>\n</div>\n";
}

}  // namespace foncier::report::atlas
