#include "foncier/report/atlas/tables.hpp"

#include <algorithm>
#include <set>

#include "foncier/report/atlas/data.hpp"
#include "foncier/report/atlas/figures.hpp"
#include "foncier/report/atlas/format.hpp"
#include "foncier/report/atlas/labels.hpp"
#include "foncier/report/atlas/style.hpp"

namespace foncier::report::atlas {

namespace {

std::string th(const std::string& label, const std::string& type) {
    return "<th scope=\"col\" data-type=\"" + type + "\"><button type=\"button\" class=\"sort\">" + esc(label) +
           "</button></th>";
}

std::string td_num(const std::string& text, double v, int decimals = 4) {
    return "<td class=\"num\" data-v=\"" + plain_number(v, decimals) + "\">" + text + "</td>";
}

}  // namespace

std::string sites_table(const Model& m, const Scope& scope) {
    std::vector<std::size_t> rows;
    for (std::size_t s : m.shown) {
        if (scope.contains(m.sites[s])) rows.push_back(s);
    }
    std::set<std::string> statuses, classes;
    for (std::size_t s : rows) {
        statuses.insert(m.sites[s].text("statut"));
        classes.insert(m.class_of(s));
    }
    std::string out = "<div class=\"filters\" role=\"search\">\n"
                      "<label>Rechercher <input type=\"search\" class=\"f-text\" placeholder=\"nom, commune, motif…\"></label>\n"
                      "<label>Classe <select class=\"f-classe\"><option value=\"\">toutes</option>";
    for (const auto& c : classes) out += "<option>" + esc(c) + "</option>";
    out += "</select></label>\n<label>Statut <select class=\"f-statut\"><option value=\"\">tous</option>";
    for (const auto& s : status_order({statuses.begin(), statuses.end()})) out += "<option>" + esc(s) + "</option>";
    out += "</select></label>\n<p class=\"f-count\" aria-live=\"polite\">" + fr_count(static_cast<long long>(rows.size()), "site") +
           "</p>\n</div>\n";
    out += "<div class=\"table-scroll\"><table class=\"sites sortable\">\n<caption>Sites de friches présentés (" + esc(m.selection) +
           "), par rang de priorité ; cliquer sur un en-tête pour trier</caption>\n<thead><tr>" + th("Rang", "num") +
           th("Site", "text") + th("Commune", "text") + th("Surface", "num") + th("Statut", "text") + th("Classe", "text") +
           th("Score", "num") + "<th scope=\"col\">Motifs</th></tr></thead>\n<tbody>\n";
    for (std::size_t s : rows) {
        const Record& r = m.sites[s];
        const auto rank = m.rank(s);
        const std::string name = r.text("nom").empty() ? r.text("site_id") : r.text("nom");
        const std::string cls = m.class_of(s);
        const std::string colour = m.scores ? class_colour(m.scores->profile, cls) : "#555";
        out += "<tr data-classe=\"" + esc(cls) + "\" data-statut=\"" + esc(r.text("statut")) + "\">" +
               td_num(rank ? std::to_string(*rank) : "–", rank ? static_cast<double>(*rank) : 1e9, 0) + "<td><a href=\"" +
               esc(scope.root + sheet_href(m, s)) + "\">" + esc(name) + "</a><br><small>" + esc(r.text("site_id")) +
               "</small></td><td>" + esc(r.text("commune")) + "</td>" + td_num(fr_ha(r.number("surf_m2") / 1e4), r.number("surf_m2")) +
               "<td>" + esc(r.text("statut")) + "</td><td data-v=\"" + esc(cls) + "\"><span class=\"badge\" style=\"background:" +
               colour + "\">" + esc(cls) + "</span></td>" + td_num(fr_number(m.score_of(s), 1), m.score_of(s), 2) + "<td class=\"motifs\">" +
               esc(french_decimals(m.scores ? m.scores->scores[s].motifs : r.text("motifs"))) + "</td></tr>\n";
    }
    return out + "</tbody>\n</table></div>\n";
}

std::string communes_table(const Model& m, const Scope& scope) {
    std::vector<const Record*> rows;
    for (std::size_t k : communes_in(m, scope)) rows.push_back(&m.communes[k]);
    std::stable_sort(rows.begin(), rows.end(), [](const Record* a, const Record* b) {
        return a->number("sites_ha") > b->number("sites_ha");
    });
    std::string out = "<div class=\"table-scroll\"><table class=\"communes sortable\">\n<caption>Communes de " + esc(scope.name) +
                      " : friches recensées (par hectares décroissants)</caption>\n<thead><tr>" + th("Commune", "text") +
                      th("Code INSEE", "text") + th("Population", "num") + th("Sites", "num") + th("Hectares de friches", "num") +
                      "</tr></thead>\n<tbody>\n";
    for (const Record* c : rows) {
        out += "<tr><td>" + esc(c->text("nom")) + "</td><td>" + esc(c->text("insee")) + "</td>" +
               td_num(fr_number(c->number("pop"), 0), c->number("pop"), 0) + td_num(fr_number(c->number("n_sites"), 0), c->number("n_sites"), 0) +
               td_num(c->number("sites_ha") > 0 ? fr_ha(c->number("sites_ha")) : "–", c->number("sites_ha")) + "</tr>\n";
    }
    return out + "</tbody>\n</table></div>\n";
}

std::string zae_table(const Model& m, const Scope& scope) {
    if (!scope.epci) return {};
    auto it = m.zae.find(*scope.epci);
    if (it == m.zae.end()) {
        return "<p>Aucun inventaire des zones d'activité économique n'a été produit pour cet EPCI (pas de parc "
               "d'activités dans les données).</p>\n";
    }
    const ZaeTable& t = it->second;
    // The columns a reader needs, with French headers; the CSV keeps them all.
    static const std::vector<std::pair<std::string, std::string>> columns = {
        {"site_nom", "Zone"}, {"site_comm_nom", "Commune"}, {"site_vocadomi", "Vocation"}, {"site_etat", "État"},
        {"site_surf_brute", "Surface brute (ha)"}, {"site_surf_utile", "Surface utile (ha)"},
        {"site_uf_nbre", "Unités foncières"}, {"site_uf_vacant_nbre", "Unités vacantes"},
        {"site_taux_vacance", "Taux de vacance (%)"}, {"site_nb_etab", "Établissements"},
        {"site_surf_comm_dispo", "Disponible (ha)"}, {"nb_friches", "Friches"}, {"date_donnees", "Date des données"}};
    std::vector<std::pair<std::size_t, std::string>> used;
    for (const auto& [name, label] : columns) {
        auto c = std::find(t.columns.begin(), t.columns.end(), name);
        if (c != t.columns.end()) used.emplace_back(static_cast<std::size_t>(c - t.columns.begin()), label);
    }
    std::string out = "<p>Inventaire des zones d'activité économique prévu par l'article L318-8-2 du code de "
                      "l'urbanisme, tel qu'écrit dans <code>" + esc(t.file) + "</code> (colonnes du standard CNIG "
                      "Sites économiques ; le fichier contient toutes les colonnes).</p>\n"
                      "<div class=\"table-scroll\"><table class=\"zae sortable\">\n<caption>Inventaire ZAE de " + esc(scope.name) +
                      " (" + fr_count(static_cast<long long>(t.rows.size()), "zone") + ")</caption>\n<thead><tr>";
    for (const auto& [i, label] : used) out += th(label, i >= 4 && label != "Date des données" ? "num" : "text");
    out += "</tr></thead>\n<tbody>\n";
    for (const auto& row : t.rows) {
        out += "<tr>";
        for (const auto& [i, label] : used) {
            const std::string& v = i < row.size() ? row[i] : std::string{};
            if (label == "Date des données") {
                out += "<td>" + esc(fr_date(v)) + "</td>";
                continue;
            }
            const auto n = to_number(Value{v});
            if (n && label != "Zone" && label != "Commune") {
                const bool whole = *n == static_cast<double>(static_cast<long long>(*n)) && v.find('.') == std::string::npos;
                out += td_num(fr_number(*n, whole ? 0 : (label.find("%") != std::string::npos ? 1 : 2)), *n);
            } else {
                out += "<td>" + esc(v) + "</td>";
            }
        }
        out += "</tr>\n";
    }
    return out + "</tbody>\n</table></div>\n";
}

std::string epci_table(const Model& m) {
    std::string out = "<div class=\"table-scroll\"><table class=\"epci sortable\">\n<caption>Intercommunalités du territoire"
                      "</caption>\n<thead><tr>" + th("EPCI", "text") + th("Communes", "num") + th("Population", "num") +
                      th("Sites", "num") + th("Hectares de friches", "num") + th("Parcs", "num") + th("Vacance", "num") +
                      th("Disponible", "num") + "</tr></thead>\n<tbody>\n";
    for (const auto& e : m.epci) {
        out += "<tr><td><a href=\"epci/" + esc(file_stem(e.text("siren"))) + ".html\">" + esc(e.text("nom")) + "</a><br><small>SIREN " +
               esc(e.text("siren")) + "</small></td>" + td_num(fr_number(e.number("n_communes"), 0), e.number("n_communes"), 0) +
               td_num(fr_number(e.number("pop"), 0), e.number("pop"), 0) + td_num(fr_number(e.number("n_sites"), 0), e.number("n_sites"), 0) +
               td_num(fr_ha(e.number("sites_ha")), e.number("sites_ha")) + td_num(fr_number(e.number("n_parks"), 0), e.number("n_parks"), 0) +
               td_num(e.maybe("tx_vacance") ? fr_percent(e.number("tx_vacance")) : "–", e.number("tx_vacance")) +
               td_num(fr_ha(e.number("dispo_ha")), e.number("dispo_ha")) + "</tr>\n";
    }
    return out + "</tbody>\n</table></div>\n";
}

}  // namespace foncier::report::atlas
