// ParallelNormaliser must give what a sequential loop over LayerNormaliser gives: the same
// geometries and the same issues, in the same order, under the loop's ids.

#include <gtest/gtest.h>

#include <string>

#include "foncier/core/error.hpp"
#include "foncier/ingest/normalise.hpp"

namespace pl = foncier::ingest;
using foncier::geom::Geometry;

namespace {

// 300 features in EPSG:4326: squares, every 7th a bow tie (repaired), every 11th a point
// with swapped axes (lat, lon), every 13th without geometry.
foncier::io::LayerData layer() {
    foncier::io::LayerData d;
    d.path = "memory";
    d.layer = "test";
    for (int i = 0; i < 300; ++i) {
        foncier::io::Feature f;
        f.fid = i;
        const double x = 5.9 + 0.001 * i, y = 48.8;
        if (i % 13 == 0) {
            // no geometry
        } else if (i % 11 == 0) {
            f.geometry = Geometry::point(y, x);
        } else if (i % 7 == 0) {
            f.geometry = Geometry::from_wkt("POLYGON((" + std::to_string(x) + " 48.8," + std::to_string(x + 0.0005) +
                                            " 48.8005," + std::to_string(x + 0.0005) + " 48.8," + std::to_string(x) +
                                            " 48.8005," + std::to_string(x) + " 48.8))");
        } else {
            f.geometry = Geometry::from_wkt("POLYGON((" + std::to_string(x) + " 48.8," + std::to_string(x + 0.0005) +
                                            " 48.8," + std::to_string(x + 0.0005) + " 48.8005," + std::to_string(x) +
                                            " 48.8005," + std::to_string(x) + " 48.8))");
        }
        d.features.push_back(std::move(f));
    }
    return d;
}

pl::LayerUse lonlat_use() {
    pl::LayerUse use;
    use.dataset.key = "test";
    use.dataset.source_crs = "EPSG:4326";
    return use;
}

std::string describe(const foncier::Issue& i) { return i.feat_id + "|" + std::string(foncier::code(i.kind)) + "|" + i.message + "|" + i.action; }

}  // namespace

TEST(ParallelNormaliser, SameGeometriesAndIssuesInOrderAsSequential) {
    const auto data = layer();
    auto consumed = layer();  // the parallel normaliser moves the geometries it keeps out of its layer
    const pl::LayerUse use = lonlat_use();
    pl::TerritoryConfig config;
    foncier::IssueLog sequential_log, parallel_log;
    pl::LayerNormaliser sequential(data, use, config, sequential_log);
    pl::ParallelNormaliser parallel(consumed, use, config, parallel_log, pl::Expect::polygon_or_point);
    for (std::size_t i = 0; i < data.features.size(); ++i) {
        const std::string id = "site-" + std::to_string(i);
        const auto a = sequential.normalise(data.features[i], id, pl::Expect::polygon_or_point);
        const auto b = parallel.take(i, id);
        ASSERT_EQ(a.has_value(), b.has_value()) << id;
        if (a) {
            EXPECT_EQ(a->to_wkt(3), b->to_wkt(3)) << id;
        }
    }
    ASSERT_EQ(sequential_log.size(), parallel_log.size());
    ASSERT_GT(sequential_log.size(), 60U);  // the planted defects were all reported
    // Reprojected (EPSG:4326 here), the geometries are new ones: the layer keeps its own.
    for (const auto& f : consumed.features) EXPECT_EQ(f.geometry.is_null(), f.fid % 13 == 0) << f.fid;
    for (std::size_t k = 0; k < sequential_log.size(); ++k) {
        EXPECT_EQ(describe(sequential_log.issues()[k]), describe(parallel_log.issues()[k])) << k;
    }
}

TEST(ParallelNormaliser, RefusedSwapThrowsNamingTheLoopsId) {
    auto data = layer();
    const pl::LayerUse use = lonlat_use();
    pl::TerritoryConfig config;
    config.swapped_axes = pl::SwapPolicy::refuse;
    foncier::IssueLog log;
    pl::ParallelNormaliser parallel(data, use, config, log, pl::Expect::polygon_or_point);
    for (std::size_t i = 1; i < 11; ++i) (void)parallel.take(i, "site-" + std::to_string(i));
    try {
        (void)parallel.take(11, "site-11");
        FAIL() << "a swapped point was accepted under refuse";
    } catch (const foncier::ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("feature site-11 "), std::string::npos) << e.what();
    }
}

TEST(ParallelNormaliser, GeometriesKeptAsReadAreMovedNotCopied) {
    // In the working CRS already: a valid square is kept as read (moved out of the layer), a
    // bow tie is repaired (the layer keeps the original).
    foncier::io::LayerData d;
    d.path = "memory";
    d.layer = "l93";
    d.crs = "EPSG:2154";
    for (const char* wkt : {"POLYGON((931000 6890000,931100 6890000,931100 6890100,931000 6890100,931000 6890000))",
                            "POLYGON((931000 6890000,931100 6890100,931100 6890000,931000 6890100,931000 6890000))"}) {
        foncier::io::Feature f;
        f.geometry = Geometry::from_wkt(wkt);
        d.features.push_back(std::move(f));
    }
    pl::LayerUse use;
    use.dataset.key = "test";
    pl::TerritoryConfig config;
    foncier::IssueLog log;
    pl::ParallelNormaliser parallel(d, use, config, log, pl::Expect::polygon);
    const auto square = parallel.take(0, "square");
    const auto bow_tie = parallel.take(1, "bow-tie");
    ASSERT_TRUE(square && bow_tie);
    EXPECT_NEAR(square->area(), 10000.0, 1e-6);
    EXPECT_TRUE(d.features[0].geometry.is_null());   // moved
    EXPECT_FALSE(d.features[1].geometry.is_null());  // repaired from it: kept
    EXPECT_EQ(log.size(), 1U);                       // the repair
}

