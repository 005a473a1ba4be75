#pragma once
// Typed measures read from any source field, declared in the territory config:
//
//   [friches.measures]
//   surfaceBati = { field = "bati_surface", type = "number", unit = "m2" }
//   siteEnQpv   = { field = "qpv", type = "boolean" }
//   typeProprietaire = { field = "proprio", type = "enumeration",
//                        values = { "Commune" = "public", "SCI" = "prive" } }
//
// and the same under [communes.measures] (each site takes its commune's value, e.g. a
// vacancy rate). A measure given for the site comes before the one foncier computes from a
// layer (prefer = "computed" reverses it); run.json and explain say which was used.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "foncier/core/value.hpp"
#include "foncier/scoring/inputs.hpp"

namespace foncier::ingest {

enum class MeasureType { number, integer, boolean, text, enumeration };

struct MeasureSpec {
    std::string name;   ///< the measure (a profile's `measure`), e.g. "surfaceBati"
    std::string field;  ///< the source field
    MeasureType type = MeasureType::text;
    std::string unit;   ///< number / integer: the source's unit (m2, ha, m, km, percent, ratio)
    double scale = 1.0; ///< source unit -> foncier's unit (m2, m, percent)
    std::map<std::string, std::string> values;  ///< enumeration: source value -> measure value
    std::vector<std::string> none_found;        ///< source values meaning "searched, none found"
    std::vector<std::string> unknown;           ///< source values meaning "nobody knows"
    bool prefer_computed = false;               ///< a value computed from a layer wins
    int line = 0;
};

/// The measure for one raw source value. An empty value is unknown; a value that does not
/// parse (or an enumeration value not in the map) gives nullopt and `error` says why.
[[nodiscard]] std::optional<scoring::Input> typed_measure(const MeasureSpec& spec, const Value& raw,
                                                          std::string& error);

}  // namespace foncier::ingest
