#include <gtest/gtest.h>

#include <optional>
#include <thread>

#include "foncier/core/error.hpp"
#include "foncier/geom/transformer.hpp"

using foncier::geom::AxisCheck;
using foncier::geom::Transformer;

TEST(Transformer, LonLatToLambert93InGisOrder) {
    const Transformer t("EPSG:4326", "EPSG:2154");
    // Paris, Notre-Dame: lon 2.35, lat 48.8566 (GIS order even though EPSG:4326 is lat/lon).
    const auto p = t.apply({2.35, 48.8566});
    EXPECT_NEAR(p.x, 652307.61, 0.5);
    EXPECT_NEAR(p.y, 6862036.59, 0.5);
}

TEST(Transformer, GeometryTransform) {
    const Transformer t("EPSG:4326", "EPSG:2154");
    const auto g = t.apply(foncier::geom::Geometry::from_wkt("POINT(3 46.5)"));
    EXPECT_NEAR(g.xy().x, 700000.0, 0.01);
    EXPECT_NEAR(g.xy().y, 6600000.0, 0.01);
}

TEST(Transformer, OutlivesTheThreadThatBuiltIt) {
    // A parallel normaliser builds its transformer on a worker thread and frees it on the
    // caller's, after the worker has ended: the transformation keeps a PROJ context of its own
    // (the thread's own is freed with the thread; valgrind saw PROJ write into it).
    std::optional<Transformer> t;
    std::thread([&] { t.emplace("EPSG:4326", "EPSG:2154"); }).join();
    const auto p = t->apply({3.0, 46.5});
    EXPECT_NEAR(p.x, 700000.0, 0.01);
    EXPECT_NEAR(p.y, 6600000.0, 0.01);
    t.reset();
}

TEST(Transformer, DetectsSwappedLatLon) {
    const Transformer geographic("EPSG:4326", "EPSG:2154");
    EXPECT_EQ(geographic.check_axes({6.09, 48.87}), AxisCheck::plausible);
    EXPECT_EQ(geographic.check_axes({48.87, 6.09}), AxisCheck::swapped);
    EXPECT_EQ(geographic.check_axes({120.0, -30.0}), AxisCheck::outside);
    const Transformer projected("EPSG:2154", "EPSG:2154");
    EXPECT_EQ(projected.check_axes({921411.3, 6880438.5}), AxisCheck::plausible);
    EXPECT_EQ(projected.check_axes({6880438.5, 921411.3}), AxisCheck::swapped);
}

TEST(Transformer, UnknownCrsIsACrsErrorNamingIt) {
    try {
        const Transformer t("EPSG:999999", "EPSG:2154");
        FAIL() << "no exception";
    } catch (const foncier::CrsError& e) {
        EXPECT_NE(std::string(e.what()).find("EPSG:999999"), std::string::npos);
    }
}

TEST(DescribeCrs, NamesAndIdentifies) {
    const auto info = foncier::geom::describe_crs("EPSG:2154");
    EXPECT_EQ(info.identifier, "EPSG:2154");
    EXPECT_NE(info.name.find("Lambert-93"), std::string::npos);
    EXPECT_FALSE(info.geographic);
    EXPECT_TRUE(foncier::geom::describe_crs("EPSG:4326").geographic);
}

TEST(Transformer, SameCrsIsAnIdentityThatKeepsEveryCoordinate) {
    const foncier::geom::Transformer same("EPSG:2154", "EPSG:2154");
    EXPECT_TRUE(same.identity());
    EXPECT_FALSE(foncier::geom::Transformer("EPSG:4326", "EPSG:2154").identity());
    const auto g = foncier::geom::Geometry::from_wkt("POLYGON((925000.123456789 6870000.5,925100 6870000,925100 6870100.25,925000.123456789 6870000.5))");
    EXPECT_EQ(same.apply(g).to_wkt(9), g.to_wkt(9));  // to the nanometre
    EXPECT_EQ(same.apply(foncier::XY{925000.5, 6870000.25}).x, 925000.5);
}
