#pragma once
// Reads the territory's datasets and turns them into the analysis model: communes with their
// EPCI, sites with a footprint, stations. Data problems become Issues.

#include <cstddef>
#include <string>
#include <vector>

#include "foncier/analysis/analysis.hpp"
#include "foncier/core/issue.hpp"
#include "foncier/core/progress.hpp"
#include "foncier/ingest/config.hpp"

namespace foncier::ingest {

/// What run.json records about an input.
struct InputRecord {
    std::string role;  ///< communes, membership, friches, stations
    DatasetSpec dataset;
    std::string sha256;         ///< of the file actually read
    std::size_t features = 0;   ///< features read (after the config's filter)
};

struct Loaded {
    analysis::Territory territory;
    std::vector<InputRecord> inputs;
    double read_s = 0.0;       ///< time spent reading files, s
    double normalise_s = 0.0;  ///< time spent normalising, s
};

/// Throws ConfigError / IoError for problems that stop the run (missing file, missing INSEE
/// field, no CRS, no commune left).
[[nodiscard]] Loaded load_inputs(const TerritoryConfig& config, IssueSink& sink, Progress& progress);

}  // namespace foncier::ingest
