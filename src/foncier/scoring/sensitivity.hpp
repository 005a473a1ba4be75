#pragma once
// How much a ranking depends on each weight: every criterion's weight is moved one step
// (the profile's weight_step) down and up, all sites are re-scored, and the changes in class
// and rank are counted.

#include <cstddef>
#include <string>
#include <vector>

#include "foncier/scoring/engine.hpp"

namespace foncier::scoring {

struct SensitivityRow {
    std::string criterion;
    double weight = 0.0;        ///< the profile's weight
    double new_weight = 0.0;    ///< weight ± step
    std::size_t class_changes = 0;    ///< sites whose class changed
    std::size_t max_rank_change = 0;  ///< largest |rank change| among ranked sites
    std::size_t moved_site = 0;       ///< index of the site with that largest change
};

/// Two rows per criterion (down, then up); "down" is skipped when it would reach weight 0.
[[nodiscard]] std::vector<SensitivityRow> sensitivity(const Results& baseline, const std::vector<Inputs>& sites,
                                                      const std::vector<bool>& eligible);

}  // namespace foncier::scoring
