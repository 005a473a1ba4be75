#pragma once
// The analysis stage as one call: territory in, every spatial result out.

#include <optional>
#include <vector>

#include "foncier/analysis/aggregate.hpp"
#include "foncier/analysis/assign.hpp"
#include "foncier/analysis/model.hpp"

namespace foncier::analysis {

struct Territory {
    std::vector<Commune> communes;  ///< ascending INSEE
    std::vector<Site> sites;        ///< ascending site_id
    std::vector<Station> stations;
    bool stations_layer = false;            ///< a station layer was configured (even if empty)
    std::vector<ContextLayer> constraints;  ///< polygon layers: overlap shares
    std::vector<ContextLayer> access;       ///< point layers: nearest distances
    std::optional<ContextLayer> parks;      ///< activity parks: site -> park
};

struct Analysis {
    Territory territory;
    std::vector<Epci> epcis;                  ///< ascending SIREN
    std::vector<Assignment> assignments;      ///< per site
    std::vector<Nearest> nearest;             ///< per site: nearest station
    std::vector<std::vector<double>> constraint_shares;  ///< [constraint layer][site], 0..1
    std::vector<std::vector<Nearest>> access_nearest;    ///< [access layer][site]
    std::vector<ZoneLink> park_links;                    ///< per site (empty without parks)
    std::vector<Totals> commune_totals;       ///< per commune
    std::vector<Totals> epci_totals;          ///< per EPCI
    std::vector<std::size_t> epci_of_commune; ///< per commune: index into epcis
};

[[nodiscard]] Analysis analyse(Territory territory);

}  // namespace foncier::analysis
