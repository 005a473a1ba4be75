// Territory inputs as users have them: communes in one file per département read as one
// dataset, EPCI membership as the nested etalab epci.json, communes merged since the
// polygons' vintage (communes.json: chefLieu of a commune déléguée, anciensCodes of a current
// commune), populations from a separate table. Small invented fixtures, lon/lat squares of
// 0.01° near Pompey; and the real départements 54 + 57 when tools/fetch-geodata fetched them.

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "foncier/core/error.hpp"
#include "foncier/io/reader.hpp"
#include "foncier/pipeline/run.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using foncier::test::TempDir;
using foncier::test::write_file;
namespace pl = foncier::pipeline;

namespace {

// A square commune of 0.01° whose lower-left corner is (6.10 + 0.01 i, 48.80).
std::string square(const std::string& code, const std::string& nom, int i) {
    const double x0 = 6.10 + 0.01 * i, x1 = x0 + 0.01;
    char ring[256];
    std::snprintf(ring, sizeof ring, "[[%.2f,48.80],[%.2f,48.80],[%.2f,48.81],[%.2f,48.81],[%.2f,48.80]]", x0, x1, x1,
                  x0, x0);
    return R"({"type":"Feature","properties":{"code":")" + code + R"(","nom":")" + nom +
           R"("},"geometry":{"type":"Polygon","coordinates":[)" + ring + "]}}";
}

std::string collection(const std::vector<std::string>& features, const std::string& crs = "") {
    std::string out = R"({"type":"FeatureCollection",)" + crs + R"("features":[)";
    for (std::size_t i = 0; i < features.size(); ++i) out += (i ? "," : "") + features[i];
    return out + "]}";
}

std::string point(const std::string& id, double lon, double lat) {
    return R"({"type":"Feature","properties":{"site_id":")" + id + R"("},"geometry":{"type":"Point","coordinates":[)" +
           std::to_string(lon) + "," + std::to_string(lat) + "]}}";
}

struct Departements {
    TempDir dir;
    Departements() {
        // Département "01" in one file, "02" in another; 02004 and 02005 were merged since.
        write_file(dir / "communes-01.geojson", collection({square("01001", "Un", 0), square("01002", "Deux", 1)}));
        write_file(dir / "communes-02.geojson",
                   collection({square("02003", "Trois", 2), square("02004", "Quatre", 3), square("02005", "Cinq", 4)}));
        // epci.json as published: one object per EPCI, its members nested; 99001 lies in
        // another département (no polygon here): the territory's filter leaves it out.
        write_file(dir / "epci.json", R"([
 {"code":"200000001","nom":"CC Une","type":"CC","membres":[{"code":"01001","nom":"Un","populationMunicipale":1},
   {"code":"01002","nom":"Deux","populationMunicipale":2}]},
 {"code":"200000002","nom":"CC Deux","type":"CC","membres":[{"code":"02003","nom":"Trois-Quatre","populationMunicipale":3},
   {"code":"02006","nom":"Cinq-Six","populationMunicipale":4},{"code":"99001","nom":"Ailleurs","populationMunicipale":5}]}
])");
        // communes.json: 02004 is a commune déléguée of 02003 (and 02003 of itself); 02006 is
        // a current commune whose former codes include 02005.
        write_file(dir / "communes.json", R"([
 {"code":"02003","nom":"Trois","type":"commune-deleguee","chefLieu":"02003"},
 {"code":"02004","nom":"Quatre","type":"commune-deleguee","chefLieu":"02003"},
 {"code":"02003","nom":"Trois-Quatre","type":"commune-actuelle","population":30},
 {"code":"02006","nom":"Cinq-Six","type":"commune-actuelle","anciensCodes":["02005","02007"]}
])");
        write_file(dir / "population.csv", "COM,PMUN\n01001,100\n01002,200\n02003,300\n02006,600\n");
        write_file(dir / "friches.geojson",
                   collection({point("in-02004", 6.135, 48.805), point("in-02005", 6.145, 48.805),
                               point("in-01001", 6.105, 48.805), point("outside", 6.50, 48.805)}));
    }
    std::string config(const std::string& communes_files) {
        return write_file(dir / "t.toml", R"(
name = "Deux départements"
output = "out"
[communes]
files = )" + communes_files + R"(
fields = { insee = "code", nom = "nom" }
[membership]
path = "epci.json"
explode = "membres"
filter = "\"membres.code\" LIKE '01%' OR \"membres.code\" LIKE '02%'"
fields = { insee = "membres.code", nom = "membres.nom", epci = "code", epci_nom = "nom", pop = "membres.populationMunicipale" }
[mergers]
path = "communes.json"
fields = { insee = "code", parent = "chefLieu", former = "anciensCodes" }
[population]
path = "population.csv"
fields = { insee = "COM", pop = "PMUN" }
[friches]
path = "friches.geojson"
fields = { id = "site_id" }
)");
    }
};

// The features of `layer` by the value of `field` (the layer must outlive the map).
std::map<std::string, const foncier::io::Feature*> by(const foncier::io::LayerData& layer, const char* field) {
    std::map<std::string, const foncier::io::Feature*> out;
    for (const auto& f : layer.features) out.emplace(foncier::to_text(f.get(field)), &f);
    return out;
}

}  // namespace

TEST(TerritorySources, FilesPerDepartementNestedMembershipAndMergers) {
    Departements d;
    const auto r = pl::run({d.config(R"(["communes-01.geojson", "communes-02.geojson"])"), "", false, false, {}, {}, {}});
    ASSERT_TRUE(r.published);
    const std::string gpkg = d.dir / "out/foncier.gpkg";

    const auto communes_layer = foncier::io::read_layer(gpkg, "communes");
    const auto communes = by(communes_layer, "insee");
    ASSERT_EQ(communes.size(), 4u);  // 01001, 01002, 02003 (+ 02004), 02006 (from 02005)
    EXPECT_FALSE(communes.contains("02004"));
    EXPECT_FALSE(communes.contains("02005"));
    // The merged polygons: 02003 is two squares now, 02006 the square of 02005.
    const double one = communes.at("01001")->geometry.area();
    EXPECT_NEAR(communes.at("02003")->geometry.area(), 2 * one, 1e-6 * one);
    EXPECT_NEAR(communes.at("02006")->geometry.area(), one, 1e-6 * one);
    EXPECT_EQ(foncier::to_text(communes.at("02006")->get("nom")), "Cinq-Six");  // from the membership
    EXPECT_EQ(foncier::to_text(communes.at("02006")->get("epci")), "200000002");
    // Populations from the population table, not the membership's.
    EXPECT_EQ(*foncier::to_number(communes.at("01002")->get("pop")), 200.0);
    EXPECT_EQ(*foncier::to_number(communes.at("02006")->get("pop")), 600.0);

    const auto sites_layer = foncier::io::read_layer(gpkg, "sites");
    const auto sites = by(sites_layer, "site_id");
    EXPECT_EQ(foncier::to_text(sites.at("in-02004")->get("insee")), "02003");
    EXPECT_EQ(foncier::to_text(sites.at("in-02004")->get("epci")), "200000002");
    EXPECT_EQ(foncier::to_text(sites.at("in-02005")->get("insee")), "02006");
    EXPECT_EQ(foncier::to_text(sites.at("in-01001")->get("epci")), "200000001");
    EXPECT_EQ(foncier::to_text(sites.at("outside")->get("insee")), "");

    // Each merger is an issue, never silent; no commune of the membership is missing.
    std::map<std::string, std::string> merged;
    for (const auto& f : foncier::io::read_layer(gpkg, "issues").features) {
        const std::string kind = foncier::to_text(f.get("kind"));
        EXPECT_NE(kind, "missing_commune") << foncier::to_text(f.get("message"));
        if (kind == "merged_commune") merged[foncier::to_text(f.get("feat_id"))] = foncier::to_text(f.get("message"));
    }
    ASSERT_EQ(merged.size(), 2u);
    EXPECT_NE(merged["02004"].find("merged into 02003"), std::string::npos) << merged["02004"];
    EXPECT_NE(merged["02005"].find("merged into 02006"), std::string::npos) << merged["02005"];
    EXPECT_NE(merged["02005"].find("communes-02.geojson"), std::string::npos) << merged["02005"];

    // run.json: each file of the communes, with its own checksum and count.
    const auto j = nlohmann::json::parse(foncier::test::read_file(d.dir / "out/run.json"));
    std::map<std::string, int> communes_files;
    for (const auto& input : j["inputs"]) {
        if (input["role"] != "communes") continue;
        communes_files[fs::path(input["path"].get<std::string>()).filename().string()] = input["features"];
        EXPECT_EQ(input["sha256"].get<std::string>().size(), 64u);
    }
    EXPECT_EQ(communes_files, (std::map<std::string, int>{{"communes-01.geojson", 2}, {"communes-02.geojson", 3}}));
}

TEST(TerritorySources, FilesReadAsOneMustShareTheirCrs) {
    Departements d;
    write_file(d.dir / "communes-l93.geojson",
               collection({R"({"type":"Feature","properties":{"code":"02009","nom":"L93"},"geometry":{"type":"Polygon",)"
                           R"("coordinates":[[[930000,6857000],[931000,6857000],[931000,6858000],[930000,6857000]]]}})"},
                          R"("crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::2154"}},)"));
    try {
        (void)pl::run({d.config(R"(["communes-01.geojson", "communes-l93.geojson"])"), "", false, false, {}, {}, {}});
        FAIL() << "files of different CRS were read as one";
    } catch (const foncier::ConfigError& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("communes-l93.geojson"), std::string::npos) << what;
        EXPECT_NE(what.find("communes-01.geojson"), std::string::npos) << what;
        EXPECT_NE(what.find("different CRS"), std::string::npos) << what;
    }
    EXPECT_FALSE(fs::exists(d.dir / "out"));
}

TEST(TerritorySources, ExplodeNamesAMissingArray) {
    TempDir dir;
    write_file(dir / "epci.json", R"([{"code":"1","nom":"x","members":[]}])");
    try {
        foncier::io::ReadOptions options;
        options.explode = "membres";
        (void)foncier::io::read_layer(dir / "epci.json", options);
        FAIL() << "no error";
    } catch (const foncier::IoError& e) {
        EXPECT_NE(std::string(e.what()).find("no array 'membres'"), std::string::npos) << e.what();
    }
    // Without explode: one row per record, arrays of scalars as "a|b".
    write_file(dir / "communes.json", R"([{"code":"02006","anciensCodes":["02005","02007"],"population":12}])");
    const auto layer = foncier::io::read_layer(dir / "communes.json");
    ASSERT_EQ(layer.features.size(), 1u);
    EXPECT_EQ(foncier::to_text(layer.features[0].get("anciensCodes")), "02005|02007");
    EXPECT_EQ(*foncier::to_number(layer.features[0].get("population")), 12.0);
}

// The real départements 54 and 57 (tools/fetch-geodata --territory
// geodata/meurthe-et-moselle-moselle.toml fetches the polygons and the Cartofriches extract).
TEST(MeurtheEtMoselleMoselle, EverySiteInTheTwoDepartementsHasACommuneAndAnEpci) {
    const fs::path geodata = foncier::test::source_dir() / "geodata";
    if (!fs::exists(geodata / "cache/communes-57-moselle.geojson") ||
        !fs::exists(geodata / "cache/cartofriches_fxy_2024-03-10_dep54_57.geojson")) {
        GTEST_SKIP() << "départements 54 + 57 not fetched: tools/fetch-geodata --territory "
                        "geodata/meurthe-et-moselle-moselle.toml";
    }
    TempDir dir;
    const auto r = pl::run({(geodata / "meurthe-et-moselle-moselle.toml").string(), dir / "out", false, false, {}, {}, {}});
    ASSERT_TRUE(r.published);
    const std::string gpkg = dir / "out/foncier.gpkg";
    EXPECT_EQ(foncier::io::read_layer(gpkg, "communes").features.size(), 1316u);
    EXPECT_EQ(foncier::io::read_layer(gpkg, "epci").features.size(), 41u);
    // A site lies in the two départements when its point is in the union of their 2018
    // polygons: recount that from the source files, independently of the run.
    std::vector<foncier::geom::Geometry> departements;
    for (const char* f : {"cache/communes-54-meurthe-et-moselle.geojson", "cache/communes-57-moselle.geojson"}) {
        for (auto& c : foncier::io::read_layer((geodata / f).string()).features) departements.push_back(std::move(c.geometry));
    }
    const auto source_layer =
        foncier::io::read_layer((geodata / "cache/cartofriches_fxy_2024-03-10_dep54_57.geojson").string());
    const auto source = by(source_layer, "site_id");
    const auto sites = foncier::io::read_layer(gpkg, "sites");
    ASSERT_EQ(sites.features.size(), 1068u);
    std::size_t inside = 0;
    for (const auto& s : sites.features) {
        const std::string id = foncier::to_text(s.get("site_id"));
        const auto& p = source.at(id)->geometry;
        const bool in = std::any_of(departements.begin(), departements.end(),
                                    [&](const auto& c) { return c.intersects(p); });
        if (!in) continue;
        ++inside;
        EXPECT_NE(foncier::to_text(s.get("insee")), "") << id;
        EXPECT_NE(foncier::to_text(s.get("epci")), "") << id;
    }
    EXPECT_GT(inside, 1000u);
    std::size_t merged = 0;
    for (const auto& f : foncier::io::read_layer(gpkg, "issues").features) {
        merged += foncier::to_text(f.get("kind")) == "merged_commune";
        EXPECT_NE(foncier::to_text(f.get("kind")), "missing_commune");
    }
    EXPECT_EQ(merged, 3u);  // Sexey-les-Bois, Ritzing, Vionville
}
