#pragma once
// Fills the output tables of report/schema.hpp from the analysis results.

#include <functional>
#include <span>
#include <vector>

#include "foncier/analysis/analysis.hpp"
#include "foncier/core/issue.hpp"
#include "foncier/io/sqlite_table.hpp"
#include "foncier/io/table.hpp"
#include "foncier/scoring/engine.hpp"

namespace foncier::report {

/// The output layers but the measures table, in layer_names() order: sites, sites_pt,
/// communes, epci, parks, plots, crosswalk, issues. `scoring` may be null (no profile): the
/// score fields are then null. The sites, communes and EPCI rows borrow their geometries from
/// `analysis` (io::Table::Row::borrowed): keep it alive and unchanged while the tables are used.
[[nodiscard]] std::vector<io::Table> build_layers(const analysis::Analysis& analysis,
                                                  const std::vector<Issue>& issues,
                                                  const scoring::Results* scoring);

/// The measures table (layer_names()' last): a row per site and measure, millions on a
/// national run, so it is built apart and can be written while the sites are scored.
[[nodiscard]] io::Table measures_table(const analysis::Analysis& analysis,
                                       const std::vector<scoring::Inputs>& measures);

/// The score fields of one site, in schema order (score .. usage).
[[nodiscard]] std::vector<Value> score_values(const scoring::Results* scoring, std::size_t site);

/// Calls `row` with every row of the measures table, in table order (site by site, measures by
/// name), for the sites [first, last). The values refer to `analysis` and `measures`: valid
/// during the call only.
void for_each_measure_row(const analysis::Analysis& analysis, const std::vector<scoring::Inputs>& measures,
                          const std::function<void(std::span<const io::ValueView>)>& row, std::size_t first = 0,
                          std::size_t last = static_cast<std::size_t>(-1));

}  // namespace foncier::report
