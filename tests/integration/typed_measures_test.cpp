// Typed measures declared in a territory config ([friches.measures], [communes.measures]),
// access layers feeding any distance measure with a search radius, the precedence of a value
// given for the site over a computed one, and run.json saying where each criterion comes from.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "foncier/core/error.hpp"
#include "foncier/ingest/config.hpp"
#include "foncier/pipeline/prepare.hpp"
#include "foncier/pipeline/run.hpp"
#include "test_support.hpp"

namespace {

namespace pl = foncier::pipeline;
namespace sc = foncier::scoring;
using foncier::test::TempDir;
using foncier::test::write_file;

// Two 2 km communes near Pompey (Lambert-93, WKT), with a commune-level vacancy rate.
constexpr const char* k_communes =
    "insee,nom,epci,pop,vacance,wkt\n"
    "54430,Pompey,245400601,5000,9.5,\"POLYGON((930000 6857000,932000 6857000,932000 6859000,930000 6859000,930000 "
    "6857000))\"\n"
    "54215,Frouard,245400601,6500,secret,\"POLYGON((932000 6857000,934000 6857000,934000 6859000,932000 6859000,932000 "
    "6857000))\"\n";

// A: every field right; B: a built surface that is not a number; C: an owner outside the map,
// and a catpro3 owner code the site's own value must not be replaced by.
constexpr const char* k_friches =
    "site_id,nom,surface,x,y,bati,qpv,proprio,catpro3\n"
    "A,Site A,3000,931000,6858000,3000,oui,Commune,{X1a}\n"
    "B,Site B,3000,933500,6858000,3 000 m2,non,SCI,{P1a}\n"
    "C,Site C,3000,931000,6857300,,,Inconnu,{P1a}\n";

constexpr const char* k_heat = "id,wkt\nR1,POINT(931150 6858000)\n";

std::string config(const TempDir& dir) {
    write_file(dir / "communes.csv", k_communes);
    write_file(dir / "friches.csv", k_friches);
    write_file(dir / "chaleur.csv", k_heat);
    return write_file(dir / "t.toml", R"(
name = "Typed measures"
output = "out"
profile = ")" + (foncier::test::source_dir() / "geodata/profiles/mutafriches-1.19.toml").string() + R"("
[communes]
path = "communes.csv"
source_crs = "EPSG:2154"
wkt_field = "wkt"
fields = { insee = "insee", nom = "nom", epci = "epci", pop = "pop" }
[communes.measures]
tauxLogementsVacants = { field = "vacance", type = "number", unit = "percent", unknown = ["secret"] }
[friches]
path = "friches.csv"
source_crs = "EPSG:2154"
x_field = "x"
y_field = "y"
fields = { id = "site_id", nom = "nom", surface = "surface", catpro3 = "catpro3" }
[friches.measures]
surfaceBati = { field = "bati", type = "number", unit = "m2" }
siteEnQpv = { field = "qpv", type = "boolean" }
typeProprietaire = { field = "proprio", type = "enumeration", values = { Commune = "public", SCI = "prive" } }
[[access]]
name = "chaleur"
path = "chaleur.csv"
source_crs = "EPSG:2154"
wkt_field = "wkt"
fields = { id = "id" }
max_distance_m = 1000
feeds = ["distanceReseauChaleur"]
)");
}

const sc::Input& measure(const pl::Prepared& p, const std::string& site, const std::string& name) {
    const auto& sites = p.analysis.territory.sites;
    for (std::size_t s = 0; s < sites.size(); ++s) {
        if (sites[s].site_id != site) continue;
        const auto it = p.measures[s].find(name);
        if (it == p.measures[s].end()) throw std::runtime_error("no measure " + name + " for " + site);
        return it->second;
    }
    throw std::runtime_error("no site " + site);
}

}  // namespace

TEST(TypedMeasures, FieldsAreTypedAndBadValuesAreIssuesNamingSiteFieldAndValue) {
    TempDir dir;
    const auto cfg = foncier::ingest::load_territory(config(dir));
    foncier::IssueLog issues;
    const pl::Prepared p = pl::prepare(cfg, issues, foncier::no_progress());

    const auto& bati = measure(p, "A", "surfaceBati");
    EXPECT_EQ(bati.state, sc::State::known);
    EXPECT_DOUBLE_EQ(*bati.number, 3000.0);
    EXPECT_EQ(bati.origin, sc::Origin::site);
    EXPECT_EQ(measure(p, "A", "siteEnQpv").text, "true");
    EXPECT_EQ(measure(p, "B", "siteEnQpv").text, "false");
    EXPECT_EQ(measure(p, "C", "siteEnQpv").state, sc::State::unknown);
    EXPECT_EQ(measure(p, "B", "surfaceBati").state, sc::State::unknown);

    std::string messages;
    for (const auto& i : issues.issues()) {
        if (foncier::code(i.kind) == "bad_value") messages += i.feat_id + ": " + i.message + "\n";
    }
    EXPECT_NE(messages.find("B: site B: field 'bati' value '3 000 m2' is not a number"), std::string::npos) << messages;
    EXPECT_NE(messages.find("C: site C: field 'proprio' value 'Inconnu' is not one of the enumeration's values"),
              std::string::npos)
        << messages;

    // The site's own owner (an enumeration) comes before the one computed from catpro3.
    EXPECT_EQ(measure(p, "A", "typeProprietaire").text, "public");
    EXPECT_EQ(measure(p, "B", "typeProprietaire").text, "prive");
    EXPECT_EQ(measure(p, "B", "typeProprietaire").origin, sc::Origin::site);
    // C's own value does not parse: the computed one (P1a: public) stays.
    EXPECT_EQ(measure(p, "C", "typeProprietaire").text, "public");
    EXPECT_EQ(measure(p, "C", "typeProprietaire").origin, sc::Origin::computed);

    // Each site takes its commune's vacancy rate; "secret" is unknown.
    EXPECT_DOUBLE_EQ(*measure(p, "A", "tauxLogementsVacants").number, 9.5);
    EXPECT_EQ(measure(p, "A", "tauxLogementsVacants").origin, sc::Origin::computed);
    EXPECT_EQ(measure(p, "B", "tauxLogementsVacants").state, sc::State::unknown);

    // The access layer feeds the heat-network distance; beyond 1 km: none found.
    EXPECT_EQ(measure(p, "A", "distanceReseauChaleur").state, sc::State::known);
    EXPECT_LT(*measure(p, "A", "distanceReseauChaleur").number, 200.0);
    EXPECT_EQ(measure(p, "B", "distanceReseauChaleur").state, sc::State::none_found);
    EXPECT_NE(measure(p, "B", "distanceReseauChaleur").note.find("beyond max_distance_m 1000"), std::string::npos);
}

TEST(TypedMeasures, RunJsonSaysWhereEachCriterionComesFrom) {
    TempDir dir;
    const std::string cfg = config(dir);
    pl::RunOptions options;
    options.config_path = cfg;
    const auto r = pl::run(options);
    ASSERT_TRUE(r.published);
    const auto j = nlohmann::json::parse(foncier::test::read_file(dir / "out/run.json"));
    ASSERT_TRUE(j.contains("measure_origins"));
    std::map<std::string, nlohmann::json> by;
    for (const auto& o : j["measure_origins"]) by[o["criterion"]] = o;
    EXPECT_EQ(by["surfaceBati"]["site"], 1);     // A (B does not parse, C is empty)
    EXPECT_EQ(by["surfaceBati"]["unknown"], 2);
    EXPECT_EQ(by["typeProprietaire"]["site"], 2);
    EXPECT_EQ(by["typeProprietaire"]["computed"], 1);
    EXPECT_EQ(by["raccordementEau"]["derived_from"], "surfaceBati");
    EXPECT_EQ(by["distanceReseauChaleur"]["computed"], 3);
}

TEST(TypedMeasures, BadDeclarationsAreRefusedNamingTheMeasure) {
    TempDir dir;
    const std::string cfg = config(dir);
    std::string text = foncier::test::read_file(cfg);
    auto error_of = [&](const std::string& from, const std::string& to) {
        std::string changed = text;
        changed.replace(changed.find(from), from.size(), to);
        write_file(cfg, changed);
        try {
            const auto c = foncier::ingest::load_territory(cfg);
            foncier::IssueLog issues;
            (void)pl::prepare(c, issues, foncier::no_progress());
        } catch (const foncier::ConfigError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    const auto unit = error_of("unit = \"m2\"", "unit = \"sqft\"");
    EXPECT_NE(unit.find("[friches.measures] surfaceBati: unit must be"), std::string::npos) << unit;
    const auto field = error_of("field = \"bati\"", "field = \"batiment\"");
    EXPECT_NE(field.find("field 'batiment' of measure 'surfaceBati' is not in layer"), std::string::npos) << field;
    const auto type = error_of("type = \"boolean\"", "type = \"bool\"");
    EXPECT_NE(type.find("siteEnQpv: type must be number, integer, boolean, text or enumeration"), std::string::npos)
        << type;
}
