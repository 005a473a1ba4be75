// GeoPackageSelect: the columns, rows and geometries asked for, read straight from a
// GeoPackage GDAL wrote, equal what OGR reads; names are checked, not pasted into SQL.

#include <gtest/gtest.h>

#include "foncier/core/error.hpp"
#include "foncier/io/gpkg_select.hpp"
#include "foncier/io/reader.hpp"
#include "foncier/io/writer.hpp"
#include "test_support.hpp"

using foncier::Value;
using foncier::test::TempDir;
namespace io = foncier::io;

TEST(GeoPackageSelect, ReadsTheColumnsRowsAndGeometriesAskedFor) {
    TempDir dir;
    io::Table t{"sites", io::GeometryType::multipolygon,
                {{"site_id", io::FieldType::string, 20, 0, ""}, {"measure", io::FieldType::string, 20, 0, ""},
                 {"num", io::FieldType::real, 0, 0, ""}},
                {}};
    for (int i = 0; i < 10; ++i) {
        const double x = 920000 + 100 * i;
        t.rows.push_back({{Value{"s" + std::to_string(i)}, Value{std::string(i % 2 ? "flood_share" : "station_m")},
                           i == 3 ? Value{} : Value{0.5 * i}},
                          foncier::geom::Geometry::from_wkt("MULTIPOLYGON(((" + std::to_string(x) + " 6870000," +
                                                            std::to_string(x + 50) + " 6870000," + std::to_string(x) +
                                                            " 6870050," + std::to_string(x) + " 6870000)))")});
    }
    const std::string gpkg = dir / "t.gpkg";
    io::write_geopackage(gpkg, {&t}, "EPSG:2154");
    const io::GeoPackageSelect db(gpkg);
    EXPECT_TRUE(db.has_table("sites"));
    EXPECT_FALSE(db.has_table("nope"));
    EXPECT_EQ(db.columns("sites"), (std::vector<std::string>{"site_id", "measure", "num"}));
    EXPECT_EQ(db.max_fid("sites"), 10);

    const auto flood = db.select("sites", {"site_id", "num"}, "measure", {"flood_share"});
    ASSERT_EQ(flood.fids, (std::vector<std::int64_t>{2, 4, 6, 8, 10}));
    EXPECT_EQ(foncier::to_text(flood.values[0]), "s1");
    EXPECT_TRUE(foncier::is_null(flood.values[3]));  // s3's null
    EXPECT_DOUBLE_EQ(std::get<double>(flood.values[5]), 2.5);

    // Two halves of the fids cover the table once, in order.
    std::vector<std::int64_t> seen;
    auto visit = [&](std::int64_t fid, std::span<const io::ValueView> v) {
        seen.push_back(fid);
        EXPECT_EQ(std::get<std::string_view>(v[0]), "s" + std::to_string(fid - 1));
    };
    db.scan_range("sites", {"site_id"}, 1, 5, visit);
    db.scan_range("sites", {"site_id"}, 6, 10, visit);
    EXPECT_EQ(seen, (std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
    EXPECT_EQ(db.distinct("sites", "measure"), (std::vector<std::string>{"flood_share", "station_m"}));

    // Rows and geometries by fid, in the order asked, equal OGR's.
    const auto rows = db.select_fids("sites", {"site_id"}, {7, 2, 99});
    EXPECT_EQ(rows.fids, (std::vector<std::int64_t>{7, 2}));
    const auto geometries = db.geometries("sites", {7, 2, 99});
    ASSERT_EQ(geometries.size(), 3u);
    const auto ogr = io::read_layer(gpkg, "sites");
    EXPECT_EQ(geometries[0].to_wkt(9), ogr.features[6].geometry.to_wkt(9));
    EXPECT_EQ(geometries[1].to_wkt(9), ogr.features[1].geometry.to_wkt(9));
    EXPECT_TRUE(geometries[2].is_null());

    // A name that is not the table's is refused, not run.
    EXPECT_THROW((void)db.select("sites", {"site_id\" FROM sites; --"}), foncier::IoError);
    EXPECT_THROW((void)db.columns("nope"), foncier::IoError);
    EXPECT_THROW(io::GeoPackageSelect{std::string(dir / "missing.gpkg")}, foncier::IoError);
}
