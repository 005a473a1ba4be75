// Bad inputs end to end: each gives a clear error (naming the file, layer or field and the
// fix) or an issue record; never a crash, never a half-written output folder.

#include <gtest/gtest.h>

#include <filesystem>

#include "foncier/core/error.hpp"
#include "foncier/geom/transformer.hpp"
#include "foncier/io/reader.hpp"
#include "foncier/pipeline/run.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using foncier::test::TempDir;
using foncier::test::write_file;
namespace pl = foncier::pipeline;

namespace {

// Two 2 km communes near Pompey in Lambert-93, written as CSV with a WKT column.
constexpr const char* k_communes =
    "insee,nom,epci,pop,wkt\n"
    "54430,Pompey,245400601,5000,\"POLYGON((930000 6857000,932000 6857000,932000 6859000,930000 6859000,930000 "
    "6857000))\"\n"
    "54215,Frouard,245400601,6500,\"POLYGON((932000 6857000,934000 6857000,934000 6859000,932000 6859000,932000 "
    "6857000))\"\n";

// lon/lat of a Lambert-93 point, for writing friches CSV fixtures.
std::pair<double, double> lonlat(double x, double y) {
    const foncier::geom::Transformer t("EPSG:2154", "EPSG:4326");
    const auto p = t.apply({x, y});
    return {p.x, p.y};
}

std::string friche_row(const char* id, double x, double y, const char* surface, bool swap = false) {
    auto [lon, lat] = lonlat(x, y);
    if (swap) std::swap(lon, lat);
    return std::string(id) + ",Site " + id + "," + surface + "," + std::to_string(lon) + "," + std::to_string(lat) +
           "\n";
}

struct Fixture {
    TempDir dir;
    std::string communes = write_file(dir / "communes.csv", k_communes);

    std::string config(const std::string& friches_csv, const std::string& extra = "") {
        write_file(dir / "friches.csv", "site_id,nom,surface,lon,lat\n" + friches_csv);
        return write_file(dir / "t.toml", R"(
name = "Fixture"
output = "out"
[communes]
path = "communes.csv"
source_crs = "EPSG:2154"
wkt_field = "wkt"
fields = { insee = "insee", nom = "nom", epci = "epci", pop = "pop" }
[friches]
path = "friches.csv"
source_crs = "EPSG:4326"
x_field = "lon"
y_field = "lat"
fields = { id = "site_id", nom = "nom", surface = "surface" }
)" + extra);
    }
    std::string out() const { return dir / "out"; }
    foncier::io::LayerData sites() const { return foncier::io::read_layer(dir / "out/foncier.gpkg", "sites"); }
};

template <class E>
std::string error_of(const pl::RunOptions& options) {
    try {
        (void)pl::run(options);
    } catch (const E& e) {
        return e.what();
    }
    return "no error";
}

bool has_kind(const pl::RunResult& r, const std::string& kind) { return r.issues.count_by_kind().contains(kind); }

}  // namespace

TEST(BadInputs, MissingFileNamesItAndWritesNothing) {
    Fixture fx;
    const auto cfg = fx.config("");
    fs::remove(fx.dir / "friches.csv");
    const auto msg = error_of<foncier::IoError>({cfg, "", false, false, {}, {}, {}});
    EXPECT_NE(msg.find("friches.csv"), std::string::npos) << msg;
    EXPECT_NE(msg.find("does not exist"), std::string::npos) << msg;
    EXPECT_FALSE(fs::exists(fx.out()));
    // no staging folder left behind either
    for (const auto& entry : fs::directory_iterator(fx.dir.path())) {
        EXPECT_EQ(entry.path().filename().string().find(".out.staging"), std::string::npos);
    }
}

TEST(BadInputs, LayerWithoutCrsAsksForSourceCrs) {
    Fixture fx;
    auto cfg = fx.config(friche_row("54430_1", 931000, 6858000, "1000"));
    std::string text = foncier::test::read_file(cfg);
    text.replace(text.find("source_crs = \"EPSG:4326\"\n"), 25, "");
    write_file(cfg, text);
    const auto msg = error_of<foncier::ConfigError>({cfg, "", false, false, {}, {}, {}});
    EXPECT_NE(msg.find("declares no CRS"), std::string::npos) << msg;
    EXPECT_NE(msg.find("friches.csv"), std::string::npos) << msg;
    EXPECT_NE(msg.find("source_crs"), std::string::npos) << msg;
    EXPECT_FALSE(fs::exists(fx.out()));
}

TEST(BadInputs, SelfIntersectingPolygonIsRepairedAndRecorded) {
    Fixture fx;
    const auto cfg = fx.config(friche_row("54430_1", 931000, 6858000, "1000"));
    std::string communes = k_communes;
    // Frouard drawn as a bow tie.
    communes += "54999,Bowtie,245400601,10,\"POLYGON((934000 6857000,936000 6859000,936000 6857000,934000 6859000,"
                "934000 6857000))\"\n";
    write_file(fx.communes, communes);
    const auto r = pl::run({cfg, "", false, false, {}, {}, {}});
    ASSERT_TRUE(has_kind(r, "repaired_geometry"));
    const auto communes_out = foncier::io::read_layer(fx.dir / "out/foncier.gpkg", "communes");
    EXPECT_EQ(communes_out.features.size(), 3u);
    for (const auto& issue : r.issues.issues()) {
        if (issue.kind != foncier::IssueKind::repaired_geometry) continue;
        EXPECT_EQ(issue.feat_id, "54999");
        EXPECT_NE(issue.message.find("Self-intersection"), std::string::npos);
        ASSERT_TRUE(issue.location.has_value());
        EXPECT_NEAR(issue.location->x, 935000, 1);
    }
}

TEST(BadInputs, EmptyFrichesLayerIsAnIssueEmptyCommunesAnError) {
    Fixture fx;
    const auto cfg = fx.config("");
    const auto r = pl::run({cfg, "", false, false, {}, {}, {}});
    EXPECT_TRUE(has_kind(r, "empty_layer"));
    EXPECT_EQ(r.layer_counts.at("sites"), 0u);

    write_file(fx.communes, "insee,nom,epci,pop,wkt\n");
    const auto msg = error_of<foncier::ConfigError>({cfg, fx.dir / "out2", false, false, {}, {}, {}});
    EXPECT_NE(msg.find("has no commune"), std::string::npos) << msg;
    EXPECT_FALSE(fs::exists(fx.dir / "out2"));
}

TEST(BadInputs, MissingInseeFieldNamesFieldLayerAndFix) {
    Fixture fx;
    auto cfg = fx.config("");
    std::string text = foncier::test::read_file(cfg);
    text.replace(text.find("insee = \"insee\""), 15, "insee = \"code_insee\"");
    write_file(cfg, text);
    const auto msg = error_of<foncier::ConfigError>({cfg, "", false, false, {}, {}, {}});
    EXPECT_NE(msg.find("field 'code_insee'"), std::string::npos) << msg;
    EXPECT_NE(msg.find("communes.csv"), std::string::npos) << msg;
    EXPECT_NE(msg.find("[communes.fields] insee"), std::string::npos) << msg;
}

TEST(BadInputs, TruncatedGeoJsonIsAnIoErrorAndKeepsPreviousOutputs) {
    Fixture fx;
    const auto cfg = fx.config(friche_row("54430_1", 931000, 6858000, "1000"));
    ASSERT_TRUE(pl::run({cfg, "", false, false, {}, {}, {}}).published);
    const std::string before = foncier::test::read_file(fx.dir / "out/geojson/sites.geojson");

    write_file(fx.dir / "friches.geojson", R"({"type":"FeatureCollection","features":[{"type":"Feature","prop)");
    std::string text = foncier::test::read_file(cfg);
    text.replace(text.find("path = \"friches.csv\""), 20, "path = \"friches.geojson\"");
    write_file(cfg, text);
    const auto msg = error_of<foncier::IoError>({cfg, "", true, false, {}, {}, {}});
    EXPECT_NE(msg.find("friches.geojson"), std::string::npos) << msg;
    EXPECT_EQ(foncier::test::read_file(fx.dir / "out/geojson/sites.geojson"), before);  // untouched
}

TEST(BadInputs, SwappedLatLonCsvIsFixedAndRecorded) {
    Fixture fx;
    const auto cfg = fx.config(friche_row("54430_1", 931000, 6858000, "1000") +
                               friche_row("54215_2", 933000, 6858000, "2000", /*swap=*/true));
    const auto r = pl::run({cfg, "", false, false, {}, {}, {}});
    EXPECT_EQ(r.issues.count_by_kind().at("swapped_axes"), 1u);
    const auto sites = fx.sites();
    ASSERT_EQ(sites.features.size(), 2u);
    EXPECT_EQ(foncier::to_text(sites.features[1].get("site_id")), "54430_1");
    EXPECT_EQ(foncier::to_text(sites.features[0].get("insee")), "54215");  // placed where it belongs
}

TEST(BadInputs, SwappedLatLonIsRefusedWhenTheConfigSaysSo) {
    Fixture fx;
    const auto cfg = fx.config(friche_row("54215_2", 933000, 6858000, "2000", true), "[checks]\nswapped_axes = \"refuse\"\n");
    const auto msg = error_of<foncier::ConfigError>({cfg, "", false, false, {}, {}, {}});
    EXPECT_NE(msg.find("swapped"), std::string::npos) << msg;
    EXPECT_NE(msg.find("54215_2"), std::string::npos) << msg;
    EXPECT_FALSE(fs::exists(fx.out()));
}

TEST(BadInputs, SiteOutsideAndSiteWithoutSurface) {
    Fixture fx;
    const auto cfg = fx.config(friche_row("54430_1", 931000, 6858000, "") +
                               friche_row("57000_9", 960000, 6858000, "1000"));
    const auto r = pl::run({cfg, "", false, false, {}, {}, {}});
    EXPECT_TRUE(has_kind(r, "outside_territory"));
    EXPECT_TRUE(has_kind(r, "missing_surface"));
    const auto sites = fx.sites();
    ASSERT_EQ(sites.features.size(), 2u);  // nothing lost
    EXPECT_EQ(foncier::to_text(sites.features[0].get("geom_src")), "default");
    EXPECT_NEAR(sites.features[0].geometry.area(), 5000.0, 1e-6);
    EXPECT_EQ(std::get<std::int64_t>(sites.features[1].get("dans_terr")), 0);
    const auto communes = foncier::io::read_layer(fx.dir / "out/foncier.gpkg", "communes");
    std::int64_t counted = 0;
    for (const auto& c : communes.features) counted += std::get<std::int64_t>(c.get("n_sites"));
    EXPECT_EQ(counted, 1);  // the outside site is in no total
}

TEST(BadInputs, ExistingOutputNeedsOverwriteAndStrictWritesNothing) {
    Fixture fx;
    const auto cfg = fx.config(friche_row("54430_1", 931000, 6858000, ""));
    fs::create_directories(fx.out());
    const auto msg = error_of<foncier::ConfigError>({cfg, "", false, false, {}, {}, {}});
    EXPECT_NE(msg.find("--overwrite"), std::string::npos) << msg;

    const auto strict = pl::run({cfg, fx.dir / "strict", false, true, {}, {}, {}});
    EXPECT_FALSE(strict.published);
    EXPECT_GT(strict.strict_issues, 0u);
    EXPECT_FALSE(fs::exists(fx.dir / "strict"));
}

TEST(BadInputs, OutputFolderHoldingTheInputsIsRefusedEvenWithOverwrite) {
    Fixture fx;
    const auto cfg = fx.config(friche_row("54430_1", 931000, 6858000, "1000"));
    const std::string before = foncier::test::read_file(fx.dir / "friches.csv");
    // `--out <the inputs' folder> --overwrite` once deleted the inputs and exited 0.
    const auto msg = error_of<foncier::ConfigError>({cfg, fx.dir.path().string(), true, false, {}, {}, {}});
    EXPECT_NE(msg.find("contains the input"), std::string::npos) << msg;
    EXPECT_EQ(foncier::test::read_file(fx.dir / "friches.csv"), before);
    EXPECT_TRUE(fs::exists(cfg));
    // A folder of the user's next to them: not foncier's, so not replaced.
    write_file(fx.dir / "mine/notes.txt", "precious");
    const auto mine = error_of<foncier::ConfigError>({cfg, fx.dir / "mine", true, false, {}, {}, {}});
    EXPECT_NE(mine.find("not written by foncier"), std::string::npos) << mine;
    EXPECT_EQ(foncier::test::read_file(fx.dir / "mine/notes.txt"), "precious");
}
