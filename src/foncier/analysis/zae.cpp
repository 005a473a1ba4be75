#include "foncier/analysis/zae.hpp"

#include <cmath>
#include <map>
#include <optional>
#include <sstream>

#include "foncier/analysis/parallel.hpp"
#include "foncier/geom/prepared.hpp"
#include "foncier/index/spatial_index.hpp"

namespace foncier::analysis {

namespace {

// Below these, a difference is drawing noise, not a data problem (m², EPSG:2154).
constexpr double k_tolerance_m2 = 1.0;
constexpr double k_tolerance_share = 0.001;

std::vector<geom::Envelope> envelopes(const std::vector<Feature>& items) {
    std::vector<geom::Envelope> out;
    out.reserve(items.size());
    for (const auto& item : items) out.push_back(item.geometry.envelope());
    return out;
}

void report(IssueSink& sink, const std::string& layer, const std::string& id, IssueKind kind,
            Severity severity, std::string message, std::string action, std::optional<XY> at = {}) {
    sink.report({layer, id, kind, severity, std::move(message), std::move(action), at});
}

std::string ha(double m2) {
    std::ostringstream s;
    s.precision(2);
    s << std::fixed << m2 / 1e4 << " ha";
    return s.str();
}

}  // namespace

const char* to_string(VacancyRule r) noexcept {
    return r == VacancyRule::occupancy ? "etat d'occupation (vacant ou friche)" : "aucun etablissement actif";
}

Zae zae_inventory(const std::vector<Feature>& parks, const std::vector<Feature>& plots,
                  const std::vector<Feature>& establishments, const std::vector<Site>& sites,
                  const std::vector<std::optional<std::size_t>>& site_parks, VacancyRule rule, IssueSink& sink) {
    Zae z;
    z.rule = rule;
    z.parks.resize(parks.size());
    z.plots.resize(plots.size());
    std::map<std::string, std::size_t> park_by_id;
    for (std::size_t p = 0; p < parks.size(); ++p) {
        park_by_id[parks[p].id] = p;
        z.parks[p].surf_m2 = parks[p].geometry.area();
    }

    // Plot -> park: the declared parent when it exists, else the park holding most of it.
    // The geometry work runs in parallel into per-plot slots; issues are reported afterwards,
    // in plot order, so the issue list does not depend on thread timing.
    const index::SpatialIndex park_tree(envelopes(parks));
    std::vector<char> declared_known(plots.size(), 0);
    auto park_caches = detail::prepared_caches(parks, plots.size());
    parallel_for_workers(plots.size(), [&](std::size_t worker, std::size_t i) {
        const Feature& plot = plots[i];
        PlotResult& r = z.plots[i];
        r.area_m2 = plot.geometry.area();
        if (auto it = park_by_id.find(plot.attribute("park")); it != park_by_id.end()) {
            r.park = it->second;
            declared_known[i] = 1;
        } else {
            double best = 0.0;
            for (std::size_t p : park_tree.intersecting(plot.geometry.envelope())) {
                const double part = plot.geometry.intersection(parks[p].geometry).area();
                if (part > best) {
                    best = part;
                    r.park = p;
                }
            }
        }
        // A plot inside its park (the usual case) has nothing outside: no overlay needed.
        if (r.park && !park_caches[worker][*r.park].contains(plot.geometry)) {
            r.outside_m2 = r.area_m2 - plot.geometry.intersection(parks[*r.park].geometry).area();
        }
    });
    for (std::size_t i = 0; i < plots.size(); ++i) {
        const Feature& plot = plots[i];
        const PlotResult& r = z.plots[i];
        if (r.area_m2 <= 0.0) {
            report(sink, "plots", plot.id, IssueKind::empty_plot, Severity::warning, "the plot has no area",
                   "counted as a land unit of its declared park with 0 ha; redraw it");
        }
        const std::string declared = plot.attribute("park");
        if (!declared_known[i] && !declared.empty()) {
            report(sink, "plots", plot.id, IssueKind::unknown_park, Severity::warning,
                   "declared park '" + declared + "' is not in the parks layer",
                   r.park ? "attached to " + parks[*r.park].id + " by geometry" : "counted in no park");
        }
        if (r.park && r.outside_m2 > k_tolerance_m2 && r.outside_m2 > k_tolerance_share * r.area_m2) {
            report(sink, "plots", plot.id, IssueKind::plot_outside_park, Severity::warning,
                   ha(r.outside_m2) + " of the plot lie outside its park " + parks[*r.park].id,
                   "counted in " + parks[*r.park].id + "; fix the plot or the park boundary",
                   plot.geometry.point_on_surface().xy());
        }
    }

    // Plots overlapping each other: each pair once (i < j), R-tree candidates, exact area.
    struct Overlap {
        std::size_t other;
        double area;
        XY at;
    };
    const index::SpatialIndex plot_tree(envelopes(plots));
    std::vector<std::vector<Overlap>> overlaps(plots.size());
    parallel_for(plots.size(), [&](std::size_t i) {
        std::optional<geom::PreparedGeometry> prepared;
        const geom::Envelope box = plots[i].geometry.envelope();
        for (std::size_t j : plot_tree.intersecting(box)) {
            // Neighbours sharing an edge are most candidates: their envelopes overlap by less
            // than the tolerance, so they cannot overlap by more.
            if (j <= i || box.overlap_area(plots[j].geometry.envelope()) <= k_tolerance_m2) continue;
            if (!prepared) prepared.emplace(plots[i].geometry);
            if (!prepared->intersects(plots[j].geometry)) continue;
            const geom::Geometry overlap = plots[i].geometry.intersection(plots[j].geometry);
            const double area = overlap.area();
            if (area > k_tolerance_m2) overlaps[i].push_back({j, area, overlap.point_on_surface().xy()});
        }
    });
    for (std::size_t i = 0; i < plots.size(); ++i) {
        for (const auto& o : overlaps[i]) {
            report(sink, "plots", plots[i].id, IssueKind::plots_overlap, Severity::warning,
                   "overlaps plot " + plots[o.other].id + " over " + ha(o.area),
                   "both kept; the overlap is counted twice in the surfaces", o.at);
        }
    }

    // Establishment -> plot: the plot covering the point (boundary points go to the first
    // plot in id order, so a point on a shared edge is counted once).
    z.establishment_plot.resize(establishments.size());
    for (std::size_t e = 0; e < establishments.size(); ++e) {
        const Feature& etab = establishments[e];
        for (std::size_t i : plot_tree.intersecting(etab.geometry.envelope())) {
            if (geom::PreparedGeometry(plots[i].geometry).covers(etab.geometry)) {
                z.establishment_plot[e] = i;
                break;
            }
        }
        if (!z.establishment_plot[e]) {
            report(sink, "establishments", etab.id, IssueKind::establishment_outside_plots, Severity::warning,
                   "the establishment lies in no plot of the parks",
                   "counted in no park; check its geocoding (declared plot '" + etab.attribute("plot") + "')",
                   etab.geometry.xy());
            continue;
        }
        PlotResult& r = z.plots[*z.establishment_plot[e]];
        ++r.n_etab;
        if (etab.attribute("actif") != "non") ++r.n_etab_active;
    }

    // Friches on plots: every site footprint overlapping a plot.
    std::vector<geom::Envelope> site_boxes;
    for (const auto& s : sites) site_boxes.push_back(s.geometry.envelope());
    const index::SpatialIndex site_tree(site_boxes);
    parallel_for(plots.size(), [&](std::size_t i) {
        std::optional<geom::PreparedGeometry> prepared;
        const geom::Envelope box = plots[i].geometry.envelope();
        for (std::size_t s : site_tree.intersecting(box)) {
            if (box.overlap_area(site_boxes[s]) <= 0.0) continue;  // touching only: no shared area
            if (!prepared) prepared.emplace(plots[i].geometry);
            if (!prepared->intersects(sites[s].geometry)) continue;
            const double part = plots[i].geometry.intersection(sites[s].geometry).area();
            if (part > 0) z.plots[i].sites.emplace_back(s, part);
        }
    });

    // The bridge between the two standards: a `friche` plot is a friche of the inventory.
    std::vector<std::vector<std::size_t>> plots_of_site(sites.size());
    for (std::size_t i = 0; i < plots.size(); ++i) {
        for (const auto& [s, part] : z.plots[i].sites) plots_of_site[s].push_back(i);
        if (plots[i].attribute("etat") == "friche" && z.plots[i].sites.empty()) {
            report(sink, "plots", plots[i].id, IssueKind::friche_plot_not_in_inventory, Severity::info,
                   "plot in state 'friche' overlaps no site of the friches inventory",
                   "add the site to the friches inventory (CNIG Friches), or correct the plot's state",
                   plots[i].geometry.point_on_surface().xy());
        }
    }
    for (std::size_t s = 0; s < sites.size(); ++s) {
        if (!site_parks[s] || plots_of_site[s].empty()) continue;
        bool on_friche_plot = false;
        std::string states;
        for (std::size_t i : plots_of_site[s]) {
            const std::string etat = plots[i].attribute("etat");
            on_friche_plot = on_friche_plot || etat == "friche";
            states += (states.empty() ? "" : ", ") + plots[i].id + " '" + etat + "'";
        }
        if (!on_friche_plot) {
            report(sink, "friches", sites[s].site_id, IssueKind::friche_on_non_friche_plot, Severity::info,
                   "site of the friches inventory lies in park " + parks[*site_parks[s]].id +
                       " on plots not in state 'friche': " + states,
                   "check the plot's terr_etat_occup or the site's status",
                   sites[s].geometry.point_on_surface().xy());
        }
    }

    // Per plot state, then per park totals.
    for (std::size_t i = 0; i < plots.size(); ++i) {
        PlotResult& r = z.plots[i];
        const std::string etat = plots[i].attribute("etat");
        const std::string comm = plots[i].attribute("commercialisation");
        r.vacant = rule == VacancyRule::occupancy ? (etat == "vacant" || etat == "friche") : r.n_etab_active == 0;
        r.built = !etat.empty() && etat != "inoccupé";
        const bool free = etat == "inoccupé" || etat == "vacant" || etat == "friche";
        const bool marketable = comm == "en vente" || comm == "en vente avec contraintes" || comm == "non commercialisé";
        r.available = free && marketable;
        if (!r.park) continue;
        ParkResult& p = z.parks[*r.park];
        ++p.n_plots;
        p.n_vacant += r.vacant ? 1 : 0;
        p.n_built += r.built ? 1 : 0;
        p.n_etab += r.n_etab;
        if (r.available) p.dispo_m2 += r.area_m2;
    }
    for (auto& p : z.parks) {
        if (p.n_plots > 0) {
            p.tx_vacance = std::round(1000.0 * static_cast<double>(p.n_vacant) / static_cast<double>(p.n_plots)) / 10.0;
        }
    }
    for (const auto& park : site_parks) {
        if (park) ++z.parks[*park].n_friches;
    }
    return z;
}

}  // namespace foncier::analysis
