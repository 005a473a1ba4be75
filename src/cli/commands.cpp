#include "commands.hpp"

#include <fmt/core.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>

#include "foncier/core/error.hpp"
#include "foncier/core/version.hpp"
#include "foncier/geom/geometry.hpp"
#include "foncier/geom/transformer.hpp"
#include "foncier/io/dataset_info.hpp"
#include "foncier/ingest/config.hpp"
#include "foncier/pipeline/run.hpp"
#include "foncier/pipeline/score.hpp"
#include "terminal_progress.hpp"

namespace foncier::cli {

static bool interactive() { return ::isatty(STDERR_FILENO) == 1; }

static void print_issues_summary(const foncier::pipeline::RunResult& r) {
    const auto& log = r.issues;
    fmt::print(stderr, "issues: {} ({} error, {} warning, {} info)\n", log.size(),
               log.count(foncier::Severity::error), log.count(foncier::Severity::warning),
               log.count(foncier::Severity::info));
    for (const auto& [kind, n] : log.count_by_kind()) fmt::print(stderr, "  {:<22} {}\n", kind, n);
}

int cmd_run(const RunArgs& a) {
    foncier::cli::TerminalProgress progress(interactive(), a.quiet);
    if (a.engine != "local" && a.engine != "postgis") {
        throw foncier::ConfigError("unknown --engine '" + a.engine + "': local (in process) or postgis");
    }
    if (a.database.rfind("PG:", 0) != 0) {
        throw foncier::ConfigError("--database '" + a.database + "' is not a GDAL PostgreSQL connection: write it "
                                   "\"PG:host=... port=... dbname=... user=...\"");
    }
    const auto result = foncier::pipeline::run({a.config, a.out, a.overwrite, a.strict, a.profile,
                                                foncier::output::parse_formats(a.formats),
                                                a.engine == "postgis" ? a.database : std::string{}, true},
                                               progress);
    if (!a.quiet) print_issues_summary(result);
    if (!result.published) {
        fmt::print(stderr,
                   "--strict: {} data issue(s) of severity warning or error; nothing was written, previous "
                   "outputs in '{}' are untouched. Run without --strict to get them in the issues layer.\n",
                   result.strict_issues, result.out_dir);
        return data_issues;
    }
    if (!a.quiet) {
        fmt::print(stderr, "profile {}; analysis {:.3f} s, total {:.2f} s\n",
                   result.profile.empty() ? std::string("none (no scores)") : result.profile,
                   result.timings_s.at("analysis"), result.timings_s.at("total"));
    }
    const bool database = result.out_dir.rfind("PG:", 0) == 0;
    fmt::print("{}\n", database ? result.out_dir : std::filesystem::absolute(result.out_dir).lexically_normal().string());
    // Everything is written and closed: leave without freeing the run's data (seconds on a
    // national run); the system reclaims it.
    std::fflush(nullptr);
    std::_Exit(ok);
}

static std::string resolve_dataset(const std::string& dataset, const std::string& catalogue) {
    if (std::filesystem::exists(dataset) || dataset.find(':') != std::string::npos) return dataset;
    if (std::filesystem::exists(catalogue)) {
        const auto cat = foncier::ingest::load_catalogue(catalogue);
        if (auto it = cat.datasets.find(dataset); it != cat.datasets.end()) return it->second.path;
    }
    throw foncier::ConfigError("'" + dataset + "' is neither a file nor a dataset key of the catalogue '" +
                               catalogue + "'");
}

int cmd_info(const std::string& dataset, const std::string& catalogue) {
    const auto info = foncier::io::describe_dataset(resolve_dataset(dataset, catalogue));
    fmt::print("{} ({})\n", info.path, info.driver);
    for (const auto& l : info.layers) {
        fmt::print("layer {}: {} features, geometry {}, CRS {}\n", l.name, l.feature_count, l.geometry_type,
                   l.crs_name.empty() ? std::string("none") : l.crs_name + (l.crs_id.empty() ? "" : " (" + l.crs_id + ")"));
        for (const auto& f : l.fields) fmt::print("  {} ({})\n", f.name, f.type);
    }
    return ok;
}

int cmd_score(const ScoreArgs& a) {
    foncier::cli::TerminalProgress progress(interactive(), a.quiet);
    const auto r = foncier::pipeline::score({a.config, a.out, a.profile, a.sensitivity, !a.sensitivity}, progress);
    if (!a.quiet) {
        fmt::print(stderr, "{}\n",
                   r.reused_outputs ? "measures reused from the existing outputs (sources unchanged)"
                                    : "sources read again: " + r.rerun_reason);
    }
    std::map<std::string, std::size_t> classes;
    for (std::size_t s = 0; s < r.sites.size(); ++s) {
        const auto& score = r.results->scores[s];
        ++classes[score.excluded ? "exclu" : foncier::scoring::classify(r.results->profile, score.score()).name];
    }
    fmt::print("profile {}: {} sites;", r.results->profile.name, r.sites.size());
    for (const auto& [c, n] : classes) fmt::print(" {} {}", c, n);
    fmt::print("\n");
    if (a.sensitivity) {
        fmt::print("\nweight sensitivity (each weight moved by {} and re-scored):\n", r.results->profile.weight_step);
        fmt::print("{:<32}{:>8}{:>8}{:>16}{:>18}  site\n", "criterion", "weight", "new", "class changes",
                   "max rank change");
        for (const auto& row : r.sensitivity) {
            fmt::print("{:<32}{:>8.1f}{:>8.1f}{:>16}{:>18}  {}\n", row.criterion, row.weight, row.new_weight,
                       row.class_changes, row.max_rank_change,
                       row.max_rank_change > 0 ? r.sites[row.moved_site].site_id : std::string("-"));
        }
    } else {
        fmt::print("{}\n", std::filesystem::absolute(r.out_dir).lexically_normal().string());
    }
    return ok;
}

static std::string cell(const foncier::screen::Record& r, const char* field) {
    auto it = r.find(field);
    return it == r.end() ? std::string("-") : foncier::to_text(it->second);
}

int cmd_query(const std::string& config, const std::string& outputs, const foncier::screen::QueryOptions& options,
              const std::string& out, const std::string& format) {
    const auto supply = foncier::screen::load_supply(config, outputs);
    if (supply.analysed_now) fmt::print(stderr, "outputs were not up to date ({}): the job ran first\n", supply.why);
    foncier::screen::QueryResult result;
    try {
        result = foncier::screen::run_query(supply, options);
    } catch (const foncier::screen::ExpressionError& e) {
        const std::string& text = options.where.empty() ? std::string{} : options.where.front();
        fmt::print(stderr, "foncier: error in --where: {}\n  {}\n  {}^\n", e.what(), text,
                   std::string(e.column() > 0 ? e.column() - 1 : 0, ' '));
        return usage;
    }
    fmt::print("{} of {} sites and plots: {}\n", result.rows.size(), supply.records.size(), result.description);
    fmt::print("{:<4} {:<6} {:<24} {:<28} {:>9} {:>6} {:<6}\n", "#", "objet", "site_id", "commune", "surf_ha", "score",
               "classe");
    for (std::size_t i = 0; i < result.rows.size() && i < 20; ++i) {
        const auto& r = supply.records[result.rows[i]];
        fmt::print("{:<4} {:<6} {:<24} {:<28} {:>9} {:>6} {:<6}\n", i + 1, cell(r, "objet"), cell(r, "site_id"),
                   cell(r, "commune").substr(0, 28), cell(r, "surf_ha"), cell(r, "score"), cell(r, "classe"));
    }
    if (result.rows.size() > 20) fmt::print("... {} more (use --out to get them all)\n", result.rows.size() - 20);
    if (!out.empty()) {
        foncier::screen::write_query(supply, result, out, format);
        fmt::print("written: {}\n", out);
    }
    return ok;
}

int cmd_match(const std::string& config, const std::string& needs_file, const std::string& outputs, std::size_t limit) {
    const auto supply = foncier::screen::load_supply(config, outputs);
    const auto needs = foncier::screen::load_needs(needs_file, supply.fields);
    const auto result = foncier::screen::match(supply, needs);
    fmt::print("{}: {} match{}, {} near miss{}\n", needs.name, result.matches.size(),
               result.matches.size() == 1 ? "" : "es", result.near_misses.size(),
               result.near_misses.size() == 1 ? "" : "es");
    for (std::size_t i = 0; i < result.matches.size() && i < limit; ++i) {
        const auto& m = result.matches[i];
        const auto& r = supply.records[m.row];
        fmt::print("{:>2}. {} {} ({}), {} ha, fit {:.0f} %, score {}\n", i + 1, cell(r, "objet"), cell(r, "site_id"),
                   cell(r, "commune"), cell(r, "surf_ha"), m.fit, cell(r, "score"));
        fmt::print("    {}\n", foncier::screen::how_met(supply, needs, m.row));
        for (std::size_t p = 0; p < needs.prefer.size(); ++p) {
            fmt::print("    {} {}\n", m.preferences_met[p] ? "+" : "-", needs.prefer[p].label);
        }
    }
    if (!result.near_misses.empty()) fmt::print("near misses (one requirement not met):\n");
    for (const auto& n : result.near_misses) {
        const auto& r = supply.records[n.row];
        fmt::print("  {} {} ({}): {}\n", cell(r, "objet"), cell(r, "site_id"), cell(r, "commune"), n.explanation);
    }
    return ok;
}

std::string version_text() {
    return fmt::format("foncier {} (GDAL {}, GEOS {}, PROJ {})", foncier::version(), foncier::io::gdal_version(),
                       foncier::geom::geos_version(), foncier::geom::proj_version());
}

}  // namespace foncier::cli
