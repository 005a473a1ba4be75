#pragma once
// `foncier explain`: one site's score as a table a planner can read, every criterion with its
// value, impact, weight, contribution, and why a value is unknown.

#include <string>

#include "foncier/scoring/engine.hpp"

namespace foncier::scoring {

struct SiteHeader {
    std::string site_id;
    std::string nom;
    std::string place;  ///< "Pompey (CC du Bassin de Pompey)"
    std::optional<std::size_t> rank;
    std::size_t ranked = 0;  ///< number of ranked sites in the territory
};

[[nodiscard]] std::string explain(const Profile& profile, const SiteScore& score, const SiteHeader& header);

}  // namespace foncier::scoring
