// GeoPackageRows: the rows of foncier.gpkg in pieces (layers, and the measures in chunks of
// consecutive sites) written on two threads, by the one holding the GeoPackage straight into
// it, by the other into side SQLite files moved in later; whoever wrote a piece, the file
// holds every row once, with its fid, and the spatial indexes hold every box.

#include <gtest/gtest.h>

#include <sqlite3.h>

#include <filesystem>
#include <string>
#include <vector>

#include "foncier/core/error.hpp"
#include "foncier/io/reader.hpp"
#include "foncier/io/writer.hpp"
#include "foncier/output/gpkg_rows.hpp"
#include "foncier/output/outputs.hpp"
#include "foncier/report/schema.hpp"
#include "test_support.hpp"

namespace pl = foncier::output;
namespace io = foncier::io;
using foncier::scoring::Input;
using foncier::test::TempDir;

namespace {

// One SQL value as text.
std::string sql_text(const std::filesystem::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    std::string out = "<error>";
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
        out = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return out;
}

struct Fixture {
    foncier::analysis::Analysis analysis;
    std::vector<foncier::scoring::Inputs> measures;
    std::vector<io::Table> layers;
    explicit Fixture(int sites = 3) {
        for (int s = 0; s < sites; ++s) {
            foncier::analysis::Site site;
            site.site_id = "S" + std::to_string(s);
            analysis.territory.sites.push_back(std::move(site));
            measures.push_back({{"station_m", Input::of(100.0 * s, "nearest feature of stations")},
                                {"statut", Input::unknown("empty in the source")}});
        }
        io::Table points{"points", io::GeometryType::point, {{"k", io::FieldType::string, 12, 0, ""}}, {}};
        for (int i = 0; i < 300; ++i) {
            points.rows.push_back({{foncier::Value{"p" + std::to_string(i)}},
                                   foncier::geom::Geometry::point(931000.5 + i, 6890000.25 - i)});
        }
        io::Table notes{"notes", io::GeometryType::none, {{"k", io::FieldType::string, 0, 0, ""}}, {}};
        for (int i = 0; i < 40; ++i) notes.rows.push_back({{foncier::Value{"n" + std::to_string(i)}}, {}});
        layers.push_back(std::move(points));
        layers.push_back(std::move(notes));
    }
};

// Writes the fixture's layers and measures into dir/foncier.gpkg through `rows`.
void write(const std::filesystem::path& gpkg_path, Fixture& fx, pl::GeoPackageRows& rows) {
    io::GeoPackageWriter gpkg(gpkg_path.string(), "EPSG:2154");
    for (const auto& t : fx.layers) gpkg.write(io::Table{t.name, t.geometry_type, t.fields, {}, ""});
    gpkg.write(foncier::report::empty_table(foncier::report::layer::measures));
    rows.add_layers(fx.layers, gpkg.srs_id("points"));
    rows.write_into(gpkg);
    gpkg.close();
}

}  // namespace

TEST(GeoPackageRows, EveryPieceGoesInOnceWithItsFids) {
    TempDir dir;
    Fixture fx(40);
    pl::GeoPackageRows rows(dir.path(), fx.analysis, fx.measures, 7);
    write(dir / "foncier.gpkg", fx, rows);
    EXPECT_EQ(rows.measure_rows(), 80u);  // 40 sites x 2 measures

    const auto measures = io::read_layer(dir / "foncier.gpkg", std::string("measures"));
    ASSERT_EQ(measures.features.size(), 80u);
    for (std::size_t i = 0; i < measures.features.size(); ++i) {
        const auto& f = measures.features[i];
        EXPECT_EQ(f.fid, static_cast<std::int64_t>(i + 1));  // site order, whoever wrote the chunk
        EXPECT_EQ(foncier::to_text(f.get("site_id")), "S" + std::to_string(i / 2));
        EXPECT_EQ(foncier::to_text(f.get("measure")), i % 2 ? "statut" : "station_m");
    }
    EXPECT_EQ(foncier::to_text(measures.features[2].get("num")), "100");
    EXPECT_EQ(foncier::to_text(measures.features[3].get("etat")), "unknown");

    const auto points = io::read_layer(dir / "foncier.gpkg", std::string("points"));
    ASSERT_EQ(points.features.size(), 300u);
    EXPECT_EQ(foncier::to_text(points.features[299].get("k")), "p299");
    EXPECT_NEAR(points.features[299].geometry.envelope().minx, 931299.5, 1e-9);
    EXPECT_EQ(io::read_layer(dir / "foncier.gpkg", std::string("notes")).features.size(), 40u);
    // The spatial index holds every point; no side file is left.
    EXPECT_EQ(sql_text(dir / "foncier.gpkg", "SELECT rtreecheck('rtree_points_geom')"), "ok");
    EXPECT_EQ(sql_text(dir / "foncier.gpkg", "SELECT count(*) FROM rtree_points_geom WHERE maxx < 931100"), "100");
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        EXPECT_EQ(entry.path().string().find(".side."), std::string::npos) << entry.path();
    }
}

TEST(GeoPackageRows, ManySmallPiecesOnBothThreadsGoInOnceInOrder) {
    // Both threads hold foncier.gpkg in turn: 400 chunks of 5 sites, each written by whichever
    // thread got it, straight in or through a side file.
    TempDir dir;
    Fixture fx(2000);
    pl::GeoPackageRows rows(dir.path(), fx.analysis, fx.measures, 400);
    write(dir / "foncier.gpkg", fx, rows);
    EXPECT_EQ(rows.measure_rows(), 4000u);
    EXPECT_LE(rows.side_pieces(), 402u);
    EXPECT_EQ(sql_text(dir / "foncier.gpkg", "SELECT count(*) FROM measures"), "4000");
    // fid i + 1 is row i of the site order: site i / 2, its measures in name order.
    EXPECT_EQ(sql_text(dir / "foncier.gpkg",
                       "SELECT count(*) FROM measures WHERE site_id <> 'S' || ((fid - 1) / 2) OR "
                       "measure <> CASE (fid - 1) % 2 WHEN 0 THEN 'station_m' ELSE 'statut' END"),
              "0");
    EXPECT_EQ(sql_text(dir / "foncier.gpkg", "SELECT rtreecheck('rtree_points_geom')"), "ok");
    EXPECT_EQ(sql_text(dir / "foncier.gpkg", "SELECT count(*) FROM rtree_points_geom"), "300");
    EXPECT_EQ(sql_text(dir / "foncier.gpkg", "SELECT count(*) FROM notes"), "40");
}

TEST(GeoPackageRows, PiecesTheHelperCannotWriteAreWrittenByTheOwner) {
    TempDir dir;
    Fixture fx(12);
    // The helper's side files cannot be created: every piece still goes in, once.
    pl::GeoPackageRows rows(dir.path() / "missing-folder", fx.analysis, fx.measures, 4);
    write(dir / "foncier.gpkg", fx, rows);
    EXPECT_EQ(rows.side_pieces(), 0u);
    EXPECT_EQ(rows.measure_rows(), 24u);
    EXPECT_EQ(io::read_layer(dir / "foncier.gpkg", std::string("measures")).features.size(), 24u);
    EXPECT_EQ(io::read_layer(dir / "foncier.gpkg", std::string("points")).features.size(), 300u);
}

TEST(GeoPackageRows, AnErrorOfTheGeoPackageSurfaces) {
    TempDir dir;
    Fixture fx;
    pl::GeoPackageRows rows(dir.path(), fx.analysis, fx.measures, 2);
    io::GeoPackageWriter gpkg(dir / "foncier.gpkg", "EPSG:2154");
    gpkg.write(fx.layers[0]);  // no measures table, no notes table
    try {
        rows.add_layers(fx.layers, gpkg.srs_id("points"));
        rows.write_into(gpkg);
        FAIL() << "write_into must fail: the GeoPackage has no table for some pieces";
    } catch (const foncier::IoError& e) {
        EXPECT_NE(std::string(e.what()).find("foncier.gpkg"), std::string::npos) << e.what();
    }
}

TEST(GeoPackageRows, DestroyedUnwrittenWaitsForTheHelper) {
    TempDir dir;
    Fixture fx(30);
    { pl::GeoPackageRows rows(dir.path(), fx.analysis, fx.measures, 3); }
    // The run failed before write_into: the helper stopped after a whole piece (the staging
    // folder then removes its files) and nothing reads the analysis after this point.
    std::size_t files = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
        ++files;
        EXPECT_EQ(io::read_layer(entry.path().string(), std::string("measures")).features.size(), 20u) << entry.path();
    }
    EXPECT_LE(files, 3u);
}

TEST(Formats, ParsesTheListAndRefusesUnknownOrMissingGpkg) {
    const auto all = foncier::output::parse_formats("gpkg,geojson,shp");
    EXPECT_TRUE(all.geojson && all.shapefile);
    const auto gpkg = foncier::output::parse_formats("gpkg");
    EXPECT_FALSE(gpkg.geojson || gpkg.shapefile);
    EXPECT_EQ(foncier::output::output_files(gpkg), std::vector<std::string>{"foncier.gpkg"});
    try {
        (void)foncier::output::parse_formats("gpkg,kml");
        FAIL() << "kml accepted";
    } catch (const foncier::ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("unknown output format 'kml'"), std::string::npos) << e.what();
    }
    EXPECT_THROW((void)foncier::output::parse_formats("geojson,shp"), foncier::ConfigError);
}
