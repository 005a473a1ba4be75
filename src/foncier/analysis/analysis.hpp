#pragma once
// The analysis stage as one call: territory in, every spatial result out.

#include <optional>
#include <vector>

#include "foncier/analysis/aggregate.hpp"
#include "foncier/analysis/assign.hpp"
#include "foncier/analysis/joins.hpp"
#include "foncier/analysis/model.hpp"
#include "foncier/analysis/zae.hpp"
#include "foncier/core/issue.hpp"

namespace foncier::analysis {

struct Territory {
    std::vector<Commune> communes;  ///< ascending INSEE
    std::vector<Site> sites;        ///< ascending site_id
    std::vector<Station> stations;
    bool stations_layer = false;            ///< a station layer was configured (even if empty)
    std::vector<ContextLayer> constraints;  ///< polygon layers: overlap shares
    std::vector<ContextLayer> access;       ///< point layers: nearest distances
    std::optional<ContextLayer> parks;      ///< activity parks (CNIG SITE-ECO): site -> park
    std::optional<ContextLayer> plots;      ///< land units (TERRAIN-ECO)
    std::optional<ContextLayer> establishments;  ///< ETABLISSEMENT points
};

struct Options {
    VacancyRule vacancy_rule = VacancyRule::occupancy;
};

struct Analysis {
    Territory territory;
    std::vector<Epci> epcis;                  ///< ascending SIREN
    std::vector<Assignment> assignments;      ///< per site
    std::vector<Nearest> nearest;             ///< per site: nearest station
    std::vector<std::vector<double>> constraint_shares;  ///< [constraint layer][site], 0..1
    std::vector<std::vector<Nearest>> access_nearest;    ///< [access layer][site]
    std::vector<ZoneLink> park_links;                    ///< per site (empty without parks)
    std::optional<Zae> zae;                              ///< with parks and plots
    std::vector<std::optional<std::size_t>> park_commune;  ///< per park: commune holding most of it
    std::vector<Totals> commune_totals;       ///< per commune
    std::vector<Totals> epci_totals;          ///< per EPCI
    std::vector<std::size_t> epci_of_commune; ///< per commune: index into epcis
    /// Per site: the footprint's area, m² (GEOS walks the geometry for each request: worked
    /// out once for the totals, the measures and the output tables).
    std::vector<double> site_area_m2;
};

/// Data problems found by the analysis (plots outside their park, ...) go to `sink`.
/// The site joins (commune, nearest, overlap shares, park links) go through `joins`.
[[nodiscard]] Analysis analyse(Territory territory, const Options& options, IssueSink& sink, SpatialJoins& joins);

/// Same, with the in-process joins.
[[nodiscard]] Analysis analyse(Territory territory, const Options& options, IssueSink& sink);

}  // namespace foncier::analysis
