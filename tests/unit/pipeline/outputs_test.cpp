// MeasuresThread: the measures table streamed into a side SQLite file on its own thread, then
// moved into foncier.gpkg by write_outputs(); an error on the thread surfaces at rows().

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

TEST(MeasuresThread, SideFileRowsMoveIntoTheGeoPackage) {
    TempDir dir;
    Fixture fx;
    pl::MeasuresThread thread(dir.path() / "measures.side.sqlite", fx.analysis, fx.measures);
    EXPECT_EQ(thread.rows(), 6u);  // 3 sites x 2 measures

    foncier::io::GeoPackageWriter gpkg(dir / "foncier.gpkg", "EPSG:2154");
    gpkg.write(foncier::report::empty_table(foncier::report::layer::measures));
    gpkg.copy_rows(thread.file().string(), foncier::report::layer::measures);
    gpkg.close();

    const auto measures = foncier::io::read_layer(dir / "foncier.gpkg", std::string("measures"));
    ASSERT_EQ(measures.features.size(), 6u);
    EXPECT_EQ(foncier::to_text(measures.features[2].get("site_id")), "S1");
    EXPECT_EQ(foncier::to_text(measures.features[2].get("measure")), "station_m");
    EXPECT_EQ(foncier::to_text(measures.features[2].get("num")), "100");
    EXPECT_EQ(foncier::to_text(measures.features[3].get("etat")), "unknown");
}

TEST(MeasuresThread, ErrorSurfacesAtRows) {
    TempDir dir;
    Fixture fx;
    pl::MeasuresThread thread(dir.path() / "missing-folder" / "side.sqlite", fx.analysis, fx.measures);
    try {
        (void)thread.rows();
        FAIL() << "rows() must rethrow the thread's error";
    } catch (const foncier::IoError& e) {
        EXPECT_NE(std::string(e.what()).find("missing-folder"), std::string::npos) << e.what();
    }
}

TEST(MeasuresThread, DestroyedUnreadWaitsForTheThread) {
    TempDir dir;
    Fixture fx;
    { pl::MeasuresThread thread(dir.path() / "side.sqlite", fx.analysis, fx.measures); }
    // The run failed before write_outputs: the thread still finished its file (the staging
    // folder then removes it) and nothing reads the analysis after this point.
    EXPECT_EQ(foncier::io::read_layer(dir / "side.sqlite", std::string("measures")).features.size(), 6u);
}
