// The GeoPackage R-tree built in bulk (detail/gpkg_rtree) and the streamed side table
// (SqliteTableWriter): checked with SQLite's own rtreecheck(), against a brute-force window
// query through GDAL, and after GDAL edits the layer (the standard's triggers keep it current).

#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <array>
#include <cmath>
#include <set>
#include <string>

#include "foncier/core/error.hpp"
#include "foncier/io/detail/gpkg_rtree.hpp"
#include "foncier/io/detail/sqlite_layout.hpp"
#include "foncier/io/reader.hpp"
#include "foncier/io/sqlite_table.hpp"
#include "foncier/io/writer.hpp"
#include "test_support.hpp"

using foncier::test::TempDir;
namespace io = foncier::io;

namespace {

// One SQL value as text, through a connection of the test's own.
std::string sql_text(const std::filesystem::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    std::string out = "<error>";
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
        const unsigned char* text = sqlite3_column_text(stmt, 0);
        out = text != nullptr ? reinterpret_cast<const char*>(text) : "NULL";
    } else {
        out += sqlite3_errmsg(db);
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return out;
}

// Right triangles of 40 m sides on a jittered grid in Lambert-93 (metres), every 97th row
// without geometry.
io::Table squares(int n) {
    io::Table t{"squares", io::GeometryType::multipolygon, {{"k", io::FieldType::integer, 0, 0, ""}}, {}};
    for (int i = 0; i < n; ++i) {
        const double x = 900000.0 + 130.0 * (i % 97) + 17.0 * std::sin(i);
        const double y = 6800000.0 + 110.0 * (i / 97) + 13.0 * std::cos(i);
        const std::string wkt = "POLYGON((" + std::to_string(x) + " " + std::to_string(y) + "," + std::to_string(x + 40) +
                                " " + std::to_string(y) + "," + std::to_string(x + 40) + " " + std::to_string(y + 40) +
                                "," + std::to_string(x) + " " + std::to_string(y) + "))";
        t.rows.push_back({{foncier::Value{std::int64_t{i}}},
                          i % 97 == 5 ? foncier::geom::Geometry{} : foncier::geom::Geometry::from_wkt(wkt)});
    }
    return t;
}

std::set<GIntBig> fids_in(GDALDataset& ds, double minx, double miny, double maxx, double maxy) {
    OGRLayer* layer = ds.GetLayerByName("squares");
    layer->SetSpatialFilterRect(minx, miny, maxx, maxy);
    std::set<GIntBig> out;
    for (auto& f : *layer) out.insert(f->GetFID());
    layer->SetSpatialFilter(nullptr);
    return out;
}

}  // namespace

TEST(GpkgRtree, EntriesRoundOutwardToFloats) {
    const auto e = io::detail::rtree_entry(7, {900000.123, 6800000.456, 900040.789, 6800040.321});
    EXPECT_EQ(e.id, 7);
    EXPECT_LE(e.minx, 900000.123);
    EXPECT_GE(e.maxx, 900040.789);
    EXPECT_LE(e.miny, 6800000.456);
    EXPECT_GE(e.maxy, 6800040.321);
    EXPECT_LT(900000.123 - double(e.minx), 0.07);  // one float step at 1e6 m is 0.0625 m
}

TEST(GpkgRtree, BulkIndexIsValidAndAnswersLikeABruteForceScan) {
    TempDir dir;
    const auto table = squares(20000);  // several levels of 51-cell nodes
    io::write_geopackage(dir / "i.gpkg", {&table}, "EPSG:2154");

    EXPECT_EQ(sql_text(dir / "i.gpkg", "SELECT rtreecheck('rtree_squares_geom')"), "ok");
    EXPECT_EQ(sql_text(dir / "i.gpkg", "SELECT count(*) FROM rtree_squares_geom"),
              sql_text(dir / "i.gpkg", "SELECT count(*) FROM squares WHERE geom IS NOT NULL"));
    EXPECT_EQ(sql_text(dir / "i.gpkg", "SELECT count(*) FROM gpkg_extensions WHERE table_name = 'squares' AND "
                                       "extension_name = 'gpkg_rtree_index'"),
              "1");
    EXPECT_EQ(sql_text(dir / "i.gpkg", "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name = "
                                       "'squares'"),
              "6");

    GDALDatasetUniquePtr ds(GDALDataset::Open((dir / "i.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    ASSERT_TRUE(ds);
    OGRLayer* layer = ds->GetLayerByName("squares");
    ASSERT_NE(layer, nullptr);
    EXPECT_TRUE(layer->TestCapability(OLCFastSpatialFilter));  // GDAL sees the index
    // Windows of every size; the expected fids by brute force over the table's boxes.
    for (const auto& w : std::vector<std::array<double, 4>>{{900500, 6800300, 901200, 6800900},
                                                             {899000, 6799000, 899500, 6799500},
                                                             {905000, 6801000, 905001, 6801001},
                                                             {899000, 6799000, 920000, 6830000}}) {
        std::set<GIntBig> expected;
        for (std::size_t i = 0; i < table.rows.size(); ++i) {
            if (table.rows[i].geometry.is_null()) continue;
            const auto e = table.rows[i].geometry.envelope();
            if (e.maxx >= w[0] && e.minx <= w[2] && e.maxy >= w[1] && e.miny <= w[3]) expected.insert(GIntBig(i + 1));
        }
        EXPECT_EQ(fids_in(*ds, w[0], w[1], w[2], w[3]), expected) << w[0] << " " << w[1];
    }

    // An edit through GDAL: the triggers move the box into the index.
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    OGRPolygon far;
    OGRLinearRing ring;
    for (auto [x, y] : std::vector<std::pair<double, double>>{{1e6, 7e6}, {1e6 + 5, 7e6}, {1e6 + 5, 7e6 + 5}, {1e6, 7e6}})
        ring.addPoint(x, y);
    far.addRing(&ring);
    f->SetGeometry(&far);
    ASSERT_EQ(layer->CreateFeature(f.get()), OGRERR_NONE);
    ASSERT_EQ(layer->DeleteFeature(1), OGRERR_NONE);
    ds.reset();
    EXPECT_EQ(sql_text(dir / "i.gpkg", "SELECT rtreecheck('rtree_squares_geom')"), "ok");
    EXPECT_EQ(sql_text(dir / "i.gpkg", "SELECT count(*) FROM rtree_squares_geom WHERE minx >= 999999"), "1");
    EXPECT_EQ(sql_text(dir / "i.gpkg", "SELECT count(*) FROM rtree_squares_geom WHERE id = 1"), "0");
}

TEST(GpkgRtree, SmallAndEmptyLayers) {
    TempDir dir;
    const auto one = squares(1);
    io::Table none{"empty", io::GeometryType::point, {{"k", io::FieldType::string, 0, 0, ""}}, {}};
    io::write_geopackage(dir / "s.gpkg", {&one, &none}, "EPSG:2154");
    EXPECT_EQ(sql_text(dir / "s.gpkg", "SELECT rtreecheck('rtree_squares_geom')"), "ok");
    EXPECT_EQ(sql_text(dir / "s.gpkg", "SELECT count(*) FROM rtree_squares_geom"), "1");
    EXPECT_EQ(sql_text(dir / "s.gpkg", "SELECT rtreecheck('rtree_empty_geom')"), "ok");
    EXPECT_EQ(sql_text(dir / "s.gpkg", "SELECT count(*) FROM rtree_empty_geom"), "0");
}

TEST(SqliteTableWriter, StreamsRowsThatCopyRowsMovesIntoAGeoPackage) {
    TempDir dir;
    io::Table schema{"m", io::GeometryType::none,
                     {{"k", io::FieldType::string, 0, 0, ""}, {"v", io::FieldType::real, 0, 0, ""},
                      {"n", io::FieldType::integer, 0, 0, ""}},
                     {}};
    {
        io::SqliteTableWriter side(dir / "side.sqlite", schema);
        const std::string text = "clé";
        for (int i = 0; i < 1000; ++i) {
            const std::array<io::ValueView, 3> row{io::ValueView{std::string_view(text)}, io::ValueView{i * 0.5},
                                                   i % 2 ? io::ValueView{} : io::ValueView{std::int64_t{i}}};
            side.add(row);
        }
        const std::array<io::ValueView, 1> short_row{io::ValueView{}};
        EXPECT_THROW(side.add(short_row), foncier::IoError);
        EXPECT_EQ(side.rows(), 1000u);
        side.close();
    }
    EXPECT_THROW(io::SqliteTableWriter(dir / "side.sqlite", schema), foncier::IoError);  // never overwrites

    // A user's own OGR_SQLITE_PRAGMA is kept beside the page size foncier sets.
    CPLSetThreadLocalConfigOption("OGR_SQLITE_PRAGMA", "auto_vacuum=1");
    io::GeoPackageWriter gpkg(dir / "main.gpkg", "EPSG:2154");
    CPLSetThreadLocalConfigOption("OGR_SQLITE_PRAGMA", nullptr);
    gpkg.write(schema);
    gpkg.copy_rows(dir / "side.sqlite", "m");
    gpkg.close();
    // Both files in large pages (io/detail/sqlite_layout.hpp says why).
    const std::string page = std::to_string(io::detail::k_sqlite_page_size);
    EXPECT_EQ(sql_text(dir / "side.sqlite", "PRAGMA page_size"), page);
    EXPECT_EQ(sql_text(dir / "main.gpkg", "PRAGMA page_size"), page);
    EXPECT_EQ(sql_text(dir / "main.gpkg", "PRAGMA auto_vacuum"), "1");
    EXPECT_EQ(sql_text(dir / "main.gpkg", "PRAGMA integrity_check"), "ok");
    const auto copied = io::read_layer(dir / "main.gpkg", std::string("m"));
    ASSERT_EQ(copied.features.size(), 1000u);
    EXPECT_EQ(foncier::to_text(copied.features[999].get("k")), "clé");
    EXPECT_EQ(foncier::to_text(copied.features[999].get("v")), "499.5");
    EXPECT_TRUE(foncier::is_null(copied.features[999].get("n")));
    EXPECT_EQ(foncier::to_text(copied.features[998].get("n")), "998");
}

namespace {

// Every row of table `t` of a SQLite file, each value as text (blobs in hex), in fid order.
std::vector<std::string> dump(const std::filesystem::path& file, const std::string& t) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    std::vector<std::string> rows;
    EXPECT_EQ(sqlite3_prepare_v2(db, ("SELECT * FROM \"" + t + "\" ORDER BY fid").c_str(), -1, &stmt, nullptr), SQLITE_OK);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        std::string row;
        for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
            if (sqlite3_column_type(stmt, c) == SQLITE_BLOB) {
                const auto* p = static_cast<const unsigned char*>(sqlite3_column_blob(stmt, c));
                for (int i = 0; i < sqlite3_column_bytes(stmt, c); ++i) row += "0123456789abcdef"[p[i] >> 4], row += "0123456789abcdef"[p[i] & 15];
            } else {
                const unsigned char* text = sqlite3_column_text(stmt, c);
                row += text != nullptr ? reinterpret_cast<const char*>(text) : "NULL";
            }
            row += '|';
        }
        rows.push_back(row);
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return rows;
}

}  // namespace

TEST(SqliteTableWriter, SpatialRowsCopiedInAreThoseOgrWrites) {
    TempDir dir;
    // Polygons (written as one-part multipolygons) and points, with null geometries.
    const auto polygons = squares(3000);
    io::Table points{"points", io::GeometryType::point, {{"k", io::FieldType::string, 12, 0, ""}}, {}};
    for (int i = 0; i < 500; ++i) {
        points.rows.push_back({{foncier::Value{"p" + std::to_string(i)}},
                               i % 50 == 3 ? foncier::geom::Geometry{}
                                           : foncier::geom::Geometry::point(931000.25 + i, 6890000.5 - 2 * i)});
    }
    io::write_geopackage(dir / "ogr.gpkg", {&polygons, &points}, "EPSG:2154");

    io::GeoPackageWriter gpkg(dir / "copied.gpkg", "EPSG:2154");
    for (const io::Table* t : std::initializer_list<const io::Table*>{&polygons, &points}) gpkg.write(io::Table{t->name, t->geometry_type, t->fields, {}, ""});
    const int srs_id = gpkg.srs_id("squares");
    EXPECT_EQ(srs_id, 2154);
    for (const io::Table* t : std::initializer_list<const io::Table*>{&polygons, &points}) {
        io::SqliteTableWriter side(dir / (t->name + ".side"), *t, srs_id);
        side.add_rows(*t);
        side.close();
        gpkg.copy_rows(side);
        EXPECT_THROW(gpkg.copy_rows(side), foncier::IoError);  // the layer is no longer empty
    }
    io::SqliteTableWriter wrong_crs(dir / "wrong.side", polygons, 4326);
    wrong_crs.close();
    EXPECT_THROW(gpkg.copy_rows(wrong_crs), foncier::IoError);
    gpkg.close();

    for (const char* t : {"squares", "points"}) {
        const auto expected = dump(dir / "ogr.gpkg", t);
        EXPECT_EQ(dump(dir / "copied.gpkg", t), expected) << t;  // values and geometry blobs, byte for byte
        EXPECT_EQ(sql_text(dir / "copied.gpkg", std::string("SELECT rtreecheck('rtree_") + t + "_geom')"), "ok");
        EXPECT_EQ(sql_text(dir / "copied.gpkg", std::string("SELECT count(*) FROM rtree_") + t + "_geom"),
                  sql_text(dir / "ogr.gpkg", std::string("SELECT count(*) FROM rtree_") + t + "_geom"));
    }
    EXPECT_EQ(sql_text(dir / "copied.gpkg", "SELECT round(min_x, 3) FROM gpkg_contents WHERE table_name = 'points'"),
              "931000.25");
    const auto read = io::read_layer(dir / "copied.gpkg", std::string("squares"));
    ASSERT_EQ(read.features.size(), 3000u);
    EXPECT_NEAR(read.features[0].geometry.area(), 800.0, 1e-6);  // a right triangle of 40 m sides
    EXPECT_TRUE(read.features[5].geometry.is_null());
}

TEST(GeoPackageWriter, IndexesBuiltBeforeTheLastAttributeRows) {
    TempDir dir;
    const auto polygons = squares(200);
    io::Table attributes{"m", io::GeometryType::none, {{"k", io::FieldType::string, 0, 0, ""}}, {}};
    {
        io::SqliteTableWriter side(dir / "m.side", attributes);
        for (int i = 0; i < 70; ++i) {
            const std::string k = "row" + std::to_string(i);
            const std::array<io::ValueView, 1> row{io::ValueView{std::string_view(k)}};
            side.add(row);
        }
        side.close();
    }
    io::GeoPackageWriter gpkg(dir / "late.gpkg", "EPSG:2154");
    gpkg.write(io::Table{polygons.name, polygons.geometry_type, polygons.fields, {}, ""});
    gpkg.write(attributes);
    io::SqliteTableWriter shapes(dir / "s.side", polygons, gpkg.srs_id(polygons.name));
    shapes.add_rows(polygons);
    shapes.close();
    gpkg.copy_rows(shapes);
    gpkg.build_indexes();
    EXPECT_THROW(gpkg.copy_rows(shapes), foncier::IoError);  // spatial layers are complete once indexed
    EXPECT_THROW(gpkg.copy_rows(dir / "m.side", "nowhere"), foncier::IoError);
    EXPECT_THROW(gpkg.write(attributes), foncier::IoError);
    gpkg.copy_rows(dir / "m.side", "m");  // attribute rows still go in
    gpkg.close();
    gpkg.close();  // closing twice is harmless
    EXPECT_EQ(sql_text(dir / "late.gpkg", "SELECT rtreecheck('rtree_squares_geom')"), "ok");
    EXPECT_EQ(sql_text(dir / "late.gpkg", "SELECT count(*) FROM rtree_squares_geom"),
              sql_text(dir / "late.gpkg", "SELECT count(*) FROM squares WHERE geom IS NOT NULL"));
    EXPECT_EQ(sql_text(dir / "late.gpkg", "SELECT count(*) FROM m"), "70");
    EXPECT_EQ(sql_text(dir / "late.gpkg", "PRAGMA integrity_check"), "ok");
    EXPECT_EQ(io::read_layer(dir / "late.gpkg", std::string("m")).features.size(), 70u);
}

TEST(GeoPackageWriter, AFailedAppendLeavesTheConnectionUsable) {
    TempDir dir;
    io::Table attributes{"m", io::GeometryType::none, {{"k", io::FieldType::string, 0, 0, ""}}, {}};
    io::Table other{"n", io::GeometryType::none, {{"k", io::FieldType::string, 0, 0, ""}}, {}};
    io::GeoPackageWriter gpkg(dir / "f.gpkg", "EPSG:2154");
    gpkg.write(attributes);
    gpkg.write(other);
    EXPECT_THROW(gpkg.append_rows(attributes,
                                  [](io::SqliteTableWriter& out) {
                                      const std::array<io::ValueView, 1> row{io::ValueView{std::string_view("a")}};
                                      out.add(row);
                                      throw foncier::IoError("the caller failed half-way");
                                  }),
                 foncier::IoError);
    EXPECT_THROW(gpkg.append_rows(io::Table{"nowhere", io::GeometryType::none, other.fields, {}}), foncier::IoError);
    // The transaction of the failed call ended: the next one goes in and the file closes.
    other.rows.push_back({{foncier::Value{std::string("kept")}}, {}});
    gpkg.append_rows(other);
    gpkg.close();
    EXPECT_EQ(sql_text(dir / "f.gpkg", "SELECT k FROM n"), "kept");
    EXPECT_EQ(sql_text(dir / "f.gpkg", "PRAGMA integrity_check"), "ok");
}
