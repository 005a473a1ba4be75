#include <gtest/gtest.h>

#include "foncier/analysis/zae.hpp"

using foncier::geom::Geometry;
namespace an = foncier::analysis;

namespace {

an::Feature feature(const char* id, const char* wkt, std::map<std::string, std::string> attributes = {}) {
    return {id, id, Geometry::from_wkt(wkt), std::move(attributes)};
}

bool has(const foncier::IssueLog& log, const std::string& kind, const std::string& id) {
    for (const auto& i : log.issues()) {
        if (foncier::code(i.kind) == kind && i.feat_id == id) return true;
    }
    return false;
}

// Park A (0..100 x 0..100) and park B (100..200), a park C with no plots far away.
struct Fixture {
    std::vector<an::Feature> parks, plots, etabs;
    std::vector<an::Site> sites;
    std::vector<std::optional<std::size_t>> site_parks;
    Fixture() {
        parks.push_back(feature("A", "POLYGON((0 0,100 0,100 100,0 100,0 0))"));
        parks.push_back(feature("B", "POLYGON((100 0,200 0,200 100,100 100,100 0))"));
        parks.push_back(feature("C", "POLYGON((500 500,600 500,600 600,500 600,500 500))"));
        plots.push_back(feature("A1", "POLYGON((0 0,50 0,50 100,0 100,0 0))", {{"park", "A"}, {"etat", "occupé"}}));
        plots.push_back(feature("A2", "POLYGON((50 0,100 0,100 100,50 100,50 0))",
                                {{"park", "A"}, {"etat", "friche"}, {"commercialisation", "en vente"}}));
        // straddles A and B, declared in B: 20 x 100 in A
        plots.push_back(feature("B1", "POLYGON((80 0,150 0,150 100,80 100,80 0))",
                                {{"park", "B"}, {"etat", "vacant"}, {"commercialisation", "vendu, commercialisation achevée"}}));
        // no declared park: mostly in B
        plots.push_back(feature("B2", "POLYGON((150 0,200 0,200 100,150 100,150 0))", {{"etat", "inoccupé"},
                                {"commercialisation", "non commercialisé"}}));
        plots.push_back(feature("Z", "POLYGON((10 10,20 10,30 10,10 10))", {{"park", "A"}, {"etat", "occupé"}}));  // no area
        etabs.push_back(feature("on-edge", "POINT(50 50)", {{"actif", "oui"}}));   // A1/A2 boundary
        etabs.push_back(feature("closed", "POINT(25 50)", {{"actif", "non"}}));
        etabs.push_back(feature("lost", "POINT(300 300)", {{"actif", "oui"}}));
        an::Site friche;
        friche.site_id = "F1";
        friche.geometry = Geometry::from_wkt("POLYGON((10 10,30 10,30 30,10 30,10 10))");  // on A1 (occupé)
        sites.push_back(std::move(friche));
        site_parks = {0};
    }
    an::Zae run(an::VacancyRule rule, foncier::IssueLog& log) const {
        return an::zae_inventory(parks, plots, etabs, sites, site_parks, rule, log);
    }
};

}  // namespace

TEST(ZaeInventory, CountsUnitsVacancyAndAvailableLand) {
    Fixture fx;
    foncier::IssueLog log;
    const auto z = fx.run(an::VacancyRule::occupancy, log);
    // Park A: A1 (occupé), A2 (friche), Z (no area): 3 units, 1 vacant.
    EXPECT_EQ(z.parks[0].n_plots, 3u);
    EXPECT_EQ(z.parks[0].n_vacant, 1u);
    EXPECT_DOUBLE_EQ(*z.parks[0].tx_vacance, 33.3);
    EXPECT_DOUBLE_EQ(z.parks[0].dispo_m2, 5000.0);  // A2: friche and for sale
    // Park B: B1 (declared, vacant but sold) and B2 (found by geometry, inoccupé, not marketed).
    EXPECT_EQ(z.parks[1].n_plots, 2u);
    EXPECT_EQ(z.parks[1].n_vacant, 1u);
    EXPECT_EQ(z.parks[1].n_built, 1u);
    EXPECT_DOUBLE_EQ(z.parks[1].dispo_m2, 5000.0);  // B2 only: B1 is sold
    EXPECT_EQ(*z.plots[3].park, 1u);
    // Park C has no plots: no vacancy rate rather than 0 %.
    EXPECT_EQ(z.parks[2].n_plots, 0u);
    EXPECT_FALSE(z.parks[2].tx_vacance.has_value());
    EXPECT_EQ(z.parks[0].n_friches, 1u);
}

TEST(ZaeInventory, ReportsGeometryProblems) {
    Fixture fx;
    foncier::IssueLog log;
    const auto z = fx.run(an::VacancyRule::occupancy, log);
    EXPECT_TRUE(has(log, "plot_outside_park", "B1"));
    EXPECT_DOUBLE_EQ(z.plots[2].outside_m2, 2000.0);
    EXPECT_TRUE(has(log, "plots_overlap", "A2"));  // B1 overlaps A2 over 20 x 100
    EXPECT_TRUE(has(log, "empty_plot", "Z"));
    EXPECT_TRUE(has(log, "establishment_outside_plots", "lost"));
    EXPECT_FALSE(z.establishment_plot[2].has_value());
}

TEST(ZaeInventory, EstablishmentOnABoundaryIsCountedOnce) {
    Fixture fx;
    foncier::IssueLog log;
    const auto z = fx.run(an::VacancyRule::occupancy, log);
    EXPECT_EQ(z.establishment_plot[0], 0u);  // A1, the first plot covering the point
    EXPECT_EQ(z.plots[0].n_etab + z.plots[1].n_etab, 2u);
    EXPECT_EQ(z.parks[0].n_etab, 2u);
    EXPECT_EQ(z.plots[0].n_etab_active, 1u);  // the closed one does not count as active
}

TEST(ZaeInventory, VacancyByEstablishmentsRule) {
    Fixture fx;
    foncier::IssueLog log;
    const auto z = fx.run(an::VacancyRule::establishments, log);
    // A1 has an active establishment; A2 and Z have none.
    EXPECT_FALSE(z.plots[0].vacant);
    EXPECT_TRUE(z.plots[1].vacant);
    EXPECT_EQ(z.parks[0].n_vacant, 2u);
}

TEST(ZaeInventory, LinksFrichePlotsAndTheFrichesInventory) {
    Fixture fx;
    foncier::IssueLog log;
    const auto z = fx.run(an::VacancyRule::occupancy, log);
    ASSERT_EQ(z.plots[0].sites.size(), 1u);
    EXPECT_DOUBLE_EQ(z.plots[0].sites[0].second, 400.0);
    EXPECT_TRUE(has(log, "friche_plot_not_in_inventory", "A2"));  // friche plot, no site
    EXPECT_TRUE(has(log, "friche_on_non_friche_plot", "F1"));      // site on an occupied plot
}
