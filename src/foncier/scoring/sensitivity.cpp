#include "foncier/scoring/sensitivity.hpp"

#include <cstdlib>

namespace foncier::scoring {

namespace {
std::string class_of(const Profile& p, const SiteScore& s) { return s.excluded ? "exclu" : classify(p, s.score()).name; }
}  // namespace

std::vector<SensitivityRow> sensitivity(const Results& baseline, const std::vector<Inputs>& sites,
                                        const std::vector<bool>& eligible) {
    std::vector<SensitivityRow> out;
    const Profile& profile = baseline.profile;
    for (std::size_t c = 0; c < profile.criteria.size(); ++c) {
        for (const double delta : {-profile.weight_step, profile.weight_step}) {
            const double weight = profile.criteria[c].weight + delta;
            if (weight <= 0.0) continue;
            Profile changed = profile;
            changed.criteria[c].weight = weight;
            const Results r = score_all(changed, sites, eligible, Detail::summary);  // classes and ranks only
            SensitivityRow row{profile.criteria[c].name, profile.criteria[c].weight, weight, 0, 0, 0};
            for (std::size_t s = 0; s < sites.size(); ++s) {
                if (class_of(changed, r.scores[s]) != class_of(profile, baseline.scores[s])) ++row.class_changes;
                if (r.ranks[s] && baseline.ranks[s]) {
                    const auto diff = static_cast<std::size_t>(
                        std::llabs(static_cast<long long>(*r.ranks[s]) - static_cast<long long>(*baseline.ranks[s])));
                    if (diff > row.max_rank_change) {
                        row.max_rank_change = diff;
                        row.moved_site = s;
                    }
                }
            }
            out.push_back(row);
        }
    }
    return out;
}

}  // namespace foncier::scoring
