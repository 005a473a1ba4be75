#pragma once
// Sites already described for Mutafriches (ADEME), read from a file that uses Mutafriches' own
// evaluation input field names, so that a batch can be scored with the mutafriches-1.19
// profile without any GIS layer. Two forms:
//  - JSON: an array of sites, or { "sites": [...] }; each site either flat
//    ({ "id": "...", "surfaceSite": 12000, ... }) or as Mutafriches' evaluation input
//    ({ "id": "...", "donneesEnrichies": {...}, "donneesComplementaires": {...} });
//  - CSV (',' or ';', UTF-8, optional BOM): a header of field names, one site per line.
// Mutafriches' meaning of a missing value is kept: a field left out (an empty CSV cell) is
// unknown; null (the CSV text `null`) is "searched, none found", except for the enriched
// categorical fields, which Mutafriches itself turns back into unknown; "ne-sait-pas" is
// unknown. raccordementEau is not read: Mutafriches derives it from surfaceBati, and so does
// the profile. Units as Mutafriches: m2, metres, percent.

#include <string>
#include <vector>

#include "foncier/scoring/inputs.hpp"

namespace foncier::ingest {

struct MutafrichesSite {
    std::string id;           ///< `id`, else `identifiantParcelle`, else "site-<n>"
    std::string where;        ///< "line 3" (CSV) or "site 3" (JSON), for messages
    scoring::Inputs inputs;   ///< measures named after Mutafriches' fields
};

/// Reads a Mutafriches input file (.json or .csv). Throws ConfigError naming the file, the
/// site, the field and the value for a field Mutafriches does not have, a number or a
/// true/false that does not parse, or a duplicate site id.
[[nodiscard]] std::vector<MutafrichesSite> read_mutafriches_input(const std::string& path);

/// The Mutafriches input fields read (31 criteria; raccordementEau is derived).
[[nodiscard]] const std::vector<std::string>& mutafriches_input_fields();

}  // namespace foncier::ingest
