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
}  // namespace layer

/// Every output layer, in the order they are written to the GeoPackage.
[[nodiscard]] const std::vector<std::string>& layer_names();

/// Layers also written as GeoJSON and Shapefile (`measures`, a long attribute table kept
/// for re-scoring and auditing, lives in the GeoPackage only).
[[nodiscard]] bool exported(const std::string& layer_name);

/// Schema (no rows) of an output layer. Throws std::out_of_range for an unknown name.
[[nodiscard]] io::Table empty_table(const std::string& layer_name);

}  // namespace foncier::report
