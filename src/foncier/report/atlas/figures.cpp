#include "foncier/report/atlas/figures.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "foncier/report/atlas/charts.hpp"
#include "foncier/report/atlas/data.hpp"
#include "foncier/report/atlas/format.hpp"
#include "foncier/report/atlas/style.hpp"

namespace foncier::report::atlas {

namespace {

double ha(const Record& r) { return r.number("surf_m2") / 1e4; }

std::string card(const std::string& value, const std::string& label, const std::string& note = {}) {
    return "<div class=\"card\"><p class=\"card-value\">" + value + "</p><p class=\"card-label\">" + label + "</p>" +
           (note.empty() ? std::string{} : "<p class=\"card-note\">" + note + "</p>") + "</div>\n";
}

std::vector<std::string> class_names(const Model& m) {
    std::vector<std::string> out;
    if (m.scores) {
        for (const auto& c : m.scores->profile.classes) out.push_back(c.name);
    }
    out.push_back("exclu");
    return out;
}

std::size_t issues_in(const Model& m, const Scope& scope) {
    return scope.epci ? m.members(*scope.epci).issues.size() : m.issues.size();
}

}  // namespace

std::vector<std::size_t> parks_in(const Model& m, const Scope& scope) {
    if (scope.epci) return m.members(*scope.epci).parks;
    std::vector<std::size_t> out(m.parks.size());
    for (std::size_t k = 0; k < out.size(); ++k) out[k] = k;
    return out;
}

std::vector<std::size_t> communes_in(const Model& m, const Scope& scope) {
    if (scope.epci) return m.members(*scope.epci).communes;
    std::vector<std::size_t> out(m.communes.size());
    for (std::size_t k = 0; k < out.size(); ++k) out[k] = k;
    return out;
}

std::vector<std::size_t> sites_in(const Model& m, const Scope& scope) {
    if (scope.epci) return m.members(*scope.epci).sites;
    std::vector<std::size_t> out;
    for (std::size_t s = 0; s < m.sites.size(); ++s) {
        if (m.sites[s].text("dans_terr") != "0") out.push_back(s);
    }
    return out;
}

std::string key_figures(const Model& m, const Scope& scope) {
    const auto sites = sites_in(m, scope);
    double total = 0;
    std::map<std::string, std::pair<long long, double>> by_status;
    std::map<std::string, std::map<std::string, double>> cross;  // status -> class -> ha
    std::map<std::string, std::pair<long long, double>> by_class;
    for (std::size_t s : sites) {
        const double h = ha(m.sites[s]);
        total += h;
        const std::string st = m.sites[s].text("statut").empty() ? "inconnu" : m.sites[s].text("statut");
        by_status[st].first += 1;
        by_status[st].second += h;
        const std::string cls = m.class_of(s);
        cross[st][cls] += h;
        by_class[cls].first += 1;
        by_class[cls].second += h;
    }
    long long plots = 0, vacant = 0, parks = 0;
    double dispo = 0, parks_ha = 0;
    for (std::size_t k : parks_in(m, scope)) {
        const Record& p = m.parks[k];
        ++parks;
        plots += static_cast<long long>(p.number("n_plots"));
        vacant += static_cast<long long>(p.number("n_vacant"));
        dispo += p.number("dispo_ha");
        parks_ha += p.number("surf_ha");
    }
    const auto names = class_names(m);
    std::string top_classes;
    long long top_n = 0;
    double top_ha = 0;
    if (m.scores && m.scores->profile.classes.size() >= 2) {
        for (std::size_t k = 0; k < 2; ++k) {
            const auto& c = m.scores->profile.classes[k].name;
            top_classes += (k ? "–" : "") + c;
            top_n += by_class[c].first;
            top_ha += by_class[c].second;
        }
    }
    std::string out = "<div class=\"cards\">\n";
    out += card(fr_number(static_cast<double>(sites.size()), 0), "sites de friches", fr_ha(total) + " au total");
    if (!top_classes.empty()) {
        out += card(fr_number(static_cast<double>(top_n), 0), "sites en classe " + esc(top_classes),
                    fr_ha(top_ha) + " prioritaires");
    }
    if (parks > 0) {
        out += card(fr_number(static_cast<double>(parks), 0), "parcs d'activités", fr_ha(parks_ha));
        out += card(fr_number(static_cast<double>(plots), 0), "unités foncières", fr_count(vacant, "vacante"));
        out += card(plots > 0 ? fr_share(static_cast<double>(vacant) / static_cast<double>(plots)) : "–",
                    "taux de vacance", "unités vacantes / unités");
        out += card(fr_ha(dispo), "disponibles dans les parcs");
    }
    const std::size_t issues = issues_in(m, scope);
    out += card(fr_number(static_cast<double>(issues), 0), "signalements sur les données",
                "<a href=\"#qualite\">voir la qualité des données</a>");
    out += "</div>\n";
    // Hectares by status and class: one table, totals in the last row and column.
    std::vector<std::string> statuses;
    for (const auto& [st, v] : by_status) statuses.push_back(st);
    statuses = status_order(statuses);
    std::vector<std::string> used;
    for (const auto& c : names) {
        if (by_class.contains(c)) used.push_back(c);
    }
    out += "<div class=\"table-scroll\"><table class=\"cross\">\n<caption>Hectares de friches par statut et par classe de "
           "priorité (nombre de sites entre parenthèses)</caption>\n<thead><tr><th scope=\"col\">Statut</th>";
    for (const auto& c : used) out += "<th scope=\"col\">" + (c == "exclu" ? std::string("Exclus") : "Classe " + esc(c)) + "</th>";
    out += "<th scope=\"col\">Total</th></tr></thead>\n<tbody>\n";
    for (const auto& st : statuses) {
        out += "<tr><th scope=\"row\"><span class=\"sw\" style=\"background:" + status_colour(st) +
               "\" aria-hidden=\"true\"></span>" + esc(st) + "</th>";
        for (const auto& c : used) {
            auto it = cross[st].find(c);
            out += "<td class=\"num\">" + (it == cross[st].end() ? std::string("–") : fr_ha(it->second)) + "</td>";
        }
        out += "<td class=\"num\"><strong>" + fr_ha(by_status[st].second) + "</strong> (" +
               fr_number(static_cast<double>(by_status[st].first), 0) + ")</td></tr>\n";
    }
    out += "</tbody>\n<tfoot><tr><th scope=\"row\">Total</th>";
    for (const auto& c : used) {
        out += "<td class=\"num\">" + fr_ha(by_class[c].second) + " (" + fr_number(static_cast<double>(by_class[c].first), 0) +
               ")</td>";
    }
    out += "<td class=\"num\"><strong>" + fr_ha(total) + "</strong> (" + fr_number(static_cast<double>(sites.size()), 0) +
           ")</td></tr></tfoot>\n</table></div>\n";
    return out;
}

std::string charts(const Model& m, const Scope& scope) {
    const auto sites = sites_in(m, scope);
    std::string out = "<div class=\"charts\">\n";
    // 1. Hectares by EPCI (territory) or by commune (EPCI), stacked by status.
    {
        std::vector<std::string> statuses;
        for (std::size_t s : sites) statuses.push_back(m.sites[s].text("statut").empty() ? "inconnu" : m.sites[s].text("statut"));
        statuses = status_order(statuses);
        StackedChart c;
        c.id = "chart-statut";
        c.unit = "ha";
        for (const auto& st : statuses) c.series.push_back({st, st, status_colour(st)});
        std::map<std::string, std::pair<std::string, std::vector<double>>> groups;  // key -> label, values
        const char* key_field = scope.epci ? "insee" : "epci";
        const char* label_field = scope.epci ? "commune" : "epci_nom";
        for (std::size_t s : sites) {
            const Record& r = m.sites[s];
            auto& g = groups[r.text(key_field)];
            if (g.first.empty()) g.first = r.text(label_field).empty() ? "hors EPCI" : r.text(label_field);
            g.second.resize(statuses.size());
            const std::string st = r.text("statut").empty() ? "inconnu" : r.text("statut");
            g.second[static_cast<std::size_t>(std::find(statuses.begin(), statuses.end(), st) - statuses.begin())] += ha(r);
        }
        std::vector<StackedBar> bars;
        for (const auto& [key, g] : groups) {
            double t = 0;
            for (double v : g.second) t += v;
            bars.push_back({g.first, scope.epci ? std::string{} : "epci/" + file_stem(key) + ".html", g.second, fr_ha(t)});
        }
        std::stable_sort(bars.begin(), bars.end(), [](const StackedBar& a, const StackedBar& b) {
            double ta = 0, tb = 0;
            for (double v : a.values) ta += v;
            for (double v : b.values) tb += v;
            return ta > tb;
        });
        const std::size_t shown = std::min<std::size_t>(bars.size(), 15);
        c.title = std::string("Hectares de friches par ") + (scope.epci ? "commune" : "EPCI") + " et par statut";
        c.desc = c.title + (bars.size() > shown ? " (les " + std::to_string(shown) + " premiers)" : std::string{}) + " : ";
        for (std::size_t i = 0; i < shown; ++i) c.desc += (i ? " ; " : "") + bars[i].label + " " + bars[i].total_text;
        c.desc += ".";
        bars.resize(shown);
        c.bars = std::move(bars);
        out += "<figure class=\"chart-fig\">\n" + stacked_chart_svg(c) + "<figcaption>" + esc(c.title) +
               ". Survoler une barre pour lire sa valeur.</figcaption>\n</figure>\n";
    }
    if (m.scores) {
        // 2. Scores by class: a histogram of 5-point bins stacked by class.
        const auto& p = m.scores->profile;
        Histogram h;
        h.id = "chart-scores";
        h.title = "Répartition des scores de priorité, par classe";
        h.x_label = "score de priorité (0 à 100)";
        for (const auto& c : p.classes) h.series.push_back({c.name, c.name + " — " + c.label, class_colour(p, c.name)});
        h.counts.assign(20, std::vector<long long>(p.classes.size(), 0));
        long long scored = 0;
        for (std::size_t s : sites) {
            if (m.scores->scores[s].excluded) continue;
            const double v = m.score_of(s);
            const auto bin = std::min<std::size_t>(19, static_cast<std::size_t>(std::max(0.0, v) / 5.0));
            const std::string cls = m.class_of(s);
            for (std::size_t k = 0; k < p.classes.size(); ++k) {
                if (p.classes[k].name == cls) ++h.counts[bin][k];
            }
            ++scored;
        }
        for (const auto& c : p.classes) {
            if (c.min > 0) h.marks.emplace_back(c.min, c.name + " ≥ " + fr_number(c.min, c.min == static_cast<int>(c.min) ? 0 : 1));
        }
        h.desc = "Histogramme des scores de " + fr_count(scored, "site noté", "sites notés") + " par tranches de 5 points :";
        for (std::size_t k = 0; k < p.classes.size(); ++k) {
            long long n = 0;
            for (const auto& bin : h.counts) n += bin[k];
            h.desc += (k ? "," : "") + std::string(" classe ") + p.classes[k].name + " " + fr_count(n, "site");
        }
        h.desc += ".";
        out += "<figure class=\"chart-fig\">\n" + histogram_svg(h) + "<figcaption>" + esc(h.title) +
               " ; les traits pointillés marquent les seuils des classes.</figcaption>\n</figure>\n";
        // 3. The first 20 of the ranking.
        std::vector<std::size_t> ranked;
        for (std::size_t s : sites) {
            if (m.rank(s)) ranked.push_back(s);
        }
        std::sort(ranked.begin(), ranked.end(), [&](std::size_t a, std::size_t b) { return *m.rank(a) < *m.rank(b); });
        if (ranked.size() > 20) ranked.resize(20);
        BarChart b;
        b.id = "chart-top";
        b.title = "Les " + std::to_string(ranked.size()) + " premiers sites du classement";
        b.max = 100;
        b.desc = b.title + " (rang, nom, score sur 100) :";
        for (std::size_t s : ranked) {
            const Record& r = m.sites[s];
            const std::string label = std::to_string(*m.rank(s)) + ". " + (r.text("nom").empty() ? r.text("site_id") : r.text("nom")) +
                                      " (" + r.text("commune") + ")";
            b.bars.push_back({label, m.score_of(s), fr_number(m.score_of(s), 1) + " · " + m.class_of(s),
                              class_colour(p, m.class_of(s)), has_sheet(m, s) ? scope.root + sheet_href(m, s) : std::string{}});
            b.desc += " " + label + " " + fr_number(m.score_of(s), 1) + " ;";
        }
        out += "<figure class=\"chart-fig\">\n" + bar_chart_svg(b) + "<figcaption>" + esc(b.title) +
               " : score sur 100, couleur de la classe ; un clic ouvre la fiche.</figcaption>\n</figure>\n";
    }
    // 4. Vacancy by park.
    std::vector<const Record*> parks;
    for (std::size_t k : parks_in(m, scope)) {
        if (m.parks[k].maybe("tx_vacance")) parks.push_back(&m.parks[k]);
    }
    if (!parks.empty()) {
        std::stable_sort(parks.begin(), parks.end(), [](const Record* a, const Record* b) {
            return a->number("tx_vacance") > b->number("tx_vacance");
        });
        const std::size_t total = parks.size();
        if (parks.size() > 25) parks.resize(25);
        BarChart b;
        b.id = "chart-vacance";
        b.title = "Taux de vacance des parcs d'activités" +
                  (total > parks.size() ? " (les " + std::to_string(parks.size()) + " plus élevés sur " + std::to_string(total) + ")"
                                        : std::string{});
        b.desc = b.title + " :";
        for (const Record* pk : parks) {
            const double tx = pk->number("tx_vacance");
            b.bars.push_back({pk->text("nom"), tx,
                              fr_percent(tx) + " · " + fr_number(pk->number("n_vacant"), 0) + "/" + fr_number(pk->number("n_plots"), 0),
                              step_of(vacancy_steps(), tx).colour, {}});
            b.desc += " " + pk->text("nom") + " " + fr_percent(tx) + " ;";
        }
        out += "<figure class=\"chart-fig\">\n" + bar_chart_svg(b) + "<figcaption>" + esc(b.title) +
               " : unités foncières vacantes sur unités foncières du parc.</figcaption>\n</figure>\n";
    }
    return out + "</div>\n";
}

}  // namespace foncier::report::atlas
