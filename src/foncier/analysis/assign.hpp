#pragma once
// Site → commune → EPCI assignment, and nearest station. Both filter candidates with the
// R-tree, then refine exactly with GEOS (prepared geometries, exact distances): no loop
// over all pairs.

#include <cstddef>
#include <optional>
#include <vector>

#include "foncier/analysis/model.hpp"

namespace foncier::analysis {

struct Assignment {
    std::optional<std::size_t> commune;  ///< commune holding the largest part; nullopt = outside
    double inside_m2 = 0.0;              ///< part of the site inside the territory, m²
    double largest_m2 = 0.0;             ///< part inside the chosen commune, m²
    std::size_t n_communes = 0;          ///< communes the site touches
};

/// One Assignment per site, in site order. Ties on the largest part go to the lowest INSEE.
[[nodiscard]] std::vector<Assignment> assign_communes(const std::vector<Site>& sites,
                                                      const std::vector<Commune>& communes);

struct NearestStation {
    std::optional<std::size_t> station;  ///< nullopt when there are no stations
    double distance_m = 0.0;             ///< from the site footprint's edge; 0 when inside
};

[[nodiscard]] std::vector<NearestStation> nearest_stations(const std::vector<Site>& sites,
                                                           const std::vector<Station>& stations);

}  // namespace foncier::analysis
