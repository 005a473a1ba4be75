#pragma once
// One site's sheet: identity, a map of the site and its surroundings, surfaces, access,
// score with its criteria (the numbers of `foncier explain`), data issues, and what missing
// information would move its class. Printed, it fills one A4 page.

#include <string>

#include "foncier/report/atlas/model.hpp"

namespace foncier::report::atlas {

/// The sheet of `site`; its map data is in data/sites/<stem>.js (site_data_js).
[[nodiscard]] std::string site_sheet(const Model& model, std::size_t site);

/// What knowing each unknown criterion could do to the site's class, in French sentences
/// (one per criterion that could move it); empty when nothing is unknown or no scores.
[[nodiscard]] std::vector<std::string> what_would_move(const Model& model, std::size_t site);

}  // namespace foncier::report::atlas
