#pragma once
// The spatial joins of the analysis behind one interface: by default they run in process
// (R-tree candidates, exact GEOS refinement, both cores); the postgis module provides the
// same joins as SQL on a PostGIS server (`foncier run --engine postgis`). Everything else in
// the analysis (EPCI dissolve, ZAE inventory, totals) is computed in process either way.

#include <vector>

#include "foncier/analysis/assign.hpp"
#include "foncier/analysis/model.hpp"

namespace foncier::analysis {

class SpatialJoins {
public:
    SpatialJoins() = default;
    SpatialJoins(const SpatialJoins&) = delete;
    SpatialJoins& operator=(const SpatialJoins&) = delete;
    SpatialJoins(SpatialJoins&&) = delete;
    SpatialJoins& operator=(SpatialJoins&&) = delete;
    virtual ~SpatialJoins() = default;

    /// Name recorded in run.json ("local", "postgis").
    [[nodiscard]] virtual const char* name() const noexcept = 0;
    /// Same contracts as the free functions of assign.hpp.
    [[nodiscard]] virtual std::vector<Assignment> assign_communes(const std::vector<Site>& sites,
                                                                  const std::vector<Commune>& communes) = 0;
    [[nodiscard]] virtual std::vector<Nearest> nearest_features(const std::vector<Site>& sites,
                                                                const std::vector<Feature>& features) = 0;
    [[nodiscard]] virtual std::vector<double> coverage_shares(const std::vector<Site>& sites,
                                                              const std::vector<Feature>& zones) = 0;
    [[nodiscard]] virtual std::vector<ZoneLink> largest_zone(const std::vector<Site>& sites,
                                                             const std::vector<Feature>& zones) = 0;
};

/// The in-process joins (assign.hpp).
class LocalJoins final : public SpatialJoins {
public:
    [[nodiscard]] const char* name() const noexcept override { return "local"; }
    [[nodiscard]] std::vector<Assignment> assign_communes(const std::vector<Site>& sites,
                                                          const std::vector<Commune>& communes) override {
        return analysis::assign_communes(sites, shapes(sites), communes);
    }
    [[nodiscard]] std::vector<Nearest> nearest_features(const std::vector<Site>& sites,
                                                        const std::vector<Feature>& features) override {
        return analysis::nearest_features(sites, shapes(sites), features);
    }
    [[nodiscard]] std::vector<double> coverage_shares(const std::vector<Site>& sites,
                                                      const std::vector<Feature>& zones) override {
        return analysis::coverage_shares(sites, shapes(sites), zones);
    }
    [[nodiscard]] std::vector<ZoneLink> largest_zone(const std::vector<Site>& sites,
                                                     const std::vector<Feature>& zones) override {
        return analysis::largest_zone(sites, shapes(sites), zones);
    }

private:
    // The shapes of the sites last joined, kept for the next joins of the same sites: an
    // analysis joins its sites to the communes, the stations and each constraint layer. Keyed
    // by address and size, as the postgis engine keys its uploads: the joins' inputs are not
    // modified while the analysis runs.
    const SiteShapes& shapes(const std::vector<Site>& sites) {
        if (m_sites != &sites || m_shapes.boxes.size() != sites.size()) {
            m_shapes = site_shapes(sites);
            m_sites = &sites;
        }
        return m_shapes;
    }
    const std::vector<Site>* m_sites = nullptr;
    SiteShapes m_shapes;
};

}  // namespace foncier::analysis
