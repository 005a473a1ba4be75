#pragma once
// Per-commune and per-EPCI figures. EPCI figures are sums of their communes' figures, so
// the two levels always agree.

#include <cstddef>
#include <optional>
#include <vector>

#include "foncier/analysis/assign.hpp"
#include "foncier/analysis/model.hpp"

namespace foncier::analysis {

struct Totals {
    std::size_t n_sites = 0;
    double sites_m2 = 0.0;       ///< footprint surface of the sites assigned here, m²
    std::optional<double> pop;   ///< nullopt when any member's population is unknown
    std::size_t n_communes = 0;  ///< 1 for a commune
};

/// Groups communes by EPCI (SIREN, ascending) and dissolves their polygons.
[[nodiscard]] std::vector<Epci> build_epcis(const std::vector<Commune>& communes);

/// Totals per commune (commune order), from each site's area (m², Analysis::site_area_m2). A
/// site counts once, in its assigned commune, with its whole footprint; sites outside the
/// territory count nowhere.
[[nodiscard]] std::vector<Totals> commune_totals(const std::vector<double>& site_area_m2,
                                                 const std::vector<Assignment>& assignments,
                                                 const std::vector<Commune>& communes);

/// Totals per EPCI (EPCI order), summed from `per_commune`.
[[nodiscard]] std::vector<Totals> epci_totals(const std::vector<Epci>& epcis, const std::vector<Totals>& per_commune);

}  // namespace foncier::analysis
