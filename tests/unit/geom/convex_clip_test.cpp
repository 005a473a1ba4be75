// ConvexClip: the area a convex polygon shares with another geometry, by clipping, equals the
// area of GEOS's overlay (OverlayNG) to 1e-9 relative, in Lambert-93 coordinates.

#include <gtest/gtest.h>

#include <algorithm>

#include <cmath>
#include <numbers>
#include <string>

#include "foncier/geom/convex_clip.hpp"
#include "foncier/geom/operations.hpp"

using foncier::geom::ConvexClip;
using foncier::geom::Geometry;

namespace {

std::string ring_wkt(double cx, double cy, double r, int n, double wobble, double phase) {
    std::string s = "(";
    for (int i = 0; i <= n; ++i) {
        const double a = 2 * std::numbers::pi * (i % n) / n + phase;
        const double rr = r * (1.0 + wobble * std::sin(5 * a));  // wobble > 0: a concave star
        s += (i ? "," : "") + std::to_string(cx + rr * std::cos(a)) + " " + std::to_string(cy + rr * std::sin(a));
    }
    return s + ")";
}

}  // namespace

TEST(ConvexClip, OnlyConvexPolygonsWithoutHoles) {
    EXPECT_TRUE(ConvexClip::of(Geometry::from_wkt("POLYGON((0 0,10 0,10 5,0 5,0 0))")));
    EXPECT_TRUE(ConvexClip::of(Geometry::from_wkt("MULTIPOLYGON(((0 0,10 0,10 5,0 5,0 0)))")));
    EXPECT_TRUE(ConvexClip::of(Geometry::from_wkt("POLYGON((0 0,0 5,10 5,10 0,0 0))")));  // clockwise
    EXPECT_FALSE(ConvexClip::of(Geometry::from_wkt("POLYGON((0 0,10 0,10 10,5 2,0 10,0 0))")));  // concave
    EXPECT_FALSE(ConvexClip::of(Geometry::from_wkt("POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,3 2,3 3,2 2))")));
    EXPECT_FALSE(ConvexClip::of(Geometry::from_wkt("MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5)))")));
    EXPECT_FALSE(ConvexClip::of(Geometry::from_wkt("POINT(1 1)")));
    // Left turns only, but around twice (a pentagram), or turning back (a zero-width spike).
    EXPECT_FALSE(ConvexClip::of(Geometry::from_wkt("POLYGON((0 0,4 0,0.5 3,2 -1.5,3.5 3,0 0))")));
    EXPECT_FALSE(ConvexClip::of(Geometry::from_wkt("POLYGON((0 0,10 0,10 5,10 8,10 5,0 5,0 0))")));
    EXPECT_FALSE(ConvexClip::of(Geometry{}));
}

TEST(ConvexClip, WithinIsTheConvexPartInsideAnother) {
    using foncier::geom::PolygonRings;
    const auto square = ConvexClip::of(Geometry::from_wkt("POLYGON((0 0,10 0,10 10,0 10,0 0))"));
    ASSERT_TRUE(square);
    // Cut by a half-plane-like zone: the part left is convex, and measures what it shares with
    // a third polygon as the overlay of the three would.
    const Geometry zone = Geometry::from_wkt("POLYGON((-5 -5,4 -5,6 15,-5 15,-5 -5))");
    const auto part = square->within(PolygonRings::of(zone));
    ASSERT_TRUE(part);
    const Geometry third = Geometry::from_wkt("POLYGON((2 2,20 2,20 8,2 8,2 2))");
    const Geometry site = Geometry::from_wkt("POLYGON((0 0,10 0,10 10,0 10,0 0))");
    EXPECT_NEAR(part->shared_area(PolygonRings::of(third)), site.intersection(zone).intersection(third).area(), 1e-9);
    // Inside the zone: the square itself.
    const auto whole = square->within(PolygonRings::of(Geometry::from_wkt("POLYGON((-1 -1,11 -1,11 11,-1 11,-1 -1))")));
    ASSERT_TRUE(whole);
    EXPECT_NEAR(whole->shared_area(PolygonRings::of(site)), 100.0, 1e-9);
    // Not convex, a hole nearby, or nothing shared: none.
    EXPECT_FALSE(square->within(PolygonRings::of(Geometry::from_wkt("POLYGON((-5 -5,15 -5,15 15,5 3,-5 15,-5 -5))"))));
    EXPECT_FALSE(square->within(
        PolygonRings::of(Geometry::from_wkt("POLYGON((-5 -5,15 -5,15 15,-5 15,-5 -5),(4 4,6 4,6 6,4 4))"))));
    EXPECT_FALSE(square->within(PolygonRings::of(Geometry::from_wkt("POLYGON((20 20,30 20,30 30,20 20))"))));
}

TEST(ConvexClip, DistanceToAPointIsGeoss) {
    // A disc of 64 sides and a rectangle in Lambert-93; points inside, outside near a vertex or
    // an edge, and far: the distance GEOS gives, to 1e-9 m.
    const double x0 = 931234.567, y0 = 6891234.321;
    const Geometry disc = foncier::geom::disc({x0, y0}, 20000.0, 64);
    const Geometry rectangle = Geometry::from_wkt("POLYGON((931000 6891000,931300 6891000,931300 6891120,931000 6891120,931000 6891000))");
    for (const Geometry* shape : {&disc, &rectangle}) {
        const auto clip = ConvexClip::of(*shape);
        ASSERT_TRUE(clip);
        for (int k = 0; k < 200; ++k) {
            const double r = 5.0 * k, a = 0.37 * k;
            const foncier::XY p{x0 + r * std::cos(a), y0 + r * std::sin(a)};
            const double expected = shape->distance(Geometry::point(p.x, p.y));
            EXPECT_NEAR(clip->distance(p), expected, 1e-9) << k;
        }
    }
}

TEST(ConvexClip, SharedAreaEqualsTheOverlayArea) {
    // Convex clippers (discs of 64 sides, rotated rectangles) against concave stars, a polygon
    // with a hole and a multipolygon, placed around one point of Lambert-93, in every overlap.
    const double x0 = 931234.567, y0 = 6891234.321;
    int compared = 0, refused = 0;
    for (int k = 0; k < 40; ++k) {
        const double dx = 37.0 * std::sin(k * 1.7), dy = 41.0 * std::cos(k * 2.3);
        const Geometry disc = foncier::geom::disc({x0 + dx, y0 + dy}, 900.0 + 40.0 * k, 64);
        const std::string rect = "POLYGON(" + ring_wkt(x0 - dy, y0 + dx, 25.0 + k, 4, 0.0, 0.1 * k) + ")";
        const Geometry rotated = Geometry::from_wkt(rect);
        const std::vector<Geometry> subjects = [&] {
            std::vector<Geometry> v;
            v.push_back(Geometry::from_wkt("POLYGON(" + ring_wkt(x0, y0, 40.0, 180, 0.3, 0.0) + ")"));
            v.push_back(Geometry::from_wkt("POLYGON(" + ring_wkt(x0, y0, 60.0, 90, 0.0, 0.0) + "," +
                                           ring_wkt(x0 + 5, y0 - 3, 20.0, 45, 0.0, 0.2) + ")"));
            v.push_back(Geometry::from_wkt("MULTIPOLYGON((" + ring_wkt(x0 - 30, y0, 18.0, 30, 0.2, 0.0) + "),(" +
                                           ring_wkt(x0 + 30, y0 + 10, 15.0, 30, 0.1, 0.4) + "))"));
            v.push_back(Geometry::from_wkt("POLYGON(" + ring_wkt(x0 + 500, y0, 10.0, 12, 0.0, 0.0) + ")"));  // apart
            return v;
        }();
        for (const Geometry* convex : {&disc, &rotated}) {
            const auto clip = ConvexClip::of(*convex);
            ASSERT_TRUE(clip) << convex->to_wkt();
            for (const auto& subject : subjects) {
                const double expected = convex->intersection(subject).area();
                EXPECT_NEAR(clip->shared_area(subject), expected, 1e-9 * std::max(1.0, convex->area()))
                    << convex->to_wkt() << "\n" << subject.to_wkt();
                // The clipped part itself: valid, the overlay's region (or refused, for holes).
                const auto rings = foncier::geom::PolygonRings::of(subject);
                const bool holed = std::any_of(rings.rings().begin(), rings.rings().end(),
                                               [](const auto& r) { return r.hole; });
                const auto part = clip->clipped(rings);
                if (!part) {
                    EXPECT_TRUE(holed);  // refused only for a hole that reaches the clipper's box
                    ++refused;
                } else {
                    EXPECT_TRUE(foncier::geom::check_validity(*part).valid) << part->to_wkt();
                    const double tolerance = 1e-9 * std::max(1.0, convex->area());
                    EXPECT_NEAR(part->area(), expected, tolerance);
                    EXPECT_NEAR(part->intersection(*convex).area(), expected, tolerance);  // inside the clipper
                }
                ++compared;
            }
        }
    }
    EXPECT_EQ(compared, 40 * 2 * 4);
    EXPECT_GT(refused, 0);
}

TEST(ConvexClip, PolygonsThatOnlyTouchShareNothing) {
    // Lambert-93 coordinates: the clipped sliver along the common edge is rounding noise
    // (~1e-12 m²), not an overlap.
    const Geometry disc = foncier::geom::disc({931234.567, 6891234.321}, 3000.0, 64);
    const auto e = disc.envelope();
    const auto clip = ConvexClip::of(disc);
    ASSERT_TRUE(clip);
    const std::string right = "POLYGON((" + std::to_string(e.maxx) + " " + std::to_string(e.miny - 50) + "," +
                              std::to_string(e.maxx + 80) + " " + std::to_string(e.miny - 50) + "," +
                              std::to_string(e.maxx + 80) + " " + std::to_string(e.maxy + 50) + "," +
                              std::to_string(e.maxx) + " " + std::to_string(e.maxy + 50) + "," +
                              std::to_string(e.maxx) + " " + std::to_string(e.miny - 50) + "))";
    const Geometry neighbour = Geometry::from_wkt(right);
    EXPECT_EQ(clip->shared_area(neighbour), 0.0);
    EXPECT_LT(disc.intersection(neighbour).area(), 1e-9 * disc.area());  // the overlay's own noise
}

TEST(ConvexClip, ARingCoveringTheBoxGivesTheWholePolygon) {
    // A disc inside a zone (the commonest case): its whole area, its own outline as the part.
    const Geometry disc = foncier::geom::disc({931234.567, 6891234.321}, 3000.0, 64);
    const auto clip = ConvexClip::of(disc);
    ASSERT_TRUE(clip);
    const Geometry zone = Geometry::from_wkt("POLYGON((931000 6891000,931500 6891000,931500 6891500,931000 6891500,931000 6891000),"
                                             "(931400 6891400,931450 6891400,931450 6891450,931400 6891450,931400 6891400))");
    EXPECT_NEAR(clip->shared_area(zone), disc.area(), 1e-9 * disc.area());
    const auto part = clip->clipped(foncier::geom::PolygonRings::of(Geometry::from_wkt(
        "POLYGON((931000 6891000,931500 6891000,931500 6891500,931000 6891500,931000 6891000))")));
    ASSERT_TRUE(part);
    EXPECT_NEAR(part->area(), disc.area(), 1e-9 * disc.area());
    EXPECT_EQ(part->num_coordinates(), disc.num_coordinates());
    // A zone that covers the disc's box but for a notch in a corner, outside the disc: the same.
    const auto e = disc.envelope();
    const Geometry notched = Geometry::from_wkt(
        "POLYGON((931000 6891000,931500 6891000,931500 6891500,931000 6891500," + std::to_string(e.minx + 0.5) + " " +
        std::to_string(e.maxy) + "," + std::to_string(e.minx) + " " + std::to_string(e.maxy - 0.5) + ",931000 6891000))");
    EXPECT_NEAR(clip->shared_area(notched), disc.intersection(notched).area(), 1e-9 * disc.area());
}
