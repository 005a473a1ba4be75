// `foncier diff` on the real pair of Cartofriches vintages of the Val de Lorraine (January
// 2023 -> March 2024, geodata/val-de-lorraine-2023.toml -> val-de-lorraine.toml), and a run
// against a rerun of the same inputs.

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "foncier/core/error.hpp"
#include "foncier/ingest/config.hpp"
#include "foncier/io/reader.hpp"
#include "foncier/pipeline/diff.hpp"
#include "foncier/pipeline/run.hpp"
#include "foncier/report/schema.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
namespace pl = foncier::pipeline;
using foncier::test::TempDir;
using K = pl::ChangeKind;

namespace {

std::string config(const char* name) { return (foncier::test::source_dir() / "geodata" / name).string(); }

// Runs once for the suite: the two vintages and a rerun of the newer one.
class DiffRealPair : public ::testing::Test {
protected:
    static void SetUpTestSuite() {
        s_dir = std::make_unique<TempDir>();
        (void)pl::run({config("val-de-lorraine-2023.toml"), *s_dir / "old", false, false, {}, {}, {}});
        (void)pl::run({config("val-de-lorraine.toml"), *s_dir / "new", false, false, {}, {}, {}});
        (void)pl::run({config("val-de-lorraine.toml"), *s_dir / "rerun", false, false, {}, {}, {}});
        pl::DiffOptions o;
        o.old_side = *s_dir / "old";
        o.new_side = *s_dir / "new";
        o.out_dir = *s_dir / "diff";
        s_result = std::make_unique<pl::DiffResult>(pl::diff(o));
    }
    static void TearDownTestSuite() {
        s_result.reset();
        s_dir.reset();
    }
    static std::unique_ptr<TempDir> s_dir;
    static std::unique_ptr<pl::DiffResult> s_result;
};
std::unique_ptr<TempDir> DiffRealPair::s_dir;
std::unique_ptr<pl::DiffResult> DiffRealPair::s_result;

std::string id_of(const pl::DiffSite* s) { return s == nullptr ? std::string("-") : s->site_id; }

}  // namespace

TEST_F(DiffRealPair, CountsOfTheIssue) {
    const auto& c = s_result->comparison;
    EXPECT_EQ(c.old_side.sites.size(), 69u);
    EXPECT_EQ(c.new_side.sites.size(), 74u);
    EXPECT_EQ(c.kept_by_id, 44u);
    EXPECT_EQ(c.reidentified, 23u);
    EXPECT_EQ(c.removed, 2u);
    EXPECT_EQ(c.added, 7u);
    EXPECT_EQ(c.changes.size(), 76u);
}

TEST_F(DiffRealPair, WhichSitesWereReidentifiedAndRemoved) {
    const auto& c = s_result->comparison;
    std::set<std::string> removed;
    std::map<std::string, std::string> reidentified;
    for (const auto& ch : c.changes) {
        if (ch.has(K::disparu)) removed.insert(id_of(c.old_of(ch)));
        if (ch.has(K::reidentifie)) reidentified[id_of(c.old_of(ch))] = id_of(c.new_of(ch));
    }
    // The two sites really gone: no 2024 site within 1.9 km of either.
    EXPECT_EQ(removed, (std::set<std::string>{"54150_12426", "54566_12606"}));
    // At the very same point under a new id...
    EXPECT_EQ(reidentified["54215_12429"], "54215_24078");  // SITE EIFFAGE/MUNCH, FROUARD
    EXPECT_EQ(reidentified["54430_12297"], "54430_28884");  // renamed "Appel à projet Fonds Vert 2023"
    // ... and one 16.6 m away, renamed, with a smaller declared surface.
    const auto* moved = pl::site_history(c, "54431_28625");
    ASSERT_NE(moved, nullptr);
    EXPECT_EQ(id_of(c.old_of(*moved)), "54431_20057");
    EXPECT_NEAR(moved->distance_m, 16.6, 0.5);
    EXPECT_TRUE(moved->has(K::surface));
    EXPECT_TRUE(moved->has(K::emprise));
    const std::string line = pl::history_text(c, *moved);  // the atlas's history line
    EXPECT_NE(line.find("réidentifié (ancien identifiant 54431_20057, à 17 m)"), std::string::npos) << line;
    EXPECT_NE(line.find("surface : 8 440 → 6 625 m²"), std::string::npos) << line;
    for (const auto& [old_id, new_id] : reidentified) EXPECT_EQ(old_id.substr(0, 5), new_id.substr(0, 5)) << old_id;
}

TEST_F(DiffRealPair, StatusTransitions) {
    std::map<std::pair<std::string, std::string>, std::size_t> t;
    for (const auto& tr : s_result->comparison.transitions) t[{tr.from, tr.to}] = tr.sites;
    EXPECT_EQ((t[{"inconnu", "friche potentielle"}]), 36u);
    EXPECT_EQ((t[{"inconnu", "(disparu)"}]), 2u);
    std::size_t to_new = 0;
    for (const auto& [key, n] : t) to_new += key.first == "(nouveau)" ? n : 0;
    EXPECT_EQ(to_new, 7u);
    EXPECT_EQ(s_result->comparison.kind_counts.at(K::statut), 66u);  // 43 of the 44 kept, and the 23 re-identified
}

TEST_F(DiffRealPair, OutputsFollowTheContract) {
    const fs::path dir = *s_dir / "diff";
    for (const char* f : {"diff.gpkg", "diff.json", "geojson/changes.geojson", "geojson/changes.qml",
                          "shp/changes.shp", "shp/changes.qml", "shp/communes_delta.dbf", "shp/epci_delta.cpg"}) {
        EXPECT_TRUE(fs::exists(dir / f)) << f;
    }
    const auto changes = foncier::io::read_layer((dir / "diff.gpkg").string(), foncier::report::layer::changes);
    EXPECT_EQ(changes.features.size(), 76u);
    std::map<std::string, std::size_t> by_kind;
    for (const auto& f : changes.features) ++by_kind[foncier::to_text(f.get("kind"))];
    EXPECT_EQ(by_kind["nouveau"], 7u);
    EXPECT_EQ(by_kind["disparu"], 2u);
    EXPECT_EQ(by_kind["reidentifie"], 23u);
    const auto epci = foncier::io::read_layer((dir / "diff.gpkg").string(), foncier::report::layer::epci_delta);
    ASSERT_EQ(epci.features.size(), 4u);
    double before = 0, after = 0;
    for (const auto& f : epci.features) {
        before += *foncier::to_number(f.get("n_avant"));
        after += *foncier::to_number(f.get("n_apres"));
    }
    const auto j = nlohmann::json::parse(foncier::test::read_file((dir / "diff.json").string()));
    EXPECT_EQ(before, j["old"]["sites_in_territory"].get<double>());
    EXPECT_EQ(after, j["new"]["sites_in_territory"].get<double>());
    EXPECT_EQ(j["counts"]["reidentified"], 23);
    EXPECT_EQ(j["old"]["inputs"].size(), j["new"]["inputs"].size());
    bool vintage_2023 = false;
    for (const auto& i : j["old"]["inputs"]) vintage_2023 = vintage_2023 || i.value("vintage", "") == "2023-01-09";
    EXPECT_TRUE(vintage_2023) << "the old side's provenance names the January 2023 inventory";
}

TEST_F(DiffRealPair, ARunAgainstARerunHasNoChange) {
    pl::DiffOptions o;
    o.old_side = *s_dir / "new";
    o.new_side = *s_dir / "rerun";
    o.out_dir = *s_dir / "diff0";
    o.formats = {false, false};
    const auto r = pl::diff(o);
    const auto& c = r.comparison;
    EXPECT_EQ(c.kept_by_id, 74u);
    EXPECT_EQ(c.unchanged, 74u);
    EXPECT_TRUE(c.scores_compared);
    for (const auto& [kind, n] : c.kind_counts) EXPECT_EQ(n, 0u) << pl::to_string(kind);
    // The same comparison again gives the same diff.json.
    o.out_dir = *s_dir / "diff0-again";
    (void)pl::diff(o);
    EXPECT_EQ(foncier::test::read_file(*s_dir / "diff0/diff.json"),
              foncier::test::read_file(*s_dir / "diff0-again/diff.json"));
}

TEST_F(DiffRealPair, AConfigSideRunsFirstWhenItsOutputsAreMissingThenIsReused) {
    // The Val de Lorraine config with its outputs in the test's folder.
    const std::string text = foncier::test::read_file(config("val-de-lorraine.toml"));
    std::string copy;
    for (std::size_t start = 0; start < text.size();) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(start, end - start);
        if (line.rfind("output =", 0) == 0) line = "output = \"" + (*s_dir / "from-config") + "\"";
        if (line.rfind("catalogue =", 0) == 0) line = "catalogue = \"" + config("catalogue.toml") + "\"";
        copy += line + "\n";
        start = end + 1;
    }
    const std::string cfg = foncier::test::write_file(*s_dir / "vdl.toml", copy);
    const auto first = pl::load_side(cfg);
    EXPECT_TRUE(first.analysed_now);
    EXPECT_EQ(first.sites.size(), 74u);
    const auto second = pl::load_side(cfg);
    EXPECT_FALSE(second.analysed_now) << second.why;
}

TEST_F(DiffRealPair, BadSidesAndOutputsAreRefused) {
    pl::DiffOptions o;
    o.old_side = *s_dir / "no-such-folder";
    o.new_side = *s_dir / "new";
    o.out_dir = *s_dir / "bad";
    EXPECT_THROW((void)pl::diff(o), foncier::ConfigError);
    fs::create_directories(*s_dir / "empty");
    o.old_side = *s_dir / "empty";
    EXPECT_THROW((void)pl::diff(o), foncier::ConfigError);
    EXPECT_FALSE(fs::exists(*s_dir / "bad"));
    // An existing diff folder is kept without --overwrite.
    o.old_side = *s_dir / "old";
    o.out_dir = *s_dir / "diff";
    EXPECT_THROW((void)pl::diff(o), foncier::ConfigError);
    EXPECT_TRUE(fs::exists(*s_dir / "diff/diff.json"));
    // Never over a side's own outputs, even with --overwrite.
    o.out_dir = *s_dir / "new";
    o.overwrite = true;
    EXPECT_THROW((void)pl::diff(o), foncier::ConfigError);
    EXPECT_TRUE(fs::exists(*s_dir / "new/foncier.gpkg"));
}

TEST(DiffConfigs, The2023TerritoryDiffersOnlyByItsFriches) {
    const auto a = foncier::ingest::load_territory(config("val-de-lorraine-2023.toml"));
    const auto b = foncier::ingest::load_territory(config("val-de-lorraine.toml"));
    ASSERT_TRUE(a.friches && b.friches);
    EXPECT_EQ(a.friches->dataset.vintage, "2023-01-09");
    EXPECT_NE(a.friches->dataset.key, b.friches->dataset.key);
    EXPECT_EQ(a.friches->fields, b.friches->fields);
    EXPECT_EQ(a.friches->dataset.fields, b.friches->dataset.fields);
    EXPECT_EQ(a.crs, b.crs);
    EXPECT_EQ(a.profile, b.profile);
    EXPECT_EQ(a.communes.dataset.key, b.communes.dataset.key);
    auto key = [](const auto& use) { return use ? use->dataset.key + "|" + use->filter : std::string("-"); };
    EXPECT_EQ(key(a.membership), key(b.membership));
    EXPECT_EQ(key(a.stations), key(b.stations));
    EXPECT_EQ(key(a.parks), key(b.parks));
    EXPECT_EQ(key(a.plots), key(b.plots));
    EXPECT_EQ(key(a.establishments), key(b.establishments));
    auto contexts = [](const std::vector<foncier::ingest::ContextUse>& list) {
        std::string out;
        for (const auto& c : list) out += c.name + "=" + c.use.dataset.key + "|" + c.use.filter + ";";
        return out;
    };
    EXPECT_EQ(contexts(a.constraints), contexts(b.constraints));
    EXPECT_EQ(contexts(a.access), contexts(b.access));
    EXPECT_EQ(a.default_footprint_m2, b.default_footprint_m2);
    EXPECT_EQ(a.disc_segments, b.disc_segments);
}

// The real pair for départements 54 and 57 (880 -> 1 068 sites), when their data is fetched:
// tools/fetch-geodata --territory geodata/meurthe-et-moselle-moselle.toml --territory
// geodata/meurthe-et-moselle-moselle-2023.toml.
TEST(DiffDepartements54And57, EveryOldSiteIsKeptReidentifiedOrRemoved) {
    const fs::path geodata = foncier::test::source_dir() / "geodata";
    for (const char* f : {"cache/communes-57-moselle.geojson", "cache/cartofriches_fxy_2024-03-10_dep54_57.geojson",
                          "cache/cartofriches_fxy_2023-01-09_dep54_57.geojson"}) {
        if (!fs::exists(geodata / f)) GTEST_SKIP() << f << " not fetched (tools/fetch-geodata --territory ...)";
    }
    TempDir dir;
    (void)pl::run({config("meurthe-et-moselle-moselle-2023.toml"), dir / "old", false, false, {}, {}, {}});
    (void)pl::run({config("meurthe-et-moselle-moselle.toml"), dir / "new", false, false, {}, {}, {}});
    pl::DiffOptions o;
    o.old_side = dir / "old";
    o.new_side = dir / "new";
    o.out_dir = dir / "diff";
    o.formats = {false, false};
    const auto r = pl::diff(o);
    const auto& c = r.comparison;
    EXPECT_EQ(c.old_side.sites.size(), 880u);
    EXPECT_EQ(c.new_side.sites.size(), 1068u);
    EXPECT_EQ(c.kept_by_id + c.reidentified + c.removed, 880u);
    EXPECT_EQ(c.kept_by_id + c.reidentified + c.added, 1068u);
    // As printed by `foncier diff` on these files (README).
    EXPECT_EQ(c.kept_by_id, 384u);
    EXPECT_EQ(c.reidentified, 473u);
    EXPECT_EQ(c.removed, 23u);
    EXPECT_EQ(c.added, 211u);
    EXPECT_EQ(c.kind_counts.at(K::reconverti), 15u);
    EXPECT_EQ(c.epcis.size() >= 41u, true);
}
