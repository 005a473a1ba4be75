#pragma once
// Geometry operations the pipeline needs beyond the Geometry methods: validation and repair,
// polygonal clean-up, estimated footprints and dissolves. Units are those of the CRS
// (metres and m² in EPSG:2154); callers make sure they work in a projected CRS.

#include <optional>
#include <string>
#include <vector>

#include "foncier/geom/geometry.hpp"

namespace foncier::geom {

struct Validity {
    bool valid = true;
    std::string reason;          ///< GEOS reason, e.g. "Self-intersection"
    std::optional<XY> location;  ///< where GEOS found the problem
};

[[nodiscard]] Validity check_validity(const Geometry& geometry);

/// Repairs with GEOS MakeValid (structure method) and keeps only the polygonal parts, so a
/// polygon layer stays polygonal. The result is a MultiPolygon, possibly empty when nothing
/// areal survives (e.g. a polygon collapsed to a line).
[[nodiscard]] Geometry make_valid_polygonal(const Geometry& geometry);

/// The polygonal parts of any geometry as one MultiPolygon (Polygon -> MultiPolygon,
/// GeometryCollection -> its polygons). Empty MultiPolygon when there are none.
[[nodiscard]] Geometry polygonal_parts(const Geometry& geometry);
/// The same, consuming `geometry`: a multipolygon without empty parts is returned as it is, a
/// polygon wrapped without a copy (normalisation takes every input polygon through here).
[[nodiscard]] Geometry polygonal_parts(Geometry&& geometry);

/// A regular polygon centred on `centre` whose area is exactly `area` (CRS units²); the
/// radius is enlarged so the inscribed polygon, not the circle, has the declared area.
[[nodiscard]] Geometry disc(XY centre, double area, int segments = 128);

/// Union of polygons that form a coverage (e.g. communes → EPCI): coverage_union
/// (coverage_union.hpp), or GEOS UnaryUnion when the inputs are not a clean coverage (not
/// noded alike, overlapping). Result is a MultiPolygon.
[[nodiscard]] Geometry dissolve(const std::vector<const Geometry*>& parts);

/// Union of polygons that may overlap (GEOS UnaryUnion), as a MultiPolygon. Use dissolve()
/// for coverages, where it is faster; it is wrong for overlapping inputs.
[[nodiscard]] Geometry union_all(const std::vector<const Geometry*>& parts);

/// Voronoi cells of `sites`, clipped to `extent` (as MultiPolygons, in no particular order): a
/// tessellation whose neighbours share identical edges (the synthetic territory generator).
[[nodiscard]] std::vector<Geometry> voronoi_cells(const std::vector<XY>& sites, const Envelope& extent);

/// Adds vertices so that no segment is longer than `max_segment` (CRS units). Both sides of a
/// shared edge get the same vertices.
[[nodiscard]] Geometry densify(const Geometry& geometry, double max_segment);

/// Buffer by `distance` (CRS units), `segments` per quarter circle.
[[nodiscard]] Geometry buffer(const Geometry& geometry, double distance, int segments = 8);

/// The part of valid polygonal `geometry` inside the rectangle `r`, valid: GEOS's rectangle
/// clipper (linear), or the exact overlay where the clipper's output is not valid.
[[nodiscard]] Geometry clip_to_rect(const Geometry& geometry, const Envelope& r);

/// A LineString through the points, in order.
[[nodiscard]] Geometry line(const std::vector<XY>& points);

}  // namespace foncier::geom
