// MeasuresThread: the measures table streamed into side SQLite files (chunks of consecutive
// sites) on its own thread, then moved into foncier.gpkg by write_outputs(); an error on the
// thread surfaces at wait() and rows().

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "foncier/core/error.hpp"
#include "foncier/io/reader.hpp"
#include "foncier/io/writer.hpp"
#include "foncier/pipeline/outputs.hpp"
#include "foncier/report/schema.hpp"
#include "test_support.hpp"

namespace pl = foncier::pipeline;
using foncier::scoring::Input;
using foncier::test::TempDir;

namespace {

struct Fixture {
    foncier::analysis::Analysis analysis;
    std::vector<foncier::scoring::Inputs> measures;
    Fixture() {
        for (int s = 0; s < 3; ++s) {
            foncier::analysis::Site site;
            site.site_id = "S" + std::to_string(s);
            analysis.territory.sites.push_back(std::move(site));
            measures.push_back({{"station_m", Input::of(100.0 * s, "nearest feature of stations")},
                                {"statut", Input::unknown("empty in the source")}});
        }
    }
};

}  // namespace

TEST(MeasuresThread, ChunksMoveIntoTheGeoPackageInOrder) {
    TempDir dir;
    Fixture fx;
    pl::MeasuresThread thread(dir.path(), fx.analysis, fx.measures, 2);
    EXPECT_EQ(thread.chunks(), 2u);
    EXPECT_EQ(thread.rows(), 6u);  // 3 sites x 2 measures
    EXPECT_EQ(thread.wait(0), 2u);  // site 0; site 1 and 2 in the second chunk
    EXPECT_TRUE(thread.ready(1));

    foncier::io::GeoPackageWriter gpkg(dir / "foncier.gpkg", "EPSG:2154");
    gpkg.write(foncier::report::empty_table(foncier::report::layer::measures));
    for (std::size_t k = 0; k < thread.chunks(); ++k) {
        gpkg.copy_rows(thread.file(k).string(), foncier::report::layer::measures);
    }
    gpkg.close();

    const auto measures = foncier::io::read_layer(dir / "foncier.gpkg", std::string("measures"));
    ASSERT_EQ(measures.features.size(), 6u);
    EXPECT_EQ(measures.features[2].fid, 3);  // the second chunk's fids follow the first's
    EXPECT_EQ(foncier::to_text(measures.features[2].get("site_id")), "S1");
    EXPECT_EQ(foncier::to_text(measures.features[2].get("measure")), "station_m");
    EXPECT_EQ(foncier::to_text(measures.features[2].get("num")), "100");
    EXPECT_EQ(foncier::to_text(measures.features[3].get("etat")), "unknown");
}

TEST(MeasuresThread, ErrorSurfacesAtEveryChunkFromTheFailedOne) {
    TempDir dir;
    Fixture fx;
    pl::MeasuresThread thread(dir.path() / "missing-folder", fx.analysis, fx.measures, 2);
    for (std::size_t k = 0; k < 2; ++k) {
        try {
            (void)thread.wait(k);
            FAIL() << "wait() must rethrow the thread's error";
        } catch (const foncier::IoError& e) {
            EXPECT_NE(std::string(e.what()).find("missing-folder"), std::string::npos) << e.what();
        }
    }
    EXPECT_THROW((void)thread.rows(), foncier::IoError);
}

TEST(MeasuresThread, DestroyedUnreadWaitsForTheThread) {
    TempDir dir;
    Fixture fx;
    { pl::MeasuresThread thread(dir.path(), fx.analysis, fx.measures, 3); }
    // The run failed before write_outputs: the thread still finished its files (the staging
    // folder then removes them) and nothing reads the analysis after this point.
    std::size_t rows = 0;
    for (int k = 0; k < 3; ++k) {
        rows += foncier::io::read_layer(dir / ("measures." + std::to_string(k) + ".side.sqlite"), std::string("measures"))
                    .features.size();
    }
    EXPECT_EQ(rows, 6u);
}
