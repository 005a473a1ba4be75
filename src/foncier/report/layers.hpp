#pragma once
// Fills the output tables of report/schema.hpp from the analysis results.

#include <vector>

#include "foncier/analysis/analysis.hpp"
#include "foncier/core/issue.hpp"
#include "foncier/io/table.hpp"

namespace foncier::report {

/// The five contract layers, in layer_names() order: sites, sites_pt, communes, epci, issues.
[[nodiscard]] std::vector<io::Table> build_layers(const analysis::Analysis& analysis,
                                                  const std::vector<Issue>& issues);

}  // namespace foncier::report
