#include "foncier/analysis/analysis.hpp"

namespace foncier::analysis {

Analysis analyse(Territory territory) {
    Analysis a;
    a.territory = std::move(territory);
    const auto& t = a.territory;
    a.epcis = build_epcis(t.communes);
    a.epci_of_commune.resize(t.communes.size());
    for (std::size_t e = 0; e < a.epcis.size(); ++e) {
        for (std::size_t c : a.epcis[e].communes) a.epci_of_commune[c] = e;
    }
    a.assignments = assign_communes(t.sites, t.communes);
    a.nearest = nearest_features(t.sites, t.stations);
    for (const auto& layer : t.constraints) a.constraint_shares.push_back(coverage_shares(t.sites, layer.features));
    for (const auto& layer : t.access) a.access_nearest.push_back(nearest_features(t.sites, layer.features));
    if (t.parks) a.park_links = largest_zone(t.sites, t.parks->features);
    a.commune_totals = commune_totals(t.sites, a.assignments, t.communes);
    a.epci_totals = epci_totals(a.epcis, a.commune_totals);
    return a;
}

}  // namespace foncier::analysis
