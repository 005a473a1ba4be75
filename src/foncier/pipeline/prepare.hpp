#pragma once
// Everything before writing: read, normalise, analyse, compute the scoring measures and,
// when a profile is given, score. `run`, `score` and `explain` share it.

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "foncier/analysis/analysis.hpp"
#include "foncier/core/issue.hpp"
#include "foncier/core/progress.hpp"
#include "foncier/ingest/config.hpp"
#include "foncier/ingest/load.hpp"
#include "foncier/scoring/engine.hpp"

namespace foncier::pipeline {

struct Prepared {
    std::vector<ingest::InputRecord> inputs;
    analysis::Analysis analysis;
    std::vector<scoring::Inputs> measures;  ///< per site
    std::vector<bool> in_territory;         ///< per site
    std::optional<scoring::Results> scoring;
    double read_s = 0.0, normalise_s = 0.0, analysis_s = 0.0, scoring_s = 0.0;
    std::string engine = "local";  ///< where the spatial joins ran: "local" or "postgis"
};

/// Where the analysis's spatial joins run.
struct Engine {
    /// Empty: in process. Else a GDAL "PG:..." connection string: the joins run as SQL on
    /// that PostGIS server ("PG:" alone uses the PG* environment variables).
    std::string postgis;
};

/// Pass as `profile_path` to score nothing.
inline constexpr const char* k_no_profile = "-";

/// `profile_path` overrides the config's profile; empty keeps it (or scores nothing when the
/// config names none); k_no_profile scores nothing.
[[nodiscard]] Prepared prepare(const ingest::TerritoryConfig& config, IssueSink& sink, Progress& progress,
                               const std::string& profile_path = {}, const Engine& engine = {});

/// Called once the analysis and the measures are final, before scoring: from then on
/// `analysis`, `measures` and `in_territory` do not change, and another thread may read them
/// while the sites are scored.
using OnMeasured = std::function<void(const Prepared&)>;

/// prepare() into `out`, which stays where the caller put it (what `on_measured` sees is `out`).
void prepare_into(Prepared& out, const ingest::TerritoryConfig& config, IssueSink& sink, Progress& progress,
                  const std::string& profile_path, const Engine& engine, const OnMeasured& on_measured);

}  // namespace foncier::pipeline
