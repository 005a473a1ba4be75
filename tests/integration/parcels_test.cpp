// Footprints from cadastral parcels, on the INVENTED parcel fixture of tests/data/cadastre/
// (Etalab cadastre schema, commune 54999 which does not exist): the union of a site's parcels
// becomes its footprint (geom_src = cadastre), with an issue for each parcel problem, and the
// precedence polygon > parcels > estimated disc > default.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>

#include "foncier/geom/operations.hpp"
#include "foncier/geom/transformer.hpp"
#include "foncier/io/reader.hpp"
#include "foncier/pipeline/run.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using foncier::test::TempDir;
using foncier::test::write_file;
namespace pl = foncier::pipeline;

namespace {

const fs::path k_parcels = foncier::test::source_dir() / "tests/data/cadastre/cadastre-54999-parcelles-INVENTED.json";

// One commune around the fixture's parcels (lon 6.095-6.130, lat 48.795-48.805).
constexpr const char* k_commune =
    R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"code":"54999","epci":"200000001"},)"
    R"("geometry":{"type":"Polygon","coordinates":[[[6.095,48.795],[6.130,48.795],[6.130,48.805],[6.095,48.805],)"
    R"([6.095,48.795]]]}}]})";

std::string site(const std::string& id, const std::string& parcels, const std::string& surface,
                 const std::string& geometry) {
    return R"({"type":"Feature","properties":{"site_id":")" + id + R"(","l_idpar":")" + parcels +
           R"(","site_surface":)" + surface + R"(},"geometry":)" + geometry + "}";
}
std::string point(double lon, double lat) {
    return R"({"type":"Point","coordinates":[)" + std::to_string(lon) + "," + std::to_string(lat) + "]}";
}

// The union of the named fixture parcels, read and reprojected here, apart from the run.
foncier::geom::Geometry parcels_union(const std::vector<std::string>& ids) {
    static const auto layer = foncier::io::read_layer(k_parcels.string());
    const foncier::geom::Transformer to_l93("OGC:CRS84", "EPSG:2154");
    std::vector<foncier::geom::Geometry> owned;
    for (const auto& f : layer.features) {
        if (std::find(ids.begin(), ids.end(), foncier::to_text(f.get("id"))) != ids.end()) {
            owned.push_back(to_l93.apply(f.geometry));
        }
    }
    std::vector<const foncier::geom::Geometry*> parts;
    for (const auto& g : owned) parts.push_back(&g);
    return foncier::geom::union_all(parts);
}

}  // namespace

TEST(Parcels, FootprintsAreTheUnionOfTheParcelsWithAnIssuePerProblem) {
    TempDir dir;
    write_file(dir / "communes.geojson", k_commune);
    const std::string polygon =
        R"({"type":"Polygon","coordinates":[[[6.1000,48.8020],[6.1010,48.8020],[6.1010,48.8030],[6.1000,48.8020]]]})";
    write_file(dir / "friches.geojson",
               std::string(R"({"type":"FeatureCollection","features":[)") +
                   // two adjacent parcels, Cartofriches list form; declared surface about right
                   site("adjacent", "{54999000AA0001,54999000AA0002}", "13000", point(6.1010, 48.8004)) + "," +
                   // two parcels 300 m apart, CNIG list form
                   site("apart", "54999000AA0003|54999000AB0010", "12000", point(6.1045, 48.8004)) + "," +
                   // one parcel found, one not
                   site("one-missing", "{54999000AA0004,54999000ZZ9999}", "6500", point(6.1125, 48.8004)) + "," +
                   // no parcel found: the declared surface's disc
                   site("none-found", "{54999000ZZ0001}", "8000", point(6.1165, 48.8020)) + "," +
                   // declared surface ten times the parcel's area
                   site("too-large", "{54999000AC0020}", "65000", point(6.1165, 48.8004)) + "," +
                   // a polygon in the source wins over its parcels
                   site("polygon", "{54999000AC0030}", "6000", polygon) + "," +
                   // no parcels, no surface: the default footprint
                   site("bare", "", "null", point(6.1250, 48.8030)) + "]}");
    const auto config = write_file(dir / "t.toml", R"(
name = "Parcels fixture"
output = "out"
[communes]
path = "communes.geojson"
fields = { insee = "code", epci = "epci" }
[friches]
path = "friches.geojson"
fields = { id = "site_id", surface = "site_surface", parcelles = "l_idpar" }
[parcels]
path = ")" + k_parcels.string() + R"("
fields = { id = "id" }
)");
    const auto r = pl::run({config, "", false, false, {}, {}, {}});
    ASSERT_TRUE(r.published);
    const auto sites = foncier::io::read_layer(dir / "out/foncier.gpkg", "sites");
    std::map<std::string, const foncier::io::Feature*> by_id;
    for (const auto& f : sites.features) by_id[foncier::to_text(f.get("site_id"))] = &f;
    ASSERT_EQ(by_id.size(), 7u);
    auto src = [&](const char* id) { return foncier::to_text(by_id.at(id)->get("geom_src")); };
    EXPECT_EQ(src("adjacent"), "cadastre");
    EXPECT_EQ(src("apart"), "cadastre");
    EXPECT_EQ(src("one-missing"), "cadastre");
    EXPECT_EQ(src("none-found"), "estimated");
    EXPECT_EQ(src("too-large"), "cadastre");
    EXPECT_EQ(src("polygon"), "polygon");
    EXPECT_EQ(src("bare"), "default");

    // Equal to the union of their parcels: same area, nothing of one outside the other.
    const std::map<std::string, std::vector<std::string>> expected{
        {"adjacent", {"54999000AA0001", "54999000AA0002"}},
        {"apart", {"54999000AA0003", "54999000AB0010"}},
        {"one-missing", {"54999000AA0004"}},
        {"too-large", {"54999000AC0020"}}};
    for (const auto& [id, parcels] : expected) {
        const auto want = parcels_union(parcels);
        const auto& got = by_id.at(id)->geometry;
        EXPECT_NEAR(got.area(), want.area(), 1e-6 * want.area()) << id;
        EXPECT_NEAR(got.intersection(want).area(), want.area(), 1e-3) << id;
        EXPECT_NEAR(*foncier::to_number(by_id.at(id)->get("surf_m2")), want.area(), 0.05) << id;  // written to 0.1 m2
    }
    // The two adjacent parcels make one piece, about 2 x 73 m x 89 m.
    EXPECT_NEAR(by_id.at("adjacent")->geometry.area(), 13000.0, 700.0);

    std::multimap<std::string, std::string> issues;  // site -> kind
    for (const auto& f : foncier::io::read_layer(dir / "out/foncier.gpkg", "issues").features) {
        issues.emplace(foncier::to_text(f.get("feat_id")), foncier::to_text(f.get("kind")));
    }
    auto kinds = [&](const char* id) {
        std::vector<std::string> out;
        for (auto [it, end] = issues.equal_range(id); it != end; ++it) out.push_back(it->second);
        std::sort(out.begin(), out.end());
        return out;
    };
    EXPECT_EQ(kinds("adjacent"), std::vector<std::string>{});
    EXPECT_EQ(kinds("apart"), std::vector<std::string>{"parcels_not_contiguous"});
    EXPECT_EQ(kinds("one-missing"), std::vector<std::string>{"parcel_not_found"});
    EXPECT_EQ(kinds("none-found"), std::vector<std::string>{"parcel_not_found"});
    EXPECT_EQ(kinds("too-large"), std::vector<std::string>{"parcel_surface_mismatch"});
    EXPECT_EQ(kinds("polygon"), std::vector<std::string>{});
    EXPECT_EQ(kinds("bare"), std::vector<std::string>{"missing_surface"});
}
