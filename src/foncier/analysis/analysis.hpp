#pragma once
// The analysis stage as one call: territory in, every spatial result out.

#include <vector>

#include "foncier/analysis/aggregate.hpp"
#include "foncier/analysis/assign.hpp"
#include "foncier/analysis/model.hpp"

namespace foncier::analysis {

struct Territory {
    std::vector<Commune> communes;  ///< ascending INSEE
    std::vector<Site> sites;        ///< ascending site_id
    std::vector<Station> stations;
};

struct Analysis {
    Territory territory;
    std::vector<Epci> epcis;                  ///< ascending SIREN
    std::vector<Assignment> assignments;      ///< per site
    std::vector<NearestStation> nearest;      ///< per site
    std::vector<Totals> commune_totals;       ///< per commune
    std::vector<Totals> epci_totals;          ///< per EPCI
    std::vector<std::size_t> epci_of_commune; ///< per commune: index into epcis
};

[[nodiscard]] Analysis analyse(Territory territory);

}  // namespace foncier::analysis
