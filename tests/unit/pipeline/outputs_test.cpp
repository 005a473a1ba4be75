// GeoPackageThread: foncier.gpkg written on its own thread, the measures table first and the
// other tables when they are handed over; an error on either side leaves no thread behind.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "foncier/core/error.hpp"
#include "foncier/io/reader.hpp"
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

foncier::io::Table points(const std::string& name) {
    foncier::io::Table t{name, foncier::io::GeometryType::point, {{"id", foncier::io::FieldType::string, 10, 0, ""}}, {}};
    t.rows.push_back({{foncier::Value{std::string("a")}}, foncier::geom::Geometry::point(925000, 6870000)});
    return t;
}

}  // namespace

TEST(GeoPackageThread, MeasuresFirstThenTheTablesHandedOver) {
    TempDir dir;
    Fixture fx;
    std::vector<foncier::io::Table> rest;
    rest.push_back(points("sites_pt"));
    rest.push_back(points("issues"));
    {
        pl::GeoPackageThread gpkg(dir.path() / "foncier.gpkg", "EPSG:2154", fx.analysis, fx.measures);
        EXPECT_EQ(gpkg.measure_rows(), 6u);  // 3 sites x 2 measures
        gpkg.finish(rest);
    }
    const auto measures = foncier::io::read_layer(dir / "foncier.gpkg", std::string("measures"));
    ASSERT_EQ(measures.features.size(), 6u);
    EXPECT_EQ(foncier::to_text(measures.features[2].get("site_id")), "S1");
    EXPECT_EQ(foncier::to_text(measures.features[2].get("measure")), "station_m");
    EXPECT_EQ(foncier::to_text(measures.features[2].get("num")), "100");
    EXPECT_EQ(foncier::io::read_layer(dir / "foncier.gpkg", std::string("issues")).features.size(), 1u);
}

TEST(GeoPackageThread, AbandonedWhenTheRunFailsFirst) {
    TempDir dir;
    Fixture fx;
    {
        pl::GeoPackageThread gpkg(dir.path() / "foncier.gpkg", "EPSG:2154", fx.analysis, fx.measures);
        // the run throws before write_outputs: the destructor stops the thread, nothing hangs
    }
    // The thread is over: it had created the file (the run's staging folder then removes it).
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "foncier.gpkg"));
}

TEST(GeoPackageThread, WriterErrorSurfacesAtFinish) {
    TempDir dir;
    Fixture fx;
    std::vector<foncier::io::Table> rest;
    rest.push_back(points("sites_pt"));
    pl::GeoPackageThread gpkg(dir.path() / "missing-folder" / "foncier.gpkg", "EPSG:2154", fx.analysis, fx.measures);
    EXPECT_THROW((void)gpkg.measure_rows(), foncier::IoError);
    try {
        gpkg.finish(rest);
        FAIL() << "finish must rethrow the writer's error";
    } catch (const foncier::IoError& e) {
        EXPECT_NE(std::string(e.what()).find("missing-folder"), std::string::npos) << e.what();
    }
}
