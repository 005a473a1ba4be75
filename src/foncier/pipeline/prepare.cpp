#include "foncier/pipeline/prepare.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>

#include "foncier/pipeline/measures.hpp"
#include "foncier/postgis/joins.hpp"

namespace foncier::pipeline {

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Issues that only the analysis can see: sites outside the territory, declared commune
// codes that disagree with the geometry.
void report_assignment_issues(const analysis::Analysis& a, const std::string& layer, IssueSink& sink) {
    for (std::size_t s = 0; s < a.territory.sites.size(); ++s) {
        const auto& site = a.territory.sites[s];
        const auto& assignment = a.assignments[s];
        if (!assignment.commune) {
            sink.report({layer, site.site_id, IssueKind::outside_territory, Severity::warning,
                         "the site lies outside the territory's communes",
                         "kept in the sites layer with dans_terr = 0, left out of every total and of the ranking",
                         site.geometry.point_on_surface().xy()});
            continue;
        }
        const auto& commune = a.territory.communes[*assignment.commune];
        if (!site.insee_declared.empty() && site.insee_declared != commune.insee) {
            sink.report({layer, site.site_id, IssueKind::commune_mismatch, Severity::info,
                         "declared commune " + site.insee_declared + " but the largest part of the site lies in " +
                             commune.insee + " (" + commune.nom + ")",
                         "assigned to " + commune.insee + " by geometry", site.geometry.point_on_surface().xy()});
        }
    }
}

}  // namespace

Prepared prepare(const ingest::TerritoryConfig& config, IssueSink& sink, Progress& progress, const std::string& profile_path,
                 const Engine& engine) {
    Prepared p;
    prepare_into(p, config, sink, progress, profile_path, engine, {});
    return p;
}

void prepare_into(Prepared& p, const ingest::TerritoryConfig& config, IssueSink& sink, Progress& progress,
                  const std::string& profile_path, const Engine& engine, const OnMeasured& on_measured) {
    // Read the profile first: a bad profile should fail before any data is read.
    const std::string profile_file =
        profile_path == k_no_profile ? std::string{} : (profile_path.empty() ? config.profile : profile_path);
    std::optional<scoring::Profile> profile;
    if (!profile_file.empty()) profile = scoring::load_profile(profile_file);

    ingest::Loaded loaded = ingest::load_inputs(config, sink, progress);
    p.inputs = std::move(loaded.inputs);
    p.read_s = loaded.read_s;
    p.normalise_s = loaded.normalise_s;

    const auto t0 = Clock::now();
    std::unique_ptr<analysis::SpatialJoins> joins;
    if (engine.postgis.empty()) {
        joins = std::make_unique<analysis::LocalJoins>();
    } else {
        progress.stage("connect to PostGIS (--engine postgis)");
        joins = std::make_unique<postgis::PostgisJoins>(engine.postgis, config.crs);
        progress.finish("scratch schema ready");
    }
    p.engine = joins->name();
    progress.stage(engine.postgis.empty() ? "analyse" : "analyse (spatial joins on the PostGIS server)");
    p.analysis = analysis::analyse(std::move(loaded.territory), {config.vacancy_rule}, sink, *joins);
    joins.reset();  // drops the scratch schema
    report_assignment_issues(p.analysis, config.friches ? config.friches->dataset.key : std::string("friches"), sink);
    MeasureConfig measure_config;
    if (config.friches) {
        measure_config.friches = config.friches->measures;
        measure_config.friches_dataset = config.friches->dataset.key;
    }
    measure_config.communes = config.communes.measures;
    measure_config.communes_dataset = config.communes.dataset.key;
    p.measures = site_measures(p.analysis, measure_config, sink);
    // The constraint zones served the overlap shares only, which the measures now hold: their
    // geometries (the flood zones: 4.4 M vertices nationally) are freed before the scores and
    // the tables allocate theirs, lowering the peak memory. The layers' names stay.
    for (auto& layer : p.analysis.territory.constraints) std::vector<analysis::Feature>().swap(layer.features);
    for (const auto& a : p.analysis.assignments) p.in_territory.push_back(a.commune.has_value());
    p.analysis_s = seconds_since(t0);
    std::size_t inside = 0;
    double inside_m2 = 0.0;  // footprints of the sites in the territory, m²
    for (const auto& t : p.analysis.epci_totals) {
        inside += t.n_sites;
        inside_m2 += t.sites_m2;
    }
    char hectares[32];
    std::snprintf(hectares, sizeof hectares, "%.1f ha", inside_m2 / 10000.0);
    progress.finish(std::to_string(p.analysis.territory.sites.size()) + " sites (" + std::to_string(inside) +
                    " in the territory, " + hectares + "), " + std::to_string(p.analysis.territory.communes.size()) +
                    " communes, " + std::to_string(p.analysis.epcis.size()) + " EPCI");
    if (on_measured) on_measured(p);

    if (profile) {
        progress.stage("score (" + profile->name + ")");
        const auto t1 = Clock::now();
        // A criterion whose measure no site has is a typo or a missing layer: say so once.
        for (const auto& c : profile->criteria) {
            const bool measured = std::any_of(p.measures.begin(), p.measures.end(),
                                              [&](const scoring::Inputs& m) { return m.contains(c.measure); });
            if (!measured && !p.measures.empty()) {
                sink.report({"profile", c.name, IssueKind::unmeasured_criterion, Severity::info,
                             "criterion '" + c.name + "' of profile '" + profile->name + "' reads measure '" +
                                 c.measure + "', which foncier does not compute for this territory",
                             "scored as unknown for every site (lower fiab); configure the layer it needs or fix "
                             "the measure name in '" + profile->path + "'",
                             {}});
            }
        }
        // The tables need each site's summary only (explain scores again with the criteria).
        p.scoring = scoring::score_all(std::move(*profile), p.measures, p.in_territory, scoring::Detail::summary);
        p.scoring_s = seconds_since(t1);
        progress.finish(std::to_string(p.scoring->scores.size()) + " sites scored");
    }
}

}  // namespace foncier::pipeline
