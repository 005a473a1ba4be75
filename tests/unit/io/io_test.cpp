#include <gtest/gtest.h>

#include "foncier/core/error.hpp"
#include "foncier/io/checksum.hpp"
#include "foncier/io/dataset_info.hpp"
#include "foncier/io/reader.hpp"
#include "foncier/io/detail/gdal_util.hpp"
#include "foncier/io/writer.hpp"
#include "test_support.hpp"

using foncier::test::TempDir;
using foncier::test::write_file;

TEST(Reader, GeoJsonWithCrsAndAttributes) {
    TempDir dir;
    const auto path = write_file(dir / "c.geojson", R"({"type":"FeatureCollection","features":[
      {"type":"Feature","properties":{"insee":"54430","name":"Pompey","pop":5000},
       "geometry":{"type":"Point","coordinates":[6.12,48.77]}}]})");
    const auto data = foncier::io::read_layer(path);
    ASSERT_EQ(data.features.size(), 1u);
    EXPECT_TRUE(data.has_field("name"));
    EXPECT_EQ(foncier::to_text(data.features[0].get("name")), "Pompey");
    EXPECT_EQ(std::get<std::int64_t>(data.features[0].get("pop")), 5000);
    EXPECT_NE(data.crs.find("WGS 84"), std::string::npos);
    EXPECT_DOUBLE_EQ(data.features[0].geometry.xy().x, 6.12);
}

TEST(Reader, CsvWithXYColumnsAndSemicolons) {
    TempDir dir;
    const auto path = write_file(dir / "g.csv", "id;nom;X;Y\r\n1;Gare A;921411.3;6880438.5\r\n2;Gare B;;\r\n");
    foncier::io::ReadOptions options;
    options.x_field = "X";
    options.y_field = "Y";
    const auto data = foncier::io::read_layer(path, options);
    ASSERT_EQ(data.features.size(), 2u);
    EXPECT_TRUE(data.crs.empty());  // CSV declares no CRS: the catalogue must
    EXPECT_DOUBLE_EQ(data.features[0].geometry.xy().y, 6880438.5);
    EXPECT_TRUE(data.features[1].geometry.is_null());
}

TEST(Reader, CsvWithWktColumnAndAttributeFilter) {
    TempDir dir;
    const auto path = write_file(dir / "f.csv", "id,keep,wkt\n1,1,\"POLYGON((0 0,1 0,1 1,0 0))\"\n2,0,\"POINT(1 1)\"\n");
    foncier::io::ReadOptions options;
    options.wkt_field = "wkt";
    options.attribute_filter = "keep = '1'";
    const auto data = foncier::io::read_layer(path, options);
    ASSERT_EQ(data.features.size(), 1u);
    EXPECT_DOUBLE_EQ(data.features[0].geometry.area(), 0.5);
}

TEST(Reader, CsvWktColumnParsedOnBothCoresAsGdalParsesIt) {
    // Enough rows for both cores; the column named in another case than the option (GDAL's
    // GEOM_POSSIBLE_NAMES ignores case); text GDAL cannot read gives no geometry, as before.
    TempDir dir;
    std::string csv = "id,WKT\n";
    for (int i = 0; i < 300; ++i) {
        if (i == 7) {
            csv += "7,\"POLYGON((0 0,1 0\"\n";  // cut short
        } else if (i == 8) {
            csv += "8,\n";
        } else {
            csv += std::to_string(i) + ",\"POLYGON((" + std::to_string(i) + " 0," + std::to_string(i + 2) + " 0," +
                   std::to_string(i) + " 1," + std::to_string(i) + " 0))\"\n";
        }
    }
    const auto path = write_file(dir / "many.csv", csv);
    foncier::io::ReadOptions options;
    options.wkt_field = "wkt";
    const auto data = foncier::io::read_layer(path, options);
    ASSERT_EQ(data.features.size(), 300u);
    for (std::size_t i = 0; i < 300; ++i) {
        const auto& f = data.features[i];
        if (i == 7 || i == 8) {
            EXPECT_TRUE(f.geometry.is_null()) << i;
            EXPECT_TRUE(f.geometry_error.empty()) << i;
            continue;
        }
        ASSERT_FALSE(f.geometry.is_null()) << i;
        EXPECT_DOUBLE_EQ(f.geometry.area(), 1.0) << i;
        EXPECT_DOUBLE_EQ(f.geometry.envelope().minx, static_cast<double>(i)) << i;
        EXPECT_EQ(foncier::to_text(f.get("id")), std::to_string(i));  // the rows stay in order
    }
    EXPECT_TRUE(data.has_field("WKT"));  // the text column is kept, as GDAL kept it
}

TEST(Reader, CsvWithGeoJsonGeometryStrings) {
    // The CNIG Sites Économiques CSV dialect: ';' and a GeoJSON geometry column.
    TempDir dir;
    const auto path = write_file(dir / "terrain.csv",
                                 "terr_id;terr_geomsurf\n"
                                 "T1;\"{\"\"type\"\": \"\"Polygon\"\", \"\"coordinates\"\": "
                                 "[[[0,0],[10,0],[10,10],[0,0]]]}\"\n"
                                 "T2;\"{\"\"type\"\": \"\"Polygon\"\", \"\"coordinates\"\": [[[0,0],[10,0]\"\n");
    foncier::io::ReadOptions options;
    options.geometry_fields = {"terr_geomsurf"};
    const auto data = foncier::io::read_layer(path, options);
    ASSERT_EQ(data.features.size(), 2u);
    EXPECT_DOUBLE_EQ(data.features[0].geometry.area(), 50.0);
    EXPECT_TRUE(data.features[1].geometry.is_null());
    EXPECT_NE(data.features[1].geometry_error.find("terr_geomsurf"), std::string::npos);
    options.geometry_fields = {"geom"};
    EXPECT_THROW((void)foncier::io::read_layer(path, options), foncier::IoError);
}

TEST(Reader, FirstReadableTextGeometryWins) {
    // CNIG Friches: the perimeter (geomsurf) when there is one, else the point (geompoint).
    TempDir dir;
    const auto path = write_file(dir / "f.csv",
                                 "site_id,geomsurf,geompoint\n"
                                 "a,\"POLYGON((0 0,10 0,10 10,0 0))\",POINT(1 1)\n"
                                 "b,,POINT(3.98 49.25)\n"
                                 "c,\"POLYGON((0 0,10 0\",POINT(2 2)\n");
    foncier::io::ReadOptions options;
    options.geometry_fields = {"geomsurf", "geompoint"};
    const auto data = foncier::io::read_layer(path, options);
    EXPECT_DOUBLE_EQ(data.features[0].geometry.area(), 50.0);
    EXPECT_DOUBLE_EQ(data.features[1].geometry.xy().y, 49.25);
    EXPECT_DOUBLE_EQ(data.features[2].geometry.xy().x, 2.0);  // unreadable perimeter: the point
    EXPECT_TRUE(data.features[2].geometry_error.empty());
}

TEST(Reader, ErrorsNameTheFileAndTheFix) {
    TempDir dir;
    try {
        (void)foncier::io::read_layer(dir / "missing.gpkg");
        FAIL();
    } catch (const foncier::IoError& e) {
        EXPECT_NE(std::string(e.what()).find("missing.gpkg"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos);
    }
    const auto truncated = write_file(dir / "t.geojson", R"({"type":"FeatureCollection","features":[{"type":"Fea)");
    EXPECT_THROW((void)foncier::io::read_layer(truncated), foncier::IoError);
    const auto ok = write_file(dir / "ok.geojson", R"({"type":"FeatureCollection","features":[]})");
    try {
        (void)foncier::io::read_layer(ok, "nope");
        FAIL();
    } catch (const foncier::IoError& e) {
        EXPECT_NE(std::string(e.what()).find("no layer 'nope'"), std::string::npos);
    }
}

TEST(Writer, GeoPackageThenGeoJsonAndShapefileKeepFieldsAndAccents) {
    TempDir dir;
    foncier::io::Table t{"sites", foncier::io::GeometryType::multipolygon,
                         {{"nom", foncier::io::FieldType::string, 80, 0, ""},
                          {"surf_m2", foncier::io::FieldType::real, 18, 1, ""},
                          {"n", foncier::io::FieldType::integer, 10, 0, ""}},
                         {}};
    t.rows.push_back({{foncier::Value{std::string("Blénod-lès-Pont-à-Mousson")}, foncier::Value{12.5},
                       foncier::Value{std::int64_t{3}}},
                      foncier::geom::Geometry::from_wkt("POLYGON((920000 6870000,920100 6870000,920100 6870100,920000 6870000))")});
    const std::string gpkg = dir / "out.gpkg";
    foncier::io::write_geopackage(gpkg, {&t}, "EPSG:2154");
    foncier::io::export_layer(gpkg, "sites", dir / "sites.geojson", foncier::io::ExportFormat::geojson);
    foncier::io::export_layer(gpkg, "sites", dir / "sites.shp", foncier::io::ExportFormat::shapefile);

    const auto info = foncier::io::describe_dataset(gpkg);
    ASSERT_EQ(info.layers.size(), 1u);
    EXPECT_EQ(info.layers[0].crs_id, "EPSG:2154");
    EXPECT_EQ(info.layers[0].geometry_type, "Multi Polygon");

    EXPECT_EQ(foncier::test::read_file(dir / "sites.cpg"), "UTF-8");
    const auto shp = foncier::io::read_layer(dir / "sites.shp");
    EXPECT_EQ(foncier::to_text(shp.features[0].get("nom")), "Blénod-lès-Pont-à-Mousson");
    EXPECT_EQ(shp.fields, (std::vector<std::string>{"nom", "surf_m2", "n"}));

    const auto json = foncier::test::read_file(dir / "sites.geojson");
    EXPECT_EQ(json.find("\"crs\""), std::string::npos);  // RFC 7946: no crs member
    const auto gj = foncier::io::read_layer(dir / "sites.geojson");
    const auto e = gj.features[0].geometry.envelope();
    EXPECT_GT(e.minx, 5.0);
    EXPECT_LT(e.maxx, 7.0);
    EXPECT_GT(e.miny, 48.0);
    EXPECT_LT(e.maxy, 50.0);
    EXPECT_THROW(foncier::io::write_geopackage(gpkg, {&t}, "EPSG:2154"), foncier::IoError);  // never overwrites
}

TEST(Writer, CopyRowsMovesAnAttributeTableAndRefusesASpatialLayer) {
    TempDir dir;
    using foncier::io::FieldType;
    foncier::io::Table t{"m", foncier::io::GeometryType::none,
                         {{"k", FieldType::string, 0, 0, ""}, {"v", FieldType::real, 0, 0, ""}}, {}};
    for (int i = 0; i < 5; ++i) t.rows.push_back({{foncier::Value{"k" + std::to_string(i)}, foncier::Value{i * 1.5}}, {}});
    foncier::io::write_geopackage(dir / "side.gpkg", {&t}, "EPSG:2154");

    const foncier::io::Table empty{t.name, t.geometry_type, t.fields, {}};
    foncier::io::Table spatial{"pts", foncier::io::GeometryType::point, {{"k", FieldType::string, 0, 0, ""}}, {}};
    foncier::io::GeoPackageWriter gpkg(dir / "main.gpkg", "EPSG:2154");
    gpkg.write(empty);
    gpkg.write(spatial);
    gpkg.copy_rows(dir / "side.gpkg", "m");
    EXPECT_THROW(gpkg.copy_rows(dir / "side.gpkg", "pts"), foncier::IoError);
    EXPECT_THROW(gpkg.copy_rows(dir / "side.gpkg", "nope"), foncier::IoError);
    gpkg.close();
    const auto copied = foncier::io::read_layer(dir / "main.gpkg", std::string("m"));
    ASSERT_EQ(copied.features.size(), 5u);
    EXPECT_EQ(foncier::to_text(copied.features[4].get("k")), "k4");
    EXPECT_EQ(foncier::to_text(copied.features[4].get("v")), "6");
}

TEST(Writer, SqliteAllocationCountOffBeforeFirstUse) {
    // Set by a static initialiser; if SQLite had been used first, the call would have failed
    // and parallel GeoPackage writers would queue on SQLite's allocation mutex again.
    EXPECT_TRUE(foncier::io::detail::sqlite_memstatus_off());
}

TEST(Checksum, Sha256OfKnownContent) {
    TempDir dir;
    EXPECT_EQ(foncier::io::sha256_file(write_file(dir / "abc", "abc")),
              "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}
