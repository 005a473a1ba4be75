#pragma once
// Key figures and charts of a territory or EPCI page.

#include <string>
#include <vector>

#include "foncier/report/atlas/page.hpp"

namespace foncier::report::atlas {

/// The sites a page counts: every site of the EPCI, or of the territory (inside it).
[[nodiscard]] std::vector<std::size_t> sites_in(const Model& model, const Scope& scope);
/// Indexes of the parks, and of the communes, of the scope (every one for the territory).
[[nodiscard]] std::vector<std::size_t> parks_in(const Model& model, const Scope& scope);
[[nodiscard]] std::vector<std::size_t> communes_in(const Model& model, const Scope& scope);

/// Cards (sites, hectares, parks, land units, vacancy, available hectares, issues) and the
/// hectares by status and class.
[[nodiscard]] std::string key_figures(const Model& model, const Scope& scope);

/// Hectares by EPCI (or commune) and status, scores by class, the first 20 of the ranking,
/// vacancy by park: inline SVG.
[[nodiscard]] std::string charts(const Model& model, const Scope& scope);

}  // namespace foncier::report::atlas
