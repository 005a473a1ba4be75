#pragma once
// Output tables of the ZAE inventory: parks, plots, the friche <-> park crosswalk, the
// per-EPCI inventory files, and the parks totals of the epci layer.

#include <map>
#include <string>
#include <vector>

#include "foncier/analysis/analysis.hpp"
#include "foncier/io/table.hpp"

namespace foncier::report {

/// SIREN of the EPCI a park belongs to: its declared `epci`, else the EPCI of the commune
/// holding most of it; "" when neither is known.
[[nodiscard]] std::string park_epci(const analysis::Analysis& a, std::size_t park);

[[nodiscard]] io::Table parks_table(const analysis::Analysis& a);
[[nodiscard]] io::Table plots_table(const analysis::Analysis& a);
[[nodiscard]] io::Table crosswalk_table(const analysis::Analysis& a);

/// One table per EPCI having parks, named zae_inventory_<siren>, one row per park.
[[nodiscard]] std::vector<io::Table> zae_inventories(const analysis::Analysis& a);

/// The parks fields of the epci layer (n_parks .. dispo_ha), by EPCI SIREN (one pass over the parks).
[[nodiscard]] std::map<std::string, std::vector<Value>> epci_park_values(const analysis::Analysis& a);

}  // namespace foncier::report
