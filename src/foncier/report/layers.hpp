#pragma once
// Fills the output tables of report/schema.hpp from the analysis results.

#include <vector>

#include "foncier/analysis/analysis.hpp"
#include "foncier/core/issue.hpp"
#include "foncier/io/table.hpp"
#include "foncier/scoring/engine.hpp"

namespace foncier::report {

/// The output layers, in layer_names() order: sites, sites_pt, communes, epci, parks,
/// plots, crosswalk, issues, measures. `scoring` may be null (no profile): the score fields are then null.
[[nodiscard]] std::vector<io::Table> build_layers(const analysis::Analysis& analysis,
                                                  const std::vector<Issue>& issues,
                                                  const std::vector<scoring::Inputs>& measures,
                                                  const scoring::Results* scoring);

/// The score fields of one site, in schema order (score .. usage).
[[nodiscard]] std::vector<Value> score_values(const scoring::Results* scoring, std::size_t site);

/// Rows of the measures table for the given sites.
void append_measures(io::Table& table, const std::string& site_id, const scoring::Inputs& inputs);

}  // namespace foncier::report
