#pragma once
// A site's footprint, by precedence: the polygon of the source, then the union of its
// cadastral parcels, then a disc of its declared surface around its point, then a disc of the
// default surface. Areas in m², working CRS.

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "foncier/analysis/model.hpp"
#include "foncier/core/issue.hpp"
#include "foncier/geom/geometry.hpp"

namespace foncier::ingest {

struct FootprintRules {
    double default_m2 = 5000.0;       ///< [footprint] default_m2
    int segments = 64;                ///< [footprint] segments
    double parcel_surface_ratio = 2;  ///< [footprint] parcel_surface_ratio: declared vs parcels, either way
};

/// Parcel polygons by their 14-character id (Etalab cadastre `id`), working CRS.
using ParcelIndex = std::unordered_map<std::string, geom::Geometry>;

/// The parcel ids of a list as sources write it: Cartofriches' "{54395000BI0326,54395000BI0327}",
/// the CNIG "54395000BI0326|54395000BI0327"; blanks and empty items ignored, order kept.
[[nodiscard]] std::vector<std::string> parcel_ids(const std::string& list);

/// Sets site.geometry, site.source and site.point from `geometry` (the source's, normalised)
/// and the site's parcels; returns the issues (parcels not found, not contiguous, declared
/// surface far from the parcels' area, no surface at all). `parcels` null: no [parcels].
[[nodiscard]] std::vector<Issue> make_footprint(analysis::Site& site, geom::Geometry geometry,
                                                const std::vector<std::string>& parcels_of_site,
                                                const ParcelIndex* parcels, const FootprintRules& rules,
                                                const std::string& dataset_key);

}  // namespace foncier::ingest
