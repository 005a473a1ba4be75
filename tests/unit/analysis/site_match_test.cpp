// One-to-one pairing of the sites of two inventories (analysis/site_match.hpp): by id, then
// by place with the polygon rule (overlap >= half the smaller) and the point rule (centres
// within M metres), closest first, ties by name similarity then id. EPSG:2154 metres.

#include <gtest/gtest.h>

#include <cmath>
#include <deque>
#include <string>
#include <vector>

#include "foncier/analysis/site_match.hpp"
#include "foncier/core/error.hpp"
#include "foncier/geom/operations.hpp"

using foncier::geom::Geometry;
namespace an = foncier::analysis;

namespace {

// Owns the footprints the MatchSite values point to.
struct Sites {
    std::deque<Geometry> shapes;
    std::vector<an::MatchSite> list;
    // A site known by a point: a disc of `m2` around (x, y), as normalisation estimates it.
    Sites& point(const char* id, const char* name, double x, double y, double m2 = 5000.0) {
        shapes.push_back(foncier::geom::disc({x, y}, m2, 64));
        list.push_back({id, name, &shapes.back(), false});
        return *this;
    }
    // A site with a real polygon footprint.
    Sites& polygon(const char* id, const char* name, const char* wkt) {
        shapes.push_back(Geometry::from_wkt(wkt));
        list.push_back({id, name, &shapes.back(), true});
        return *this;
    }
};

std::string square(double x, double y, double side) {
    auto n = [](double v) { return std::to_string(v); };
    return "POLYGON((" + n(x) + " " + n(y) + "," + n(x + side) + " " + n(y) + "," + n(x + side) + " " +
           n(y + side) + "," + n(x) + " " + n(y + side) + "," + n(x) + " " + n(y) + "))";
}

// The pairs as "old->new" ids, in the order made.
std::vector<std::string> pairs(const an::SiteMatching& m, const Sites& a, const Sites& b) {
    std::vector<std::string> out;
    for (const auto& p : m.pairs) out.push_back(a.list[p.old_index].id + "->" + b.list[p.new_index].id);
    return out;
}

}  // namespace

TEST(SiteMatch, SameIdPairsWhereverTheSitesAre) {
    Sites a, b;
    a.point("54001_1", "Usine", 1000, 1000);
    b.point("54001_1", "Usine (ancienne)", 9000, 9000);  // moved 11 km: still the same id
    const auto m = an::match_sites(a.list, b.list);
    ASSERT_EQ(m.pairs.size(), 1u);
    EXPECT_EQ(m.pairs[0].rule, an::MatchRule::id);
    EXPECT_NEAR(m.pairs[0].distance_m, std::hypot(8000.0, 8000.0), 1e-6);
    EXPECT_TRUE(m.old_only.empty());
    EXPECT_TRUE(m.new_only.empty());
}

TEST(SiteMatch, PointRuleUsesTheCentreDistance) {
    Sites a, b;
    a.point("old_near", "Site A", 0, 0).point("old_far", "Site B", 5000, 0);
    b.point("new_near", "Site A", 49.9, 0).point("new_far", "Site B", 5050.1, 0);  // 49.9 m, 50.1 m
    const auto m = an::match_sites(a.list, b.list);
    EXPECT_EQ(pairs(m, a, b), std::vector<std::string>{"old_near->new_near"});
    EXPECT_EQ(m.pairs[0].rule, an::MatchRule::centre);
    EXPECT_NEAR(m.pairs[0].distance_m, 49.9, 1e-6);
    EXPECT_EQ(m.old_only, std::vector<std::size_t>{1});
    EXPECT_EQ(m.new_only, std::vector<std::size_t>{1});
    // The distance is an option: at 60 m both pair.
    const auto wide = an::match_sites(a.list, b.list, {60.0, 0.5});
    EXPECT_EQ(wide.pairs.size(), 2u);
}

TEST(SiteMatch, PointRuleIgnoresTheEstimatedDiscs) {
    // Two big estimated discs overlapping almost entirely, centres 80 m apart: the point rule
    // decides (no pair at 50 m), not the overlap of footprints drawn from a declared surface.
    Sites a, b;
    a.point("a", "Friche", 0, 0, 500000.0);
    b.point("b", "Friche", 80, 0, 500000.0);
    EXPECT_TRUE(an::match_sites(a.list, b.list).pairs.empty());
}

TEST(SiteMatch, PolygonRuleNeedsHalfOfTheSmallerFootprint) {
    Sites a, b;
    // 100 x 100 m; the new one shifted by 49 m shares 51 % of it, the other shifted 51 m 49 %.
    a.polygon("a1", "Atelier", square(0, 0, 100).c_str()).polygon("a2", "Hangar", square(1000, 0, 100).c_str());
    b.polygon("b1", "Atelier", square(49, 0, 100).c_str()).polygon("b2", "Hangar", square(1051, 0, 100).c_str());
    const auto m = an::match_sites(a.list, b.list);
    EXPECT_EQ(pairs(m, a, b), std::vector<std::string>{"a1->b1"});
    EXPECT_EQ(m.pairs[0].rule, an::MatchRule::footprint);
    EXPECT_NEAR(m.pairs[0].overlap, 0.51, 1e-9);
    // Half of the smaller one: a small building inside a large new site pairs with it, even
    // though the centres are 400 m apart (far beyond the point rule's 50 m).
    Sites c, d;
    c.polygon("small", "Atelier", square(0, 0, 50).c_str());
    d.polygon("large", "Zone", square(-50, -50, 1000).c_str());
    const auto m2 = an::match_sites(c.list, d.list);
    ASSERT_EQ(m2.pairs.size(), 1u);
    EXPECT_DOUBLE_EQ(m2.pairs[0].overlap, 1.0);
    EXPECT_GT(m2.pairs[0].distance_m, 400.0);
}

TEST(SiteMatch, AMixedPairUsesThePointRule) {
    Sites a, b;
    a.point("pt", "Dépôt", 30, 30);
    b.polygon("poly", "Dépôt", square(0, 0, 100).c_str());  // centre (50, 50): 28.3 m away
    const auto m = an::match_sites(a.list, b.list);
    ASSERT_EQ(m.pairs.size(), 1u);
    EXPECT_EQ(m.pairs[0].rule, an::MatchRule::centre);
}

TEST(SiteMatch, TwoCandidatesForOneSiteTheClosestWinsAndTheOtherStaysNew) {
    Sites a, b;
    a.point("old", "Usine", 0, 0);
    b.point("new_far", "Usine", 30, 0).point("new_close", "Autre nom", 10, 0);
    const auto m = an::match_sites(a.list, b.list);
    EXPECT_EQ(pairs(m, a, b), std::vector<std::string>{"old->new_close"});
    EXPECT_EQ(m.new_only, std::vector<std::size_t>{0});
}

TEST(SiteMatch, ClosestFirstIsGlobalNotInOldOrder) {
    // old1 is 20 m from new, old2 only 5 m: old2 takes it although old1 comes first.
    Sites a, b;
    a.point("old1", "Usine", 20, 0).point("old2", "Usine", -5, 0);
    b.point("new", "Usine", 0, 0);
    const auto m = an::match_sites(a.list, b.list);
    EXPECT_EQ(pairs(m, a, b), std::vector<std::string>{"old2->new"});
    EXPECT_EQ(m.old_only, std::vector<std::size_t>{0});
}

TEST(SiteMatch, EqualDistancesGoToTheMoreSimilarNameThenToTheSmallerId) {
    // Two old and two new sites at one point (Cartofriches puts several sites of one
    // parcel at one point): the names decide, crosswise to the id order.
    Sites a, b;
    a.point("54001_1", "Ancienne filature", 100, 100).point("54001_2", "Garage Renault", 100, 100);
    b.point("54001_8", "GARAGE RENAULT, rue du Pont", 100, 100).point("54001_9", "Ancienne filature", 100, 100);
    const auto m = an::match_sites(a.list, b.list);
    EXPECT_EQ(pairs(m, a, b), (std::vector<std::string>{"54001_1->54001_9", "54001_2->54001_8"}));
    // The same names on both sides: the smaller old id takes the smaller new id.
    Sites c, d;
    c.point("x2", "Friche", 0, 0).point("x1", "Friche", 0, 0);
    d.point("y2", "Friche", 0, 0).point("y1", "Friche", 0, 0);
    const auto m2 = an::match_sites(c.list, d.list);
    EXPECT_EQ(pairs(m2, c, d), (std::vector<std::string>{"x1->y1", "x2->y2"}));
}

TEST(SiteMatch, SubMillimetreDifferencesAreTies) {
    // 0.0004 m closer but a worse name: within a millimetre, the name decides.
    Sites a, b;
    a.point("old", "Scierie du Moulin", 0, 0);
    b.point("b_other", "Entrepôt", 10.0, 0).point("b_same", "Scierie du Moulin", 10.0004, 0);
    EXPECT_EQ(pairs(an::match_sites(a.list, b.list), a, b), std::vector<std::string>{"old->b_same"});
}

TEST(SiteMatch, IdPairsComeFirstAndAreNotOfferedByPlace) {
    Sites a, b;
    a.point("kept", "Usine", 0, 0).point("gone", "Usine", 0, 0);
    b.point("kept", "Usine", 0, 0).point("renamed", "Usine", 1, 0);
    const auto m = an::match_sites(a.list, b.list);
    EXPECT_EQ(pairs(m, a, b), (std::vector<std::string>{"kept->kept", "gone->renamed"}));
    EXPECT_EQ(m.pairs[1].rule, an::MatchRule::centre);
}

TEST(SiteMatch, UnchangedInventoryPairsEverySiteById) {
    Sites a, b;
    for (int i = 0; i < 50; ++i) {
        const std::string id = "57" + std::to_string(100 + i);
        a.point(id.c_str(), "Site", i * 10.0, 0);  // 10 m apart: place candidates everywhere
        b.point(id.c_str(), "Site", i * 10.0, 0);
    }
    const auto m = an::match_sites(a.list, b.list);
    ASSERT_EQ(m.pairs.size(), 50u);
    for (const auto& p : m.pairs) {
        EXPECT_EQ(p.rule, an::MatchRule::id);
        EXPECT_EQ(p.old_index, p.new_index);
    }
}

TEST(SiteMatch, BadOptionsAndMissingFootprintsAreErrors) {
    Sites a, b;
    a.point("a", "A", 0, 0);
    b.point("b", "B", 0, 0);
    EXPECT_THROW((void)an::match_sites(a.list, b.list, {-1.0, 0.5}), foncier::ConfigError);
    EXPECT_THROW((void)an::match_sites(a.list, b.list, {50.0, 0.0}), foncier::ConfigError);
    std::vector<an::MatchSite> broken{{"c", "C", nullptr, false}};
    EXPECT_THROW((void)an::match_sites(broken, b.list), foncier::GeometryError);
}

TEST(SiteMatch, ASiteWithoutFootprintKeepsItsIdButIsNotFoundByPlace) {
    const Geometry empty = Geometry::from_wkt("MULTIPOLYGON EMPTY");
    Sites a, b;
    a.point("kept", "Usine", 0, 0);
    a.list.push_back({"lost", "Dépôt", &empty, false});
    b.list.push_back({"kept", "Usine", &empty, false});
    b.point("new", "Dépôt", 0, 0);
    const auto m = an::match_sites(a.list, b.list);
    EXPECT_EQ(pairs(m, a, b), std::vector<std::string>{"kept->kept"});
    EXPECT_EQ(m.old_only, std::vector<std::size_t>{1});
    EXPECT_EQ(m.new_only, std::vector<std::size_t>{1});
}

TEST(NameSimilarity, IgnoresAccentsCaseAndPunctuation) {
    EXPECT_DOUBLE_EQ(an::name_similarity("Pont-à-Mousson", "PONT A MOUSSON"), 1.0);
    EXPECT_DOUBLE_EQ(an::name_similarity("", "Usine"), 0.0);
    EXPECT_DOUBLE_EQ(an::name_similarity("abc", "xyz"), 0.0);
    const double near = an::name_similarity("Appel à projet Recyclage Foncier", "Appel à projet Fonds Vert 2023");
    const double far = an::name_similarity("Appel à projet Recyclage Foncier", "Site Eiffel, POMPEY");
    EXPECT_GT(near, far);
    EXPECT_GT(near, 0.3);
    EXPECT_LT(near, 1.0);
}
