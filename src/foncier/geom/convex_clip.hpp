#pragma once
// The area a convex polygon shares with any polygonal geometry, without an overlay: the other
// geometry's rings are clipped against the convex polygon (Sutherland-Hodgman: first against
// the bounding box, then against each edge) and their areas summed, holes subtracted. Exact
// for a convex clip polygon and any subject, concave or with holes (degenerate connecting
// edges the clipper may leave enclose no area). It replaces a GEOS overlay, which builds the
// intersection geometry only to measure it, for the sites that are convex: rectangles, and
// the discs estimated from points. National benchmark: most (site, flood piece) pairs.

#include <cstddef>
#include <optional>
#include <vector>

#include "foncier/geom/geometry.hpp"

namespace foncier::geom {

/// Signed area of the ring of `n` vertices (not closed): positive counter-clockwise.
[[nodiscard]] double ring_area(const XY* ring, std::size_t n);

/// The rings of a polygonal geometry as plain coordinates, each with its bounding box: what
/// ConvexClip reads. Extracted once from GEOS for a geometry that many sites are clipped
/// against (a commune, a flood piece), instead of once per (site, geometry) pair.
class PolygonRings {
public:
    /// The rings of the polygons of `geometry` (other parts are ignored); empty for null.
    [[nodiscard]] static PolygonRings of(const Geometry& geometry);

    struct Ring {
        std::size_t begin = 0, end = 0;  ///< its vertices in points(), without the closing one
        Envelope box;
        bool hole = false;
    };
    [[nodiscard]] const std::vector<XY>& points() const noexcept { return m_points; }
    [[nodiscard]] const std::vector<Ring>& rings() const noexcept { return m_rings; }
    /// Appends a ring of `n` vertices (not closed; either orientation). Ignored below 3.
    void add(const XY* ring, std::size_t n, bool hole);
    /// The box of every ring; an empty envelope (min > max) without rings.
    [[nodiscard]] Envelope box() const noexcept;

private:
    std::vector<XY> m_points;
    std::vector<Ring> m_rings;
};

/// Cuts the polygonal parts of `geometry` into pieces of at most `max_vertices` vertices, like
/// PostGIS ST_Subdivide (recursive halving of the envelope: the pieces tile the input), so that
/// a spatial index over the pieces filters far better than over one huge polygon. On plain
/// rings with the Sutherland-Hodgman clipper rather than GEOS's rectangle clipper: no GEOS
/// object per piece, and the rings ConvexClip reads come out directly. A ring that leaves a cell and
/// comes back keeps a zero-width edge along the cut: the pieces' areas (shared_area, clipped)
/// are exact, but they are not valid polygons (a caller that needs a geometry cuts the input,
/// clip_to_rect). National benchmark, 1 500 flood bands (4.4 M vertices): 0.4 CPU-s of GEOS
/// clipping and ring extraction -> 0.15.
[[nodiscard]] std::vector<PolygonRings> subdivide_rings(const Geometry& geometry, std::size_t max_vertices = 256);

class ConvexClip {
public:
    /// The clipper of `geometry` if it is one convex polygon without holes (a polygon, or a
    /// multipolygon of one part); std::nullopt otherwise.
    [[nodiscard]] static std::optional<ConvexClip> of(const Geometry& geometry);

    /// Convex pieces that tile the polygonal parts of `geometry` (each polygon cut along
    /// diagonals of its ring: convex_parts.cpp), so that any measure that adds up over a
    /// tiling (shared areas) or takes a minimum (distances) is worked out by the clipper for a
    /// non-convex polygon too. std::nullopt for a polygon with holes, or when a step is not
    /// certain in double precision: the caller overlays with GEOS.
    [[nodiscard]] static std::optional<std::vector<ConvexClip>> parts_of(const Geometry& geometry);

    /// Convex pieces of the shells of `geometry` and, apart, of its holes. A valid polygon's
    /// holes lie inside its shell and apart from each other, so what the polygon shares with a
    /// zone is what its shell pieces share less what its hole pieces share. std::nullopt when
    /// a step is not certain: the caller overlays.
    struct SignedParts {
        std::vector<ConvexClip> shells;
        std::vector<ConvexClip> holes;  ///< empty for a polygon without holes
    };
    [[nodiscard]] static std::optional<SignedParts> signed_parts_of(const Geometry& geometry);

    /// The polygon's area (CRS units squared).
    [[nodiscard]] double area() const noexcept { return m_area; }

    /// Area (CRS units squared) of the intersection of the convex polygon with the polygonal
    /// parts of `other`; 0 when they do not overlap, or share less than 1e-9 of this polygon's
    /// area (rounding noise: an overlay of two polygons that touch gives exactly 0).
    [[nodiscard]] double shared_area(const PolygonRings& other) const;
    [[nodiscard]] double shared_area(const Geometry& other) const { return shared_area(PolygonRings::of(other)); }

    /// The part of `other` inside this polygon when it is one convex polygon (`other` reaches
    /// this polygon's box with one ring and no hole, and what the clip leaves of it is convex):
    /// its clipper, to measure what it shares with a third geometry. std::nullopt otherwise,
    /// or when they share no area.
    [[nodiscard]] std::optional<ConvexClip> within(const PolygonRings& other) const;

    /// The part of `other` inside the convex polygon, as a valid MultiPolygon (the clipped
    /// rings, repaired: the clipper's zero-width connecting edges dropped). std::nullopt when a
    /// hole of `other` reaches the polygon's box, or the repair fails or changes the clipped
    /// area: the caller then overlays. It lets the union of overlapping zones inside a site be
    /// computed on the site's small pieces of them.
    [[nodiscard]] std::optional<Geometry> clipped(const PolygonRings& other) const;

    /// Shortest distance (CRS units: m in EPSG:2154) from the polygon to point p: 0 inside or
    /// on its border, else to the nearest edge; what GEOS's distance gives, without a GEOS point.
    [[nodiscard]] double distance(const XY& p) const noexcept;

    /// The polygon's bounding box.
    [[nodiscard]] const Envelope& box() const noexcept { return m_box; }

private:
    [[nodiscard]] static std::optional<ConvexClip> of_ring(std::vector<XY> ring);
    [[nodiscard]] bool misses(const PolygonRings::Ring& ring) const noexcept;
    // The part of `ring` inside the polygon into `a` (`b`: scratch).
    void clip(const PolygonRings& other, const PolygonRings::Ring& ring, std::vector<XY>& a, std::vector<XY>& b) const;

    std::vector<XY> m_ring;  ///< counter-clockwise, not closed
    Envelope m_box;
    double m_area = 0.0;
};

}  // namespace foncier::geom
