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

/// Field names other code reads back (screening, the atlas, diff): use these, never a
/// retyped literal, so that a renamed field fails to compile instead of silently reading null.
namespace field {
inline constexpr const char* site_id = "site_id";
inline constexpr const char* nom = "nom";
inline constexpr const char* insee = "insee";
inline constexpr const char* commune = "commune";
inline constexpr const char* epci = "epci";
inline constexpr const char* epci_nom = "epci_nom";
inline constexpr const char* siren = "siren";
inline constexpr const char* surf_m2 = "surf_m2";
inline constexpr const char* surf_ha = "surf_ha";
inline constexpr const char* score = "score";
inline constexpr const char* classe = "classe";
inline constexpr const char* park_id = "park_id";
inline constexpr const char* plot_id = "plot_id";
inline constexpr const char* vocation = "vocation";
inline constexpr const char* fret = "fret";
inline constexpr const char* occup = "occup";
inline constexpr const char* commerc = "commerc";
inline constexpr const char* dispo = "dispo";
// the `measures` table: one row per site and measure
inline constexpr const char* measure = "measure";
inline constexpr const char* etat = "etat";
inline constexpr const char* num = "num";
inline constexpr const char* texte = "texte";
}  // namespace field

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
