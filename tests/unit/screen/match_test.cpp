#include <gtest/gtest.h>

#include "foncier/core/error.hpp"
#include "foncier/screen/query.hpp"
#include "test_support.hpp"

namespace pl = foncier::screen;
using foncier::Value;
using foncier::test::TempDir;
using foncier::test::write_file;

namespace {

// Four sites built to give exactly one near miss for the needs below.
pl::Supply supply() {
    pl::Supply s;
    s.fields = {"site_id", "surf_ha", "interchange_m", "flood_share", "fret", "score", "objet"};
    auto add = [&](const char* id, double ha, double ech, double flood, const char* fret, double score) {
        s.records.push_back({{"site_id", Value{std::string(id)}}, {"surf_ha", Value{ha}}, {"interchange_m", Value{ech}},
                             {"flood_share", Value{flood}}, {"fret", Value{std::string(fret)}}, {"score", Value{score}},
                             {"objet", Value{std::string("site")}}});
        s.geometries.push_back(foncier::geom::Geometry::point(0, 0));
    };
    add("fits-rail", 5, 2000, 0.0, "oui", 60);   // match, preference met
    add("fits", 4, 4000, 0.0, "non", 70);        // match
    add("flooded", 6, 1000, 0.15, "oui", 80);    // fails only the flood requirement: near miss
    add("far-and-small", 1, 9000, 0.0, "non", 90);  // fails two: neither
    return s;
}

}  // namespace

TEST(Match, RanksMatchesAndExplainsTheOneNearMiss) {
    TempDir dir;
    const auto s = supply();
    const auto needs = pl::load_needs(write_file(dir / "n.toml", R"(
name = "test"
require = ["surf_ha >= 3", "interchange_m <= 5000", "flood_share <= 0.1"]
[[prefer]]
label = "rail"
when = "fret = 'oui'"
weight = 2
)"),
                                      s.fields);
    const auto r = pl::match(s, needs);
    ASSERT_EQ(r.matches.size(), 2u);
    EXPECT_EQ(foncier::to_text(s.records[r.matches[0].row].at("site_id")), "fits-rail");  // preference first
    EXPECT_DOUBLE_EQ(r.matches[0].fit, 100.0);
    EXPECT_DOUBLE_EQ(r.matches[1].fit, 0.0);
    ASSERT_EQ(r.near_misses.size(), 1u);
    EXPECT_EQ(foncier::to_text(s.records[r.near_misses[0].row].at("site_id")), "flooded");
    EXPECT_EQ(r.near_misses[0].failed, 2u);
    EXPECT_EQ(r.near_misses[0].explanation,
              "flood_share = 0.15: would match if the limit of \"flood_share <= 0.1\" were 0.15");
    EXPECT_NE(pl::how_met(s, needs, r.matches[0].row).find("interchange_m <= 5000 ✓"), std::string::npos);
}

TEST(Match, BadNeedsFilesNameTheLineAndTheColumn) {
    TempDir dir;
    const auto s = supply();
    try {
        (void)pl::load_needs(write_file(dir / "n.toml", "name = \"x\"\nrequire = [\n  \"surf_hectares >= 3\",\n]\n"), s.fields);
        FAIL();
    } catch (const foncier::ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("unknown field 'surf_hectares'"), std::string::npos) << e.what();
    }
    EXPECT_THROW((void)pl::load_needs(write_file(dir / "m.toml", "name = \"x\"\n"), s.fields), foncier::ConfigError);
}

TEST(Query, FiltersSortsAndLimits) {
    const auto s = supply();
    pl::QueryOptions o;
    o.where = {"surf_ha >= 3"};
    o.max = {{"interchange_m", 5000.0}};
    o.sort = "score";
    auto r = pl::run_query(s, o);
    ASSERT_EQ(r.rows.size(), 3u);
    EXPECT_EQ(r.rows[0], 2u);  // score 80 first
    o.limit = 1;
    o.ascending = true;
    r = pl::run_query(s, o);
    ASSERT_EQ(r.rows.size(), 1u);
    EXPECT_EQ(r.rows[0], 0u);  // score 60
    EXPECT_NE(r.description.find("surf_ha >= 3"), std::string::npos);
    o.equals = {{"fret", "OUI"}};
    o.limit = 0;
    EXPECT_EQ(pl::run_query(s, o).rows.size(), 2u);
    o.min = {{"nothing", 1.0}};
    EXPECT_THROW((void)pl::run_query(s, o), foncier::ConfigError);
}
