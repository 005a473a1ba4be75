#include "foncier/geom/coverage_union.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <unordered_map>

#include "foncier/geom/context.hpp"
#include "foncier/geom/convex_clip.hpp"
#include "foncier/geom/operations.hpp"

namespace foncier::geom {

using detail::ctx;
using detail::g;
using detail::h;

namespace {

// A directed edge, compared on exact coordinates: a clean coverage has identical vertices on
// both sides of a border.
struct Edge {
    XY a, b;
};

std::uint64_t mix(std::uint64_t h, double v) noexcept {
    h ^= std::bit_cast<std::uint64_t>(v) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
    return h;
}

struct PointHash {
    std::size_t operator()(const XY& p) const noexcept { return static_cast<std::size_t>(mix(mix(0, p.x), p.y)); }
};
struct PointEq {
    bool operator()(const XY& p, const XY& q) const noexcept { return p.x == q.x && p.y == q.y; }
};

bool before(const XY& p, const XY& q) noexcept { return p.x < q.x || (p.x == q.x && p.y < q.y); }

// The boundary edges of the union of `parts`, interior on the left; nullopt when two parts
// walk an edge the same way (they overlap) or a ring is degenerate. Every edge is listed once
// with its end points in a fixed order and its direction, the list sorted: a border of two
// parts then lies in two neighbouring entries, walked both ways, and cancels. (A hash table of
// open edges took twice as long on the national EPCI.)
std::optional<std::vector<Edge>> boundary(const std::vector<const Geometry*>& parts) {
    struct Undirected {
        XY lo, hi;
        bool forward;  // walked lo -> hi
    };
    thread_local std::vector<Undirected> all;
    all.clear();
    for (const Geometry* part : parts) {
        const PolygonRings rings = PolygonRings::of(*part);
        const std::vector<XY>& points = rings.points();
        for (const auto& ring : rings.rings()) {
            const std::size_t n = ring.end - ring.begin;
            const double area = ring_area(points.data() + ring.begin, n);
            if (area == 0.0) return std::nullopt;
            // Shells counter-clockwise, holes clockwise: the interior on the left of every edge.
            const bool reversed = ring.hole ? area > 0.0 : area < 0.0;
            for (std::size_t i = 0; i < n; ++i) {
                XY a = points[ring.begin + i], b = points[ring.begin + (i + 1 == n ? 0 : i + 1)];
                if (a.x == b.x && a.y == b.y) continue;  // repeated vertex
                if (reversed) std::swap(a, b);
                all.push_back(before(a, b) ? Undirected{a, b, true} : Undirected{b, a, false});
            }
        }
    }
    auto same = [](const Undirected& p, const Undirected& q) { return PointEq{}(p.lo, q.lo) && PointEq{}(p.hi, q.hi); };
    std::sort(all.begin(), all.end(), [](const Undirected& p, const Undirected& q) {
        if (!PointEq{}(p.lo, q.lo)) return before(p.lo, q.lo);
        if (!PointEq{}(p.hi, q.hi)) return before(p.hi, q.hi);
        return p.forward < q.forward;
    });
    std::vector<Edge> out;
    for (std::size_t i = 0; i < all.size();) {
        std::size_t j = i + 1;
        while (j < all.size() && same(all[i], all[j])) ++j;
        // One entry: on the boundary. Two, walked both ways: a border inside the union. More,
        // or two walked the same way: parts overlap.
        if (j - i == 1) {
            out.push_back(all[i].forward ? Edge{all[i].lo, all[i].hi} : Edge{all[i].hi, all[i].lo});
        } else if (j - i > 2 || all[i].forward == all[i + 1].forward) {
            return std::nullopt;
        }
        i = j;
    }
    // A fixed order, so the rings (and their first vertices) do not depend on the parts' order.
    std::sort(out.begin(), out.end(), [](const Edge& p, const Edge& q) {
        return before(p.a, q.a) || (PointEq{}(p.a, q.a) && before(p.b, q.b));
    });
    return out;
}

// The boundary linked into rings (each as its vertices, not closed); nullopt if it does not
// close into rings.
std::optional<std::vector<std::vector<XY>>> link(const std::vector<Edge>& edges) {
    std::unordered_map<XY, std::vector<std::size_t>, PointHash, PointEq> leaving;
    std::unordered_map<XY, int, PointHash, PointEq> balance;  // edges in - edges out
    for (std::size_t i = 0; i < edges.size(); ++i) {
        leaving[edges[i].a].push_back(i);
        --balance[edges[i].a];
        ++balance[edges[i].b];
    }
    for (const auto& [point, b] : balance) {
        if (b != 0) return std::nullopt;
    }
    // The edge that follows edge i: the one leaving its end with the sharpest left turn, which
    // closes the ring around the interior on its left and keeps rings that touch apart.
    auto next = [&](std::size_t i) -> std::size_t {
        const auto& out = leaving.at(edges[i].b);
        if (out.size() == 1) return out[0];
        const double dx = edges[i].b.x - edges[i].a.x, dy = edges[i].b.y - edges[i].a.y;
        std::size_t best = out[0];
        double best_turn = -10.0;
        for (std::size_t j : out) {
            const double ex = edges[j].b.x - edges[j].a.x, ey = edges[j].b.y - edges[j].a.y;
            const double turn = std::atan2(dx * ey - dy * ex, dx * ex + dy * ey);  // left positive, (-pi, pi]
            if (turn > best_turn) {
                best_turn = turn;
                best = j;
            }
        }
        return best;
    };
    std::vector<char> used(edges.size(), 0);
    std::vector<std::vector<XY>> rings;
    for (std::size_t start = 0; start < edges.size(); ++start) {
        if (used[start]) continue;
        std::vector<XY> ring;
        std::size_t i = start;
        do {
            if (used[i]) return std::nullopt;  // joins another ring: not a boundary
            used[i] = 1;
            ring.push_back(edges[i].a);
            i = next(i);
        } while (i != start);
        if (ring.size() < 3) return std::nullopt;
        rings.push_back(std::move(ring));
    }
    return rings;
}

}  // namespace

std::optional<Geometry> coverage_union(const std::vector<const Geometry*>& parts) {
    const auto edges = boundary(parts);
    if (!edges) return std::nullopt;
    const auto rings = link(*edges);
    if (!rings) return std::nullopt;
    // Counter-clockwise rings are shells, clockwise ones holes, each in the smallest shell
    // that covers it (an enclave: a commune of another EPCI inside this one).
    std::vector<std::size_t> shells, holes;
    for (std::size_t r = 0; r < rings->size(); ++r) {
        const double area = ring_area((*rings)[r].data(), (*rings)[r].size());
        if (area == 0.0) return std::nullopt;
        (area > 0.0 ? shells : holes).push_back(r);
    }
    if (shells.empty()) return std::nullopt;
    std::vector<std::vector<std::size_t>> holes_of(shells.size());
    if (shells.size() == 1) {
        holes_of[0] = holes;
    } else {
        std::vector<Geometry> shell_polygons;
        for (std::size_t s : shells) {
            shell_polygons.push_back(Geometry::adopt(
                h(GEOSGeom_createPolygon_r(ctx(), detail::closed_ring((*rings)[s]), nullptr, 0)), "shell"));
        }
        for (std::size_t r : holes) {
            const Geometry hole =
                Geometry::adopt(h(GEOSGeom_createPolygon_r(ctx(), detail::closed_ring((*rings)[r]), nullptr, 0)), "hole");
            std::optional<std::size_t> owner;
            for (std::size_t k = 0; k < shells.size(); ++k) {
                if (GEOSCovers_r(ctx(), g(shell_polygons[k].raw()), g(hole.raw())) != 1) continue;
                if (!owner || shell_polygons[k].area() < shell_polygons[*owner].area()) owner = k;
            }
            if (!owner) return std::nullopt;
            holes_of[*owner].push_back(r);
        }
    }
    std::vector<GEOSGeometry*> polygons;
    for (std::size_t k = 0; k < shells.size(); ++k) {
        std::vector<GEOSGeometry*> inner;
        for (std::size_t r : holes_of[k]) inner.push_back(detail::closed_ring((*rings)[r]));
        polygons.push_back(GEOSGeom_createPolygon_r(ctx(), detail::closed_ring((*rings)[shells[k]]), inner.data(),
                                                    static_cast<unsigned>(inner.size())));
    }
    Geometry merged = Geometry::adopt(
        h(GEOSGeom_createCollection_r(ctx(), GEOS_MULTIPOLYGON, polygons.data(), static_cast<unsigned>(polygons.size()))),
        "coverage union");
    // The checks that the parts did form a clean coverage: a valid result (rings that cross
    // betray overlapping parts or borders noded differently) of the parts' total area.
    if (!check_validity(merged).valid) return std::nullopt;  // most proven without GEOS (simple_ring)
    double total = 0.0;
    for (const Geometry* part : parts) total += part->area();
    if (std::abs(merged.area() - total) > 1e-9 * total) return std::nullopt;
    return merged;
}

}  // namespace foncier::geom
