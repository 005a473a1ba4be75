#pragma once
// run.json: what went in (paths, sha256, sizes, counts, provenance, synthetic flags), the
// profile, what came out and what of it rests on synthetic data, the issues by kind and
// the stage timings.

#include <filesystem>
#include <string>
#include <vector>

#include "foncier/ingest/config.hpp"
#include "foncier/pipeline/prepare.hpp"
#include "foncier/pipeline/run.hpp"

namespace foncier::pipeline {

/// The inputs' credit lines (catalogue `attribution`), each once, in input order: run.json's
/// "attribution", the QGIS project's rights.
[[nodiscard]] std::vector<std::string> attributions(const std::vector<ingest::InputRecord>& inputs);

/// The "profile" member of run.json, as a JSON text.
[[nodiscard]] std::string profile_json(const scoring::Profile& profile, bool rescored);

[[nodiscard]] std::string manifest_json(const ingest::TerritoryConfig& config, const Prepared& prepared,
                                        const RunResult& result);

/// Are the outputs in `out_dir` built from exactly the current config and input files?
/// Compares the config's sha256 and each input's size and modification time with run.json.
/// `why` says what changed when the answer is no.
[[nodiscard]] bool outputs_up_to_date(const ingest::TerritoryConfig& config, const std::filesystem::path& out_dir,
                                      std::string& why);

}  // namespace foncier::pipeline
