#pragma once
// `foncier score --input FILE`: scores sites described in a Mutafriches input file (their own
// field names, see ingest/mutafriches_input.hpp) with a profile, without a territory: an
// agency holding sites already described for Mutafriches scores the whole batch at once.
// `--usages` prints, per site, every use's index, the best use, the exclusions and fiab.

#include <string>

#include "foncier/pipeline/score.hpp"

namespace foncier::pipeline {

struct InputScoreOptions {
    std::string input;    ///< .json or .csv with Mutafriches' input field names
    std::string profile;  ///< profile file, or a bare name looked up in `profiles_dir`
    std::string profiles_dir = "geodata/profiles";
};

/// Every site of the file scored (all eligible, ranked among themselves). Throws ConfigError
/// for a bad file (naming the site, the field and the value) or a bad profile.
[[nodiscard]] ScoreResult score_input(const InputScoreOptions& options);

/// One line per site: site id, the index of every use (`x` after an excluded use's index),
/// the best use, fiab, and the exclusions with the rules that make them.
[[nodiscard]] std::string usages_table(const ScoreResult& result);

}  // namespace foncier::pipeline
