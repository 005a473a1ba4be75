#pragma once
// run.json: what went in (paths, sha256, counts, provenance, synthetic flags), what came
// out, the issues by kind and the stage timings.

#include <string>
#include <vector>

#include "foncier/pipeline/config.hpp"
#include "foncier/pipeline/load.hpp"
#include "foncier/pipeline/run.hpp"

namespace foncier::pipeline {

[[nodiscard]] std::string manifest_json(const TerritoryConfig& config, const std::vector<InputRecord>& inputs,
                                        const RunResult& result);

}  // namespace foncier::pipeline
