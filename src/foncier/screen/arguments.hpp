#pragma once
// The screening options as users type them on a command line (--min, --near, --near-layer
// and the shortcut filters), parsed into QueryOptions. In the library, not the CLI, so that
// every front end reads them alike and they are unit-tested.

#include <string>
#include <utility>

#include "foncier/screen/query.hpp"

namespace foncier::screen {

/// "FIELD=NUMBER" (--min, --max). Throws ConfigError naming the text.
[[nodiscard]] std::pair<std::string, double> parse_bound(const std::string& text);

/// "LON,LAT:METRES" (--near): WGS 84 degrees (lon in [-180, 180], lat in [-90, 90]) and a
/// finite radius > 0 in metres. Throws ConfigError naming the text and the expected form.
[[nodiscard]] std::pair<XY, double> parse_near(const std::string& text);

/// "LAYER[:NAME]:METRES" (--near-layer), radius finite and > 0. Throws ConfigError.
[[nodiscard]] QueryOptions::NearLayer parse_near_layer(const std::string& text);

/// The shortcut filters of `foncier query`: each non-empty one becomes a field equality.
struct Shortcuts {
    std::string statut, type, classe;
    std::string epci;     ///< SIREN (digits) or name
    std::string commune;  ///< INSEE code (digits, 2A/2B) or name
};
void add_shortcuts(const Shortcuts& shortcuts, QueryOptions& options);

}  // namespace foncier::screen
