#include "foncier/analysis/analysis.hpp"

#include "foncier/analysis/parallel.hpp"

namespace foncier::analysis {

Analysis analyse(Territory territory, const Options& options, IssueSink& sink) {
    LocalJoins local;
    return analyse(std::move(territory), options, sink, local);
}

Analysis analyse(Territory territory, const Options& options, IssueSink& sink, SpatialJoins& joins) {
    Analysis a;
    a.territory = std::move(territory);
    const auto& t = a.territory;
    a.site_area_m2.resize(t.sites.size());
    parallel_for(t.sites.size(), [&](std::size_t s) { a.site_area_m2[s] = t.sites[s].geometry.area(); });
    a.epcis = build_epcis(t.communes);
    a.epci_of_commune.resize(t.communes.size());
    for (std::size_t e = 0; e < a.epcis.size(); ++e) {
        for (std::size_t c : a.epcis[e].communes) a.epci_of_commune[c] = e;
    }
    a.assignments = joins.assign_communes(t.sites, t.communes);
    a.nearest = joins.nearest_features(t.sites, t.stations);
    for (const auto& layer : t.constraints) a.constraint_shares.push_back(joins.coverage_shares(t.sites, layer.features));
    for (const auto& layer : t.access) a.access_nearest.push_back(joins.nearest_features(t.sites, layer.features));
    if (t.parks) {
        a.park_links = joins.largest_zone(t.sites, t.parks->features);
        // Parks get a commune (hence an EPCI) like sites do: by largest overlap.
        std::vector<Site> footprints(t.parks->features.size());
        for (std::size_t p = 0; p < footprints.size(); ++p) footprints[p].geometry = t.parks->features[p].geometry.clone();
        for (const auto& assignment : joins.assign_communes(footprints, t.communes)) a.park_commune.push_back(assignment.commune);
    }
    if (t.parks && t.plots) {
        std::vector<std::optional<std::size_t>> site_parks;
        for (const auto& link : a.park_links) site_parks.push_back(link.zone);
        static const std::vector<Feature> none;
        a.zae = zae_inventory(t.parks->features, t.plots->features, t.establishments ? t.establishments->features : none,
                              t.sites, site_parks, options.vacancy_rule, sink);
    }
    a.commune_totals = commune_totals(a.site_area_m2, a.assignments, t.communes);
    a.epci_totals = epci_totals(a.epcis, a.commune_totals);
    return a;
}

}  // namespace foncier::analysis
