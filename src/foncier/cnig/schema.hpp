#pragma once
// The CNIG standards as Frictionless Table Schemas: CNIG Friches v1.0.6 and the four classes
// of CNIG Sites Économiques v1.0.1, embedded from geodata/standards/cnig/ (copied unchanged
// from cnigfr/schema-friches and cnigfr/schema-sites-economiques, Licence Ouverte 2.0).

#include <optional>
#include <string>
#include <vector>

namespace foncier::cnig {

enum class Standard { friches, site_eco, terrain_eco, etablissement, pole_eco };

[[nodiscard]] const char* to_string(Standard s) noexcept;  ///< "friches", "site-eco", ...
[[nodiscard]] std::optional<Standard> standard_from_name(const std::string& name);

struct Field {
    std::string name;
    std::string title;
    std::string type;    ///< string, integer, number, date, geojson, geopoint
    std::string format;  ///< "%Y-%m-%d", "%Y", "uri", "email", ...
    bool required = false;
    std::vector<std::string> enumeration;  ///< allowed values, empty when free
    std::string pattern;                   ///< Table Schema regex, empty when none
};

struct TableSchema {
    Standard standard = Standard::friches;
    std::string name;
    std::string version;
    std::vector<Field> fields;  ///< in the standard's column order
    std::vector<std::string> missing_values;
    std::string primary_key;

    [[nodiscard]] const Field* field(const std::string& name) const noexcept;
};

/// The embedded schema of a standard.
[[nodiscard]] const TableSchema& schema(Standard s);

/// The standard whose fields best match these column names (at least half of its required
/// fields present), or nullopt.
[[nodiscard]] std::optional<Standard> guess_standard(const std::vector<std::string>& columns);

/// Official 10-character shapefile names of CNIG Friches (standard §6.1). SOLPOLEXIST has 11
/// characters in the standard: we write SOLPOLEXIS, what every DBF writer truncates it to;
/// urba_zaer has none: we write URBAZAER.
[[nodiscard]] std::string friches_shapefile_name(const std::string& field);

/// Cartofriches v1 legacy column names -> CNIG Friches names (standard §6.1).
[[nodiscard]] const std::vector<std::pair<std::string, std::string>>& friches_legacy_names();

}  // namespace foncier::cnig
