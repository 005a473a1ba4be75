// ConvexClip::parts_of: a polygon cut into convex pieces, so that a non-convex site (a union
// of parcels, a star-shaped site) is measured by the convex clipper piece by piece instead of
// by GEOS overlays. Ear clipping gives triangles; the diagonals whose removal leaves the
// two pieces on either side convex are then removed (Hertel and Mehlhorn: at most four times
// the fewest convex pieces). Every decision is an orientation test with an error bound
// (detail::certain_orientation): when one is not certain, no pieces, and the caller overlays.
// Holes are cut the same way, apart (signed_parts_of): their pieces' measures are subtracted.

#include <algorithm>
#include <map>
#include <numeric>
#include <utility>

#include "foncier/geom/convex_clip.hpp"
#include "foncier/geom/orientation.hpp"

namespace foncier::geom {

using detail::certain_orientation;

namespace {

bool same(const XY& a, const XY& b) { return a.x == b.x && a.y == b.y; }

// Triangles (indexes into `ring`, counter-clockwise, no closing vertex) by ear clipping;
// false when no ear is certain at some step.
bool triangulate(const std::vector<XY>& ring, std::vector<std::array<int, 3>>& triangles) {
    const int n = static_cast<int>(ring.size());
    std::vector<int> prev(static_cast<std::size_t>(n)), next(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        prev[static_cast<std::size_t>(i)] = (i + n - 1) % n;
        next[static_cast<std::size_t>(i)] = (i + 1) % n;
    }
    auto at = [&](int i) -> const XY& { return ring[static_cast<std::size_t>(i)]; };
    // Is the corner at v an ear: a certain left turn, and every other vertex certainly
    // outside the triangle (a vertex at one of its corners does not count).
    auto ear = [&](int v) {
        const int p = prev[static_cast<std::size_t>(v)], q = next[static_cast<std::size_t>(v)];
        const XY &a = at(p), &b = at(v), &c = at(q);
        if (certain_orientation(a, b, c) != 1) return false;
        for (int k = next[static_cast<std::size_t>(q)]; k != p; k = next[static_cast<std::size_t>(k)]) {
            const XY& x = at(k);
            if (same(x, a) || same(x, b) || same(x, c)) continue;
            if (certain_orientation(a, b, x) == -1 || certain_orientation(b, c, x) == -1 ||
                certain_orientation(c, a, x) == -1) {
                continue;
            }
            return false;
        }
        return true;
    };
    int left = n, v = 0, since_last = 0;
    while (left > 3) {
        if (ear(v)) {
            const int p = prev[static_cast<std::size_t>(v)], q = next[static_cast<std::size_t>(v)];
            triangles.push_back({p, v, q});
            next[static_cast<std::size_t>(p)] = q;
            prev[static_cast<std::size_t>(q)] = p;
            --left;
            v = p;
            since_last = 0;
            continue;
        }
        v = next[static_cast<std::size_t>(v)];
        if (++since_last > left) return false;  // a whole turn without an ear
    }
    const int p = prev[static_cast<std::size_t>(v)], q = next[static_cast<std::size_t>(v)];
    if (certain_orientation(at(p), at(v), at(q)) != 1) return false;
    triangles.push_back({p, v, q});
    return true;
}

// Merges triangles across their shared diagonals while the merged piece stays convex.
std::vector<std::vector<int>> merge(const std::vector<XY>& ring, const std::vector<std::array<int, 3>>& triangles) {
    std::vector<std::vector<int>> pieces;
    for (const auto& t : triangles) pieces.push_back({t[0], t[1], t[2]});
    std::vector<std::size_t> root(pieces.size());
    std::iota(root.begin(), root.end(), std::size_t{0});
    auto find = [&](std::size_t i) {
        while (root[i] != i) i = root[i] = root[root[i]];
        return i;
    };
    // Directed edge (a, b) -> the triangle holding it.
    std::map<std::pair<int, int>, std::size_t> owner;
    for (std::size_t k = 0; k < triangles.size(); ++k) {
        for (int e = 0; e < 3; ++e) owner[{triangles[k][static_cast<std::size_t>(e)], triangles[k][static_cast<std::size_t>((e + 1) % 3)]}] = k;
    }
    auto at = [&](int i) -> const XY& { return ring[static_cast<std::size_t>(i)]; };
    for (std::size_t k = 0; k < triangles.size(); ++k) {
        // The diagonal of ear k: from its last vertex back to its first, (q, p).
        const int p = triangles[k][0], q = triangles[k][2];
        const auto other = owner.find({p, q});
        if (other == owner.end()) continue;  // a side of the ring, not a diagonal
        const std::size_t ra = find(k), rb = find(other->second);
        if (ra == rb) continue;
        auto& a = pieces[ra];  // holds q -> p
        auto& b = pieces[rb];  // holds p -> q
        const auto na = a.size(), nb = b.size();
        std::size_t i = 0, j = 0;
        while (i < na && !(a[i] == q && a[(i + 1) % na] == p)) ++i;
        while (j < nb && !(b[j] == p && b[(j + 1) % nb] == q)) ++j;
        if (i == na || j == nb) continue;
        // Convex at p: (b's vertex before p, p, a's vertex after p); at q: (a's before q, q,
        // b's after q).
        if (certain_orientation(at(b[(j + nb - 1) % nb]), at(p), at(a[(i + 2) % na])) != 1 ||
            certain_orientation(at(a[(i + na - 1) % na]), at(q), at(b[(j + 2) % nb])) != 1) {
            continue;
        }
        std::vector<int> merged;
        for (std::size_t s = 0; s < na; ++s) merged.push_back(a[(i + 1 + s) % na]);  // p ... q
        for (std::size_t s = 2; s < nb; ++s) merged.push_back(b[(j + s) % nb]);       // after q ... before p
        a = std::move(merged);
        b.clear();
        root[rb] = ra;
    }
    std::vector<std::vector<int>> out;
    for (std::size_t k = 0; k < pieces.size(); ++k) {
        if (find(k) == k && !pieces[k].empty()) out.push_back(std::move(pieces[k]));
    }
    return out;
}

}  // namespace

std::optional<std::vector<ConvexClip>> ConvexClip::parts_of(const Geometry& geometry) {
    auto parts = signed_parts_of(geometry);
    if (!parts || !parts->holes.empty()) return std::nullopt;
    return std::move(parts->shells);
}

std::optional<ConvexClip::SignedParts> ConvexClip::signed_parts_of(const Geometry& geometry) {
    const PolygonRings rings = PolygonRings::of(geometry);
    if (rings.rings().empty()) return std::nullopt;
    SignedParts out;
    std::vector<XY> ring;
    std::vector<std::array<int, 3>> triangles;
    for (const auto& r : rings.rings()) {
        // A hole is cut as a polygon of its own (counter-clockwise like a shell): its pieces
        // tile the hole.
        ring.assign(rings.points().begin() + static_cast<std::ptrdiff_t>(r.begin),
                    rings.points().begin() + static_cast<std::ptrdiff_t>(r.end));
        ring.erase(std::unique(ring.begin(), ring.end(), same), ring.end());
        while (ring.size() > 1 && same(ring.front(), ring.back())) ring.pop_back();
        if (ring.size() < 3) return std::nullopt;
        if (ring_area(ring.data(), ring.size()) < 0.0) std::reverse(ring.begin(), ring.end());
        triangles.clear();
        if (!triangulate(ring, triangles)) return std::nullopt;
        for (const auto& piece : merge(ring, triangles)) {
            std::vector<XY> points;
            points.reserve(piece.size());
            for (int i : piece) points.push_back(ring[static_cast<std::size_t>(i)]);
            auto clip = of_ring(std::move(points));
            if (!clip) return std::nullopt;
            (r.hole ? out.holes : out.shells).push_back(std::move(*clip));
        }
    }
    return out;
}

}  // namespace foncier::geom
