#pragma once
// The tables of the territory and EPCI pages: the sites (sortable and filterable by
// atlas.js, readable without it), the communes of an EPCI and its ZAE inventory.

#include <string>

#include "foncier/report/atlas/page.hpp"

namespace foncier::report::atlas {

[[nodiscard]] std::string sites_table(const Model& model, const Scope& scope);
[[nodiscard]] std::string communes_table(const Model& model, const Scope& scope);
/// The EPCI's zae_inventory_<siren>.csv as a table (art. L318-8-2 of the code de l'urbanisme).
[[nodiscard]] std::string zae_table(const Model& model, const Scope& scope);
/// The EPCI of the territory with their figures and links to their pages.
[[nodiscard]] std::string epci_table(const Model& model);

}  // namespace foncier::report::atlas
