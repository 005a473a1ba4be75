// certainly_valid_polygon: a proof of validity on plain coordinates, before GEOS's IsValidOp.
// Sound: whenever it says valid, GEOS agrees (random rings, most of them self-crossing, and
// near-degenerate ones). Useful: it proves the valid rings foncier meets (stars of a few to
// thousands of vertices, rectangles, discs), and says nothing of the invalid ones, which GEOS
// then describes.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "foncier/geom/operations.hpp"
#include "foncier/geom/simple_ring.hpp"

namespace geom = foncier::geom;
using foncier::XY;

namespace {

// "(x y, ...)", closed, every digit kept.
std::string ring_text(const std::vector<XY>& ring) {
    std::string out = "(";
    char buf[80];
    for (std::size_t i = 0; i <= ring.size(); ++i) {
        const XY& p = ring[i % ring.size()];
        std::snprintf(buf, sizeof buf, "%s%.17g %.17g", i ? ", " : "", p.x, p.y);
        out += buf;
    }
    return out + ")";
}

std::string wkt_polygon(const std::vector<XY>& ring) { return "POLYGON(" + ring_text(ring) + ")"; }

// GEOS's verdict, without the fast path: a collection is never proven here.
bool geos_valid(const std::vector<XY>& ring) {
    return geom::check_validity(geom::Geometry::from_wkt("GEOMETRYCOLLECTION(" + wkt_polygon(ring) + ")")).valid;
}

bool proven(const std::vector<XY>& ring) { return geom::certainly_valid_polygon(geom::Geometry::from_wkt(wkt_polygon(ring))); }

// A star-shaped ring around (cx, cy): n vertices at increasing angles, random radii between
// `low` r and r, or within a few times the spacing of the vertices if less (a drawn boundary
// rather than a zigzag): simple. A low `low` makes a spiky star (which may be left to GEOS).
std::vector<XY> star(std::mt19937_64& rng, std::size_t n, double cx, double cy, double r, double low = 0.8) {
    const double spacing = 2.0 * std::numbers::pi * r / static_cast<double>(n);
    std::uniform_real_distribution<double> radius(std::max(low * r, r - 3.0 * spacing), r);
    std::vector<XY> ring;
    for (std::size_t i = 0; i < n; ++i) {
        const double a = 2.0 * std::numbers::pi * static_cast<double>(i) / static_cast<double>(n);
        const double d = radius(rng);
        ring.push_back({cx + d * std::cos(a), cy + d * std::sin(a)});
    }
    return ring;
}

}  // namespace

TEST(SimpleRing, ProvesSimpleRingsAndNothingElse) {
    EXPECT_TRUE(proven({{0, 0}, {10, 0}, {10, 10}, {0, 10}}));
    EXPECT_TRUE(proven({{0, 0}, {10, 0}, {0, 10}}));                     // a triangle
    EXPECT_TRUE(proven({{0, 0}, {5, 0}, {10, 0}, {10, 10}, {0, 10}}));   // collinear vertices
    EXPECT_TRUE(proven({{0, 0}, {10, 0}, {10, 0}, {10, 10}, {0, 10}}));  // a repeated vertex
    EXPECT_FALSE(proven({{0, 0}, {10, 10}, {10, 0}, {0, 10}}));          // a bow tie
    EXPECT_FALSE(proven({{0, 0}, {10, 0}, {10, 10}, {10, 20}, {10, 10}, {0, 10}}));  // a spike
    EXPECT_FALSE(proven({{0, 0}, {10, 0}, {5, 5}, {10, 10}, {0, 10}, {5, 5}}));      // touches itself
    EXPECT_FALSE(proven({{0, 0}, {5, 0}, {10, 0}}));                                 // no area
    // Several parts go to GEOS.
    EXPECT_FALSE(geom::certainly_valid_polygon(
        geom::Geometry::from_wkt("MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))")));
    EXPECT_TRUE(geom::certainly_valid_polygon(geom::Geometry::from_wkt("MULTIPOLYGON(((0 0, 1 0, 1 1, 0 0)))")));
    // Whatever the path, check_validity still names the fault.
    const auto bowtie = geom::check_validity(geom::Geometry::from_wkt("POLYGON((0 0, 10 10, 10 0, 0 10, 0 0))"));
    EXPECT_FALSE(bowtie.valid);
    EXPECT_FALSE(bowtie.reason.empty());
}

TEST(SimpleRing, StarsOfAnySizeAreProvenAndAgreeWithGeos) {
    std::mt19937_64 rng(20261128);
    for (const std::size_t n : {5UL, 17UL, 33UL, 64UL, 200UL, 1000UL, 5000UL}) {
        for (int k = 0; k < 6; ++k) {
            // Lambert-93-like coordinates: rounding is at the scale of the real data.
            const auto ring = star(rng, n, 900000.0 + 1000.0 * k, 6800000.0, 150.0);
            EXPECT_TRUE(proven(ring)) << n;
            EXPECT_TRUE(geos_valid(ring)) << n;
        }
    }
}

TEST(SimpleRing, NeverProvesARingGeosFindsInvalid) {
    std::mt19937_64 rng(7);
    std::size_t invalid = 0, proved = 0;
    for (int k = 0; k < 3000; ++k) {
        const auto n = static_cast<std::size_t>(4 + k % 60);
        std::vector<XY> ring;
        if (k % 3 == 0) {
            // Random vertices: mostly self-crossing.
            std::uniform_real_distribution<double> c(0.0, 100.0);
            for (std::size_t i = 0; i < n; ++i) ring.push_back({c(rng), c(rng)});
        } else {
            // A simple star, then one vertex moved, snapped onto another or onto an edge: crossings,
            // self-touches, spikes and near-degenerate turns.
            ring = star(rng, n, 0.0, 0.0, 100.0, 0.3);
            std::uniform_int_distribution<std::size_t> pick(0, n - 1);
            const std::size_t i = pick(rng), j = pick(rng);
            if (k % 3 == 1) {
                ring[i] = ring[j];
            } else {
                const XY& a = ring[j];
                const XY& b = ring[(j + 1) % n];
                const double t = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
                ring[i] = {a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)};
            }
        }
        const bool valid = geos_valid(ring);
        const bool fast = proven(ring);
        if (!valid) ++invalid;
        if (fast) ++proved;
        EXPECT_TRUE(!fast || valid) << wkt_polygon(ring);
    }
    // Both kinds were met.
    EXPECT_GT(invalid, 1000u);
    EXPECT_GT(proved, 100u);
}

TEST(SimpleRing, HolesInsideTheShellAndApartAreProven) {
    auto proven_wkt = [](const char* wkt) { return geom::certainly_valid_polygon(geom::Geometry::from_wkt(wkt)); };
    EXPECT_TRUE(proven_wkt("POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 3 2, 3 3, 2 2), (5 5, 6 5, 6 6, 5 5))"));
    EXPECT_FALSE(proven_wkt("POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (12 2, 13 2, 13 3, 12 2))"));            // outside
    EXPECT_FALSE(proven_wkt("POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (1 1, 9 1, 9 9, 1 9, 1 1), (2 2, 3 2, 3 3, 2 2))"));  // nested
    EXPECT_FALSE(proven_wkt("POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (0 0, 3 2, 3 3, 0 0))"));                // touches the shell
    EXPECT_FALSE(proven_wkt("POLYGON((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 5 2, 5 5, 2 2), (4 3, 8 3, 8 8, 4 3))"));  // holes cross
    // Random holes in a large star: sound whatever they do (cross, nest, stick out).
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> at(-120.0, 120.0), size(2.0, 40.0);
    std::size_t valid = 0, proved = 0;
    for (int k = 0; k < 600; ++k) {
        std::string wkt = "POLYGON(" + ring_text(star(rng, 300, 0.0, 0.0, 150.0));
        for (int hole = 0; hole < 1 + k % 4; ++hole) wkt += ", " + ring_text(star(rng, static_cast<std::size_t>(3 + (k + hole) % 40), at(rng), at(rng), size(rng)));
        wkt += ")";
        const auto polygon = geom::Geometry::from_wkt(wkt);
        const bool fast = geom::certainly_valid_polygon(polygon);
        const bool geos = geom::check_validity(geom::Geometry::from_wkt("GEOMETRYCOLLECTION(" + wkt + ")")).valid;
        valid += geos ? 1U : 0U;
        proved += fast ? 1U : 0U;
        EXPECT_TRUE(!fast || geos) << wkt;
    }
    EXPECT_GT(proved, 100u);
    EXPECT_LT(valid, 600u);
}
