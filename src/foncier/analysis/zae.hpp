#pragma once
// The legal ZAE inventory (code de l'urbanisme art. L318-8-2) computed from the CNIG Sites
// Économiques classes: per activity park (SITE-ECO) its land units (TERRAIN-ECO), their
// occupancy, the vacancy rate, the available land, the establishments (ETABLISSEMENT), and
// the links between the parks' `friche` plots and the friches inventory.
//
// Roles read from the features' attributes: parks `vocation`, `etat`, `epci`, `epci_nom`,
// `surf_utile` (ha), `date`; plots `park` (declared parent), `etat` (terr_etat_occup),
// `commercialisation` (terr_stade_comm), `date`; establishments `plot` (declared terr_id,
// pipe list), `actif` (oui/non).

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "foncier/analysis/model.hpp"
#include "foncier/core/issue.hpp"

namespace foncier::analysis {

/// How a land unit is counted vacant for `tx_vacance`.
enum class VacancyRule {
    occupancy,      ///< terr_etat_occup is `vacant` or `friche` (the CNIG fields)
    establishments  ///< no active establishment lies on it (what SIRENE tells)
};

[[nodiscard]] const char* to_string(VacancyRule r) noexcept;

struct PlotResult {
    std::optional<std::size_t> park;  ///< declared parent when it exists, else largest overlap
    double area_m2 = 0.0;
    double outside_m2 = 0.0;          ///< part outside its park, m²
    std::size_t n_etab = 0;           ///< establishments on the plot
    std::size_t n_etab_active = 0;
    bool vacant = false;              ///< under the chosen rule
    bool built = false;               ///< ever occupied (state other than `inoccupé`)
    bool available = false;           ///< counts in dispo_ha
    std::vector<std::pair<std::size_t, double>> sites;  ///< friches overlapping the plot: (site, m²)
};

struct ParkResult {
    std::size_t n_plots = 0;
    std::size_t n_vacant = 0;
    std::size_t n_built = 0;
    std::size_t n_etab = 0;
    std::size_t n_friches = 0;             ///< sites whose largest park is this one
    double surf_m2 = 0.0;                  ///< gross surface from the geometry, m²
    double dispo_m2 = 0.0;                 ///< available surface, m²
    std::optional<double> tx_vacance;      ///< %, one decimal; nullopt without plots
};

struct Zae {
    VacancyRule rule = VacancyRule::occupancy;
    std::vector<ParkResult> parks;          ///< per park
    std::vector<PlotResult> plots;          ///< per plot
    std::vector<std::optional<std::size_t>> establishment_plot;  ///< per establishment
};

/// `site_parks`: for each site, the park holding the largest part of it (from largest_zone).
/// Problems (plots crossing their park's boundary, plots overlapping each other, a declared
/// parent that does not exist, establishments outside any plot, `friche` plots with no site
/// in the friches inventory and inventory sites lying on no `friche` plot) go to `sink`.
[[nodiscard]] Zae zae_inventory(const std::vector<Feature>& parks, const std::vector<Feature>& plots,
                                const std::vector<Feature>& establishments, const std::vector<Site>& sites,
                                const std::vector<std::optional<std::size_t>>& site_parks, VacancyRule rule,
                                IssueSink& sink);

}  // namespace foncier::analysis
