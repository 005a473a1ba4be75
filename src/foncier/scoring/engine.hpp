#pragma once
// The scoring engine: a profile and a site's inputs in, an explained score out. Pure C++,
// no GIS types, so it is tested with plain tables.
//
// Per use u, over the criteria whose value is known and scored:
//   impact s, weight w;  neutral: mutafriches adds w/2 to both A and C, pure adds nothing;
//   s > 0: A += s·w;  s < 0: C += |s|·w.
//   index = round(1000·A/(A+C))/10 %  (mutafriches: 0 when A+C = 0; pure: 50, "no evidence");
//   mean aggregation: index = 50 + 25·(A − C)/W, W the weight of the scored criteria, so
//   every criterion at ++ gives 100, every one at −− gives 0, all neutral 50.
// Reliability (fiab) = round(20·known weight/total weight)/2, 0..10 by half points, where a
// value counts as known when it is known or "searched, none found"; "not applicable"
// criteria leave both sums.

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "foncier/scoring/inputs.hpp"
#include "foncier/scoring/profile.hpp"

namespace foncier::scoring {

struct CriterionResult {
    const Criterion* criterion = nullptr;
    Input input;                  ///< as given (unknown when the measure is missing)
    bool scored = false;          ///< an impact was applied
    std::vector<Impact> impacts;  ///< per use, when scored
    std::string matched;          ///< band or category that matched, in words
    std::string why;              ///< why not scored: unknown, not applicable, value not in the profile
};

struct UseResult {
    std::string use;
    double advantages = 0.0;   ///< A
    double constraints = 0.0;  ///< C
    double index = 0.0;        ///< 0..100, one decimal
    double index_min = 0.0;    ///< every unknown criterion at its worst impact
    double index_max = 0.0;    ///< every unknown criterion at its best impact
    std::vector<std::string> exclusions;  ///< labels of the rules that exclude this use
    [[nodiscard]] bool excluded() const noexcept { return !exclusions.empty(); }
};

struct SiteScore {
    std::vector<UseResult> uses;  ///< profile order
    std::size_t best = 0;         ///< index into uses: highest index among non-excluded uses
    bool excluded = false;        ///< every use is excluded
    double reliability = 0.0;     ///< fiab, 0..10
    std::vector<CriterionResult> criteria;  ///< profile order (empty when scored with Detail::summary)
    std::string motifs;                     ///< motifs(*this), set by score_site and score_all

    [[nodiscard]] const UseResult& best_use() const { return uses[best]; }
    [[nodiscard]] double score() const { return uses[best].index; }
};

[[nodiscard]] SiteScore score_site(const Profile& profile, const Inputs& inputs);

/// Class of a score (profile thresholds), e.g. "A".
[[nodiscard]] const ClassThreshold& classify(const Profile& profile, double score);

/// Rank 1 = highest score; ties broken by the higher score_max, then the lower position.
/// Excluded sites (and those with `eligible[i] == false`) get no rank.
[[nodiscard]] std::vector<std::optional<std::size_t>> rank(const std::vector<SiteScore>& scores,
                                                           const std::vector<bool>& eligible);

/// Where a criterion's measure came from, counted over the sites (run.json's
/// "measure_origins"): given for the site, computed from a layer, or unknown (missing).
struct OriginCounts {
    std::size_t site = 0, computed = 0, unknown = 0;
};

/// Scores of every site under one profile, with territory ranks.
struct Results {
    Profile profile;
    std::vector<SiteScore> scores;                  ///< per site
    std::vector<std::optional<std::size_t>> ranks;  ///< per site; none when excluded or not eligible
    std::vector<OriginCounts> origins;              ///< per criterion (score_all); empty otherwise
};

/// What score_all keeps of each site's criteria.
enum class Detail {
    criteria,  ///< every CriterionResult (explain, sensitivity)
    summary    ///< none: the uses, reliability and motifs only. Each site's criteria copy its
               ///< inputs, a sizeable share of a national run's peak memory otherwise.
};

/// Scores every site; only `eligible` sites (e.g. inside the territory) are ranked.
[[nodiscard]] Results score_all(Profile profile, const std::vector<Inputs>& sites, const std::vector<bool>& eligible,
                                Detail detail = Detail::criteria);

/// The three strongest contributions for the best use, in words:
/// "+ surface 4.2 ha; + in activity park; − 38 % in flood zone".
[[nodiscard]] std::string motifs(const SiteScore& score, std::size_t count = 3);

/// A value in words with the criterion's format ("4.2 ha", "38 %", "friche sans projet").
[[nodiscard]] std::string format_value(const Criterion& criterion, const Input& input);

}  // namespace foncier::scoring
