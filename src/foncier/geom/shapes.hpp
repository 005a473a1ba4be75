#pragma once
// Plain coordinates out of a geometry, for writers that need them as numbers (the atlas's
// map data), and a topology-preserving simplification to keep those files small.

#include <vector>

#include "foncier/geom/geometry.hpp"

namespace foncier::geom {

/// One simple part of a geometry: a point (one ring of one vertex), a line (one ring), or a
/// polygon (its shell, then its holes; rings closed as stored).
struct Shape {
    GeometryKind kind = GeometryKind::point;
    std::vector<std::vector<XY>> rings;
};

/// Every simple part of `geometry`, collections flattened, empty parts left out; nothing for
/// a null geometry.
[[nodiscard]] std::vector<Shape> shapes_of(const Geometry& geometry);

/// Douglas-Peucker simplification that keeps the topology (GEOS TopologyPreserveSimplify):
/// no ring collapses or crosses another. `tolerance` in CRS units (m in EPSG:2154).
[[nodiscard]] Geometry simplify(const Geometry& geometry, double tolerance);

/// Plain Douglas-Peucker (GEOS Simplify), for drawing only: rings may collapse or touch, which a
/// map does not mind, at a fraction of the topology-preserving cost on long lines and rings.
[[nodiscard]] Geometry simplify_for_display(const Geometry& geometry, double tolerance);

}  // namespace foncier::geom
