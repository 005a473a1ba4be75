#include <gtest/gtest.h>

#include <algorithm>

#include <cmath>

#include "foncier/core/error.hpp"
#include "foncier/geom/convex_clip.hpp"
#include "foncier/geom/geometry.hpp"
#include "foncier/geom/operations.hpp"
#include "foncier/geom/prepared.hpp"

using foncier::geom::Geometry;

TEST(Geometry, WktRoundTripAreaAndEnvelope) {
    const auto g = Geometry::from_wkt("POLYGON((0 0,10 0,10 10,0 10,0 0))");
    EXPECT_DOUBLE_EQ(g.area(), 100.0);
    const auto e = g.envelope();
    EXPECT_DOUBLE_EQ(e.maxx, 10.0);
    EXPECT_EQ(g.to_wkt(0), "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))");
    const auto back = Geometry::from_wkb(g.to_wkb());
    EXPECT_DOUBLE_EQ(back.area(), 100.0);
}

TEST(Geometry, BadWktThrowsGeometryError) {
    EXPECT_THROW((void)Geometry::from_wkt("POLYGON((0 0,10 0"), foncier::GeometryError);
}

TEST(Geometry, IntersectionDistanceAndSwap) {
    const auto a = Geometry::from_wkt("POLYGON((0 0,10 0,10 10,0 10,0 0))");
    const auto b = Geometry::from_wkt("POLYGON((5 0,15 0,15 10,5 10,5 0))");
    EXPECT_DOUBLE_EQ(a.intersection(b).area(), 50.0);
    EXPECT_TRUE(a.intersects(b));
    EXPECT_DOUBLE_EQ(a.distance(Geometry::point(13, 14)), 5.0);
    const auto p = Geometry::point(49.25, 3.98).swapped_xy();
    EXPECT_DOUBLE_EQ(p.xy().x, 3.98);
    EXPECT_DOUBLE_EQ(p.xy().y, 49.25);
}

TEST(Prepared, ContainsAndIntersects) {
    const auto square = Geometry::from_wkt("POLYGON((0 0,10 0,10 10,0 10,0 0))");
    const foncier::geom::PreparedGeometry prepared(square);
    EXPECT_TRUE(prepared.contains(Geometry::point(5, 5)));
    EXPECT_FALSE(prepared.contains(Geometry::point(15, 5)));
    EXPECT_TRUE(prepared.intersects(Geometry::from_wkt("LINESTRING(5 5, 20 20)")));
}

TEST(Validity, BowTieIsInvalidAndRepairKeepsBothTriangles) {
    const auto bowtie = Geometry::from_wkt("POLYGON((0 0,10 10,10 0,0 10,0 0))");
    const auto v = foncier::geom::check_validity(bowtie);
    EXPECT_FALSE(v.valid);
    EXPECT_NE(v.reason.find("Self-intersection"), std::string::npos);
    ASSERT_TRUE(v.location.has_value());
    EXPECT_DOUBLE_EQ(v.location->x, 5.0);
    const auto fixed = foncier::geom::make_valid_polygonal(bowtie);
    EXPECT_TRUE(foncier::geom::check_validity(fixed).valid);
    EXPECT_EQ(fixed.type_name(), "MultiPolygon");
    EXPECT_DOUBLE_EQ(fixed.area(), 50.0);
}

TEST(Validity, CollapsedPolygonLeavesNothingPolygonal) {
    const auto flat = Geometry::from_wkt("POLYGON((0 0,10 0,20 0,0 0))");
    EXPECT_FALSE(foncier::geom::check_validity(flat).valid);
    EXPECT_TRUE(foncier::geom::make_valid_polygonal(flat).is_empty());
}

TEST(Disc, HasExactlyTheRequestedArea) {
    for (double area : {1.0, 21189.3, 13610003.63}) {
        const auto d = foncier::geom::disc({900000, 6880000}, area, 64);
        EXPECT_NEAR(d.area() / area, 1.0, 1e-9) << area;
        EXPECT_NEAR(d.point_on_surface().xy().x, 900000, std::sqrt(area));
    }
    EXPECT_THROW((void)foncier::geom::disc({0, 0}, 0.0), foncier::GeometryError);
}

TEST(Dissolve, UnionOfAdjacentSquaresHasNoInnerEdge) {
    const auto a = Geometry::from_wkt("POLYGON((0 0,10 0,10 10,0 10,0 0))");
    const auto b = Geometry::from_wkt("POLYGON((10 0,20 0,20 10,10 10,10 0))");
    const auto c = Geometry::from_wkt("POLYGON((30 0,40 0,40 10,30 10,30 0))");
    const auto u = foncier::geom::dissolve({&a, &b, &c});
    EXPECT_DOUBLE_EQ(u.area(), 300.0);
    EXPECT_EQ(u.type_name(), "MultiPolygon");
    const auto expected = Geometry::from_wkt("MULTIPOLYGON(((0 0,10 0,20 0,20 10,10 10,0 10,0 0)),((30 0,40 0,40 10,30 10,30 0)))");
    EXPECT_EQ(u.normalized().to_wkt(0), expected.normalized().to_wkt(0));
}

TEST(Dissolve, FallsBackWhenNeighboursAreNotNodedAlike) {
    // b shares a's right edge but without a's vertex at (10 5): CoverageUnion refuses it.
    const auto a = Geometry::from_wkt("POLYGON((0 0,10 0,10 5,10 10,0 10,0 0))");
    const auto b = Geometry::from_wkt("POLYGON((10 0,20 0,20 10,10 10,10 0))");
    const auto u = foncier::geom::dissolve({&a, &b});
    EXPECT_DOUBLE_EQ(u.area(), 200.0);
    EXPECT_TRUE(foncier::geom::check_validity(u).valid);
}

namespace {
// A river-like band: a long zig-zag line buffered (thousands of vertices).
Geometry river_band() {
    std::string wkt = "LINESTRING(";
    for (int i = 0; i <= 400; ++i) {
        wkt += (i ? "," : "") + std::to_string(i * 50.0) + " " + std::to_string(std::sin(i * 0.3) * 400.0);
    }
    return foncier::geom::buffer(Geometry::from_wkt(wkt + ")"), 120.0, 8);
}

}  // namespace

TEST(ClipToRect, ValidPartsInsideTheRectangle) {
    const Geometry whole = river_band();
    const auto box = whole.envelope();
    for (int i = 0; i < 40; ++i) {
        const double x = box.minx + (box.maxx - box.minx) * i / 40.0, y = box.miny + (box.maxy - box.miny) * ((i * 13) % 40) / 40.0;
        const foncier::geom::Envelope r{x, y, x + 700.0, y + 350.0};
        const Geometry part = foncier::geom::clip_to_rect(whole, r);
        EXPECT_TRUE(part.is_empty() || foncier::geom::check_validity(part).valid) << i;
        const Geometry frame = Geometry::from_wkt("POLYGON((" + std::to_string(r.minx) + " " + std::to_string(r.miny) + "," +
                                                  std::to_string(r.maxx) + " " + std::to_string(r.miny) + "," +
                                                  std::to_string(r.maxx) + " " + std::to_string(r.maxy) + "," +
                                                  std::to_string(r.minx) + " " + std::to_string(r.maxy) + "," +
                                                  std::to_string(r.minx) + " " + std::to_string(r.miny) + "))");
        EXPECT_NEAR(part.area(), whole.intersection(frame).area(), std::max(1e-8 * part.area(), 1e-6)) << i;  // m²
    }
}

namespace {
// Area of flat rings, holes subtracted.
double rings_area(const foncier::geom::PolygonRings& r) {
    double a = 0.0;
    for (const auto& ring : r.rings()) {
        const double ra = std::abs(foncier::geom::ring_area(r.points().data() + ring.begin, ring.end - ring.begin));
        a += ring.hole ? -ra : ra;
    }
    return a;
}

// subdivide_rings tiles `whole`: small pieces whose areas add up to it, and whose shares of
// convex squares laid over it add up to the exact overlays' areas.
void expect_ring_tiles(const Geometry& whole) {
    const auto pieces = foncier::geom::subdivide_rings(whole, 256);
    ASSERT_GE(pieces.size(), 4U);
    double sum = 0.0;
    for (const auto& p : pieces) {
        EXPECT_LE(p.points().size(), 256U);
        sum += rings_area(p);
    }
    EXPECT_NEAR(sum, whole.area(), 1e-9 * whole.area());
    const auto box = whole.envelope();
    int overlapping = 0;
    for (int i = 0; i < 60; ++i) {
        // Squares of 300 m along the box's diagonal, some across cuts, some across holes.
        const double x = box.minx + (box.maxx - box.minx) * i / 60.0, y = box.miny + (box.maxy - box.miny) * ((i * 7) % 60) / 60.0;
        const Geometry square = Geometry::from_wkt("POLYGON((" + std::to_string(x) + " " + std::to_string(y) + "," +
                                                   std::to_string(x + 300) + " " + std::to_string(y) + "," +
                                                   std::to_string(x + 300) + " " + std::to_string(y + 300) + "," +
                                                   std::to_string(x) + " " + std::to_string(y + 300) + "," +
                                                   std::to_string(x) + " " + std::to_string(y) + "))");
        const auto clip = foncier::geom::ConvexClip::of(square);
        ASSERT_TRUE(clip.has_value());
        double shared = 0.0;
        for (const auto& p : pieces) shared += clip->shared_area(p);
        const double exact = square.intersection(whole).area();
        // Both round: the overlay snaps, the clipper sums shoelace terms (1e-8 relative here).
        EXPECT_NEAR(shared, exact, 1e-7 * std::max(exact, 1.0)) << "square " << i;
        EXPECT_NEAR(shared, clip->shared_area(whole), 1e-7 * std::max(exact, 1.0)) << "square " << i;
        overlapping += exact > 0.0 ? 1 : 0;
    }
    EXPECT_GT(overlapping, 10);
}
}  // namespace

TEST(SubdivideRings, PiecesAreSmallAndTheirAreasAndSharesAreExact) {
    expect_ring_tiles(river_band());
    expect_ring_tiles(foncier::geom::densify(
        Geometry::from_wkt("POLYGON((0 0,10000 0,10000 10000,0 10000,0 0),(4000 4000,4000 6000,6000 6000,6000 4000,4000 4000))"),
        10.0));
    EXPECT_TRUE(foncier::geom::subdivide_rings(Geometry{}).empty());
}

TEST(Envelope, OverlapAreaIsZeroForTouchingBoxes) {
    const foncier::geom::Envelope a{0, 0, 10, 10};
    EXPECT_DOUBLE_EQ(a.overlap_area({10, 0, 20, 10}), 0.0);  // shared edge
    EXPECT_DOUBLE_EQ(a.overlap_area({20, 20, 30, 30}), 0.0);  // apart
    EXPECT_DOUBLE_EQ(a.overlap_area({5, 5, 20, 7}), 10.0);    // 5 x 2
}

TEST(PolygonalParts, ConsumingFormKeepsOrWrapsWithoutChangingTheShape) {
    using foncier::geom::Geometry;
    using foncier::geom::polygonal_parts;
    for (const char* wkt : {"POLYGON((0 0,4 0,4 3,0 0))", "MULTIPOLYGON(((0 0,4 0,4 3,0 0)),((10 10,11 10,11 11,10 10)))",
                            "MULTIPOLYGON(((0 0,4 0,4 3,0 0)),EMPTY)",
                            "GEOMETRYCOLLECTION(POLYGON((0 0,4 0,4 3,0 0)),LINESTRING(0 0,9 9))", "POLYGON EMPTY"}) {
        const Geometry g = Geometry::from_wkt(wkt);
        const Geometry copied = polygonal_parts(g);
        const Geometry consumed = polygonal_parts(Geometry::from_wkt(wkt));
        EXPECT_EQ(consumed.type_name(), "MultiPolygon") << wkt;
        EXPECT_EQ(consumed.to_wkt(6), copied.to_wkt(6)) << wkt;
    }
}

// Geometries whose WKB is written or read on foncier's own paths, and others GEOS handles.
constexpr const char* k_wkb_cases[] = {
    "POINT(931234.5 6891234.25)", "POLYGON((0 0,10 0,10 10,0 10,0 0),(2 2,2 3,3 3,3 2,2 2))",
    "MULTIPOLYGON(((0 0,1 0,1 1,0 0)),((5 5,6 5,6 6,5 5),(5.2 5.1,5.8 5.1,5.8 5.7,5.2 5.1)))",
    "MULTIPOLYGON(((0 0,1 0,1 1,0 0)),EMPTY)", "MULTIPOLYGON EMPTY", "POLYGON EMPTY", "POINT EMPTY",
    "POLYGON Z((0 0 1,1 0 1,1 1 1,0 0 1))", "LINESTRING(0 0,1 1)",
    "GEOMETRYCOLLECTION(POINT(1 2),POLYGON((0 0,1 0,1 1,0 0)))"};

TEST(Wkb, AppendedWkbIsGeossOwn) {
    using foncier::geom::Geometry;
    for (const char* wkt : k_wkb_cases) {
        const Geometry g = Geometry::from_wkt(wkt);
        std::vector<unsigned char> out{42};  // appended after what is there
        g.append_wkb(out);
        const auto expected = g.to_wkb();
        ASSERT_EQ(out.size(), expected.size() + 1) << wkt;
        EXPECT_EQ(out[0], 42);
        EXPECT_TRUE(std::equal(expected.begin(), expected.end(), out.begin() + 1)) << wkt;
    }
}

TEST(Wkb, ReadAsGeosReadsIt) {
    using foncier::geom::Geometry;
    // The same geometries as GEOS's reader gives, on its fast path (2D little-endian points,
    // polygons, multipolygons) or not; and the same error on a broken one.
    for (const char* wkt : k_wkb_cases) {
        const Geometry g = Geometry::from_wkt(wkt);
        const Geometry back = Geometry::from_wkb(g.to_wkb());
        EXPECT_EQ(back.to_wkt(6), g.to_wkt(6)) << wkt;
        EXPECT_EQ(back.type_name(), g.type_name()) << wkt;
    }
    // Big-endian: GEOS's reader.
    const unsigned char big[] = {0, 0, 0, 0, 1, 0x40, 0x24, 0, 0, 0, 0, 0, 0, 0x40, 0x34, 0, 0, 0, 0, 0, 0};
    EXPECT_EQ(Geometry::from_wkb(big).to_wkt(1), "POINT (10 20)");
    // Truncated, or a ring that does not close: GEOS's error, nothing half-built.
    auto wkb = Geometry::from_wkt("POLYGON((0 0,10 0,10 10,0 10,0 0))").to_wkb();
    const std::vector<unsigned char> truncated(wkb.begin(), wkb.end() - 8);
    EXPECT_THROW((void)Geometry::from_wkb(truncated), foncier::GeometryError);
    wkb[wkb.size() - 16] = 0x3f;  // the closing vertex moves
    EXPECT_THROW((void)Geometry::from_wkb(wkb), foncier::GeometryError);
}
