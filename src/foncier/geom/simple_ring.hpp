#pragma once
// A cheap proof that a polygon is valid, before GEOS's validity check (IsValidOp). Most inputs
// are one polygon (a commune, a friche; a flood band, with islands as holes); such a polygon is
// valid when its rings are simple (closed, at least three distinct vertices, no two edges
// meeting but consecutive ones at their shared vertex), meet nowhere, and each hole lies inside
// the shell and outside the other holes. That is decided here on the plain
// coordinates, each orientation test with a floating-point error bound (Shewchuk's): a test
// whose sign is not certain (collinear, touching, near-degenerate) proves nothing, and the
// caller then asks GEOS, which also gives the reason and the location of a fault. Candidate
// edge pairs come from a grid over the ring's box, its cells about as large as the edges.
// National benchmark (110 000 polygons, 7 M vertices): 0.47 CPU-s in GEOS alone before.

#include "foncier/geom/geometry.hpp"

namespace foncier::geom {

/// True when `geometry` is certainly a valid polygon: a Polygon, or a MultiPolygon of one part,
/// with at most 16 holes, no two edges meeting (but consecutive edges of a ring, at their
/// vertex), every hole inside the shell and outside the other holes. False says nothing: holes
/// touching the shell or each other at a point, which GEOS accepts, are not proven here, for
/// one; check with GEOS (check_validity does).
[[nodiscard]] bool certainly_valid_polygon(const Geometry& geometry);

}  // namespace foncier::geom
