// ConvexClip::parts_of: random concave polygons (stars, unions of parcels, multi-part) cut
// into convex pieces that tile them; what the pieces measure (areas shared with concave zones,
// distances to points) equals GEOS's overlay and distance to 1e-9 relative, in Lambert-93;
// with holes, the shell's pieces less the hole's.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <string>
#include <vector>

#include "foncier/geom/convex_clip.hpp"
#include "foncier/geom/operations.hpp"

using foncier::XY;
using foncier::geom::ConvexClip;
using foncier::geom::Geometry;
using foncier::geom::PolygonRings;

namespace {

// splitmix64: the same shapes on every platform.
struct Random {
    std::uint64_t state;
    double uniform(double a = 0.0, double b = 1.0) {
        std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        z ^= z >> 31;
        return a + (b - a) * static_cast<double>(z >> 11) * 0x1.0p-53;
    }
};

std::string ring(const std::vector<XY>& points) {
    std::string s = "(";
    for (std::size_t i = 0; i <= points.size(); ++i) {
        const XY& p = points[i % points.size()];
        s += (i ? "," : "") + std::to_string(p.x) + " " + std::to_string(p.y);
    }
    return s + ")";
}

// A star-shaped polygon of n vertices, radii r * [0.4, 1], centimetre coordinates.
Geometry star(Random& rnd, XY c, double r, int n) {
    std::vector<XY> points;
    for (int i = 0; i < n; ++i) {
        const double a = 2 * std::numbers::pi * (i + rnd.uniform(-0.3, 0.3)) / n;
        const double rr = r * rnd.uniform(0.4, 1.0);
        points.push_back({std::round((c.x + rr * std::cos(a)) * 100) / 100, std::round((c.y + rr * std::sin(a)) * 100) / 100});
    }
    return Geometry::from_wkt("POLYGON(" + ring(points) + ")");
}

// The union of `n` cells of a jittered grid grown at random from one cell: L-shapes, notches,
// strips, sometimes two parts when `gap`.
Geometry parcels(Random& rnd, XY c, double side, int n, bool gap) {
    std::vector<std::pair<int, int>> cells{{0, 0}};
    while (static_cast<int>(cells.size()) < n) {
        const auto [i, j] = cells[static_cast<std::size_t>(rnd.uniform(0, static_cast<double>(cells.size())))];
        const int d = static_cast<int>(rnd.uniform(0, 4));
        const std::pair<int, int> next{i + (d == 0) - (d == 1), j + (d == 2) - (d == 3)};
        if (std::find(cells.begin(), cells.end(), next) == cells.end()) cells.push_back(next);
    }
    if (gap) cells.push_back({20, 0});
    auto vertex = [&](int i, int j) {
        // The same jitter for a vertex whichever cell asks: a function of (i, j) only.
        const double jx = std::sin(i * 12.9898 + j * 78.233) * 0.2 * side, jy = std::cos(i * 39.346 + j * 11.135) * 0.2 * side;
        return XY{std::round((c.x + i * side + jx) * 100) / 100, std::round((c.y + j * side + jy) * 100) / 100};
    };
    std::vector<Geometry> quads;
    for (const auto& [i, j] : cells) {
        quads.push_back(Geometry::from_wkt("POLYGON(" + ring({vertex(i, j), vertex(i + 1, j), vertex(i + 1, j + 1), vertex(i, j + 1)}) + ")"));
    }
    std::vector<const Geometry*> ptrs;
    for (const auto& q : quads) ptrs.push_back(&q);
    return foncier::geom::union_all(ptrs);
}

// The z-th concave zone compared with a site centred at c: a star, a star, then a parcel union.
Geometry zone_near(Random& rnd, XY c, int z) {
    if (z == 2) return parcels(rnd, {c.x + rnd.uniform(-80, 80), c.y + rnd.uniform(-80, 80)}, 35, 12, false);
    return star(rnd, {c.x + rnd.uniform(-150, 150), c.y + rnd.uniform(-150, 150)}, 120, 30);
}

}  // namespace

TEST(ConvexParts, TileRandomConcavePolygonsAndMeasureAsGeosDoes) {
    Random rnd{20261204};
    const double x0 = 912345.67, y0 = 6876543.21;
    int cut = 0, not_cut = 0, holed = 0, compared = 0, holed_compared = 0;
    for (int k = 0; k < 300; ++k) {
        const XY c{x0 + rnd.uniform(-50, 50), y0 + rnd.uniform(-50, 50)};
        const Geometry site = k % 3 == 0 ? star(rnd, c, rnd.uniform(50, 200), 8 + k % 17)
                                         : parcels(rnd, c, rnd.uniform(20, 60), 1 + k % 20, k % 10 == 1);
        ASSERT_TRUE(foncier::geom::check_validity(site).valid) << site.to_wkt();
        const auto parts = ConvexClip::parts_of(site);
        const auto site_rings = PolygonRings::of(site);
        if (std::any_of(site_rings.rings().begin(), site_rings.rings().end(), [](const auto& r) { return r.hole; })) {
            EXPECT_FALSE(parts);  // parcels grown round an empty cell: parts_of leaves holes out
            // signed_parts_of cuts the shell and the hole apart: the site shares what its
            // shell pieces share less what its hole pieces share.
            const auto signed_parts = ConvexClip::signed_parts_of(site);
            ASSERT_TRUE(signed_parts) << site.to_wkt();
            EXPECT_FALSE(signed_parts->holes.empty());
            double total = 0.0;
            for (const auto& p : signed_parts->shells) total += p.area();
            for (const auto& p : signed_parts->holes) total -= p.area();
            EXPECT_NEAR(total, site.area(), 1e-9 * site.area()) << site.to_wkt();
            for (int z = 0; z < 3; ++z) {
                const Geometry zone = zone_near(rnd, c, z);
                const PolygonRings rings = PolygonRings::of(zone);
                double shared = 0.0;
                for (const auto& p : signed_parts->shells) shared += p.shared_area(rings);
                for (const auto& p : signed_parts->holes) shared -= p.shared_area(rings);
                EXPECT_NEAR(shared, site.intersection(zone).area(), 1e-9 * site.area()) << site.to_wkt() << "\n" << zone.to_wkt();
                ++holed_compared;
            }
            ++holed;
            continue;
        }
        if (!parts) {
            ++not_cut;
            continue;
        }
        ++cut;
        // A tiling: the pieces' areas add up to the polygon's, and their union is the polygon.
        double total = 0.0;
        for (const auto& p : *parts) total += p.area();
        EXPECT_NEAR(total, site.area(), 1e-9 * site.area()) << site.to_wkt();
        // Against concave zones (another star, a parcel union) and points.
        for (int z = 0; z < 3; ++z) {
            const Geometry zone = zone_near(rnd, c, z);
            const PolygonRings rings = PolygonRings::of(zone);
            double shared = 0.0;
            for (const auto& p : *parts) shared += p.shared_area(rings);
            EXPECT_NEAR(shared, site.intersection(zone).area(), 1e-9 * site.area()) << site.to_wkt() << "\n" << zone.to_wkt();
            const XY at{c.x + rnd.uniform(-300, 300), c.y + rnd.uniform(-300, 300)};
            double distance = INFINITY;
            for (const auto& p : *parts) distance = std::min(distance, p.distance(at));
            EXPECT_NEAR(distance, site.distance(Geometry::point(at.x, at.y)), 1e-9) << site.to_wkt();
            ++compared;
        }
    }
    // Every one of these valid polygons without holes is cut.
    EXPECT_EQ(not_cut, 0);
    EXPECT_EQ(cut + holed, 300);
    EXPECT_EQ(compared, 3 * cut);
    EXPECT_GT(holed, 0);  // the generator does grow parcels round an empty cell
    EXPECT_EQ(holed_compared, 3 * holed);
}

TEST(ConvexParts, HolesAreCutApart) {
    const Geometry holed = Geometry::from_wkt("POLYGON((0 0,10 0,10 10,0 10,0 0),(4 4,6 4,6 6,4 6,4 4))");
    EXPECT_FALSE(ConvexClip::parts_of(holed));
    const auto parts = ConvexClip::signed_parts_of(holed);
    ASSERT_TRUE(parts);
    ASSERT_EQ(parts->shells.size(), 1u);
    ASSERT_EQ(parts->holes.size(), 1u);
    EXPECT_DOUBLE_EQ(parts->shells[0].area(), 100.0);
    EXPECT_DOUBLE_EQ(parts->holes[0].area(), 4.0);
    // A zone inside the hole: the shell shares 1, the hole 1, the site nothing.
    const auto enclave = PolygonRings::of(Geometry::from_wkt("POLYGON((4.5 4.5,5.5 4.5,5.5 5.5,4.5 5.5,4.5 4.5))"));
    EXPECT_DOUBLE_EQ(parts->shells[0].shared_area(enclave) - parts->holes[0].shared_area(enclave), 0.0);
    // An L-shape: two pieces at most four times the fewest (two), each convex.
    const auto l = ConvexClip::parts_of(Geometry::from_wkt("POLYGON((0 0,2 0,2 1,1 1,1 2,0 2,0 0))"));
    ASSERT_TRUE(l);
    EXPECT_GE(l->size(), 2u);
    EXPECT_LE(l->size(), 4u);
    double area = 0.0;
    for (const auto& p : *l) area += p.area();
    EXPECT_DOUBLE_EQ(area, 3.0);
}
