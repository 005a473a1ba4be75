#pragma once
// Site → commune → EPCI assignment, and nearest station. Both filter candidates with the
// R-tree, then refine exactly with GEOS (prepared geometries, exact distances): no loop
// over all pairs.

#include <cstddef>
#include <optional>
#include <vector>

#include "foncier/analysis/model.hpp"
#include "foncier/geom/convex_clip.hpp"

namespace foncier::analysis {

/// What every join asks of each site, worked out once for all of them: its envelope (GEOS
/// walks the geometry's parts for each request) and, when the site is convex (a rectangle, a
/// disc estimated from a point), its clipper. National benchmark: 100 000 sites, 4 joins.
struct SiteShapes {
    std::vector<geom::Envelope> boxes;
    std::vector<double> areas;  ///< CRS units squared
    std::vector<std::optional<geom::ConvexClip>> convex;
    /// The convex pieces of a site that is not convex (ConvexClip::signed_parts_of: unions
    /// of parcels, star-shaped sites), which every join measures piece by piece; empty for a
    /// convex site, or one that is not cut (uncertain): GEOS then.
    std::vector<std::vector<geom::ConvexClip>> parts;
    /// The convex pieces of the site's holes (parcels round an enclave): the site shares what
    /// its `parts` share less what these share. Distances are left to GEOS for these sites.
    std::vector<std::vector<geom::ConvexClip>> holes;
};

/// The shapes of `sites`, in site order (both cores).
[[nodiscard]] SiteShapes site_shapes(const std::vector<Site>& sites);

struct Assignment {
    std::optional<std::size_t> commune;  ///< commune holding the largest part; nullopt = outside
    double inside_m2 = 0.0;              ///< part of the site inside the territory, m²
    double largest_m2 = 0.0;             ///< part inside the chosen commune, m²
    std::size_t n_communes = 0;          ///< communes the site touches
};

/// One Assignment per site, in site order. Ties on the largest part go to the lowest INSEE.
[[nodiscard]] std::vector<Assignment> assign_communes(const std::vector<Site>& sites,
                                                      const std::vector<Commune>& communes);
/// The same, with the sites' shapes already worked out (site_shapes(sites)).
[[nodiscard]] std::vector<Assignment> assign_communes(const std::vector<Site>& sites, const SiteShapes& shapes,
                                                      const std::vector<Commune>& communes);

struct Nearest {
    std::optional<std::size_t> feature;  ///< nullopt when the layer is empty
    double distance_m = 0.0;             ///< from the site footprint's edge; 0 when inside
};

/// Nearest feature of `features` to each site (exact GEOS distance, R-tree candidates).
[[nodiscard]] std::vector<Nearest> nearest_features(const std::vector<Site>& sites,
                                                    const std::vector<Feature>& features);
[[nodiscard]] std::vector<Nearest> nearest_features(const std::vector<Site>& sites, const SiteShapes& shapes,
                                                    const std::vector<Feature>& features);

/// Share (0..1) of each site's area covered by the union of `zones`: area-weighted, never a
/// centroid test, and overlapping zones are not counted twice.
[[nodiscard]] std::vector<double> coverage_shares(const std::vector<Site>& sites, const std::vector<Feature>& zones);
[[nodiscard]] std::vector<double> coverage_shares(const std::vector<Site>& sites, const SiteShapes& shapes,
                                                  const std::vector<Feature>& zones);

struct ZoneLink {
    std::optional<std::size_t> zone;  ///< zone holding the largest part of the site
    double share = 0.0;               ///< part of the site inside that zone, 0..1
};

/// For each site, the zone (e.g. activity park) holding the largest part of it.
[[nodiscard]] std::vector<ZoneLink> largest_zone(const std::vector<Site>& sites, const std::vector<Feature>& zones);
[[nodiscard]] std::vector<ZoneLink> largest_zone(const std::vector<Site>& sites, const SiteShapes& shapes,
                                                 const std::vector<Feature>& zones);

}  // namespace foncier::analysis
