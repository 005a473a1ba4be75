// `foncier diff` without runs: sides built in memory (EPSG:2154 metres), one fixture per kind
// of change, the unchanged case, the transitions and deltas, and the written outputs.

#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "foncier/core/error.hpp"
#include "foncier/geom/operations.hpp"
#include "foncier/io/reader.hpp"
#include "foncier/pipeline/diff.hpp"
#include "foncier/report/schema.hpp"
#include "test_support.hpp"

namespace pl = foncier::pipeline;
using foncier::geom::Geometry;
using K = pl::ChangeKind;

namespace {

// A point site of commune 54001 (EPCI 200000001) with an estimated disc.
pl::DiffSite site(const std::string& id, double x = 1000, double y = 1000, double m2 = 10000.0) {
    pl::DiffSite s;
    s.site_id = id;
    s.nom = "Site " + id;
    s.insee = "54001";
    s.commune = "Commune 1";
    s.epci = "200000001";
    s.epci_nom = "CC Un";
    s.statut = "friche sans projet";
    s.geom_src = "estimated";
    s.surf_decl = m2;
    s.footprint = foncier::geom::disc({x, y}, m2, 64);
    s.surf_m2 = s.footprint.area();
    s.score = 55.0;
    s.classe = "B";
    s.rang = 3;
    return s;
}

pl::DiffSite copy(const pl::DiffSite& s) {
    pl::DiffSite c = {s.site_id, s.nom,    s.insee,  s.commune,   s.epci,  s.epci_nom, s.type, s.statut,
                      s.geom_src, s.classe, s.surf_m2, s.surf_decl, s.score, s.rang,     s.in_territory, s.footprint.clone()};
    return c;
}

std::vector<K> kinds(const pl::DiffSite& a, const pl::DiffSite& b, bool scores = true) {
    return pl::classify(&a, &b, foncier::analysis::MatchRule::id, scores);
}

pl::DiffSide side(std::vector<pl::DiffSite> sites, const std::string& name) {
    pl::DiffSide s;
    s.given = s.out_dir = name;
    s.territory = "Test";
    s.crs = "EPSG:2154";
    s.profile = "p";
    s.profile_sha256 = "abc";
    s.manifest = "{}";
    s.sites = std::move(sites);
    s.communes.push_back({"54001", "Commune 1", "200000001", "CC Un",
                          Geometry::from_wkt("MULTIPOLYGON(((0 0,5000 0,5000 5000,0 5000,0 0)))")});
    s.communes.push_back({"54002", "Commune 2", "200000002", "CC Deux",
                          Geometry::from_wkt("MULTIPOLYGON(((5000 0,10000 0,10000 5000,5000 5000,5000 0)))")});
    s.epcis.push_back({"200000001", "CC Un", {}, {}, Geometry::from_wkt("MULTIPOLYGON(((0 0,5000 0,5000 5000,0 5000,0 0)))")});
    s.epcis.push_back(
        {"200000002", "CC Deux", {}, {}, Geometry::from_wkt("MULTIPOLYGON(((5000 0,10000 0,10000 5000,5000 5000,5000 0)))")});
    return s;
}

}  // namespace

TEST(DiffClassify, UnchangedSiteHasNoKind) {
    const auto a = site("54001_1");
    EXPECT_TRUE(kinds(a, copy(a)).empty());
}

TEST(DiffClassify, OneFixturePerKind) {
    const auto a = site("54001_1");
    EXPECT_EQ(pl::classify(nullptr, &a, std::nullopt, true), std::vector<K>{K::nouveau});
    EXPECT_EQ(pl::classify(&a, nullptr, std::nullopt, true), std::vector<K>{K::disparu});
    {
        auto b = copy(a);
        b.site_id = "54001_9";
        EXPECT_EQ(pl::classify(&a, &b, foncier::analysis::MatchRule::centre, true), std::vector<K>{K::reidentifie});
    }
    {
        auto b = copy(a);
        b.statut = "friche avec projet";
        EXPECT_EQ(kinds(a, b), std::vector<K>{K::statut});
        b.statut = "Friche Sans Projet";  // the same status typed otherwise
        EXPECT_TRUE(kinds(a, b).empty());
    }
    {
        auto b = copy(a);
        b.statut = "friche reconvertie";
        EXPECT_EQ(kinds(a, b), std::vector<K>{K::reconverti});  // instead of statut
    }
    {
        // Declared surface +2 %: the disc follows it, so surf_m2 too; the centre stays.
        auto b = site("54001_1", 1000, 1000, 10200.0);
        EXPECT_EQ(kinds(a, b), std::vector<K>{K::surface});
        auto c = site("54001_1", 1000, 1000, 10050.0);  // +0.5 %: not a change
        EXPECT_TRUE(kinds(a, c).empty());
    }
    {
        auto b = site("54001_1", 1003, 1000);  // moved 3 m
        EXPECT_EQ(kinds(a, b), std::vector<K>{K::emprise});
        auto c = site("54001_1", 1000.5, 1000);  // 0.5 m: below the 1 m of a point site
        EXPECT_TRUE(kinds(a, c).empty());
        auto d = copy(a);  // the same site now drawn from its parcels
        d.geom_src = "cadastre";
        EXPECT_EQ(kinds(a, d), std::vector<K>{K::emprise});
    }
    {
        auto b = copy(a);
        b.insee = "54002";
        EXPECT_EQ(kinds(a, b), std::vector<K>{K::commune});
        b.epci = "200000002";
        EXPECT_EQ(kinds(a, b), (std::vector<K>{K::commune, K::epci}));
    }
    {
        auto b = copy(a);
        b.score = 58.0;
        b.classe = "A";
        b.rang = 1;
        EXPECT_EQ(kinds(a, b), (std::vector<K>{K::score, K::classe, K::rang}));
        EXPECT_TRUE(kinds(a, b, false).empty()) << "another profile: scores are not compared";
        b.score = 55.04;
        b.classe = a.classe;
        b.rang = a.rang;
        EXPECT_TRUE(kinds(a, b).empty()) << "below the 0.05 step";
    }
}

TEST(DiffClassify, PolygonFootprintReshaped) {
    auto a = site("s");
    a.geom_src = "polygon";
    a.footprint = Geometry::from_wkt("MULTIPOLYGON(((0 0,100 0,100 100,0 100,0 0)))");
    a.surf_m2 = 10000.0;
    auto b = copy(a);
    b.footprint = Geometry::from_wkt("MULTIPOLYGON(((2 0,102 0,102 100,2 100,2 0)))");  // 4 % not shared
    EXPECT_EQ(kinds(a, b), std::vector<K>{K::emprise});
    b.footprint = Geometry::from_wkt("MULTIPOLYGON(((0.2 0,100.2 0,100.2 100,0.2 100,0.2 0)))");  // 0.4 %
    EXPECT_TRUE(kinds(a, b).empty());
}

TEST(DiffClassify, SeveralKindsAtOnceInContractOrder) {
    const auto a = site("54001_1");
    auto b = site("54001_7", 1000, 1010, 20000.0);
    b.statut = "friche reconvertie";
    const auto k = pl::classify(&a, &b, foncier::analysis::MatchRule::centre, true);
    EXPECT_EQ(k, (std::vector<K>{K::reidentifie, K::reconverti, K::surface, K::emprise}));
    pl::SiteChange c;
    c.kinds = k;
    EXPECT_EQ(c.main_kind(), "reconverti");
    c.kinds.clear();
    EXPECT_EQ(c.main_kind(), "inchange");
}

TEST(DiffCompare, CountsTransitionsAndDeltas) {
    std::vector<pl::DiffSite> before, after;
    before.push_back(site("kept", 1000, 1000));
    before.push_back(site("renamed", 2000, 1000));
    before.push_back(site("gone", 3000, 1000));
    before.push_back(site("reconv", 6000, 1000));
    after.push_back(copy(before[0]));
    after.push_back(site("renamed_2024", 2000, 1010));  // 10 m away: re-identified
    after.push_back(site("new", 7000, 1000, 30000.0));
    after.push_back(copy(before[3]));
    after.back().statut = "friche reconvertie";
    before[2].statut = "inconnu";
    const auto cmp = pl::compare(side(std::move(before), "old"), side(std::move(after), "new"));
    EXPECT_EQ(cmp.kept_by_id, 2u);
    EXPECT_EQ(cmp.reidentified, 1u);
    EXPECT_EQ(cmp.removed, 1u);
    EXPECT_EQ(cmp.added, 1u);
    EXPECT_EQ(cmp.unchanged, 1u);
    EXPECT_EQ(cmp.kind_counts.at(K::reidentifie), 1u);
    EXPECT_EQ(cmp.kind_counts.at(K::reconverti), 1u);
    EXPECT_EQ(cmp.kind_counts.at(K::emprise), 1u);  // the re-identified site's centre moved 10 m
    EXPECT_EQ(cmp.kind_counts.at(K::statut), 0u);
    // (nouveau) -> sans projet, inconnu -> (disparu), sans projet -> reconvertie, sans projet x2.
    ASSERT_EQ(cmp.transitions.size(), 4u);
    EXPECT_EQ(cmp.transitions[0].from, "(nouveau)");
    EXPECT_NEAR(cmp.transitions[0].ha, 3.0, 1e-3);
    const auto same = std::find_if(cmp.transitions.begin(), cmp.transitions.end(),
                                   [](const pl::Transition& t) { return t.from == t.to; });
    ASSERT_NE(same, cmp.transitions.end());
    EXPECT_EQ(same->sites, 2u);

    ASSERT_EQ(cmp.communes.size(), 2u);
    const auto& c1 = cmp.communes[0];
    const auto& c2 = cmp.communes[1];
    EXPECT_EQ(c1.code, "54001");
    EXPECT_EQ(c1.n_old, 4u);
    EXPECT_EQ(c1.n_new, 4u);
    EXPECT_EQ(c1.n_removed, 1u);
    EXPECT_NEAR(c1.ha_removed, 1.0, 1e-3);
    EXPECT_EQ(c1.n_reidentified, 1u);
    // The fixture's sites all say commune 54001: the delta follows the sites' own commune.
    EXPECT_EQ(c2.n_old, 0u);
    EXPECT_EQ(c1.n_reconverted, 1u);
    EXPECT_NEAR(c1.ha_new_by_group.at("rec"), 1.0, 1e-3);
    EXPECT_NEAR(c1.ha_old_by_group.at("aut"), 1.0, 1e-3);  // the inconnu one
    EXPECT_EQ(c1.n_added, 1u);
    ASSERT_EQ(cmp.epcis.size(), 2u);
    EXPECT_EQ(cmp.epcis[0].n_new, 4u);

    const auto* h = pl::site_history(cmp, "renamed_2024");
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(cmp.old_of(*h)->site_id, "renamed");
    EXPECT_EQ(pl::history_text(cmp, *h), "réidentifié (ancien identifiant renamed, à 10 m) ; emprise modifiée");
    EXPECT_EQ(pl::history_text(cmp, *pl::site_history(cmp, "reconv")),
              "reconverti : friche sans projet → friche reconvertie");
    EXPECT_EQ(pl::history_text(cmp, *pl::site_history(cmp, "kept")), "inchangé");
    EXPECT_EQ(pl::site_history(cmp, "renamed"), h);
    EXPECT_EQ(pl::site_history(cmp, "nothing"), nullptr);
}

TEST(DiffCompare, AnotherProfileIsReportedNotCountedAsChanges) {
    std::vector<pl::DiffSite> before, after;
    before.push_back(site("a"));
    after.push_back(copy(before[0]));
    after[0].score = 10.0;
    after[0].classe = "E";
    auto old_side = side(std::move(before), "old");
    auto new_side = side(std::move(after), "new");
    new_side.profile = "mutafriches-1.19";
    new_side.profile_sha256 = "def";
    const auto cmp = pl::compare(std::move(old_side), std::move(new_side));
    EXPECT_FALSE(cmp.scores_compared);
    EXPECT_NE(cmp.profile_note.find("mutafriches-1.19"), std::string::npos);
    EXPECT_EQ(cmp.unchanged, 1u);
}

TEST(DiffCompare, DifferentCrsIsAnError) {
    auto old_side = side({}, "old");
    auto new_side = side({}, "new");
    new_side.crs = "EPSG:3857";
    EXPECT_THROW((void)pl::compare(std::move(old_side), std::move(new_side)), foncier::ConfigError);
}

TEST(DiffTables, FieldsFollowTheContractAndRowsTheChanges) {
    std::vector<pl::DiffSite> before, after;
    before.push_back(site("a"));
    before.push_back(site("gone", 4000, 4000));
    after.push_back(copy(before[0]));
    after.push_back(site("new", 8000, 1000));
    const auto cmp = pl::compare(side(std::move(before), "old"), side(std::move(after), "new"));
    const auto tables = pl::diff_tables(cmp);
    ASSERT_EQ(tables.size(), foncier::report::diff_layer_names().size());
    for (const auto& t : tables) {
        for (const auto& f : t.fields) {
            EXPECT_LE(f.name.size(), 10u) << t.name << "." << f.name;
            EXPECT_EQ(f.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_"), std::string::npos) << f.name;
        }
    }
    const auto& changes = tables[0];
    ASSERT_EQ(changes.rows.size(), 3u);
    // By new id, the removed site by its old id: a, gone, new.
    EXPECT_EQ(foncier::to_text(changes.rows[0].cells()[0]), "inchange");
    EXPECT_EQ(foncier::to_text(changes.rows[1].cells()[0]), "disparu");
    EXPECT_EQ(foncier::to_text(changes.rows[1].cells()[3]), "gone");
    EXPECT_TRUE(foncier::is_null(changes.rows[1].cells()[4]));
    EXPECT_EQ(&changes.rows[1].shape(), &cmp.old_side.sites[1].footprint) << "a removed site is drawn where it was";
    EXPECT_EQ(foncier::to_text(changes.rows[2].cells()[0]), "nouveau");
}

TEST(DiffJson, CountsEveryKindAndIsStable) {
    std::vector<pl::DiffSite> before, after;
    before.push_back(site("a"));
    after.push_back(copy(before[0]));
    const auto cmp = pl::compare(side(std::move(before), "old"), side(std::move(after), "new"));
    const std::string text = pl::diff_json(cmp, {"diff.gpkg"});
    EXPECT_EQ(text, pl::diff_json(cmp, {"diff.gpkg"}));
    const auto j = nlohmann::json::parse(text);
    EXPECT_EQ(j["counts"]["changed"], 0);
    EXPECT_EQ(j["counts"]["kept_by_id"], 1);
    EXPECT_EQ(j["kinds"].size(), pl::all_change_kinds().size());
    for (const auto& [kind, n] : j["kinds"].items()) EXPECT_EQ(n, 0) << kind;
    EXPECT_TRUE(j["old"].contains("inputs"));
    const std::string summary = pl::summary_text(cmp);
    EXPECT_NE(summary.find("kept with their site_id"), std::string::npos);
    EXPECT_NE(summary.find("friche sans projet -> friche sans projet"), std::string::npos) << summary;
}
