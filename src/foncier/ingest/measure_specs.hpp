#pragma once
// Reading [<section>.measures] of a territory config (toml++: private to ingest).

#include <string>
#include <vector>

#include <toml++/toml.h>

#include "foncier/ingest/typed_measures.hpp"

namespace foncier::ingest {

/// Reads a `measures` table of section `section` of the config `path`. Throws ConfigError
/// naming the file, the line and the measure.
[[nodiscard]] std::vector<MeasureSpec> read_measure_specs(const toml::table& measures, const std::string& path,
                                                          const std::string& section);

}  // namespace foncier::ingest
