#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "foncier/analysis/analysis.hpp"
#include "foncier/geom/operations.hpp"

using foncier::geom::Geometry;
namespace an = foncier::analysis;

namespace {

an::Commune commune(const char* insee, const char* epci, double pop, const char* wkt) {
    an::Commune c;
    c.insee = insee;
    c.nom = std::string("Commune ") + insee;
    c.epci = epci;
    c.epci_nom = std::string("EPCI ") + epci;
    c.pop = pop;
    c.geometry = Geometry::from_wkt(wkt);
    return c;
}

an::Site site(const char* id, const char* wkt) {
    an::Site s;
    s.site_id = id;
    s.geometry = Geometry::from_wkt(wkt);
    return s;
}

// Three communes side by side (1 km squares), the first two in EPCI A, the third in B.
an::Territory territory() {
    an::Territory t;
    t.communes.push_back(commune("54001", "A", 100, "POLYGON((0 0,1000 0,1000 1000,0 1000,0 0))"));
    t.communes.push_back(commune("54002", "A", 200, "POLYGON((1000 0,2000 0,2000 1000,1000 1000,1000 0))"));
    t.communes.push_back(commune("54003", "B", 300, "POLYGON((2000 0,3000 0,3000 1000,2000 1000,2000 0))"));
    return t;
}

}  // namespace

TEST(AssignCommunes, LargestPartWinsAndOutsideIsUnassigned) {
    auto t = territory();
    t.sites.push_back(site("straddling", "POLYGON((900 100,1300 100,1300 200,900 200,900 100))"));  // 100 | 300
    t.sites.push_back(site("outside", "POLYGON((5000 5000,5100 5000,5100 5100,5000 5100,5000 5000))"));
    t.sites.push_back(site("inside", "POLYGON((2100 100,2200 100,2200 200,2100 200,2100 100))"));
    const auto a = an::assign_communes(t.sites, t.communes);
    ASSERT_TRUE(a[0].commune);
    EXPECT_EQ(t.communes[*a[0].commune].insee, "54002");
    EXPECT_EQ(a[0].n_communes, 2u);
    EXPECT_DOUBLE_EQ(a[0].largest_m2, 30000.0);
    EXPECT_DOUBLE_EQ(a[0].inside_m2, 40000.0);
    EXPECT_FALSE(a[1].commune);
    EXPECT_EQ(t.communes[*a[2].commune].insee, "54003");
}

TEST(AssignCommunes, ExactTieGoesToLowestInsee) {
    auto t = territory();
    t.sites.push_back(site("tie", "POLYGON((900 100,1100 100,1100 200,900 200,900 100))"));
    const auto a = an::assign_communes(t.sites, t.communes);
    EXPECT_EQ(t.communes[*a[0].commune].insee, "54001");
}

TEST(NearestStations, RefinesEnvelopeCandidatesWithExactDistance) {
    // An L-shaped site: its envelope's empty corner is close to station "corner", but the
    // site itself is closer to station "arm".
    std::vector<an::Site> sites;
    sites.push_back(site("L", "POLYGON((0 0,1000 0,1000 100,100 100,100 1000,0 1000,0 0))"));
    std::vector<an::Station> stations;
    stations.push_back({"corner", "corner", Geometry::point(990, 990), {}});   // box distance 0, exact ~ 1263
    stations.push_back({"arm", "arm", Geometry::point(1200, 50), {}});        // box distance 200, exact 200
    stations.push_back({"far", "far", Geometry::point(9000, 9000), {}});
    const auto n = an::nearest_features(sites, stations);
    ASSERT_TRUE(n[0].feature);
    EXPECT_EQ(stations[*n[0].feature].id, "arm");
    EXPECT_DOUBLE_EQ(n[0].distance_m, 200.0);
}

TEST(NearestStations, NoStationsGivesNoAnswer) {
    std::vector<an::Site> sites;
    sites.push_back(site("s", "POLYGON((0 0,1 0,1 1,0 0))"));
    EXPECT_FALSE(an::nearest_features(sites, {})[0].feature);
}

TEST(Analyse, EpciTotalsAreSumsOfTheirCommunes) {
    auto t = territory();
    t.sites.push_back(site("a", "POLYGON((100 100,200 100,200 200,100 200,100 100))"));      // 54001, 1 ha
    t.sites.push_back(site("b", "POLYGON((1100 100,1300 100,1300 200,1100 200,1100 100))"));  // 54002, 2 ha
    t.sites.push_back(site("c", "POLYGON((2100 100,2400 100,2400 200,2100 200,2100 100))"));  // 54003, 3 ha
    t.sites.push_back(site("out", "POLYGON((9000 9000,9100 9000,9100 9100,9000 9100,9000 9000))"));
    foncier::IssueLog log;
    const auto a = an::analyse(std::move(t), {}, log);
    ASSERT_EQ(a.epcis.size(), 2u);
    EXPECT_EQ(a.epcis[0].siren, "A");
    EXPECT_EQ(a.epci_totals[0].n_communes, 2u);
    EXPECT_EQ(a.epci_totals[0].n_sites, 2u);
    EXPECT_DOUBLE_EQ(a.epci_totals[0].sites_m2, 30000.0);
    EXPECT_DOUBLE_EQ(*a.epci_totals[0].pop, 300.0);
    EXPECT_EQ(a.epci_totals[1].n_sites, 1u);
    EXPECT_DOUBLE_EQ(a.epcis[0].geometry.area(), 2e6);  // dissolved from two 1 km² communes
    std::size_t total = 0;
    for (const auto& e : a.epci_totals) total += e.n_sites;
    EXPECT_EQ(total, 3u);  // the site outside counts nowhere
}

TEST(Analyse, UnknownPopulationMakesTheEpciPopulationUnknown) {
    auto t = territory();
    t.communes[1].pop.reset();
    foncier::IssueLog log;
    const auto a = an::analyse(std::move(t), {}, log);
    EXPECT_FALSE(a.epci_totals[0].pop.has_value());
    EXPECT_DOUBLE_EQ(*a.epci_totals[1].pop, 300.0);
}

namespace {
an::Feature zone(const char* id, const char* wkt) { return {id, id, Geometry::from_wkt(wkt), {}}; }
}  // namespace

TEST(CoverageShares, AreaWeightedWhereTheCentroidTestWouldBeWrong) {
    std::vector<an::Site> sites;
    // 100 x 100 site; the zone covers its left 40 %: the centroid (50 50) is outside it.
    sites.push_back(site("left40", "POLYGON((0 0,100 0,100 100,0 100,0 0))"));
    // U-shaped site whose centroid lies in its empty middle, inside the zone; the zone
    // covers only 20 % of the site.
    sites.push_back(site("u", "POLYGON((200 0,300 0,300 100,280 100,280 20,220 20,220 100,200 100,200 0))"));
    sites.push_back(site("far", "POLYGON((1000 1000,1010 1000,1010 1010,1000 1010,1000 1000))"));
    std::vector<an::Feature> zones;
    zones.push_back(zone("z1", "POLYGON((-50 -50,40 -50,40 150,-50 150,-50 -50))"));
    zones.push_back(zone("z2", "POLYGON((220 20,280 20,280 120,220 120,220 20))"));
    zones.push_back(zone("z2bis", "POLYGON((210 10,290 10,290 30,210 30,210 10))"));  // overlaps z2
    const auto shares = an::coverage_shares(sites, zones);
    EXPECT_NEAR(shares[0], 0.40, 1e-12);
    // site area 10000 - 60*80 = 5200; covered: strip y 10..30 within the site (x 210..290):
    // the part of the site there is y 0..20 of the bar (x 210..290 => 80*10 = 800) plus
    // the legs y 20..30 (x 210..220 and 280..290 => 2*10*10 = 200): 1000 m², counted once.
    EXPECT_NEAR(shares[1], 1000.0 / 5200.0, 1e-9);
    EXPECT_DOUBLE_EQ(shares[2], 0.0);
    EXPECT_TRUE(an::coverage_shares(sites, {}).at(0) == 0.0);
}

TEST(CoverageShares, OverlappingZonesCountOnce) {
    // Two zones of one layer (two rivers' flood bands) overlap inside the site: their union
    // covers 75 % of it, their sum would say 100 %.
    std::vector<an::Site> sites;
    sites.push_back(site("s", "POLYGON((0 0,100 0,100 100,0 100,0 0))"));
    std::vector<an::Feature> zones;
    zones.push_back(zone("a", "POLYGON((-10 -10,50 -10,50 110,-10 110,-10 -10))"));
    zones.push_back(zone("b", "POLYGON((25 -10,75 -10,75 110,25 110,25 -10))"));
    EXPECT_NEAR(an::coverage_shares(sites, zones)[0], 0.75, 1e-12);
}

TEST(CoverageShares, OverlappingWigglyZonesWithIslandsMatchTheOverlay) {
    // Two or three large zones (hundreds of vertices, so they are cut into pieces; islands as
    // holes) overlapping each other, and convex sites (rectangles, discs) over their overlaps:
    // the share is the site's area inside their union, as GEOS's overlay measures it.
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    auto ring = [&](double cx, double cy, double r, int n, bool wiggle) {
        std::string out = "(";
        for (int i = 0; i <= n; ++i) {
            const double a = 2 * std::numbers::pi * (i % n) / n;
            const double rr = wiggle ? r * (1.0 + 0.08 * std::sin(7 * a) + 0.01 * std::sin(53 * a)) : r;
            out += (i ? "," : "") + std::to_string(cx + rr * std::cos(a)) + " " + std::to_string(cy + rr * std::sin(a));
        }
        return out + ")";
    };
    std::vector<an::Feature> zones;
    std::vector<Geometry> zone_geometries;
    const double centres[3][2] = {{0, 0}, {600, 100}, {300, 500}};
    for (int z = 0; z < 3; ++z) {
        const std::string wkt = "POLYGON(" + ring(centres[z][0], centres[z][1], 500, 400, true) + "," +
                                ring(centres[z][0] + 200, centres[z][1] - 100, 60, 24, false) + ")";
        zones.push_back(zone(("z" + std::to_string(z)).c_str(), wkt.c_str()));
        zone_geometries.push_back(Geometry::from_wkt(wkt));
    }
    std::vector<const Geometry*> parts;
    for (const auto& g : zone_geometries) parts.push_back(&g);
    const Geometry all = foncier::geom::union_all(parts);
    std::vector<an::Site> sites;
    for (int k = 0; k < 300; ++k) {
        const double x = -400 + 1400 * unit(rng), y = -400 + 1300 * unit(rng), r = 20 + 120 * unit(rng);
        const std::string wkt = k % 2 ? "POLYGON(" + ring(x, y, r, 64, false) + ")"
                                      : "POLYGON((" + std::to_string(x - r) + " " + std::to_string(y - r / 2) + "," +
                                            std::to_string(x + r) + " " + std::to_string(y - r / 2) + "," +
                                            std::to_string(x + r) + " " + std::to_string(y + r / 2) + "," +
                                            std::to_string(x - r) + " " + std::to_string(y + r / 2) + "," +
                                            std::to_string(x - r) + " " + std::to_string(y - r / 2) + "))";
        sites.push_back(site(("s" + std::to_string(k)).c_str(), wkt.c_str()));
    }
    const auto shares = an::coverage_shares(sites, zones);
    std::size_t partly = 0;
    for (std::size_t k = 0; k < sites.size(); ++k) {
        const double expected = sites[k].geometry.intersection(all).area() / sites[k].geometry.area();
        EXPECT_NEAR(shares[k], expected, 1e-9) << sites[k].geometry.to_wkt();
        partly += expected > 0.01 && expected < 0.99 ? 1U : 0U;
    }
    EXPECT_GT(partly, 30u);
}

TEST(SiteShapes, SitesWithHolesAreMeasuredAsTheOverlayDoes) {
    // Parcels round an enclave (a hole), measured by their shell's convex pieces less the
    // hole's: the shares, the commune and the park are GEOS's; the distance too (by GEOS).
    std::vector<an::Site> sites;
    sites.push_back(site("ring", "POLYGON((0 0,100 0,100 100,0 100,0 0),(40 40,60 40,60 60,40 60,40 40))"));
    sites.push_back(site("u", "POLYGON((0 0,30 0,30 30,20 30,20 10,10 10,10 30,0 30,0 0),(2 2,4 2,4 4,2 4,2 2))"));
    const auto shapes = an::site_shapes(sites);
    EXPECT_FALSE(shapes.parts[0].empty());
    EXPECT_FALSE(shapes.holes[0].empty());
    EXPECT_FALSE(shapes.holes[1].empty());
    const char* zone_wkt[3][2] = {{"enclave", "POLYGON((42 42,58 42,58 58,42 58,42 42))"},      // in the hole only
                                  {"half", "POLYGON((50 -10,150 -10,150 200,50 200,50 -10))"},    // across the hole
                                  {"notch", "POLYGON((1 1,25 1,25 20,1 20,1 1))"}};               // across u's hole
    std::vector<an::Feature> zones;
    for (const auto& [id, wkt] : zone_wkt) {
        std::vector<an::Feature> one;
        one.push_back(zone(id, wkt));
        const auto shares = an::coverage_shares(sites, shapes, one);
        for (std::size_t k = 0; k < sites.size(); ++k) {
            const double expected = sites[k].geometry.intersection(one[0].geometry).area() / sites[k].geometry.area();
            EXPECT_NEAR(shares[k], expected, 1e-12) << id << " " << sites[k].site_id;
        }
        if (std::string(id) == "enclave") {
            EXPECT_EQ(shares[0], 0.0);  // exactly: the enclave is not the site's
        }
        zones.push_back(zone(id, wkt));
    }
    // Communes: the enclave commune holds none of the ring, the other one all of it.
    std::vector<an::Commune> communes(2);
    communes[0].insee = "00001";
    communes[0].geometry = Geometry::from_wkt(zone_wkt[0][1]);
    communes[1].insee = "00002";
    communes[1].geometry = Geometry::from_wkt("POLYGON((-10 -10,110 -10,110 110,-10 110,-10 -10),(42 42,58 42,58 58,42 58,42 42))");
    const auto a = an::assign_communes(sites, shapes, communes);
    ASSERT_TRUE(a[0].commune);
    EXPECT_EQ(*a[0].commune, 1u);
    EXPECT_EQ(a[0].n_communes, 1u);
    EXPECT_NEAR(a[0].inside_m2, sites[0].geometry.area(), 1e-9);
    const auto links = an::largest_zone(sites, shapes, zones);
    ASSERT_TRUE(links[0].zone);
    EXPECT_EQ(zones[*links[0].zone].id, "half");
    EXPECT_NEAR(links[0].share, 4800.0 / 9600.0, 1e-12);
    // A station in the hole: 2 m from the ring's inner border, not 0.
    std::vector<an::Feature> stations;
    stations.push_back(zone("st", "POINT(50 58)"));
    const auto nearest = an::nearest_features(sites, shapes, stations);
    EXPECT_NEAR(nearest[0].distance_m, 2.0, 1e-9);
}

TEST(SiteShapes, WorkedOutOnceAndCheckedAgainstTheSites) {
    std::vector<an::Site> sites;
    sites.push_back(site("rect", "POLYGON((0 0,100 0,100 50,0 50,0 0))"));
    sites.push_back(site("l", "POLYGON((0 0,100 0,100 10,10 10,10 100,0 100,0 0))"));  // concave
    const auto shapes = an::site_shapes(sites);
    ASSERT_EQ(shapes.boxes.size(), 2u);
    EXPECT_DOUBLE_EQ(shapes.boxes[1].maxy, 100.0);
    EXPECT_TRUE(shapes.convex[0].has_value());
    EXPECT_FALSE(shapes.convex[1].has_value());
    std::vector<an::Feature> zones;
    zones.push_back(zone("z", "POLYGON((50 -10,150 -10,150 200,50 200,50 -10))"));
    const auto shares = an::coverage_shares(sites, shapes, zones);
    EXPECT_NEAR(shares[0], 0.5, 1e-12);
    EXPECT_NEAR(shares[1], 500.0 / 1900.0, 1e-12);
    // Shapes of other sites are refused, not silently misread.
    std::vector<an::Site> one;
    one.push_back(site("rect", "POLYGON((0 0,100 0,100 50,0 50,0 0))"));
    EXPECT_THROW((void)an::coverage_shares(one, shapes, zones), std::logic_error);
    EXPECT_THROW((void)an::assign_communes(one, shapes, {}), std::logic_error);
}

TEST(LargestZone, SiteGoesToTheParkHoldingMostOfIt) {
    std::vector<an::Site> sites;
    sites.push_back(site("s", "POLYGON((0 0,100 0,100 100,0 100,0 0))"));
    sites.push_back(site("outside", "POLYGON((500 500,510 500,510 510,500 510,500 500))"));
    std::vector<an::Feature> parks;
    parks.push_back(zone("small", "POLYGON((-10 -10,30 -10,30 110,-10 110,-10 -10))"));   // 30 %
    parks.push_back(zone("large", "POLYGON((30 -10,110 -10,110 110,30 110,30 -10))"));    // 70 %
    const auto links = an::largest_zone(sites, parks);
    ASSERT_TRUE(links[0].zone);
    EXPECT_EQ(parks[*links[0].zone].id, "large");
    EXPECT_NEAR(links[0].share, 0.7, 1e-12);
    EXPECT_FALSE(links[1].zone);
}
