#pragma once
// Turns the analysis and the sites' own attributes into scoring inputs ("measures"), one
// set per site. The measure names are the vocabulary profiles use (see
// geodata/profiles/README.md): surf_m2, station_m, <access>_m, <constraint>_share,
// park_share, every extra friche role (statut, type, pollution, zonage, ...), owner, and
// the Mutafriches names foncier can fill (surfaceSite, distanceAutoroute, ...).

#include <vector>

#include "foncier/analysis/analysis.hpp"
#include "foncier/core/issue.hpp"
#include "foncier/ingest/typed_measures.hpp"
#include "foncier/scoring/inputs.hpp"

namespace foncier::pipeline {

/// The typed measures declared in the territory config ([friches.measures], [communes.measures]).
struct MeasureConfig {
    std::vector<ingest::MeasureSpec> friches;
    std::vector<ingest::MeasureSpec> communes;
    std::string friches_dataset = "friches";    ///< for issues
    std::string communes_dataset = "communes";
};

/// Every site's measures. Precedence for a measure both given and computed: the site's own
/// value (a [friches.measures] field) when known or none found, else the value computed from
/// a layer (or its commune's [communes.measures] value), else unknown; a spec with
/// prefer = "computed" reverses the first two. A source value that does not parse is an
/// issue (kind bad_value, naming the site, the field and the value) and leaves it unknown.
[[nodiscard]] std::vector<scoring::Inputs> site_measures(const analysis::Analysis& analysis,
                                                         const MeasureConfig& config, IssueSink& sink);
[[nodiscard]] std::vector<scoring::Inputs> site_measures(const analysis::Analysis& analysis);

/// For each measure computed from a context layer, the layer it comes from (name, dataset
/// key, synthetic flag): run.json uses it to say which outputs rest on synthetic data.
struct MeasureSource {
    std::string measure;
    std::string dataset;
    bool synthetic = false;
};
[[nodiscard]] std::vector<MeasureSource> measure_sources(const analysis::Territory& territory);

/// "public", "prive", "mixte" from a list of Fichiers fonciers owner codes (catpro3) such as
/// "{G1c,P4a,R2a}": P* (public persons) and F* (public land agencies) are public.
[[nodiscard]] std::string owner_category(const std::string& catpro3_codes);

}  // namespace foncier::pipeline
