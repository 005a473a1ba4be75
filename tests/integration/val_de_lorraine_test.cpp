// The real Val de Lorraine job, end to end, on the data of geodata/val-de-lorraine/.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "foncier/geom/transformer.hpp"
#include "foncier/io/reader.hpp"
#include "foncier/pipeline/run.hpp"
#include "foncier/pipeline/score.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using foncier::test::TempDir;

namespace {

std::string config(const char* name) { return (foncier::test::source_dir() / "geodata" / name).string(); }

void require_geodata() {
    const auto data = foncier::test::source_dir() / "geodata" / "val-de-lorraine";
    if (!fs::exists(data / "vdl_communes_cog2026_133.geojson")) {
        FAIL() << "the Val de Lorraine data is missing from " << data << ": it is part of the repository";
    }
}

double number(const foncier::io::Feature& f, const char* field) { return *foncier::to_number(f.get(field)); }
std::string text(const foncier::io::Feature& f, const char* field) { return foncier::to_text(f.get(field)); }

class ValDeLorraine : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = std::make_unique<TempDir>();
        require_geodata();
        s_result = std::make_unique<foncier::pipeline::RunResult>(
            foncier::pipeline::run({config("val-de-lorraine.toml"), *s_dir / "out", false, false, {}, {}, {}}));
    }
    static void TearDownTestSuite() {
        s_result.reset();
        s_dir.reset();
    }
    static std::string out(const std::string& rel) { return *s_dir / ("out/" + rel); }
    static foncier::io::LayerData layer(const char* name) {
        return foncier::io::read_layer(out("foncier.gpkg"), name);
    }

    static std::unique_ptr<TempDir> s_dir;
    static std::unique_ptr<foncier::pipeline::RunResult> s_result;
};
std::unique_ptr<TempDir> ValDeLorraine::s_dir;
std::unique_ptr<foncier::pipeline::RunResult> ValDeLorraine::s_result;

}  // namespace

TEST_F(ValDeLorraine, CurrentPerimeterHas133CommunesIn4Epci) {
    ASSERT_TRUE(s_result->published);
    EXPECT_EQ(layer("communes").features.size(), 133u);
    std::map<std::string, double> n_communes;
    for (const auto& f : layer("epci").features) n_communes[text(f, "siren")] = number(f, "n_communes");
    EXPECT_EQ(n_communes, (std::map<std::string, double>{
                              {"200041515", 31}, {"200070589", 42}, {"200070738", 47}, {"245400601", 13}}));
}

TEST_F(ValDeLorraine, EverySiteIsAssignedToOneOfTheCommunes) {
    std::set<std::string> communes;
    for (const auto& f : layer("communes").features) communes.insert(text(f, "insee"));
    const auto sites = layer("sites");
    EXPECT_EQ(sites.features.size(), 74u);
    for (const auto& f : sites.features) {
        EXPECT_EQ(number(f, "dans_terr"), 1) << text(f, "site_id");
        EXPECT_TRUE(communes.contains(text(f, "insee"))) << text(f, "site_id");
        EXPECT_FALSE(text(f, "gare_nom").empty()) << text(f, "site_id");
        EXPECT_GE(number(f, "gare_m"), 0.0);
    }
    // The points carry the sites' values (the tables share them), site by site.
    const auto points = layer("sites_pt");
    ASSERT_EQ(points.features.size(), 74u);
    for (std::size_t i = 0; i < points.features.size(); ++i) {
        for (const char* field : {"site_id", "insee", "commune", "surf_m2", "gare_m", "score", "classe", "motifs"}) {
            EXPECT_EQ(text(points.features[i], field), text(sites.features[i], field)) << field << " of site " << i;
        }
    }
}

TEST_F(ValDeLorraine, EpciTotalsEqualTheSumOfTheirCommunes) {
    std::map<std::string, std::array<double, 3>> sums;  // n_sites, sites_ha, pop
    for (const auto& f : layer("communes").features) {
        auto& s = sums[text(f, "epci")];
        s[0] += number(f, "n_sites");
        s[1] += number(f, "sites_ha");
        s[2] += number(f, "pop");
    }
    double all_sites = 0;
    for (const auto& f : layer("epci").features) {
        const auto& s = sums.at(text(f, "siren"));
        EXPECT_EQ(number(f, "n_sites"), s[0]);
        EXPECT_NEAR(number(f, "sites_ha"), s[1], 1e-3);  // each value rounded to 1e-4 ha
        EXPECT_EQ(number(f, "pop"), s[2]);
        all_sites += number(f, "n_sites");
    }
    EXPECT_EQ(all_sites, 74);
}

TEST_F(ValDeLorraine, EstimatedFootprintsKeepTheDeclaredSurface) {
    int estimated = 0;
    for (const auto& f : layer("sites").features) {
        if (text(f, "geom_src") != "estimated") continue;
        ++estimated;
        const double declared = number(f, "surf_decl");
        EXPECT_NEAR(f.geometry.area() / declared, 1.0, 0.005) << text(f, "site_id");
    }
    EXPECT_EQ(estimated, 74);  // Cartofriches gives points with a surface only
}

TEST_F(ValDeLorraine, ImplausibleSurfaceIsKeptAndFlagged) {
    const auto& kinds = s_result->issues.count_by_kind();
    ASSERT_TRUE(kinds.contains("implausible_surface"));
    bool found = false;
    for (const auto& f : layer("sites").features) found = found || number(f, "surf_decl") > 13e6;
    EXPECT_TRUE(found);
    EXPECT_EQ(layer("issues").features.size(), s_result->issues.size());
}

TEST_F(ValDeLorraine, GeoJsonIsLonLatAndShapefilesAreUtf8) {
    for (const auto& name : {"sites", "sites_pt", "communes", "epci"}) {
        const auto gj = foncier::io::read_layer(out(std::string("geojson/") + name + ".geojson"));
        for (const auto& f : gj.features) {
            const auto e = f.geometry.envelope();
            EXPECT_TRUE(e.minx > 5 && e.maxx < 7 && e.miny > 48 && e.maxy < 50) << name;
        }
        EXPECT_EQ(foncier::test::read_file(out(std::string("shp/") + name + ".cpg")), "UTF-8");
        EXPECT_TRUE(fs::exists(out(std::string("shp/") + name + ".prj")));
    }
    bool accents = false;
    for (const auto& f : foncier::io::read_layer(out("shp/communes.shp")).features) {
        accents = accents || text(f, "nom") == "Blénod-lès-Pont-à-Mousson";
    }
    EXPECT_TRUE(accents);
}

TEST_F(ValDeLorraine, RunJsonRecordsInputsIssuesAndTimings) {
    const auto j = nlohmann::json::parse(foncier::test::read_file(out("run.json")));
    EXPECT_EQ(j["crs"], "EPSG:2154");
    ASSERT_EQ(j["inputs"].size(), 10u);  // communes, membership, friches, stations + 6 context layers
    // Modification times in Unix nanoseconds: after 2020, not in the future.
    const auto now_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
    for (const auto& input : j["inputs"]) {
        EXPECT_EQ(input["sha256"].get<std::string>().size(), 64u);
        EXPECT_GT(input["mtime_ns"].get<std::int64_t>(), 1577836800LL * 1000000000LL) << input["path"];
        EXPECT_LE(input["mtime_ns"].get<std::int64_t>(), now_ns) << input["path"];
    }
    EXPECT_EQ(j["inputs"][0]["features"], 133);
    EXPECT_EQ(j["issues"]["total"], s_result->issues.size());
    EXPECT_TRUE(j["timings_s"].contains("analysis"));
    EXPECT_EQ(j["config_sha256"].get<std::string>().size(), 64u);
}

TEST_F(ValDeLorraine, TwoRunsGiveIdenticalGeoJson) {
    TempDir again;
    const auto second = foncier::pipeline::run({config("val-de-lorraine.toml"), again / "out", false, false, {}, {}, {}});
    ASSERT_TRUE(second.published);
    for (const auto& name : {"sites", "sites_pt", "communes", "epci", "parks", "plots", "issues"}) {
        const std::string file = std::string("geojson/") + name + ".geojson";
        EXPECT_EQ(foncier::test::read_file(out(file)), foncier::test::read_file(again / ("out/" + file))) << name;
    }
}

TEST(ValDeLorraine2018, Perimeter135CommunesWithLorryMardignyInMadEtMoselle) {
    require_geodata();
    TempDir dir;
    // --formats gpkg,shp: the Shapefile copies and no GeoJSON ones, and run.json says so.
    const auto r = foncier::pipeline::run(
        {config("val-de-lorraine-2018.toml"), dir / "out", false, false, {}, foncier::output::parse_formats("gpkg,shp"), {}});
    ASSERT_TRUE(r.published);
    EXPECT_FALSE(fs::exists(dir / "out/geojson"));
    EXPECT_TRUE(fs::exists(dir / "out/shp/sites.shp"));
    EXPECT_TRUE(fs::exists(dir / "out/shp/sites.qml"));
    const auto manifest = nlohmann::json::parse(foncier::test::read_file(dir / "out/run.json"));
    EXPECT_EQ(manifest["outputs"]["files"], nlohmann::json::array({"foncier.gpkg", "shp/<layer>.{shp,shx,dbf,prj,cpg}"}));
    const auto communes = foncier::io::read_layer(dir / "out/foncier.gpkg", "communes");
    EXPECT_EQ(communes.features.size(), 135u);
    std::map<std::string, std::string> epci_of;
    for (const auto& f : communes.features) epci_of[text(f, "insee")] = text(f, "epci");
    EXPECT_EQ(epci_of.at("57416"), "200070738");  // Lorry-Mardigny, Metz Métropole since 2023
    EXPECT_TRUE(epci_of.contains("57722"));       // Vionville, merged into 57578 in 2019
    const auto epci = foncier::io::read_layer(dir / "out/foncier.gpkg", "epci");
    EXPECT_EQ(epci.features.size(), 4u);
    EXPECT_EQ(r.layer_counts.at("sites"), 74u);
}

TEST_F(ValDeLorraine, SitesAreScoredRankedAndExplained) {
    EXPECT_EQ(s_result->profile, "val-de-lorraine-activite");
    std::set<double> ranks;
    int excluded = 0;
    for (const auto& f : layer("sites").features) {
        const std::string id = text(f, "site_id");
        if (text(f, "classe") == "exclu") {
            ++excluded;
            EXPECT_EQ(text(f, "statut"), "friche reconvertie") << id;
            EXPECT_TRUE(foncier::is_null(f.get("score"))) << id;
            continue;
        }
        const double score = number(f, "score");
        EXPECT_GE(score, number(f, "score_min")) << id;
        EXPECT_LE(score, number(f, "score_max")) << id;
        EXPECT_GE(number(f, "fiab"), 0.0);
        EXPECT_LE(number(f, "fiab"), 10.0);
        const std::string cls = text(f, "classe");
        EXPECT_TRUE(cls.size() == 1 && cls[0] >= 'A' && cls[0] <= 'E') << id << " " << cls;
        EXPECT_FALSE(text(f, "motifs").empty()) << id;
        ranks.insert(number(f, "rang"));
    }
    EXPECT_EQ(excluded, 2);
    EXPECT_EQ(ranks.size(), 72u);  // every rank used once
    EXPECT_EQ(*ranks.begin(), 1);
    EXPECT_EQ(*ranks.rbegin(), 72);
}

TEST_F(ValDeLorraine, ParkCrosswalkFindsTheEightSitesInsideParks) {
    // geodata-demo/README.md: 8 real Cartofriches points fall inside a synthetic park.
    const std::map<std::string, std::string> expected = {
        {"54079_23606", "54079_SITE-ECO_00014"}, {"54150_938", "54150_SITE-ECO_00005"},
        {"54215_24078", "54215_SITE-ECO_00001"}, {"54430_21565", "54430_SITE-ECO_00003"},
        {"54430_23816", "54430_SITE-ECO_00003"}, {"54430_28884", "54430_SITE-ECO_00003"},
        {"54430_4991", "54430_SITE-ECO_00004"},  {"54431_28625", "54431_SITE-ECO_00016"}};
    std::map<std::string, std::string> found;
    for (const auto& f : layer("sites").features) {
        if (!foncier::is_null(f.get("park_id"))) found[text(f, "site_id")] = text(f, "park_id");
    }
    EXPECT_EQ(found, expected);
}

TEST_F(ValDeLorraine, RunJsonSaysWhichOutputsRestOnSyntheticLayers) {
    const auto j = nlohmann::json::parse(foncier::test::read_file(out("run.json")));
    EXPECT_EQ(j["profile"]["name"], "val-de-lorraine-activite");
    EXPECT_EQ(j["synthetic"]["datasets"].size(), 5u);  // parks, plots, establishments, flood, protected
    const std::string outputs = j["synthetic"]["outputs"].dump();
    EXPECT_NE(outputs.find("park_id"), std::string::npos) << outputs;
    EXPECT_NE(outputs.find("sites.score"), std::string::npos) << outputs;
    EXPECT_NE(outputs.find("inondation"), std::string::npos) << outputs;
    EXPECT_NE(outputs.find("zae_inventory"), std::string::npos) << outputs;
}

TEST_F(ValDeLorraine, InterchangesAreRealOsmJunctionsCredited) {
    const auto j = nlohmann::json::parse(foncier::test::read_file(out("run.json")));
    for (const auto& d : j["synthetic"]["datasets"]) {
        EXPECT_EQ(d.get<std::string>().find("interchange"), std::string::npos) << d;
    }
    bool credited = false;
    for (const auto& input : j["inputs"]) {
        if (input["dataset"] == "interchanges_osm") {
            EXPECT_FALSE(input["synthetic"].get<bool>());
            EXPECT_EQ(input["attribution"], "© OpenStreetMap contributors");
            EXPECT_EQ(input["features"], 43);  // 51 points, the 8 rest-area ramps filtered out
        }
    }
    for (const auto& a : j["attribution"]) credited = credited || a == "© OpenStreetMap contributors";
    EXPECT_TRUE(credited) << j["attribution"];
    EXPECT_NE(foncier::test::read_file(out("foncier.qgs")).find("<rights>© OpenStreetMap contributors</rights>"),
              std::string::npos);

    // SITE EIFFAGE/MUNCH, FROUARD: recount its nearest interchange from the OSM file itself.
    const std::string site_id = "54215_24078";
    const foncier::io::Feature* site = nullptr;
    const auto sites = layer("sites");
    for (const auto& f : sites.features) {
        if (text(f, "site_id") == site_id) site = &f;
    }
    ASSERT_NE(site, nullptr);
    const auto points = foncier::io::read_layer((foncier::test::source_dir() /
                                                 "geodata/val-de-lorraine/derived_motorway_interchanges_vdl_2025-06.geojson")
                                                    .string());
    const foncier::geom::Transformer to_l93("OGC:CRS84", "EPSG:2154");
    double best = 1e300;
    std::string best_ref, best_where;
    for (const auto& p : points.features) {
        if (text(p, "kind_derived") != "interchange") continue;
        const double d = site->geometry.distance(to_l93.apply(p.geometry));
        if (d < best) {
            best = d;
            best_ref = text(p, "junction_ref");
            best_where = text(p, "destinations");
        }
    }
    // A31 exit 22, Frouard (OSM junction:ref 22, "Frouard-Pompey").
    EXPECT_EQ(best_ref, "22") << best_where;
    EXPECT_NE(best_where.find("Frouard"), std::string::npos) << best_where;
    const auto measures = layer("measures");
    double measured = -1.0;
    for (const auto& f : measures.features) {
        if (text(f, "site_id") == site_id && text(f, "measure") == "interchange_m") measured = number(f, "num");
    }
    EXPECT_NEAR(measured, best, 0.01);
    EXPECT_LT(measured, 3000.0);
}

TEST_F(ValDeLorraine, EverySiteCanBeExplainedFromTheOutputs) {
    for (const auto& f : layer("sites").features) {
        const std::string id = text(f, "site_id");
        const std::string table = foncier::pipeline::explain({.config_path = config("val-de-lorraine.toml"), .site_id = id, .profile = "", .out_dir = out("")});
        EXPECT_NE(table.find("Site " + id), std::string::npos);
        EXPECT_NE(table.find("criterion"), std::string::npos);
        EXPECT_NE(table.find("Measures read from"), std::string::npos) << id;  // sources not read again
        if (text(f, "classe") != "exclu") {
            EXPECT_NE(table.find("Score " + foncier::to_text(f.get("score"))), std::string::npos)
                << id << "\n" << table;
        }
    }
}

TEST_F(ValDeLorraine, ZaeInventoryMatchesAnIndependentRecount) {
    // Recount from the source file itself: units and vacant units (vacant or friche) per park.
    const auto source = foncier::io::read_layer(
        (foncier::test::source_dir() / "geodata/val-de-lorraine/synthetic/vdl_plots_synthetic.geojson").string());
    std::map<std::string, std::pair<int, int>> recount;  // park -> (units, vacant)
    for (const auto& f : source.features) {
        auto& c = recount[text(f, "site_id")];
        ++c.first;
        const std::string etat = text(f, "terr_etat_occup");
        c.second += (etat == "vacant" || etat == "friche") ? 1 : 0;
    }
    const auto parks = layer("parks");
    ASSERT_EQ(parks.features.size(), 28u);
    int total_units = 0;
    for (const auto& f : parks.features) {
        const auto& c = recount.at(text(f, "park_id"));
        EXPECT_EQ(number(f, "n_plots"), c.first) << text(f, "park_id");
        EXPECT_EQ(number(f, "n_vacant"), c.second) << text(f, "park_id");
        EXPECT_NEAR(number(f, "tx_vacance"), 100.0 * c.second / c.first, 0.05 + 1e-9) << text(f, "park_id");
        total_units += c.first;
    }
    EXPECT_EQ(total_units, 361);
    EXPECT_EQ(layer("plots").features.size(), 361u);

    // One inventory file per EPCI, every park in exactly one of them.
    std::size_t rows = 0;
    for (const char* siren : {"200041515", "200070589", "200070738", "245400601"}) {
        const auto inv = foncier::io::read_layer(out(std::string("zae_inventory_") + siren + ".csv"));
        rows += inv.features.size();
        for (const auto& f : inv.features) {
            EXPECT_EQ(text(f, "site_epci_siren"), siren);
            EXPECT_EQ(text(f, "synthetique"), "1");
            EXPECT_EQ(text(f, "date_donnees").size(), 10u);
        }
    }
    EXPECT_EQ(rows, 28u);
}

TEST_F(ValDeLorraine, CrosswalkLinksEveryFricheInsideADemoPark) {
    const auto crosswalk = foncier::io::read_layer(out("crosswalk.csv"));
    std::map<std::string, std::string> site_park;
    std::size_t missing_from_inventory = 0;
    for (const auto& f : crosswalk.features) {
        if (text(f, "lien") == "site-parc") site_park[text(f, "site_id")] = text(f, "park_id");
        if (text(f, "lien") == "unite-friche-sans-site") ++missing_from_inventory;
    }
    for (const auto& [site, park] : std::map<std::string, std::string>{
             {"54079_23606", "54079_SITE-ECO_00014"}, {"54150_938", "54150_SITE-ECO_00005"},
             {"54215_24078", "54215_SITE-ECO_00001"}, {"54430_21565", "54430_SITE-ECO_00003"},
             {"54430_23816", "54430_SITE-ECO_00003"}, {"54430_28884", "54430_SITE-ECO_00003"},
             {"54430_4991", "54430_SITE-ECO_00004"},  {"54431_28625", "54431_SITE-ECO_00016"}}) {
        EXPECT_EQ(site_park[site], park) << site;
    }
    EXPECT_GT(missing_from_inventory, 0u);
    // The demo's deliberate inconsistency: a friche point on a plot declared occupied.
    bool flagged = false;
    for (const auto& i : s_result->issues.issues()) {
        flagged = flagged || (i.kind == foncier::IssueKind::friche_on_non_friche_plot && i.feat_id == "54430_4991");
    }
    EXPECT_TRUE(flagged);
}
