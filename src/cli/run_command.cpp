// foncier run: the whole territory job (ingest, normalise, analyse, score, write the layers).

#include <fmt/core.h>

#include <cstdio>
#include <cstdlib>

#include "command.hpp"
#include "foncier/core/error.hpp"
#include "foncier/pipeline/run.hpp"
#include "terminal_progress.hpp"

namespace foncier::cli {

namespace {

class RunCommand final : public Command {
public:
    CLI::App* setup(CLI::App& app) override {
        auto* c = app.add_subcommand("run", "Run a territory job: ingest, normalise, analyse, score, write the layers.");
        c->add_option("territory", m_config, "Territory config, e.g. geodata/val-de-lorraine.toml")->required();
        c->add_option("--out", m_out,
                      "Output folder (default: the config's 'output'), or a PostGIS schema: \"PG:host=... dbname=... "
                      "active_schema=NAME\"");
        c->add_option("--profile", m_profile, "Scoring profile name (geodata/profiles/) or file");
        c->add_option("--formats", m_formats, "Files to write, comma-separated: gpkg (always), geojson, shp")
            ->capture_default_str();
        c->add_option("--engine", m_engine,
                      "Where the spatial joins run: local (in process, both cores) or postgis (SQL on --database)")
            ->capture_default_str();
        c->add_option("--database", m_database,
                      "PostGIS server for --engine postgis; \"PG:\" alone uses PGHOST, PGPORT, PGDATABASE, PGUSER")
            ->capture_default_str();
        c->add_flag("--overwrite", m_overwrite, "Replace an existing output folder");
        c->add_flag("--strict", m_strict, "Fail with exit code 3, writing nothing, when data issues are found");
        c->add_flag("--quiet", m_quiet, "No progress or summary on stderr");
        return c;
    }

    int run() override {
        if (m_engine != "local" && m_engine != "postgis") {
            throw ConfigError("unknown --engine '" + m_engine + "': local (in process) or postgis");
        }
        if (m_database.rfind("PG:", 0) != 0) {
            throw ConfigError("--database '" + m_database + "' is not a GDAL PostgreSQL connection: write it "
                              "\"PG:host=... port=... dbname=... user=...\"");
        }
        TerminalProgress progress(stderr_is_terminal(), m_quiet);
        const auto result = pipeline::run({.config_path = m_config,
                                           .out_dir = m_out,
                                           .overwrite = m_overwrite,
                                           .strict = m_strict,
                                           .profile = m_profile,
                                           .formats = output::parse_formats(m_formats),
                                           .engine_postgis = m_engine == "postgis" ? m_database : std::string{},
                                           .retain = true},
                                          progress);
        if (!m_quiet) print_issues(result);
        if (!result.published) {
            fmt::print(stderr,
                       "--strict: {} data issue(s) of severity warning or error; nothing was written, previous "
                       "outputs in '{}' are untouched. Run without --strict to get them in the issues layer.\n",
                       result.strict_issues, result.out_dir);
            return data_issues;
        }
        if (!m_quiet) {
            fmt::print(stderr, "profile {}; analysis {:.3f} s, total {:.2f} s\n",
                       result.profile.empty() ? std::string("none (no scores)") : result.profile,
                       result.timings_s.at("analysis"), result.timings_s.at("total"));
        }
        fmt::print("{}\n", shown_path(result.out_dir));
        // Everything is written and closed: leave without freeing the run's data (seconds on
        // a national run); the system reclaims it.
        std::fflush(nullptr);
        std::_Exit(ok);
    }

private:
    static void print_issues(const pipeline::RunResult& r) {
        const auto& log = r.issues;
        fmt::print(stderr, "issues: {} ({} error, {} warning, {} info)\n", log.size(), log.count(Severity::error),
                   log.count(Severity::warning), log.count(Severity::info));
        for (const auto& [kind, n] : log.count_by_kind()) fmt::print(stderr, "  {:<22} {}\n", kind, n);
    }

    std::string m_config, m_out, m_profile, m_formats = "gpkg,geojson,shp", m_engine = "local", m_database = "PG:";
    bool m_overwrite = false, m_strict = false, m_quiet = false;
};

}  // namespace

std::unique_ptr<Command> make_run_command() { return std::make_unique<RunCommand>(); }

}  // namespace foncier::cli
