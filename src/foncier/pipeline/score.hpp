#pragma once
// `foncier score` and `foncier explain`: re-score a territory with a profile, reusing the
// measures stored in the existing outputs when they are up to date (no source is read
// again), or running the whole job when they are not.

#include <optional>
#include <string>
#include <vector>

#include "foncier/core/progress.hpp"
#include "foncier/scoring/engine.hpp"
#include "foncier/scoring/sensitivity.hpp"

namespace foncier::pipeline {

struct ScoreOptions {
    std::string config_path;
    std::string out_dir;     ///< DEFAULT: the config's `output`
    std::string profile;     ///< name or file; DEFAULT: the config's `profile`
    bool sensitivity = false; ///< also compute the weight sensitivity
    bool write = true;        ///< update the outputs (false: report only)
};

struct SiteRef {
    std::string site_id;
    std::string nom;
    std::string place;  ///< commune (EPCI)
};

struct ScoreResult {
    std::string out_dir;
    bool reused_outputs = false;  ///< measures read from the outputs, sources not read
    std::string rerun_reason;     ///< why the whole job ran instead
    std::vector<SiteRef> sites;
    std::vector<bool> eligible;
    std::vector<scoring::Inputs> measures;
    std::optional<scoring::Results> results;
    std::vector<scoring::SensitivityRow> sensitivity;
    bool written = false;
};

/// Throws ConfigError when the config or the profile is bad, or when no profile is given.
[[nodiscard]] ScoreResult score(const ScoreOptions& options, Progress& progress = no_progress());

struct ExplainOptions {
    std::string config_path;
    std::string site_id;
    std::string profile;  ///< name or file; DEFAULT: the config's `profile`
    std::string out_dir;  ///< DEFAULT: the config's `output`
};

/// The explanation table of one site (throws ConfigError naming the site when it is unknown).
[[nodiscard]] std::string explain(const ExplainOptions& options);

}  // namespace foncier::pipeline
