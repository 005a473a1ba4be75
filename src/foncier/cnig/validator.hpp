#pragma once
// `foncier validate`: checks a table against a CNIG standard — the Table Schema rules
// (required fields, types, exact enumerations, patterns checked token by token), the rules
// the schemas cannot express (date order, id prefixes, unique ids, SIRET keys), and the
// geometry rules (parseable WKT or GeoJSON, plausible coordinates, swapped axes, overlaps,
// probable duplicates, the commune at the site's location).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "foncier/analysis/model.hpp"
#include "foncier/cnig/schema.hpp"
#include "foncier/core/issue.hpp"

namespace foncier::cnig {

struct Problem {
    std::string rule;      ///< stable id, e.g. "value.enum", "geom.axis_order"
    Severity severity = Severity::error;
    std::size_t line = 0;  ///< line of the file (header = 1); 0 for the whole file
    std::string row_id;    ///< the row's primary key when it has one
    std::string field;
    std::string value;
    std::string message;
    std::string fix;
    std::optional<XY> location;  ///< EPSG:2154, when the row has a geometry
};

struct Dialect {
    bool csv = false;
    bool bom = false;
    char separator = ',';
    std::string line_ending;  ///< "CRLF", "LF", "CR" (classic Mac OS), "no" (one line), "mixed (CRLF, LF)"
    std::string encoding = "UTF-8";
};

struct Report {
    std::string path;
    Standard standard = Standard::friches;
    std::string version;
    std::size_t rows = 0;
    Dialect dialect;
    std::vector<Problem> problems;
    [[nodiscard]] std::size_t count(Severity s) const;
    [[nodiscard]] bool valid() const { return count(Severity::error) == 0; }
};

struct ValidateOptions {
    std::optional<Standard> standard;  ///< DEFAULT: guessed from the columns
    std::string crs;                   ///< declared CRS of the geometries; DEFAULT: guessed per value
    /// Communes (EPSG:2154) for the "commune at the site's location" rule; empty = rule skipped.
    const std::vector<analysis::Commune>* communes = nullptr;
};

/// Throws IoError when the file cannot be read, ConfigError when no standard fits.
[[nodiscard]] Report validate(const std::string& path, const ValidateOptions& options = {});

/// The rules, with a one-line description each (for --help and the documentation).
[[nodiscard]] const std::vector<std::pair<std::string, std::string>>& rules();

/// Human report grouped by rule, with line numbers and fixes.
[[nodiscard]] std::string format_text(const Report& report);
/// The same as JSON.
[[nodiscard]] std::string format_json(const Report& report);

}  // namespace foncier::cnig
