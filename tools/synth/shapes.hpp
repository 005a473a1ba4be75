#pragma once
// The realistic shapes of the synthetic territory (issue 22): brownfields as unions of adjacent
// parcel-like quadrilaterals (L-shapes, notches, narrow strips, a few holes and multi-part
// sites) or star-shaped concave sites; activity parks as concave polygons of 12 to 40 vertices
// cut into plots. Coordinates in metres (EPSG:2154), rounded to the centimetre so that a vertex
// two parcels (or a park and its plot) share is the same vertex.

#include <cstddef>
#include <string>
#include <vector>

#include "foncier/core/issue.hpp"
#include "random.hpp"

namespace foncier::synth {

enum class SiteShape {
    point,      ///< a point with a declared surface (foncier estimates a disc)
    invalid,    ///< a bow tie, invalid on purpose
    rectangle,  ///< the convex presets' rectangle
    star,       ///< star-shaped, 8 to 24 vertices, concave
    parcels,    ///< union of 1 to 20 adjacent parcels grown at random (L-shapes, notches)
    strip,      ///< parcels grown mostly in one direction: a long narrow site
    holed,      ///< parcels around an enclosed parcel that is not part of the site: a hole
    multipart,  ///< two groups of parcels a parcel apart: a MultiPolygon
};
inline constexpr std::size_t k_site_shapes = 8;
[[nodiscard]] const char* describe(SiteShape shape);

/// The shape of a brownfield of a realistic preset, from one uniform draw per site.
[[nodiscard]] SiteShape draw_site_shape(Random& rnd);

/// WKT of a site of shape `shape` (star or one of the parcel shapes) of about `area` m² around
/// `centre`. `parcels` receives the number of parcels (1 for a star).
[[nodiscard]] std::string site_wkt(Random& rnd, SiteShape shape, XY centre, double area, int& parcels);

struct Park {
    std::vector<XY> ring;                 ///< not closed, counter-clockwise
    std::vector<std::vector<XY>> plots;   ///< wedges from a point that sees the whole ring: they tile it
};
/// A concave park of 12 to 40 vertices and about `area` m² around `centre`, cut into `plots` plots.
[[nodiscard]] Park concave_park(Random& rnd, XY centre, double area, int plots);

/// "POLYGON((...))" of a ring (not closed), centimetre coordinates.
[[nodiscard]] std::string polygon_wkt(const std::vector<XY>& ring);

/// Is the ring (not closed) convex? Every turn the same way or straight.
[[nodiscard]] bool convex(const std::vector<XY>& ring);

}  // namespace foncier::synth
