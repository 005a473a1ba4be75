#pragma once
// The output contract: layer names and field names, defined once. Styles, tests and users
// rely on these names; every name is lower-case ASCII of at most 10 characters so that the
// GeoPackage, the GeoJSON and the Shapefile carry exactly the same fields.

#include <string>
#include <vector>

#include "foncier/io/table.hpp"

namespace foncier::report {

namespace layer {
inline constexpr const char* sites = "sites";
inline constexpr const char* sites_pt = "sites_pt";
inline constexpr const char* communes = "communes";
inline constexpr const char* epci = "epci";
inline constexpr const char* issues = "issues";
inline constexpr const char* measures = "measures";
inline constexpr const char* parks = "parks";
inline constexpr const char* plots = "plots";
inline constexpr const char* crosswalk = "crosswalk";
// `foncier diff` (diff.gpkg)
inline constexpr const char* changes = "changes";
inline constexpr const char* communes_delta = "communes_delta";
inline constexpr const char* epci_delta = "epci_delta";
inline constexpr const char* transitions = "transitions";
}  // namespace layer

/// Every output layer, in the order they are written to the GeoPackage.
[[nodiscard]] const std::vector<std::string>& layer_names();

/// The layers of `foncier diff` (diff.gpkg), in the order they are written: changes,
/// communes_delta, epci_delta, transitions (no geometry).
[[nodiscard]] const std::vector<std::string>& diff_layer_names();

/// Layers also written as GeoJSON and Shapefile (the attribute tables `measures` and
/// `crosswalk` live in the GeoPackage, the crosswalk also as CSV).
[[nodiscard]] bool exported(const std::string& layer_name);

/// Schema (no rows) of an output layer of `run` or `diff`. Throws std::out_of_range for an unknown name.
[[nodiscard]] io::Table empty_table(const std::string& layer_name);

/// Schema of the per-EPCI ZAE inventory (L318-8-2), CNIG SITE-ECO column names.
[[nodiscard]] io::Table zae_inventory_table(const std::string& epci_siren);

}  // namespace foncier::report
