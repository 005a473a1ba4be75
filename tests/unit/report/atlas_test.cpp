// The atlas on a small fixture built in memory (two communes, one EPCI, one park, three
// sites scored with the Val de Lorraine profile): the data files hold what the pages show,
// the selection works, a rerun gives the same bytes, and the territory page and one sheet
// match their golden files (FONCIER_UPDATE_GOLDEN=1 rewrites them).

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <regex>

#include "foncier/core/error.hpp"
#include "foncier/report/atlas/atlas.hpp"
#include "foncier/report/atlas/data.hpp"
#include "foncier/report/atlas/sheet.hpp"
#include "foncier/scoring/profile.hpp"
#include "test_support.hpp"

namespace ra = foncier::report::atlas;
namespace fs = std::filesystem;
using foncier::Value;
using foncier::geom::Geometry;

namespace {

ra::Record record(std::initializer_list<std::pair<const char*, Value>> values, const std::string& wkt = {}) {
    ra::Record r;
    for (const auto& [k, v] : values) r.attributes[k] = v;
    if (!wkt.empty()) r.geometry = Geometry::from_wkt(wkt);
    return r;
}

// Squares in EPSG:2154 near Nancy (x 930 km, y 6 850 km).
std::string square(double x, double y, double side) {
    auto n = [](double v) { return std::to_string(v); };
    return "MULTIPOLYGON(((" + n(x) + " " + n(y) + "," + n(x + side) + " " + n(y) + "," + n(x + side) + " " + n(y + side) +
           "," + n(x) + " " + n(y + side) + "," + n(x) + " " + n(y) + ")))";
}

foncier::scoring::Inputs inputs(const std::string& statut, double m2, double interchange_m, const std::string& pollution) {
    using foncier::scoring::Input;
    foncier::scoring::Inputs in;
    in["statut"] = Input::of(statut);
    in["surf_m2"] = Input::of(m2, "estimated");
    in["park_share"] = Input::of(0.0, "in no park");
    in["interchange_m"] = Input::of(interchange_m, "nearest feature of interchange");
    in["station_m"] = Input::of(900.0, "nearest feature of stations");
    in["flood_share"] = Input::of(0.0, "area-weighted overlap");
    in["protected_share"] = Input::of(0.0, "area-weighted overlap");
    in["pollution"] = pollution.empty() ? Input::unknown("'inconnu' in the source") : Input::of(pollution);
    in["zonage"] = Input::of(std::string("U"));
    in["owner"] = Input::of(std::string("public"));
    return in;
}

ra::Model fixture() {
    ra::Model m;
    m.run.territory = "Territoire d'essai";
    m.run.version = "0.0.0-test";
    m.run.config = "tests/fixture.toml";
    m.run.config_sha256 = std::string(64, 'a');
    m.run.crs = "EPSG:2154";
    m.run.profile_name = "val-de-lorraine-activite";
    m.run.profile_path = "geodata/profiles/val-de-lorraine-activite.toml";
    m.run.profile_sha256 = std::string(64, 'b');
    m.run.libraries = "GDAL x, GEOS y, PROJ z";
    m.run.inputs = {{"friches", "friches_test", "friches.geojson", std::string(64, 'c'), "Cerema", "Licence Ouverte 2.0", "2024-03-10", 3, false},
                    {"parks", "parks_test", "parks.geojson", std::string(64, 'd'), "générateur", "CC0", "synthetic", 1, true}};
    m.run.synthetic_datasets = {"parks_test"};
    m.run.synthetic_measures = {{"park_share", "parks_test"}};
    m.communes.push_back(record({{"insee", std::string("54001")}, {"nom", std::string("Alpha")}, {"epci", std::string("200000001")},
                          {"pop", std::int64_t{1200}}, {"n_sites", std::int64_t{2}}, {"sites_ha", 3.5}},
                         square(930000, 6850000, 4000)));
    m.communes.push_back(record({{"insee", std::string("54002")}, {"nom", std::string("Bêta")}, {"epci", std::string("200000001")},
                          {"pop", std::int64_t{800}}, {"n_sites", std::int64_t{1}}, {"sites_ha", 0.5}},
                         square(934000, 6850000, 4000)));
    m.epci.push_back(record({{"siren", std::string("200000001")}, {"nom", std::string("CC d'Essai")}, {"n_communes", std::int64_t{2}},
                      {"pop", std::int64_t{2000}}, {"n_sites", std::int64_t{3}}, {"sites_ha", 4.0}, {"n_parks", std::int64_t{1}},
                      {"tx_vacance", 25.0}, {"dispo_ha", 1.5}},
                     square(930000, 6850000, 8000)));
    m.parks.push_back(record({{"park_id", std::string("54001_SITE-ECO_1")}, {"nom", std::string("ZA des Essais")}, {"epci", std::string("200000001")},
                       {"surf_ha", 12.0}, {"n_plots", std::int64_t{8}}, {"n_vacant", std::int64_t{2}}, {"tx_vacance", 25.0},
                       {"dispo_ha", 1.5}},
                      square(931000, 6851000, 300)));
    struct S {
        const char* id;
        const char* nom;
        const char* insee;
        const char* commune;
        const char* statut;
        double x, y, side;
    };
    const S sites[] = {{"54001_1", "Ancienne filature", "54001", "Alpha", "friche sans projet", 931500, 6852000, 150},
                       {"54001_2", "Dépôt <nord>", "54001", "Alpha", "friche potentielle", 932500, 6853000, 100},
                       {"54002_3", "Garage", "54002", "Bêta", "friche avec projet", 935000, 6851000, 70}};
    for (const auto& s : sites) {
        const double m2 = s.side * s.side;
        m.sites.push_back(record({{"site_id", std::string(s.id)}, {"nom", std::string(s.nom)}, {"insee", std::string(s.insee)},
                                  {"commune", std::string(s.commune)}, {"epci", std::string("200000001")},
                                  {"epci_nom", std::string("CC d'Essai")}, {"statut", std::string(s.statut)},
                                  {"type", std::string("friche industrielle")}, {"surf_m2", m2}, {"surf_decl", m2},
                                  {"geom_src", std::string("polygon")}, {"gare_nom", std::string("Alpha-Gare")},
                                  {"gare_m", 900.0}, {"dans_terr", std::int64_t{1}}},
                                 square(s.x, s.y, s.side)));
        m.sites_pt.push_back(record({{"site_id", std::string(s.id)}},
                                    "POINT(" + std::to_string(s.x + s.side / 2) + " " + std::to_string(s.y + s.side / 2) + ")"));
    }
    m.issues.push_back(record({{"layer", std::string("friches_test")}, {"feat_id", std::string("54002_3")},
                        {"kind", std::string("commune_mismatch")}, {"severity", std::string("info")},
                        {"message", std::string("declared commune 54003, footprint in 54002")}, {"action", std::string("check")}}));
    m.zae["200000001"] = {"200000001", "zae_inventory_200000001.csv", {"site_nom", "site_comm_nom", "site_uf_nbre"},
                          {{"ZA des Essais", "Alpha", "8"}}};
    ra::ContextLayer stations{"stations", "gare", "stations", "stations_test", false, {}};
    stations.items.push_back({"st1", "Alpha-Gare", Geometry::from_wkt("POINT(931000 6853000)")});
    m.context.push_back(std::move(stations));
    auto profile = foncier::scoring::load_profile((foncier::test::source_dir() / "geodata/profiles/val-de-lorraine-activite.toml").string());
    m.measures = {inputs("friche sans projet", 22500, 1500, ""), inputs("friche potentielle", 10000, 6000, "pollution supposée"),
                  inputs("friche avec projet", 4900, 12000, "")};
    m.scores = foncier::scoring::score_all(std::move(profile), m.measures, {true, true, true});
    return m;
}

std::size_t count(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto p = text.find(what); p != std::string::npos; p = text.find(what, p + what.size())) ++n;
    return n;
}

void expect_golden(const std::string& name, const std::string& actual) {
    const auto path = (foncier::test::source_dir() / "tests/unit/report/golden" / name).string();
    if (std::getenv("FONCIER_UPDATE_GOLDEN") != nullptr) foncier::test::write_file(path, actual);
    EXPECT_EQ(actual, foncier::test::read_file(path)) << "golden file " << path;
}

}  // namespace

TEST(Atlas, SelectionParsesAndFilters) {
    EXPECT_EQ(ra::parse_selection("all").kind, ra::Selection::Kind::all);
    EXPECT_EQ(ra::parse_selection("top:2").top, 2U);
    EXPECT_EQ(ra::parse_selection("class:A,B").classes, (std::vector<std::string>{"A", "B"}));
    for (const char* bad : {"top:0", "top:x", "top:", "class:", "best"}) {
        EXPECT_THROW((void)ra::parse_selection(bad), foncier::ConfigError) << bad;
    }
    auto m = fixture();
    ra::select_sites(m, ra::parse_selection("top:2"));
    ASSERT_EQ(m.shown.size(), 2U);
    EXPECT_EQ(*m.rank(m.shown[0]), 1U);
    EXPECT_EQ(*m.rank(m.shown[1]), 2U);
    ra::select_sites(m, ra::parse_selection("class:" + m.class_of(2)));
    EXPECT_NE(std::find(m.shown.begin(), m.shown.end(), 2U), m.shown.end());
    EXPECT_THROW(ra::select_sites(m, ra::parse_selection("class:Z")), foncier::ConfigError);
}

TEST(Atlas, MapDataHoldsOneFeaturePerSiteShownInWgs84) {
    auto m = fixture();
    ra::select_sites(m, ra::parse_selection("top:2"));
    const std::string js = ra::map_data_js(m, {"territoire", std::nullopt, ""});
    EXPECT_EQ(js.rfind("window.FONCIER_DATA = window.FONCIER_DATA || {};\nwindow.FONCIER_DATA[\"territoire\"] = {", 0), 0U);
    const auto sites = js.substr(js.find("\"sites\":"), js.find("\"context\":") - js.find("\"sites\":"));
    EXPECT_EQ(count(sites, "\"type\":\"Feature\""), 2U);
    EXPECT_EQ(count(js, "\"insee\":"), 2U);
    EXPECT_NE(js.find("\"href\":\"sites/54001_1.html\""), std::string::npos);
    EXPECT_EQ(js.find("54002_3.html"), std::string::npos);  // not shown: no sheet, no link
    // Lon/lat near Nancy, 5 decimals.
    const std::regex lonlat(R"(\[(6\.\d{1,5}),(48\.\d{1,5})\])");
    EXPECT_TRUE(std::regex_search(js, lonlat));
    EXPECT_EQ(js.find("\"Dépôt <nord>\""), std::string::npos);  // < escaped inside <script>
}

TEST(Atlas, WhatWouldMoveNamesTheUnknownCriterion) {
    auto m = fixture();
    const auto moves = ra::what_would_move(m, 0);
    ASSERT_EQ(moves.size(), 1U);
    EXPECT_NE(moves[0].find("pollution des sols"), std::string::npos);
    EXPECT_TRUE(ra::what_would_move(m, 1).empty());  // every criterion known
}

TEST(Atlas, WritesTheSameBytesTwiceAndMatchesTheGoldenFiles) {
    if (!fs::exists("/usr/share/javascript/leaflet/leaflet.js") && std::getenv("FONCIER_LEAFLET_DIR") == nullptr) {
        GTEST_SKIP() << "libjs-leaflet is not installed (tools/bootstrap installs it)";
    }
    auto m = fixture();
    ra::select_sites(m, ra::parse_selection("all"));
    foncier::test::TempDir a, b;
    const auto files = ra::write_atlas(m, a.path().string());
    (void)ra::write_atlas(m, b.path().string());
    EXPECT_EQ(files.sheets.size(), 3U);
    EXPECT_EQ(files.epci_pages.size(), 1U);
    std::size_t compared = 0;
    for (const auto& entry : fs::recursive_directory_iterator(a.path())) {
        if (!entry.is_regular_file()) continue;
        const auto rel = fs::relative(entry.path(), a.path());
        EXPECT_EQ(foncier::test::read_file(entry.path().string()), foncier::test::read_file((b.path() / rel).string())) << rel;
        ++compared;
    }
    EXPECT_GT(compared, 15U);
    const std::string index = foncier::test::read_file(a / "index.html");
    EXPECT_EQ(index.find("http://"), std::string::npos);
    EXPECT_EQ(index.find("https://"), std::string::npos);
    EXPECT_NE(index.find("données en partie synthétiques"), std::string::npos);
    expect_golden("index.html", index);
    expect_golden("sheet_54001_1.html", foncier::test::read_file(a / "sites/54001_1.html"));
    expect_golden("epci_200000001.html", foncier::test::read_file(a / "epci/200000001.html"));
    expect_golden("sheet_54001_1.js", foncier::test::read_file(a / "data/sites/54001_1.js"));
}
