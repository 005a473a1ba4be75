#pragma once
// Colours and class breaks of the atlas, chosen once here so that the maps (through the data
// files), the charts and the legends agree. Palettes: ColorBrewer-like ramps that stay
// distinct in grey scale and for the common colour-vision deficiencies; status colours
// follow Cartofriches so that planners recognise them.

#include <string>
#include <vector>

#include "foncier/scoring/profile.hpp"

namespace foncier::report::atlas {

struct Step {
    double min = 0.0;    ///< lowest value of the step (inclusive; the first step also takes less)
    std::string label;   ///< legend text
    std::string colour;
};

/// Colour of a score class: the profile's classes spread over a green (best) to red ramp;
/// "exclu" and unknown classes grey.
[[nodiscard]] std::string class_colour(const scoring::Profile& profile, const std::string& class_name);
/// Colour of a CNIG friche status (Cartofriches' palette).
[[nodiscard]] std::string status_colour(const std::string& statut);
/// The statuses in the order the charts and tables list them (known ones first).
[[nodiscard]] std::vector<std::string> status_order(std::vector<std::string> present);

/// Communes shaded by the hectares of friches they hold.
[[nodiscard]] const std::vector<Step>& friche_ha_steps();
/// Activity parks shaded by their vacancy rate (%).
[[nodiscard]] const std::vector<Step>& vacancy_steps();
/// The step of `value` (the last whose `min` <= value; the first for lower values).
[[nodiscard]] const Step& step_of(const std::vector<Step>& steps, double value);

/// Colours of the context layers (constraints, access) in order of appearance.
[[nodiscard]] std::string context_colour(std::size_t index, const std::string& kind);

}  // namespace foncier::report::atlas
