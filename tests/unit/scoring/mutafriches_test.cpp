// The Mutafriches v1.19 worked example of research/domain.md §3.6, reproduced to 0.1 % with
// the shipped profile geodata/profiles/mutafriches-1.19.toml.

#include <gtest/gtest.h>

#include "foncier/scoring/engine.hpp"
#include "test_support.hpp"

namespace sc = foncier::scoring;
using sc::Input;

namespace {

sc::Profile mutafriches() {
    return sc::load_profile((foncier::test::source_dir() / "geodata/profiles/mutafriches-1.19.toml").string());
}

// A private 12 000 m² site, 3 000 m² built, inside a ZAE, ... (domain.md §3.6).
sc::Inputs worked_example() {
    return {
        {"typeProprietaire", Input::of("prive")},
        {"surfaceSite", Input::of(12000.0)},
        {"surfaceBati", Input::of(3000.0)},
        {"raccordementEau", Input::of("oui")},
        {"siteEnCentreVille", Input::of("false")},
        {"distanceAutoroute", Input::of(1500.0)},
        {"distanceTransportCommun", Input::of(800.0)},
        {"proximiteCommercesServices", Input::of("false")},
        {"distanceRaccordementElectrique", Input::of(300.0)},
        {"tauxLogementsVacants", Input::of(9.0)},
        {"risqueRetraitGonflementArgile", Input::of("faible-ou-moyen")},
        {"risqueCavitesSouterraines", Input::of("non")},
        {"risqueInondation", Input::of("non")},
        {"presenceRisquesTechnologiques", Input::of("true")},
        {"zonageEnvironnemental", Input::of("hors-zone")},
        {"zonagePatrimonial", Input::of("non-concerne")},
        {"zonageReglementaire", Input::of("zone-urbaine-u-activite")},
        {"zoneAccelerationEnr", Input::of("non")},
        {"zonageAbcLogement", Input::of("c")},
        {"distanceIte", Input::of("plus-1km")},
        {"siteEnQpv", Input::of("false")},
        {"saturationReseauEnr", Input::of("false")},
        {"siteEnZae", Input::of("true")},
        {"distanceReseauChaleur", Input::none("no heat network within 500 m")},
        {"etatBatiInfrastructure", Input::of("degradation-moyenne")},
        {"valeurArchitecturaleHistorique", Input::of("sans-interet")},
        {"qualitePaysage", Input::of("sans-interet")},
        {"qualiteVoieDesserte", Input::of("accessible")},
        {"presencePollution", Input::of("ne-sait-pas")},
        {"trameVerteEtBleue", Input::of("ne-sait-pas")},
        {"presenceEspecesProtegees", Input::of("ne-sait-pas")},
        {"presenceZoneHumide", Input::of("ne-sait-pas")},
    };
}

double index_of(const sc::SiteScore& s, const std::string& use) {
    for (const auto& u : s.uses) {
        if (u.use == use) return u.index;
    }
    return -1;
}

}  // namespace

TEST(Mutafriches119, ProfileShape) {
    const auto p = mutafriches();
    EXPECT_EQ(p.uses.size(), 7u);
    EXPECT_EQ(p.criteria.size(), 32u);
    EXPECT_DOUBLE_EQ(p.total_weight(), 34.0);
    EXPECT_EQ(p.aggregation, sc::Aggregation::mutafriches);
    EXPECT_EQ(p.exclusions.size(), 2u);
}

TEST(Mutafriches119, WorkedExampleIsReproduced) {
    const auto p = mutafriches();
    const auto s = sc::score_site(p, worked_example());
    EXPECT_DOUBLE_EQ(s.uses[p.use_index("industrie")].advantages, 25.5);
    EXPECT_DOUBLE_EQ(s.uses[p.use_index("industrie")].constraints, 11.0);
    EXPECT_DOUBLE_EQ(index_of(s, "industrie"), 69.9);
    EXPECT_DOUBLE_EQ(index_of(s, "tertiaire"), 64.8);
    EXPECT_DOUBLE_EQ(index_of(s, "photovoltaique"), 58.6);
    EXPECT_DOUBLE_EQ(index_of(s, "renaturation"), 58.3);
    EXPECT_DOUBLE_EQ(index_of(s, "culture"), 45.2);
    EXPECT_DOUBLE_EQ(index_of(s, "equipements"), 42.7);
    EXPECT_DOUBLE_EQ(index_of(s, "residentiel"), 40.4);
    EXPECT_DOUBLE_EQ(s.reliability, 8.5);
    EXPECT_EQ(s.best_use().use, "industrie");
    EXPECT_EQ(sc::classify(p, s.score()).label, "Très bon");
}

TEST(Mutafriches119, ExclusionRulesNeedEveryConditionAndNeverFireOnUnknown) {
    const auto p = mutafriches();
    auto inputs = worked_example();
    inputs["presenceZoneHumide"] = Input::of("oui");
    auto s = sc::score_site(p, inputs);
    EXPECT_FALSE(s.uses[p.use_index("industrie")].excluded());  // protected species still unknown
    inputs["presenceEspecesProtegees"] = Input::of("oui");
    s = sc::score_site(p, inputs);
    EXPECT_TRUE(s.uses[p.use_index("industrie")].excluded());
    EXPECT_TRUE(s.uses[p.use_index("tertiaire")].excluded());
    EXPECT_FALSE(s.uses[p.use_index("photovoltaique")].excluded());
    EXPECT_NE(s.best_use().use, "industrie");  // excluded uses go after the others
    inputs["zoneAccelerationEnr"] = Input::of("exclusion");
    s = sc::score_site(p, inputs);
    EXPECT_TRUE(s.uses[p.use_index("photovoltaique")].excluded());
}

TEST(Mutafriches119, ScoreRangeBracketsTheScore) {
    const auto p = mutafriches();
    const auto s = sc::score_site(p, worked_example());
    const auto& ind = s.uses[p.use_index("industrie")];
    EXPECT_LT(ind.index_min, ind.index);
    EXPECT_GT(ind.index_max, ind.index);
}

namespace {

const sc::CriterionResult& criterion(const sc::SiteScore& s, const std::string& name) {
    for (const auto& c : s.criteria) {
        if (c.criterion->name == name) return c;
    }
    throw std::runtime_error("no criterion " + name);
}

}  // namespace

// raccordementEau is derived from surfaceBati as Mutafriches does, unless the site gives it.
TEST(Mutafriches, RaccordementEauIsDerivedFromTheBuiltSurface) {
    const sc::Profile p = mutafriches();
    auto water = [&](sc::Inputs in) { return criterion(sc::score_site(p, in), "raccordementEau"); };
    EXPECT_EQ(water({{"surfaceBati", Input::of(21.0)}}).matched, "oui");
    EXPECT_EQ(water({{"surfaceBati", Input::of(20.0)}}).matched, "non");
    EXPECT_EQ(water({{"surfaceBati", Input::none("no building")}}).matched, "non");
    EXPECT_FALSE(water({{"surfaceBati", Input::unknown("no BDNB")}}).scored);
    EXPECT_FALSE(water({}).scored);
    const auto given = water({{"surfaceBati", Input::of(0.0)}, {"raccordementEau", Input::of("oui")}});
    EXPECT_EQ(given.matched, "oui");  // the site's own value comes first
    EXPECT_NE(water({{"surfaceBati", Input::of(3000.0)}}).input.note.find("derived from surfaceBati"), std::string::npos);
}

// "ne-sait-pas" is unknown for every criterion; a value outside the matrix is counted as known
// but not scored (Mutafriches' reliability), and explain says so.
TEST(Mutafriches, NeSaitPasIsUnknownAndUnlistedValuesCountAsKnown) {
    const sc::Profile p = mutafriches();
    const auto s = sc::score_site(p, {{"siteEnCentreVille", Input::of("ne-sait-pas")},
                                      {"zonagePatrimonial", Input::of("monument-historique")}});
    EXPECT_EQ(criterion(s, "siteEnCentreVille").input.state, sc::State::unknown);
    const auto& heritage = criterion(s, "zonagePatrimonial");
    EXPECT_FALSE(heritage.scored);
    EXPECT_EQ(heritage.input.state, sc::State::known);
    EXPECT_NE(heritage.why.find("counted as known"), std::string::npos) << heritage.why;
    EXPECT_DOUBLE_EQ(s.reliability, 0.5);  // 1 of 34, raccordementEau unknown: round(20/34)/2
}
