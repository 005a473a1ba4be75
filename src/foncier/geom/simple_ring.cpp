#include "foncier/geom/simple_ring.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

#include "foncier/geom/context.hpp"
#include "foncier/geom/orientation.hpp"

namespace foncier::geom {

using detail::ctx;
using detail::certain_orientation;
using detail::g;

namespace {

// Whether segments (a, b) and (c, d) certainly do not meet: the ends of one lie strictly on
// one side of the other's line.
bool certainly_apart(const XY& a, const XY& b, const XY& c, const XY& d) noexcept {
    const int o1 = certain_orientation(a, b, c);
    const int o2 = certain_orientation(a, b, d);
    if (o1 != 0 && o1 == o2) return true;
    const int o3 = certain_orientation(c, d, a);
    const int o4 = certain_orientation(c, d, b);
    return o3 != 0 && o3 == o4;
}

struct Box {
    double minx, miny, maxx, maxy;
};

Box segment_box(const XY& a, const XY& b) noexcept {
    return {std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y)};
}

bool overlap(const Box& p, const Box& q) noexcept {
    return p.minx <= q.maxx && q.minx <= p.maxx && p.miny <= q.maxy && q.miny <= p.maxy;
}

// The rings' vertices, consecutive repeats dropped (GEOS ignores them), each ring closed; edge
// e runs from v[e] to v[e + 1] unless e closes its ring's vertex list (then it is no edge).
struct Edges {
    std::vector<XY> v;
    std::vector<std::uint32_t> ring_of;  // per vertex: its ring
    std::vector<std::uint32_t> first;    // per ring: its first vertex; last entry: v.size()
    std::vector<std::uint32_t> ids;      // the edges: their first vertex

    // Edges e < f of one ring that share a vertex.
    [[nodiscard]] bool consecutive(std::uint32_t e, std::uint32_t f) const noexcept {
        const std::uint32_t r = ring_of[e];
        if (ring_of[f] != r) return false;
        return f == e + 1 || (e == first[r] && f + 2 == first[r + 1]);
    }
};

// Reads the rings into `out`; false when one is not closed, has a non-finite coordinate or
// fewer than three distinct vertices, or turns back on itself (a spike) or nearly so.
bool read_rings(std::span<const std::span<const XY>> rings, Edges& out) {
    out.v.clear();
    out.ring_of.clear();
    out.first.clear();
    out.ids.clear();
    for (std::size_t r = 0; r < rings.size(); ++r) {
        const auto ring = rings[r];
        if (ring.size() < 4) return false;
        if (ring.front().x != ring.back().x || ring.front().y != ring.back().y) return false;
        const std::size_t begin = out.v.size();
        out.first.push_back(static_cast<std::uint32_t>(begin));
        for (const XY& p : ring) {
            if (!std::isfinite(p.x) || !std::isfinite(p.y)) return false;
            if (out.v.size() == begin || p.x != out.v.back().x || p.y != out.v.back().y) {
                out.v.push_back(p);
                out.ring_of.push_back(static_cast<std::uint32_t>(r));
            }
        }
        const std::size_t n = out.v.size() - begin - 1;  // edges of this ring
        if (n < 3) return false;
        // Consecutive edges meet at their shared vertex only: a certain turn, or an angle wider
        // than a right angle (they head away from each other). A spike (a reversal) fails both.
        for (std::size_t i = 0; i < n; ++i) {
            const XY& p = out.v[begin + i];
            const XY& q = out.v[begin + i + 1];
            const XY& s = out.v[begin + (i + 2 <= n ? i + 2 : 1)];
            out.ids.push_back(static_cast<std::uint32_t>(begin + i));
            if (certain_orientation(p, q, s) != 0) continue;
            const double dot = (p.x - q.x) * (s.x - q.x) + (p.y - q.y) * (s.y - q.y);
            // Nearly straight: the edges lie on either side of q along one line. Certain when
            // the dot product (about the product of their lengths) is far from 0.
            const double len = std::abs(p.x - q.x) + std::abs(p.y - q.y) + std::abs(s.x - q.x) + std::abs(s.y - q.y);
            if (!(dot < 0.0) || -dot <= 1e-12 * len * len) return false;
        }
    }
    out.first.push_back(static_cast<std::uint32_t>(out.v.size()));
    return true;
}

// Whether no two edges meet, but consecutive edges of a ring at their shared vertex.
bool certainly_apart_edges(const Edges& edges) {
    const std::vector<XY>& v = edges.v;
    const std::size_t n = edges.ids.size();
    auto apart = [&](std::uint32_t e, std::uint32_t f) { return certainly_apart(v[e], v[e + 1], v[f], v[f + 1]); };
    // Small rings: every pair.
    if (n <= 32) {
        for (std::size_t a = 0; a < n; ++a) {
            const std::uint32_t e = edges.ids[a];
            const Box be = segment_box(v[e], v[e + 1]);
            for (std::size_t b = a + 1; b < n; ++b) {
                const std::uint32_t f = edges.ids[b];
                if (edges.consecutive(e, f)) continue;
                if (overlap(be, segment_box(v[f], v[f + 1])) && !apart(e, f)) return false;
            }
        }
        return true;
    }
    // Larger rings: a grid over the box; each edge listed in the cells its box covers; a pair
    // is checked in one cell only, the one holding the lower-left corner of their boxes' overlap.
    double minx = v[0].x, miny = v[0].y, maxx = v[0].x, maxy = v[0].y, length = 0.0;
    for (const XY& p : v) {
        minx = std::min(minx, p.x);
        miny = std::min(miny, p.y);
        maxx = std::max(maxx, p.x);
        maxy = std::max(maxy, p.y);
    }
    for (const std::uint32_t e : edges.ids) length += std::abs(v[e + 1].x - v[e].x) + std::abs(v[e + 1].y - v[e].y);
    const double w = std::max(maxx - minx, 1e-300);
    const double h = std::max(maxy - miny, 1e-300);
    // Square cells no smaller than the mean edge, so that each edge spans a few cells, and at
    // most 2 n of them: three passes go over the grid (national benchmark, flood bands and
    // communes: 48 ns per vertex with 8 n cells, 41 with 2 n; GEOS's IsValidOp took ~70).
    const double nd = static_cast<double>(n);
    const double side = std::max(std::sqrt(w * h / (2.0 * nd)), length / nd);
    const auto cols = static_cast<std::size_t>(std::clamp(std::ceil(w / side), 1.0, 2.0 * nd));
    const auto rows = static_cast<std::size_t>(std::clamp(std::ceil(h / side), 1.0, 2.0 * nd / static_cast<double>(cols)));
    const double per_x = static_cast<double>(cols) / w;  // cells per CRS unit
    const double per_y = static_cast<double>(rows) / h;
    auto col = [&](double x) { return std::min(cols - 1, static_cast<std::size_t>(std::max(0.0, (x - minx) * per_x))); };
    auto row = [&](double y) { return std::min(rows - 1, static_cast<std::size_t>(std::max(0.0, (y - miny) * per_y))); };
    // The work is bounded: a ring whose edges span many cells, or crowd a few (a spiky star),
    // is left to GEOS rather than checked here in quadratic time.
    const std::size_t budget = 32 * n;
    thread_local std::vector<Box> boxes;
    thread_local std::vector<std::uint32_t> start, items, fill;
    boxes.resize(n);
    start.assign(cols * rows + 1, 0);
    std::size_t entries = 0;
    for (std::size_t a = 0; a < n; ++a) {
        const std::uint32_t e = edges.ids[a];
        const Box& b = boxes[a] = segment_box(v[e], v[e + 1]);
        const std::size_t r0 = row(b.miny), r1 = row(b.maxy), c0 = col(b.minx), c1 = col(b.maxx);
        entries += (r1 - r0 + 1) * (c1 - c0 + 1);
        if (entries > budget) return false;
        for (std::size_t r = r0; r <= r1; ++r) {
            for (std::size_t c = c0; c <= c1; ++c) ++start[r * cols + c + 1];
        }
    }
    for (std::size_t k = 1; k < start.size(); ++k) start[k] += start[k - 1];
    items.resize(start.back());
    fill.assign(start.begin(), start.end() - 1);
    for (std::size_t a = 0; a < n; ++a) {
        const Box& b = boxes[a];
        for (std::size_t r = row(b.miny), r1 = row(b.maxy); r <= r1; ++r) {
            for (std::size_t c = col(b.minx), c1 = col(b.maxx); c <= c1; ++c) {
                items[fill[r * cols + c]++] = static_cast<std::uint32_t>(a);
            }
        }
    }
    std::size_t pairs = 0;
    for (std::size_t cell = 0, r = 0, c = 0; cell + 1 < start.size(); ++cell) {
        if (cell != 0 && ++c == cols) {  // the cell's column and row, without a division
            c = 0;
            ++r;
        }
        const std::size_t listed = start[cell + 1] - start[cell];
        if (listed < 2) continue;
        pairs += listed * (listed - 1) / 2;
        if (pairs > budget) return false;
        for (std::uint32_t i = start[cell]; i < start[cell + 1]; ++i) {
            for (std::uint32_t j = i + 1; j < start[cell + 1]; ++j) {
                std::uint32_t a = items[i];
                std::uint32_t b = items[j];
                if (a > b) std::swap(a, b);
                const std::uint32_t e = edges.ids[a];
                const std::uint32_t f = edges.ids[b];
                if (edges.consecutive(e, f) || !overlap(boxes[a], boxes[b])) continue;
                // Checked in the cell of the overlap's lower-left corner only.
                if (col(std::max(boxes[a].minx, boxes[b].minx)) != c || row(std::max(boxes[a].miny, boxes[b].miny)) != r) {
                    continue;
                }
                if (!apart(e, f)) return false;
            }
        }
    }
    return true;
}

// Whether point p is certainly inside (+1) or outside (-1) ring r of `edges`, by counting the
// edges a rightward ray from p crosses; 0 when not certain (p near an edge).
int certain_side(const Edges& edges, std::uint32_t r, const XY& p) {
    bool inside = false;
    for (std::uint32_t e = edges.first[r]; e + 1 < edges.first[r + 1]; ++e) {
        const XY& a = edges.v[e];
        const XY& b = edges.v[e + 1];
        // Half-open in y: an edge counts when it spans p.y, its lower end included.
        if ((a.y > p.y) == (b.y > p.y)) continue;
        const int o = certain_orientation(a, b, p);
        if (o == 0) return 0;
        // The crossing lies right of p when p is left of an upward edge, right of a downward one.
        if ((o > 0) == (b.y > a.y)) inside = !inside;
    }
    return inside ? 1 : -1;
}

// Shell rings[0] and holes rings[1..], each closed: see certainly_valid_polygon.
bool certainly_valid_rings(std::span<const std::span<const XY>> rings) {
    if (rings.empty()) return false;
    thread_local Edges edges;
    if (!read_rings(rings, edges) || !certainly_apart_edges(edges)) return false;
    // No edges meet: each hole lies wholly inside or outside the shell, and inside or outside
    // each other hole; one vertex tells which. Valid: inside the shell, outside the others.
    const auto holes = static_cast<std::uint32_t>(rings.size());
    for (std::uint32_t hole = 1; hole < holes; ++hole) {
        const XY& p = edges.v[edges.first[hole]];
        if (certain_side(edges, 0, p) != 1) return false;
        for (std::uint32_t other = 1; other < holes; ++other) {
            if (other != hole && certain_side(edges, other, p) != -1) return false;
        }
    }
    return true;
}

}  // namespace

bool certainly_valid_polygon(const Geometry& geometry) {
    if (geometry.is_null()) return false;
    const GEOSGeometry* all = g(geometry.raw());
    const GEOSGeometry* polygon = all;
    const int type = GEOSGeomTypeId_r(ctx(), all);
    if (type == GEOS_MULTIPOLYGON) {
        if (GEOSGetNumGeometries_r(ctx(), all) != 1) return false;
        polygon = GEOSGetGeometryN_r(ctx(), all, 0);
    } else if (type != GEOS_POLYGON) {
        return false;
    }
    if (polygon == nullptr || GEOSisEmpty_r(ctx(), polygon) != 0) return false;
    const int holes = GEOSGetNumInteriorRings_r(ctx(), polygon);
    // Many holes: the pairwise hole test grows as their square; GEOS indexes them.
    if (holes < 0 || holes > 16) return false;
    thread_local std::vector<XY> points;
    thread_local std::vector<std::size_t> ends;
    points.clear();
    ends.clear();
    static_assert(sizeof(XY) == 2 * sizeof(double));
    for (int k = -1; k < holes; ++k) {
        const GEOSGeometry* ring = k < 0 ? GEOSGetExteriorRing_r(ctx(), polygon) : GEOSGetInteriorRingN_r(ctx(), polygon, k);
        const GEOSCoordSequence* seq = ring != nullptr ? GEOSGeom_getCoordSeq_r(ctx(), ring) : nullptr;
        unsigned n = 0;
        if (seq == nullptr || GEOSCoordSeq_getSize_r(ctx(), seq, &n) == 0 || n < 4) return false;
        const std::size_t at = points.size();
        points.resize(at + n);
        if (GEOSCoordSeq_copyToBuffer_r(ctx(), seq, &points[at].x, 0, 0) == 0) return false;
        ends.push_back(points.size());
    }
    thread_local std::vector<std::span<const XY>> rings;
    rings.clear();
    for (std::size_t k = 0, begin = 0; k < ends.size(); begin = ends[k++]) {
        rings.emplace_back(points.data() + begin, ends[k] - begin);
    }
    return certainly_valid_rings(rings);
}

}  // namespace foncier::geom
