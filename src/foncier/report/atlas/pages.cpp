#include "foncier/report/atlas/pages.hpp"

#include "foncier/report/atlas/about.hpp"
#include "foncier/report/atlas/figures.hpp"
#include "foncier/report/atlas/format.hpp"
#include "foncier/report/atlas/page.hpp"
#include "foncier/report/atlas/tables.hpp"

namespace foncier::report::atlas {

namespace {

std::string intro(const Model& m, const Scope& scope) {
    const auto sites = sites_in(m, scope);
    double ha = 0;
    for (std::size_t s : sites) ha += m.sites[s].number("surf_m2") / 1e4;
    std::string vintage;
    for (const auto& i : m.run.inputs) {
        if (i.role == "friches") vintage = fr_date(i.vintage);
    }
    return "<p class=\"lead\">" + esc(scope.name) + " compte <strong>" + fr_count(static_cast<long long>(sites.size()), "site") +
           " de friches</strong> pour <strong>" + fr_ha(ha) + "</strong>" +
           (vintage.empty() ? std::string{} : " (inventaire du " + esc(vintage) + ")") +
           ". Chaque site est noté de 0 à 100 selon sa priorité de remobilisation pour l'activité économique ; le "
           "classement, la méthode et les sources sont détaillés plus bas. Cet atlas présente " + esc(m.selection) +
           " et fonctionne hors ligne : il peut être copié, zippé et ouvert sur un autre poste.</p>\n";
}

std::vector<std::pair<std::string, std::string>> menu(const Model& m, bool epci) {
    std::vector<std::pair<std::string, std::string>> out = {
        {"Chiffres clés", "#chiffres"}, {"Carte", "#carte"}, {"Graphiques", "#graphiques"}, {"Sites", "#sites"}};
    if (epci) {
        out.emplace_back("Communes", "#communes");
        out.emplace_back("Inventaire ZAE", "#zae");
    } else {
        out.emplace_back("EPCI", "#epci");
    }
    if (!epci) {
        for (const auto& x : m.extra_sections) out.emplace_back(x.title, "#" + x.id);
    }
    out.emplace_back("Qualité des données", "#qualite");
    out.emplace_back("Méthode", "#methode");
    out.emplace_back("Sources", "#sources");
    return out;
}

}  // namespace

std::string territory_page(const Model& m) {
    const Scope scope{std::nullopt, "", m.run.territory};
    PageSpec spec;
    spec.title = "Friches et foncier économique — " + m.run.territory;
    spec.kind = "territoire";
    spec.data_scripts = {"data/territoire.js"};
    spec.breadcrumb = {{m.run.territory, "index.html"}};
    spec.menu = menu(m, false);
    std::string main = intro(m, scope);
    main += section("chiffres", "Chiffres clés", key_figures(m, scope));
    main += section("carte", "Carte du territoire", map_section(m, scope, "territoire"));
    main += section("graphiques", "Graphiques", charts(m, scope));
    main += section("sites", "Les sites", sites_table(m, scope));
    main += section("epci", "Les intercommunalités", epci_table(m));
    for (const auto& x : m.extra_sections) main += section(x.id, x.title, x.html);
    main += section("qualite", "Qualité des données", quality_section_body(m, scope));
    main += section("methode", "Méthode du score", method_section_body(m));
    main += section("sources", "Sources et reproductibilité", provenance_section_body(m));
    return html_page(m, spec, main);
}

std::string epci_page(const Model& m, const Record& e) {
    const std::string siren = e.text("siren");
    const Scope scope{siren, "../", e.text("nom")};
    PageSpec spec;
    spec.title = e.text("nom");
    spec.root = "../";
    spec.kind = "epci";
    spec.data_scripts = {"data/epci-" + file_stem(siren) + ".js"};
    spec.breadcrumb = {{m.run.territory, "index.html"}, {e.text("nom"), ""}};
    spec.menu = menu(m, true);
    std::string main = "<p class=\"subtitle\">Établissement public de coopération intercommunale · SIREN " + esc(siren) + " · " +
                       fr_count(static_cast<long long>(e.number("n_communes")), "commune") + " · " +
                       fr_number(e.number("pop"), 0) + std::string(nbsp) + "habitants</p>\n";
    main += intro(m, scope);
    main += section("chiffres", "Chiffres clés", key_figures(m, scope));
    main += section("carte", "Carte de l'intercommunalité", map_section(m, scope, "epci-" + file_stem(siren)));
    main += section("graphiques", "Graphiques", charts(m, scope));
    main += section("sites", "Les sites", sites_table(m, scope));
    main += section("communes", "Les communes", communes_table(m, scope));
    main += section("zae", "Inventaire des zones d'activité économique (art. L318-8-2)", zae_table(m, scope));
    main += section("qualite", "Qualité des données", quality_section_body(m, scope));
    main += section("methode", "Méthode du score", method_section_body(m));
    main += section("sources", "Sources et reproductibilité", provenance_section_body(m));
    return html_page(m, spec, main);
}

}  // namespace foncier::report::atlas
