#include "foncier/geom/convex_clip.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "foncier/core/error.hpp"
#include "foncier/geom/context.hpp"
#include "foncier/geom/operations.hpp"

namespace foncier::geom {

using detail::ctx;
using detail::g;
using detail::h;

namespace {

// The vertices of a ring, without the closing one, into `points` (emptied if the ring has
// none to give).
void ring_points(const GEOSGeometry* ring, std::vector<XY>& points) {
    points.clear();
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx(), ring);
    unsigned n = 0;
    if (seq == nullptr || GEOSCoordSeq_getSize_r(ctx(), seq, &n) == 0 || n < 4) return;
    points.resize(n);
    static_assert(sizeof(XY) == 2 * sizeof(double));
    if (GEOSCoordSeq_copyToBuffer_r(ctx(), seq, &points[0].x, 0, 0) == 0) {
        points.clear();
        return;
    }
    points.pop_back();
}

double signed_area(const std::vector<XY>& ring) { return ring_area(ring.data(), ring.size()); }

// The box of a non-empty ring, from the coordinates in hand: no GEOS envelope (a chain of
// pointer hops per call).
Envelope box_of(const std::vector<XY>& ring) {
    Envelope box{ring[0].x, ring[0].y, ring[0].x, ring[0].y};
    for (const XY& v : ring) {
        box = {std::min(box.minx, v.x), std::min(box.miny, v.y), std::max(box.maxx, v.x), std::max(box.maxy, v.y)};
    }
    return box;
}

// One Sutherland-Hodgman step: the part of `in` on the inside of the line through a and b,
// inside(p) = side(p) >= 0. `out` is overwritten.
template <class Side>
void clip_step(const XY* in, std::size_t n, std::vector<XY>& out, Side side) {
    out.clear();
    if (n == 0) return;
    XY s = in[n - 1];
    double ds = side(s);
    for (const XY* it = in; it != in + n; ++it) {
        const XY& e = *it;
        const double de = side(e);
        if ((de >= 0.0) != (ds >= 0.0)) {
            const double t = ds / (ds - de);
            out.push_back({s.x + t * (e.x - s.x), s.y + t * (e.y - s.y)});
        }
        if (de >= 0.0) out.push_back(e);
        s = e;
        ds = de;
    }
}
template <class Side>
void clip_step(const std::vector<XY>& in, std::vector<XY>& out, Side side) {
    clip_step(in.data(), in.size(), out, side);
}

}  // namespace

double ring_area(const XY* ring, std::size_t n) {
    // Relative to the first vertex: in Lambert-93 the products x * y reach 1e13 m², and the
    // shoelace sum of such terms cancels to a few hundred m² with errors of 1e-3 m².
    if (n == 0) return 0.0;
    const XY o = ring[0];
    double twice = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        const XY& a = ring[i];
        const XY& b = ring[i + 1 == n ? 0 : i + 1];
        twice += (a.x - o.x) * (b.y - o.y) - (b.x - o.x) * (a.y - o.y);
    }
    return twice / 2.0;
}

// The clipper of `ring` (not closed) if it is convex, after dropping repeated vertices and
// orienting it counter-clockwise: every turn to the left, or straight on (collinear vertices);
// a turn back (a zero-width spike, which the clipper leaves where a ring re-enters a cell)
// is not convex. std::nullopt for fewer than three vertices or no area.
std::optional<ConvexClip> ConvexClip::of_ring(std::vector<XY> ring) {
    ring.erase(std::unique(ring.begin(), ring.end(), [](const XY& a, const XY& b) { return a.x == b.x && a.y == b.y; }),
               ring.end());
    while (ring.size() > 1 && ring.front().x == ring.back().x && ring.front().y == ring.back().y) ring.pop_back();
    if (ring.size() < 3) return std::nullopt;
    const double area = signed_area(ring);
    if (area == 0.0) return std::nullopt;
    if (area < 0.0) std::reverse(ring.begin(), ring.end());
    for (std::size_t i = 0, n = ring.size(); i < n; ++i) {
        const XY& a = ring[i];
        const XY& b = ring[(i + 1) % n];
        const XY& c = ring[(i + 2) % n];
        const double turn = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
        if (turn < 0.0) return std::nullopt;
        if (turn == 0.0 && (b.x - a.x) * (c.x - b.x) + (b.y - a.y) * (c.y - b.y) <= 0.0) return std::nullopt;
    }
    // Left turns only, and around once: the edges' x (and y) directions change sign twice at
    // most. A ring that winds twice, or turns back through a rounded near-reversal, does more.
    auto sign_changes = [&](auto component) {
        int first = 0, last = 0, changes = 0;
        for (std::size_t k = 0, n = ring.size(); k < n; ++k) {
            const double d = component(ring[(k + 1) % n], ring[k]);
            const int sign = d > 0.0 ? 1 : d < 0.0 ? -1 : 0;
            if (sign == 0) continue;
            if (first == 0) {
                first = sign;
            } else if (sign != last) {
                ++changes;
            }
            last = sign;
        }
        return changes + (last != first ? 1 : 0);  // and from the last edge round to the first
    };
    if (sign_changes([](const XY& q, const XY& p) { return q.x - p.x; }) > 2 ||
        sign_changes([](const XY& q, const XY& p) { return q.y - p.y; }) > 2) {
        return std::nullopt;
    }
    ConvexClip clip;
    clip.m_box = box_of(ring);
    clip.m_area = std::abs(area);
    clip.m_ring = std::move(ring);
    return clip;
}

std::optional<ConvexClip> ConvexClip::of(const Geometry& geometry) {
    if (geometry.is_null()) return std::nullopt;
    const GEOSGeometry* polygon = g(geometry.raw());
    const int type = GEOSGeomTypeId_r(ctx(), polygon);
    if (type == GEOS_MULTIPOLYGON) {
        if (GEOSGetNumGeometries_r(ctx(), polygon) != 1) return std::nullopt;
        polygon = GEOSGetGeometryN_r(ctx(), polygon, 0);
    } else if (type != GEOS_POLYGON) {
        return std::nullopt;
    }
    if (GEOSGetNumInteriorRings_r(ctx(), polygon) != 0) return std::nullopt;
    std::vector<XY> ring;
    ring_points(GEOSGetExteriorRing_r(ctx(), polygon), ring);
    return of_ring(std::move(ring));
}

PolygonRings PolygonRings::of(const Geometry& geometry) {
    PolygonRings out;
    if (geometry.is_null()) return out;
    std::vector<XY> ring;
    auto add = [&](const GEOSGeometry* r, bool hole) {
        ring_points(r, ring);
        if (ring.empty()) return;
        out.m_rings.push_back({out.m_points.size(), out.m_points.size() + ring.size(), box_of(ring), hole});
        out.m_points.insert(out.m_points.end(), ring.begin(), ring.end());
    };
    const GEOSGeometry* all = g(geometry.raw());
    const int type = GEOSGeomTypeId_r(ctx(), all);
    const int parts = type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION ? GEOSGetNumGeometries_r(ctx(), all) : 1;
    for (int k = 0; k < parts; ++k) {
        const GEOSGeometry* polygon = parts == 1 && type == GEOS_POLYGON ? all : GEOSGetGeometryN_r(ctx(), all, k);
        if (GEOSGeomTypeId_r(ctx(), polygon) != GEOS_POLYGON || GEOSisEmpty_r(ctx(), polygon) == 1) continue;
        add(GEOSGetExteriorRing_r(ctx(), polygon), false);
        for (int h = 0, n = GEOSGetNumInteriorRings_r(ctx(), polygon); h < n; ++h) {
            add(GEOSGetInteriorRingN_r(ctx(), polygon, h), true);
        }
    }
    return out;
}

void PolygonRings::add(const XY* ring, std::size_t n, bool hole) {
    if (n < 3) return;
    Envelope box{ring[0].x, ring[0].y, ring[0].x, ring[0].y};
    for (std::size_t i = 1; i < n; ++i) {
        box = {std::min(box.minx, ring[i].x), std::min(box.miny, ring[i].y), std::max(box.maxx, ring[i].x),
               std::max(box.maxy, ring[i].y)};
    }
    m_rings.push_back({m_points.size(), m_points.size() + n, box, hole});
    m_points.insert(m_points.end(), ring, ring + n);
}

Envelope PolygonRings::box() const noexcept {
    Envelope out{1.0, 1.0, 0.0, 0.0};
    for (const auto& r : m_rings) {
        out = out.minx > out.maxx ? r.box
                                  : Envelope{std::min(out.minx, r.box.minx), std::min(out.miny, r.box.miny),
                                             std::max(out.maxx, r.box.maxx), std::max(out.maxy, r.box.maxy)};
    }
    return out;
}

std::vector<PolygonRings> subdivide_rings(const Geometry& geometry, std::size_t max_vertices) {
    std::vector<PolygonRings> out;
    struct Item {
        PolygonRings piece;
        int depth;
    };
    std::vector<Item> todo;
    todo.push_back({PolygonRings::of(geometry), 0});
    std::vector<XY> clipped;
    while (!todo.empty()) {
        Item item = std::move(todo.back());
        todo.pop_back();
        const PolygonRings& rings = item.piece;
        if (rings.rings().empty()) continue;
        if (rings.points().size() <= max_vertices || item.depth >= 24) {
            out.push_back(std::move(item.piece));
            continue;
        }
        // Halve the piece's box along its longer side.
        const Envelope e = rings.box();
        const bool wide = e.maxx - e.minx >= e.maxy - e.miny;
        const double mid = wide ? (e.minx + e.maxx) / 2 : (e.miny + e.maxy) / 2;
        for (const bool low : {true, false}) {
            PolygonRings half;
            for (const auto& ring : rings.rings()) {
                clip_step(rings.points().data() + ring.begin, ring.end - ring.begin, clipped, [&](const XY& p) {
                    const double v = wide ? p.x : p.y;
                    return low ? mid - v : v - mid;
                });
                // A ring that only touches the cut leaves a flat ring: no area, dropped.
                if (clipped.size() >= 3 && signed_area(clipped) != 0.0) half.add(clipped.data(), clipped.size(), ring.hole);
            }
            todo.push_back({std::move(half), item.depth + 1});
        }
    }
    return out;
}

bool ConvexClip::misses(const PolygonRings::Ring& ring) const noexcept {
    return ring.box.maxx < m_box.minx || ring.box.minx > m_box.maxx || ring.box.maxy < m_box.miny ||
           ring.box.miny > m_box.maxy;
}

void ConvexClip::clip(const PolygonRings& other, const PolygonRings::Ring& ring, std::vector<XY>& a,
                      std::vector<XY>& b) const {
    // The bounding box first (most rings lie mostly outside it), then the edges.
    clip_step(other.points().data() + ring.begin, ring.end - ring.begin, b, [&](const XY& p) { return p.x - m_box.minx; });
    clip_step(b, a, [&](const XY& p) { return m_box.maxx - p.x; });
    clip_step(a, b, [&](const XY& p) { return p.y - m_box.miny; });
    clip_step(b, a, [&](const XY& p) { return m_box.maxy - p.y; });
    // A ring that covers the whole box (a site inside a zone: often) covers the polygon: no edge
    // to clip against (a disc estimated from a point has 64). The area test is within 1e-12 of
    // the box's: what it may miss is rounding.
    const double box_area = (m_box.maxx - m_box.minx) * (m_box.maxy - m_box.miny);
    if (a.size() >= 4 && std::abs(signed_area(a)) >= (1.0 - 1e-12) * box_area) {
        a = m_ring;
        return;
    }
    for (std::size_t i = 0, n = m_ring.size(); i < n && !a.empty(); ++i) {
        const XY& p0 = m_ring[i];
        const XY& p1 = m_ring[(i + 1) % n];
        clip_step(a, b, [&](const XY& p) { return (p1.x - p0.x) * (p.y - p0.y) - (p1.y - p0.y) * (p.x - p0.x); });
        std::swap(a, b);
    }
}

double ConvexClip::distance(const XY& p) const noexcept {
    bool inside = true;
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0, n = m_ring.size(); i < n; ++i) {
        const XY& a = m_ring[i];
        const XY& b = m_ring[(i + 1) % n];
        const double ex = b.x - a.x, ey = b.y - a.y;
        const double px = p.x - a.x, py = p.y - a.y;
        if (ex * py - ey * px < 0.0) inside = false;  // right of a counter-clockwise edge
        // The nearest point of edge ab: the projection of p, clamped to the edge.
        const double length2 = ex * ex + ey * ey;
        const double t = length2 > 0.0 ? std::clamp((px * ex + py * ey) / length2, 0.0, 1.0) : 0.0;
        const double dx = px - t * ex, dy = py - t * ey;
        best = std::min(best, dx * dx + dy * dy);  // squared: one square root at the end
    }
    return inside ? 0.0 : std::sqrt(best);
}

double ConvexClip::shared_area(const PolygonRings& other) const {
    double total = 0.0;
    // Working buffers kept per thread: this runs for every (site, candidate) pair.
    thread_local std::vector<XY> a, b;
    for (const auto& ring : other.rings()) {
        if (misses(ring)) continue;  // its box misses this polygon's box: no area shared
        clip(other, ring, a, b);
        const double area = a.size() < 3 ? 0.0 : std::abs(signed_area(a));
        total += ring.hole ? -area : area;
    }
    // Rounding noise of the clipped coordinates, not an overlap: a ring that only touches the
    // polygon leaves ~1e-12 m², where an overlay gives exactly 0 (and PostGIS says "no flood").
    return total > 1e-9 * m_area ? total : 0.0;
}

std::optional<ConvexClip> ConvexClip::within(const PolygonRings& other) const {
    thread_local std::vector<XY> a, b;
    const PolygonRings::Ring* only = nullptr;
    for (const auto& ring : other.rings()) {
        if (misses(ring)) continue;
        if (ring.hole || only != nullptr) return std::nullopt;
        only = &ring;
    }
    if (only == nullptr) return std::nullopt;
    clip(other, *only, a, b);
    if (a.size() < 3 || std::abs(signed_area(a)) <= 1e-9 * m_area) return std::nullopt;
    return of_ring(a);
}

std::optional<Geometry> ConvexClip::clipped(const PolygonRings& other) const {
    thread_local std::vector<XY> a, b;
    std::vector<GEOSGeometry*> polygons;
    double expected = 0.0;  // the clipped rings' area: what shared_area gives
    auto release = [&] {
        for (auto* p : polygons) GEOSGeom_destroy_r(ctx(), p);
    };
    for (const auto& ring : other.rings()) {
        if (misses(ring)) continue;
        if (ring.hole) {
            // Measured: clipping holes apart and taking them out (make_valid, difference,
            // then the union of the zones) cost more than the overlays it saved.
            release();
            return std::nullopt;
        }
        clip(other, ring, a, b);
        const double area = a.size() < 3 ? 0.0 : std::abs(signed_area(a));
        if (area <= 1e-9 * m_area) continue;
        expected += area;
        GEOSGeometry* shell = detail::closed_ring(a);
        GEOSGeometry* polygon = shell != nullptr ? GEOSGeom_createPolygon_r(ctx(), shell, nullptr, 0) : nullptr;
        if (polygon == nullptr) {
            (void)detail::take_last_error();
            if (shell != nullptr) GEOSGeom_destroy_r(ctx(), shell);
            release();
            return std::nullopt;
        }
        polygons.push_back(polygon);
    }
    const Geometry all = Geometry::adopt(
        h(GEOSGeom_createCollection_r(ctx(), GEOS_MULTIPOLYGON, polygons.data(), static_cast<unsigned>(polygons.size()))),
        "clipped rings");
    try {
        Geometry part = make_valid_polygonal(all);
        // The repair only drops zero-width edges: an area that moved means it read the rings
        // otherwise (a sliver kept or lost along several cuts). The overlay then decides.
        if (std::abs(part.area() - expected) > 1e-10 * m_area) return std::nullopt;
        return part;
    } catch (const GeometryError&) {
        // Rings with zero-width edges along several cuts (subdivide_rings) can defeat
        // MakeValid: the caller overlays instead.
        return std::nullopt;
    }
}

}  // namespace foncier::geom
