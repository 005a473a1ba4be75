// coverage_union: the union of a clean coverage by cancelling shared borders equals the GEOS
// overlay union (same region: no symmetric difference), is valid, and refuses what is not a
// clean coverage (dissolve then falls back to GEOS).

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "foncier/geom/convex_clip.hpp"
#include "foncier/geom/coverage_union.hpp"
#include "foncier/geom/operations.hpp"

namespace {

using foncier::geom::Geometry;

// The square cell (i, j) of a grid of 10 m cells, placed in Lambert-93.
Geometry cell(int i, int j) {
    const double x = 931000.0 + 10.0 * i, y = 6890000.0 + 10.0 * j;
    auto p = [](double a, double b) { return std::to_string(a) + " " + std::to_string(b); };
    return Geometry::from_wkt("POLYGON((" + p(x, y) + "," + p(x + 10, y) + "," + p(x + 10, y + 10) + "," + p(x, y + 10) +
                              "," + p(x, y) + "))");
}

std::vector<const Geometry*> pointers(const std::vector<Geometry>& parts) {
    std::vector<const Geometry*> out;
    for (const auto& p : parts) out.push_back(&p);
    return out;
}

// Area of the symmetric difference: 0 for the same region.
double apart(const Geometry& a, const Geometry& b) { return a.area() + b.area() - 2.0 * a.intersection(b).area(); }

// Asserts that coverage_union finds the union of `parts`, the same region as GEOS's overlay,
// as `polygons` polygons with `holes` holes in all.
void expect_union(const std::vector<Geometry>& parts, int polygons, int holes) {
    const auto merged = foncier::geom::coverage_union(pointers(parts));
    ASSERT_TRUE(merged.has_value());
    const Geometry reference = foncier::geom::union_all(pointers(parts));
    EXPECT_TRUE(foncier::geom::check_validity(*merged).valid);
    EXPECT_NEAR(merged->area(), reference.area(), 1e-9 * reference.area());
    EXPECT_NEAR(apart(*merged, reference), 0.0, 1e-9 * reference.area());
    EXPECT_EQ(merged->type_name(), "MultiPolygon");
    int shells = 0, inner = 0;
    const auto rings = foncier::geom::PolygonRings::of(*merged);  // a named object: the loop reads into it
    for (const auto& ring : rings.rings()) ++(ring.hole ? inner : shells);
    EXPECT_EQ(shells, polygons);
    EXPECT_EQ(inner, holes);
}

}  // namespace

TEST(CoverageUnion, GridBecomesOneSquare) {
    std::vector<Geometry> parts;
    for (int i = 0; i < 3; ++i) {
        for (int j = 0; j < 3; ++j) parts.push_back(cell(i, j));
    }
    expect_union(parts, 1, 0);
    EXPECT_EQ(foncier::geom::coverage_union(pointers(parts))->num_coordinates(), 5 + 8);  // collinear vertices kept
}

TEST(CoverageUnion, EnclaveBecomesAHoleAndCornersStayApart) {
    std::vector<Geometry> ring;  // 3 x 3 without the centre: one polygon with a hole
    for (int i = 0; i < 3; ++i) {
        for (int j = 0; j < 3; ++j) {
            if (i != 1 || j != 1) ring.push_back(cell(i, j));
        }
    }
    expect_union(ring, 1, 1);
    std::vector<Geometry> corners;  // two cells touching at one vertex: two polygons
    corners.push_back(cell(0, 0));
    corners.push_back(cell(1, 1));
    expect_union(corners, 2, 0);
    std::vector<Geometry> clockwise;  // rings walked either way
    clockwise.push_back(cell(0, 0));
    clockwise.push_back(Geometry::from_wkt(
        "POLYGON((931010 6890000,931010 6890010,931020 6890010,931020 6890000,931010 6890000))"));
    expect_union(clockwise, 1, 0);
}

TEST(CoverageUnion, HoleTouchingTheShellIsValidOrLeftToGeos) {
    // 3 x 3 without the centre and a corner: the hole meets the outer boundary at one vertex.
    std::vector<Geometry> parts;
    for (int i = 0; i < 3; ++i) {
        for (int j = 0; j < 3; ++j) {
            if (!(i == 1 && j == 1) && !(i == 0 && j == 0)) parts.push_back(cell(i, j));
        }
    }
    const Geometry merged = foncier::geom::dissolve(pointers(parts));
    EXPECT_TRUE(foncier::geom::check_validity(merged).valid);
    EXPECT_NEAR(merged.area(), 700.0, 1e-6);
}

TEST(CoverageUnion, RefusesWhatIsNotACleanCoverage) {
    std::vector<Geometry> overlapping;
    overlapping.push_back(cell(0, 0));
    overlapping.push_back(Geometry::from_wkt("POLYGON((931005 6890000,931015 6890000,931015 6890010,931005 6890010,931005 6890000))"));
    EXPECT_FALSE(foncier::geom::coverage_union(pointers(overlapping)).has_value());
    EXPECT_NEAR(foncier::geom::dissolve(pointers(overlapping)).area(), 150.0, 1e-6);  // the overlay fallback

    std::vector<Geometry> twice;  // one cell given twice: every edge walked twice the same way
    twice.push_back(cell(0, 0));
    twice.push_back(cell(0, 0));
    twice.push_back(cell(1, 0));
    EXPECT_FALSE(foncier::geom::coverage_union(pointers(twice)).has_value());
    EXPECT_NEAR(foncier::geom::dissolve(pointers(twice)).area(), 200.0, 1e-6);

    std::vector<Geometry> noded_apart;  // the right cell has a vertex in the middle of the shared border
    noded_apart.push_back(cell(0, 0));
    noded_apart.push_back(Geometry::from_wkt(
        "POLYGON((931010 6890000,931020 6890000,931020 6890010,931010 6890010,931010 6890005,931010 6890000))"));
    EXPECT_FALSE(foncier::geom::coverage_union(pointers(noded_apart)).has_value());
    const Geometry merged = foncier::geom::dissolve(pointers(noded_apart));
    EXPECT_NEAR(merged.area(), 200.0, 1e-6);
    EXPECT_EQ(foncier::geom::PolygonRings::of(merged).rings().size(), 1u);
}

TEST(CoverageUnion, VoronoiCoverageInTwoGroups) {
    // A coverage with irregular shared borders: Voronoi cells of scattered points, grouped by
    // their x into two "EPCI" that interlock.
    std::vector<foncier::XY> sites;
    for (int k = 0; k < 200; ++k) {
        sites.push_back({931000.0 + std::fmod(k * 7919.0, 1000.0) + 0.37 * k, 6890000.0 + std::fmod(k * 104729.0, 1000.0)});
    }
    const auto cells = foncier::geom::voronoi_cells(sites, {930900.0, 6889900.0, 932200.0, 6891100.0});
    std::vector<Geometry> west, east;
    for (std::size_t k = 0; k < cells.size(); ++k) {
        (cells[k].envelope().centre().x + 80.0 * std::sin(cells[k].envelope().centre().y / 90.0) < 931600.0 ? west : east)
            .push_back(cells[k].clone());
    }
    ASSERT_GT(west.size(), 20u);
    ASSERT_GT(east.size(), 20u);
    for (const auto* group : {&west, &east}) {
        const auto merged = foncier::geom::coverage_union(pointers(*group));
        ASSERT_TRUE(merged.has_value());
        const Geometry reference = foncier::geom::union_all(pointers(*group));
        EXPECT_TRUE(foncier::geom::check_validity(*merged).valid);
        EXPECT_NEAR(apart(*merged, reference), 0.0, 1e-9 * reference.area());
    }
}
