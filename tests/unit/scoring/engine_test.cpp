#include <gtest/gtest.h>

#include "foncier/core/error.hpp"
#include "foncier/scoring/engine.hpp"
#include "foncier/scoring/sensitivity.hpp"
#include "test_support.hpp"

namespace sc = foncier::scoring;
using foncier::test::TempDir;
using foncier::test::write_file;
using sc::Input;

namespace {

constexpr const char* k_profile = R"(
name = "t"
uses = ["activite"]
aggregation = "pure"
[[classes]]
name = "A"
min = 75
label = "haute"
[[classes]]
name = "B"
min = 0
label = "basse"
[[exclusions]]
label = "reconvertie"
when = { statut = "friche reconvertie" }
[criteria.surface]
label = "surface"
measure = "surf_m2"
weight = 2
format = "ha"
bands = [
  { lt = 5000, impacts = "NEG" },
  { le = 50000, impacts = "P" },
  { otherwise = true, impacts = "TP" },
]
[criteria.statut]
measure = "statut"
weight = 2
format = "text"
unknown = ["inconnu"]
not_applicable = ["sans objet"]
[criteria.statut.values]
"friche sans projet" = "TP"
"friche avec projet" = "NEG"
"friche reconvertie" = "N"
[criteria.flood]
label = "en zone inondable"
measure = "flood_share"
weight = 1
format = "percent"
bands = [
  { le = 0, impacts = "N" },
  { otherwise = true, impacts = "TN" },
]
[criteria.echangeur]
label = "échangeur"
measure = "interchange_m"
weight = 1
format = "km"
bands = [
  { lt = 3000, impacts = "P" },
  { otherwise = true, impacts = "NEG" },
]
)";

struct Fixture {
    TempDir dir;
    sc::Profile profile = sc::load_profile(write_file(dir / "t.toml", k_profile));
};

std::string profile_error(const std::string& text) {
    TempDir dir;
    try {
        (void)sc::load_profile(write_file(dir / "bad.toml", text));
    } catch (const foncier::ConfigError& e) {
        return e.what();
    }
    return "no error";
}

}  // namespace

TEST(Engine, PureAggregationCountsOnlyAdvantagesAndConstraints) {
    Fixture fx;
    const auto s = sc::score_site(fx.profile, {{"surf_m2", Input::of(20000.0)},
                                               {"statut", Input::of("friche sans projet")},
                                               {"flood_share", Input::of(0.0)},
                                               {"interchange_m", Input::of(8000.0)}});
    // A = 1·2 + 2·2 = 6; C = 1·1 = 1; flood neutral adds nothing.
    EXPECT_DOUBLE_EQ(s.best_use().advantages, 6.0);
    EXPECT_DOUBLE_EQ(s.best_use().constraints, 1.0);
    EXPECT_DOUBLE_EQ(s.score(), 85.7);
    EXPECT_DOUBLE_EQ(s.reliability, 10.0);
    EXPECT_EQ(sc::classify(fx.profile, s.score()).name, "A");
    EXPECT_EQ(sc::motifs(s), "+ statut friche sans projet; + surface 2.00 ha; \u2212 échangeur 8.0 km");
}

TEST(Engine, MutafrichesAggregationCountsNeutralOnBothSides) {
    Fixture fx;
    fx.profile.aggregation = sc::Aggregation::mutafriches;
    const auto s = sc::score_site(fx.profile, {{"surf_m2", Input::of(20000.0)},
                                               {"statut", Input::of("friche sans projet")},
                                               {"flood_share", Input::of(0.0)},
                                               {"interchange_m", Input::of(8000.0)}});
    EXPECT_DOUBLE_EQ(s.best_use().advantages, 6.5);
    EXPECT_DOUBLE_EQ(s.best_use().constraints, 1.5);
    EXPECT_DOUBLE_EQ(s.score(), 81.3);
}

TEST(Engine, BandEdgesFollowLtAndLe) {
    Fixture fx;
    auto impact = [&](double surface) {
        return sc::score_site(fx.profile, {{"surf_m2", Input::of(surface)}}).criteria[0].impacts[0];
    };
    EXPECT_EQ(impact(4999.9), sc::Impact::negative);
    EXPECT_EQ(impact(5000), sc::Impact::positive);
    EXPECT_EQ(impact(50000), sc::Impact::positive);
    EXPECT_EQ(impact(50000.1), sc::Impact::very_positive);
}

TEST(Engine, UnknownNoneFoundAndNotApplicableAreKeptApart) {
    Fixture fx;
    const auto unknown = sc::score_site(fx.profile, {{"surf_m2", Input::of(20000.0)}, {"statut", Input::of("inconnu")}});
    EXPECT_FALSE(unknown.criteria[1].scored);
    EXPECT_NE(unknown.criteria[1].why.find("unknown"), std::string::npos);
    EXPECT_DOUBLE_EQ(unknown.reliability, 3.5);  // 2 of 6 known -> 3.33 -> 3.5
    // unknown is not neutral: the range opens both ways
    EXPECT_LT(unknown.best_use().index_min, unknown.score());
    EXPECT_DOUBLE_EQ(unknown.best_use().index_max, 100.0);

    const auto na = sc::score_site(fx.profile, {{"surf_m2", Input::of(20000.0)}, {"statut", Input::of("sans objet")}});
    EXPECT_EQ(na.criteria[1].input.state, sc::State::not_applicable);
    EXPECT_DOUBLE_EQ(na.reliability, 5.0);  // 2 of 4 applicable weights known

    const auto none = sc::score_site(fx.profile, {{"interchange_m", Input::none("empty layer")}});
    EXPECT_FALSE(none.criteria[3].scored);       // no none_found rule: not scored...
    EXPECT_DOUBLE_EQ(none.reliability, 1.5);     // ...but known (1 of 6)
}

TEST(Engine, ValueMissingFromTheProfileIsUnknownNotNeutral) {
    Fixture fx;
    const auto s = sc::score_site(fx.profile, {{"statut", Input::of("friche potentielle")}});
    EXPECT_FALSE(s.criteria[1].scored);
    EXPECT_EQ(s.criteria[1].input.state, sc::State::unknown);
    EXPECT_NE(s.criteria[1].why.find("not in the profile"), std::string::npos);
}

TEST(Engine, ExclusionOfEveryUseAndRanking) {
    Fixture fx;
    std::vector<sc::SiteScore> scores;
    scores.push_back(sc::score_site(fx.profile, {{"surf_m2", Input::of(1000.0)}}));                         // 0
    scores.push_back(sc::score_site(fx.profile, {{"surf_m2", Input::of(90000.0)}}));                        // 100
    scores.push_back(sc::score_site(fx.profile, {{"statut", Input::of("friche reconvertie")}}));            // excluded
    scores.push_back(sc::score_site(fx.profile, {{"surf_m2", Input::of(90000.0)}, {"statut", Input::of("inconnu")}}));
    EXPECT_TRUE(scores[2].excluded);
    const auto ranks = sc::rank(scores, {});
    EXPECT_EQ(ranks[1], 1u);
    EXPECT_EQ(ranks[3], 2u);  // same score as site 1, narrower upside
    EXPECT_EQ(ranks[0], 3u);
    EXPECT_FALSE(ranks[2].has_value());
    EXPECT_FALSE(sc::rank(scores, {false, true, true, true})[0].has_value());
}

TEST(Profile, BadProfilesNameFileLineAndCriterion) {
    const std::string head = "uses = [\"a\"]\n";
    auto e = profile_error(head + "[criteria.surface]\nmeasure = \"surf_m2\"\nbands = [ { otherwise = true, impacts = \"P\" } ]\n");
    EXPECT_NE(e.find("bad.toml', line 2"), std::string::npos) << e;
    EXPECT_NE(e.find("criterion 'surface' has no weight"), std::string::npos) << e;

    e = profile_error(head + "[criteria.s]\nweight = 1\nbands = [\n { lt = 10, impacts = \"P\" },\n { lt = 5, impacts = \"N\" },\n { otherwise = true, impacts = \"N\" } ]\n");
    EXPECT_NE(e.find("line 6"), std::string::npos) << e;
    EXPECT_NE(e.find("not in increasing order"), std::string::npos) << e;

    e = profile_error(head + "[criteria.s]\nweight = 1\nbands = [ { le = 10, impacts = \"P\" }, { lt = 10, impacts = \"N\" }, { otherwise = true, impacts = \"N\" } ]\n");
    EXPECT_NE(e.find("overlap"), std::string::npos) << e;

    e = profile_error(head + "[criteria.s]\nweight = 1\nbands = [ { lt = 10, impacts = \"P\" } ]\n");
    EXPECT_NE(e.find("last band must be { otherwise"), std::string::npos) << e;

    e = profile_error(head + "[criteria.s]\nweight = 1\nbands = [ { otherwise = true, impacts = \"P N\" } ]\n");
    EXPECT_NE(e.find("2 impact(s) for 1 use(s)"), std::string::npos) << e;

    e = profile_error(head + "[criteria.s]\nweight = 1\nbands = [ { otherwise = true, impacts = \"great\" } ]\n");
    EXPECT_NE(e.find("unknown impact 'great'"), std::string::npos) << e;

    e = profile_error(head + "[criteria.s]\nweigth = 1\n");
    EXPECT_NE(e.find("criterion 's': unknown key 'weigth'"), std::string::npos) << e;

    e = profile_error(head + "[[exclusions]]\nlabel = \"x\"\nwhen = { nope = \"v\" }\n[criteria.s]\nweight = 1\n[criteria.s.values]\nv = \"P\"\n");
    EXPECT_NE(e.find("unknown criterion 'nope'"), std::string::npos) << e;

    e = profile_error(head + "[[exclusions]]\nlabel = \"x\"\nwhen = { s = \"w\" }\n[criteria.s]\nweight = 1\n[criteria.s.values]\nv = \"P\"\n");
    EXPECT_NE(e.find("criterion 's' has no value 'w'"), std::string::npos) << e;
}

TEST(Sensitivity, CountsClassChangesAndRankMoves) {
    Fixture fx;
    fx.profile.aggregation = sc::Aggregation::mean;
    // Mean aggregation, classes A >= 75, B below.
    const std::vector<sc::Inputs> sites = {
        {{"surf_m2", Input::of(90000.0)}, {"interchange_m", Input::of(9000.0)}},  // ++ (w2), - (w1): 75.0
        {{"surf_m2", Input::of(1000.0)}, {"interchange_m", Input::of(1000.0)}},   // - (w2), + (w1): 41.7
        {{"surf_m2", Input::of(20000.0)}, {"interchange_m", Input::of(1000.0)}},  // + (w2), + (w1): 75.0
    };
    const auto base = sc::score_all(fx.profile, sites, {});
    EXPECT_DOUBLE_EQ(base.scores[0].score(), 75.0);
    EXPECT_DOUBLE_EQ(base.scores[2].score(), 75.0);
    EXPECT_EQ(base.ranks[0], 1u);  // tie: same range, first listed first
    const auto rows = sc::sensitivity(base, sites, {});
    ASSERT_EQ(rows.size(), 8u);  // surface, statut, flood, echangeur: down and up
    EXPECT_EQ(rows[6].criterion, "echangeur");
    EXPECT_DOUBLE_EQ(rows[6].new_weight, 0.5);
    EXPECT_EQ(rows[6].class_changes, 0u);  // site 0 rises to 85, site 2 stays at 75
    EXPECT_EQ(rows[6].max_rank_change, 0u);
    EXPECT_DOUBLE_EQ(rows[7].new_weight, 1.5);
    EXPECT_EQ(rows[7].class_changes, 1u);    // site 0 falls to 67.9: A -> B
    EXPECT_EQ(rows[7].max_rank_change, 1u);  // sites 0 and 2 swap
    EXPECT_EQ(rows[7].moved_site, 0u);
}

TEST(ScoreAll, SummaryKeepsTheScoresAndMotifsWithoutTheCriteria) {
    Fixture fx;
    const std::vector<sc::Inputs> sites = {
        {{"surf_m2", Input::of(90000.0)}, {"interchange_m", Input::of(9000.0)}},
        {{"surf_m2", Input::of(1000.0)}, {"interchange_m", Input::of(1000.0)}},
        {{"surf_m2", Input::of(20000.0)}},
    };
    const auto full = sc::score_all(fx.profile, sites, {});
    const auto summary = sc::score_all(fx.profile, sites, {}, sc::Detail::summary);
    ASSERT_EQ(summary.scores.size(), 3u);
    for (std::size_t s = 0; s < sites.size(); ++s) {
        EXPECT_FALSE(full.scores[s].criteria.empty());
        EXPECT_TRUE(summary.scores[s].criteria.empty());
        EXPECT_EQ(full.scores[s].motifs, sc::motifs(full.scores[s]));
        EXPECT_FALSE(full.scores[s].motifs.empty());
        EXPECT_EQ(summary.scores[s].motifs, full.scores[s].motifs);
        EXPECT_DOUBLE_EQ(summary.scores[s].score(), full.scores[s].score());
        EXPECT_DOUBLE_EQ(summary.scores[s].best_use().index_min, full.scores[s].best_use().index_min);
        EXPECT_DOUBLE_EQ(summary.scores[s].reliability, full.scores[s].reliability);
        EXPECT_EQ(summary.ranks[s], full.ranks[s]);
    }
}

TEST(Engine, EveryReasonNotToScoreIsGivenInWords) {
    Fixture fx;
    auto why = [&](const sc::Inputs& inputs, std::size_t c) {
        const auto s = sc::score_site(fx.profile, inputs);
        EXPECT_FALSE(s.criteria[c].scored);
        return s.criteria[c].why;
    };
    EXPECT_EQ(why({}, 0), "unknown: measure 'surf_m2' is not computed for this site");
    EXPECT_EQ(why({{"surf_m2", Input::unknown("no surface in the source")}}, 0), "unknown: no surface in the source");
    EXPECT_EQ(why({{"surf_m2", Input::of(std::string("large"))}}, 0), "'large' is not a number");
    EXPECT_EQ(why({{"statut", Input::of("inconnu")}}, 1), "unknown: 'inconnu' in the source");
    EXPECT_EQ(why({{"statut", Input::of("sans objet")}}, 1), "'sans objet': does not apply");
    EXPECT_EQ(why({{"statut", Input::not_applicable("a park")}}, 1), "does not apply: a park");
    EXPECT_EQ(why({{"statut", Input::of("friche potentielle")}}, 1), "value 'friche potentielle' is not in the profile");
    EXPECT_EQ(why({{"statut", Input::of(3.0)}}, 1), "value '3' is not in the profile");
    EXPECT_EQ(why({{"interchange_m", Input::none("empty layer")}}, 3), "none found (empty layer): not scored");
    // The input is kept as given, its state as scored.
    const auto s = sc::score_site(fx.profile, {{"statut", Input::of("inconnu", "from the CSV")}});
    EXPECT_EQ(s.criteria[1].input.text, "inconnu");
    EXPECT_EQ(s.criteria[1].input.state, sc::State::unknown);
    EXPECT_EQ(s.criteria[1].input.note, "'inconnu' in the source");
    // Scored: the band in words, the motifs from it.
    const auto scored = sc::score_site(fx.profile, {{"surf_m2", Input::of(20000.0)}, {"interchange_m", Input::of(9000.0)}});
    EXPECT_EQ(scored.criteria[0].matched, "<= 5.00 ha");
    EXPECT_TRUE(scored.criteria[0].why.empty());
    EXPECT_EQ(scored.motifs, sc::motifs(scored));
    EXPECT_EQ(scored.motifs, "+ surface 2.00 ha; \u2212 \u00e9changeur 9.0 km");
}
