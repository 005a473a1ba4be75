#pragma once
// The union of polygons that form a clean coverage (communes into their EPCI), by cancelling
// the borders neighbours share instead of overlaying them. Each ring is walked with its
// interior on the left; a border two communes share is walked once in each direction and
// cancels out; what remains is the union's boundary, linked into rings by taking, where
// rings meet at a vertex, the sharpest left turn (which keeps them apart). GEOS's
// CoverageUnion does the cancelling too, then rebuilds the rings with its general polygonizer,
// where most of its time went on the national benchmark.

#include <optional>
#include <vector>

#include "foncier/geom/geometry.hpp"

namespace foncier::geom {

/// The union of `parts` as a MultiPolygon when they form a clean coverage: neighbours share
/// identical vertices along their common borders and do not overlap. std::nullopt when they do
/// not, or when the result would not be a valid MultiPolygon of the parts' total area: the
/// caller then falls back to an overlay.
[[nodiscard]] std::optional<Geometry> coverage_union(const std::vector<const Geometry*>& parts);

}  // namespace foncier::geom
