#pragma once
// The French words of the atlas for the machine names of the outputs: issue kinds and what to
// do about them, impacts, input states, aggregation methods, criterion values and bands.

#include <string>

#include "foncier/scoring/engine.hpp"

namespace foncier::report::atlas {

struct IssueKindText {
    std::string title;   ///< "Commune déclarée différente de la commune de l'emprise"
    std::string action;  ///< what to do, in French
};
/// Known kinds in French; an unknown kind gets its machine name and a generic action.
[[nodiscard]] IssueKindText issue_kind_text(const std::string& kind);
[[nodiscard]] std::string severity_text(const std::string& severity);

/// "très favorable (++)", ..., for an impact.
[[nodiscard]] std::string impact_text(scoring::Impact impact);
/// Short form for tables: "++", "+", "0", "−", "−−".
[[nodiscard]] std::string impact_symbol(scoring::Impact impact);
[[nodiscard]] std::string state_text(scoring::State state);
/// How the profile aggregates, in a sentence.
[[nodiscard]] std::string aggregation_text(const scoring::Profile& profile);
/// A criterion's value in French units ("4,2 ha", "38 %", "friche sans projet").
[[nodiscard]] std::string criterion_value(const scoring::Criterion& criterion, const scoring::Input& input);
/// A number of the criterion's measure in its display unit ("0,5 ha" for 5 000 m²).
[[nodiscard]] std::string criterion_number(const scoring::Criterion& criterion, double value);
/// A band in words: "moins de 0,5 ha", "jusqu'à 0 %", "au-delà".
[[nodiscard]] std::string band_text(const scoring::Criterion& criterion, std::size_t band);
/// The engine's notes on a measure or on why a criterion is not scored (English, for the
/// command line), in French: "nearest feature of stations" -> "objet le plus proche (stations)".
[[nodiscard]] std::string note_text(const std::string& note);
/// Decimal points between digits made commas ("4.2 ha" -> "4,2 ha"): the engine's motifs.
[[nodiscard]] std::string french_decimals(const std::string& text);
/// Points a criterion adds for an impact, as `foncier explain` prints them ("+3,00", "±0,75").
[[nodiscard]] std::string points_text(const scoring::Profile& profile, scoring::Impact impact, double weight);

}  // namespace foncier::report::atlas
