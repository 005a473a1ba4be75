// CNIG Friches: export of the real Val de Lorraine sites, its dialect and validity, the
// import -> export -> import round trip, and the ingest of CNIG and legacy Cartofriches files.

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "foncier/cnig/schema.hpp"
#include "foncier/io/reader.hpp"
#include "foncier/core/error.hpp"
#include "foncier/pipeline/cnig_tasks.hpp"
#include "foncier/screen/query.hpp"
#include "foncier/pipeline/run.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
namespace pl = foncier::pipeline;
using foncier::test::TempDir;
using foncier::test::write_file;

namespace {

std::string geodata(const char* rel) { return (foncier::test::source_dir() / "geodata" / rel).string(); }
std::string cnig_data(const char* rel) { return (foncier::test::source_dir() / "tests/data/cnig" / rel).string(); }

pl::ExportTask task(const std::string& config, const std::string& out) {
    pl::ExportTask t;
    t.config_path = config;
    t.out_dir = out;
    return t;
}

// The [communes] block of a territory whose communes.csv holds WKT in WGS 84.
constexpr const char* kWgs84Communes = R"([communes]
path = "communes.csv"
source_crs = "EPSG:4326"
wkt_field = "wkt"
fields = { insee = "insee", nom = "nom", epci = "epci" }
)";

}  // namespace

TEST(CnigExport, ValDeLorraineSitesInTheReferenceDialectAndValid) {
    TempDir dir;
    const auto r = pl::export_cnig_friches(task(geodata("val-de-lorraine.toml"), dir / "cnig"));
    EXPECT_EQ(r.exported, 74u);
    EXPECT_EQ(r.excluded, 0u);
    EXPECT_TRUE(r.validation.valid()) << foncier::cnig::format_text(r.validation);
    EXPECT_EQ(r.validation.count(foncier::Severity::warning), 0u);

    const std::string csv = foncier::test::read_file(dir / "cnig/friches_cnig.csv");
    EXPECT_NE(csv.rfind("site_id,site_nom,site_type,", 0), std::string::npos);  // no BOM, schema order
    std::size_t lines = 0;
    for (std::size_t i = 0; i < csv.size(); ++i) {
        if (csv[i] != '\n') continue;
        ++lines;
        ASSERT_GT(i, 0u);
        EXPECT_EQ(csv[i - 1], '\r') << "line " << lines << " does not end with CRLF";
    }
    EXPECT_EQ(lines, 75u);
    const auto header = csv.substr(0, csv.find('\r'));
    std::string expected;
    for (const auto& f : foncier::cnig::schema(foncier::cnig::Standard::friches).fields) {
        expected += (expected.empty() ? "" : ",") + f.name;
    }
    EXPECT_EQ(header, expected);

    const auto shp = foncier::io::read_layer(dir / "cnig/shp/friches_cnig.shp");
    EXPECT_EQ(shp.features.size(), 74u);
    for (const char* name : {"SITEID", "SITENOM", "SOLPOLEXIS", "URBAZAER", "GEOMPOINT"}) {
        EXPECT_TRUE(shp.has_field(name)) << name;
    }
    const auto gj = foncier::io::read_layer(dir / "cnig/friches_cnig.geojson");
    ASSERT_EQ(gj.features.size(), 74u);
    const auto e = gj.features[0].geometry.envelope();
    EXPECT_TRUE(e.minx > 5 && e.maxx < 7 && e.miny > 48 && e.maxy < 50);
}

TEST(CnigExport, ImportExportImportIsLossless) {
    TempDir dir;
    const auto first = pl::export_cnig_friches(task(geodata("val-de-lorraine.toml"), dir / "a"));
    ASSERT_TRUE(first.validation.valid());
    // The same territory, its friches read back from the exported CNIG file.
    const std::string config = write_file(dir / "t.toml", "name = \"round trip\"\ncatalogue = \"" +
                                                              geodata("catalogue.toml") +
                                                              "\"\n[communes]\ndataset = \"communes_2026\"\n"
                                                              "[membership]\ndataset = \"epci_membership_2026\"\n"
                                                              "[friches]\npath = \"a/friches_cnig.csv\"\n"
                                                              "schema = \"cnig-friches\"\n");
    const auto second = pl::export_cnig_friches(task(config, dir / "b"));
    EXPECT_EQ(second.exported, 74u);
    EXPECT_EQ(foncier::test::read_file(dir / "a/friches_cnig.csv"), foncier::test::read_file(dir / "b/friches_cnig.csv"));
}

TEST(CnigIngest, CnigFilesInAnyDialectAndAxisOrder) {
    TempDir dir;
    // One commune around the friches of the corpus (lon 3.97-4.00, lat 49.24-49.27).
    write_file(dir / "communes.csv",
               "insee,nom,epci,wkt\n12083,Cransac,200000000,\"POLYGON((3.97 49.24,4.0 49.24,4.0 49.27,3.97 49.27,"
               "3.97 49.24))\"\n");
    // A point-only CNIG file written (latitude longitude), as the reference file does.
    write_file(dir / "lat-lon.csv",
               "site_id,site_nom,site_type,comm_insee,geomsurf,geompoint\r\n"
               "12083_1,A,friche industrielle,12083,,POINT(49.2527 3.9815)\r\n"
               "12083_2,B,friche industrielle,12083,,POINT(49.2627 3.9915)\r\n");
    for (const std::string& file : {cnig_data("broken/00-valid-semicolon-bom-lf.csv"), dir / "lat-lon.csv"}) {
        const std::string config = write_file(dir / "t.toml", std::string(kWgs84Communes) + R"([friches]
path = ")" + file + R"("
schema = "cnig-friches"
)");
        const std::string out = dir / ("out-" + fs::path(file).stem().string());
        const auto r = pl::run({config, out, false, false, {}, {}, {}});
        EXPECT_EQ(r.layer_counts.at("sites"), 2u) << file;
        const bool swapped = r.issues.count_by_kind().contains("swapped_axes");
        EXPECT_EQ(swapped, std::string(file).find("lat-lon") != std::string::npos) << file;
        const auto sites = foncier::io::read_layer(out + "/foncier.gpkg", "sites");
        for (const auto& f : sites.features) {
            EXPECT_EQ(foncier::to_text(f.get("insee")), "12083") << file;  // placed in the commune
            EXPECT_EQ(foncier::to_text(f.get("geom_src")), swapped ? "default" : "polygon") << file;
        }
    }
}

TEST(CnigIngest, LegacyCartofrichesNames) {
    TempDir dir;
    write_file(dir / "communes.csv",
               "insee,nom,epci,wkt\n54430,Pompey,245400601,\"POLYGON((6.10 48.76,6.13 48.76,6.13 48.78,6.10 48.78,"
               "6.10 48.76))\"\n");
    write_file(dir / "legacy.csv",
               "site_numero,site_nom,code_insee,nom_commune,pollution,zone_cnig,typprop,longitude,latitude\n"
               "54430_1,Ancienne tréfilerie,54430,Pompey,pollution avérée,U,P4a,6.115,48.77\n");
    const std::string config = write_file(dir / "t.toml", std::string(kWgs84Communes) + R"([friches]
path = "legacy.csv"
schema = "cnig-friches"
x_field = "longitude"
y_field = "latitude"
)");
    const auto r = pl::run({config, dir / "out", false, false, {}, {}, {}});
    ASSERT_EQ(r.layer_counts.at("sites"), 1u);
    const auto sites = foncier::io::read_layer(dir / "out/foncier.gpkg", "sites");
    EXPECT_EQ(foncier::to_text(sites.features[0].get("site_id")), "54430_1");  // site_numero
    EXPECT_EQ(foncier::to_text(sites.features[0].get("comm_decl")), "54430");  // code_insee
    const auto measures = foncier::io::read_layer(dir / "out/foncier.gpkg", "measures");
    std::map<std::string, std::string> m;
    for (const auto& f : measures.features) m[foncier::to_text(f.get("measure"))] = foncier::to_text(f.get("texte"));
    EXPECT_EQ(m["pollution"], "pollution avérée");  // pollution -> sol_pollution_existe
    EXPECT_EQ(m["zonage"], "U");                     // zone_cnig -> urba_zone_type
    EXPECT_EQ(m["owner"], "public");                 // typprop -> proprio_type
}

TEST(CnigValidate, TerritoryFrichesAreCheckedWithItsCommunes) {
    // Cartofriches' own export is not CNIG-exact: the validator says why, feature by feature.
    const auto r = pl::validate({geodata("val-de-lorraine.toml"), "", ""});
    EXPECT_EQ(r.rows, 74u);
    EXPECT_FALSE(r.valid());
    std::map<std::string, std::size_t> by_rule;
    for (const auto& p : r.problems) ++by_rule[p.rule];
    EXPECT_EQ(by_rule["header.urba_zaer_missing"], 1u);
    EXPECT_GT(by_rule["geom.commune"], 0u);  // declared commune != commune at the point
    for (const auto& p : r.problems) {
        if (p.rule == "geom.commune") {
            EXPECT_TRUE(p.location.has_value());
        }
    }
    TempDir dir;
    pl::write_validation_issues(r, dir / "issues.gpkg");
    const auto issues = foncier::io::read_layer(dir / "issues.gpkg", "issues");
    EXPECT_EQ(issues.features.size(), r.problems.size());
}

TEST(Query, NearALayerAgreesWithTheAccessMeasure) {
    // "within 2 km of any interchange" (geometry, at query time) must select exactly the sites
    // whose interchange_m measure (computed by the run) is <= 2 km.
    TempDir dir;
    const auto supply = foncier::screen::load_supply(geodata("val-de-lorraine.toml"), dir / "out");
    foncier::screen::QueryOptions near;
    near.near_layer = foncier::screen::QueryOptions::NearLayer{"interchange", "", 2000.0};
    foncier::screen::QueryOptions measure;
    measure.max = {{"interchange_m", 2000.0}};
    const auto a = foncier::screen::run_query(supply, near);
    const auto b = foncier::screen::run_query(supply, measure);
    ASSERT_GT(b.rows.size(), 0u);
    std::set<std::size_t> from_measure(b.rows.begin(), b.rows.end());
    std::size_t sites = 0;
    for (std::size_t row : a.rows) {
        if (foncier::to_text(supply.records[row].at("objet")) != "site") continue;  // plots have no measure
        ++sites;
        EXPECT_TRUE(from_measure.contains(row)) << foncier::to_text(supply.records[row].at("site_id"));
    }
    EXPECT_EQ(sites, b.rows.size());
    foncier::screen::QueryOptions named;
    named.near_layer = foncier::screen::QueryOptions::NearLayer{"stations", "pompey", 1500.0};  // accents and case ignored
    EXPECT_GT(foncier::screen::run_query(supply, named).rows.size(), 0u);
    named.near_layer->layer = "rivers";
    EXPECT_THROW((void)foncier::screen::run_query(supply, named), foncier::ConfigError);
}

TEST(Query, WithinACommuneOrEpciAndNearAPoint) {
    TempDir dir;
    const auto supply = foncier::screen::load_supply(geodata("val-de-lorraine.toml"), dir / "out");
    foncier::screen::QueryOptions o;
    o.within = "CC du Bassin de Pompey";  // an EPCI, by name
    const auto in_epci = foncier::screen::run_query(supply, o);
    ASSERT_GT(in_epci.rows.size(), 0u);
    for (std::size_t row : in_epci.rows) {
        EXPECT_EQ(foncier::to_text(supply.records[row].at("epci")), "245400601")
            << foncier::to_text(supply.records[row].at("site_id"));
    }
    o.within = "54430";  // a commune, by INSEE code
    const auto in_pompey = foncier::screen::run_query(supply, o);
    ASSERT_GT(in_pompey.rows.size(), 0u);
    EXPECT_LT(in_pompey.rows.size(), in_epci.rows.size());
    o.within = "POLYGON((0 0,1 0,1 1,0 1,0 0))";  // lon/lat WKT far away
    EXPECT_TRUE(foncier::screen::run_query(supply, o).rows.empty());
    o.within.clear();
    // Pompey station (lon 6.1335, lat 48.7747): everything within 1 km of it.
    o.near = std::pair{foncier::XY{6.1335, 48.7747}, 1000.0};
    const auto near = foncier::screen::run_query(supply, o);
    o.near->second = 20000.0;
    EXPECT_GT(foncier::screen::run_query(supply, o).rows.size(), near.rows.size());
}
