// foncier score: re-score the outputs with a profile; --sensitivity moves each weight;
// --input scores a Mutafriches input file instead of a territory; --usages prints every use.

#include <fmt/core.h>

#include <map>

#include "command.hpp"
#include "foncier/core/error.hpp"
#include "foncier/pipeline/score.hpp"
#include "foncier/pipeline/score_input.hpp"
#include "terminal_progress.hpp"

namespace foncier::cli {

namespace {

class ScoreCommand final : public Command {
public:
    CLI::App* setup(CLI::App& app) override {
        auto* c = app.add_subcommand(
            "score", "Re-score the outputs with a profile (reuses their measures when the sources are unchanged).");
        c->add_option("territory", m_options.config_path, "Territory config (not with --input)");
        c->add_option("--input", m_input.input,
                      "Score the sites of a Mutafriches input file (.json or .csv with Mutafriches' own field "
                      "names) instead of a territory; needs --profile");
        c->add_flag("--usages", m_usages,
                    "Print, per site, the index of every use, the best use, fiab and the excluded uses");
        c->add_option("--profile", m_options.profile, "Profile name (geodata/profiles/) or file");
        c->add_option("--out", m_options.out_dir, "Output folder (default: the config's 'output')");
        c->add_flag("--sensitivity", m_options.sensitivity,
                    "Report, for each weight moved one step down and up, the sites changing class and the largest "
                    "rank change (writes nothing)");
        c->add_flag("--quiet", m_quiet, "No progress on stderr");
        return c;
    }

    int run() override {
        if (!m_input.input.empty()) return run_input();
        if (m_options.config_path.empty()) {
            throw ConfigError("foncier score needs a territory config, or --input FILE with --profile NAME|FILE");
        }
        m_options.write = !m_options.sensitivity;
        TerminalProgress progress(stderr_is_terminal(), m_quiet);
        const auto r = pipeline::score(m_options, progress);
        if (!m_quiet) {
            fmt::print(stderr, "{}\n",
                       r.reused_outputs ? "measures reused from the existing outputs (sources unchanged)"
                                        : "sources read again: " + r.rerun_reason);
        }
        std::map<std::string, std::size_t> classes;
        for (std::size_t s = 0; s < r.sites.size(); ++s) {
            const auto& score = r.results->scores[s];
            ++classes[score.excluded ? "exclu" : scoring::classify(r.results->profile, score.score()).name];
        }
        fmt::print("profile {}: {} sites;", r.results->profile.name, r.sites.size());
        for (const auto& [c, n] : classes) fmt::print(" {} {}", c, n);
        fmt::print("\n");
        if (m_usages) fmt::print("{}", pipeline::usages_table(r));
        if (!m_options.sensitivity) {
            fmt::print("{}\n", shown_path(r.out_dir));
            return ok;
        }
        fmt::print("\nweight sensitivity (each weight moved by {} and re-scored):\n", r.results->profile.weight_step);
        fmt::print("{:<32}{:>8}{:>8}{:>16}{:>18}  site\n", "criterion", "weight", "new", "class changes",
                   "max rank change");
        for (const auto& row : r.sensitivity) {
            fmt::print("{:<32}{:>8.1f}{:>8.1f}{:>16}{:>18}  {}\n", row.criterion, row.weight, row.new_weight,
                       row.class_changes, row.max_rank_change,
                       row.max_rank_change > 0 ? r.sites[row.moved_site].site_id : std::string("-"));
        }
        return ok;
    }

private:
    // A Mutafriches input file: scored in memory, nothing written.
    int run_input() {
        if (!m_options.config_path.empty()) throw ConfigError("give a territory config or --input, not both");
        if (m_options.sensitivity) throw ConfigError("--sensitivity scores a territory; it does not apply to --input");
        m_input.profile = m_options.profile;
        const auto r = pipeline::score_input(m_input);
        std::map<std::string, std::size_t> best;
        for (const auto& score : r.results->scores) ++best[score.excluded ? "exclu" : score.best_use().use];
        fmt::print("profile {}: {} sites from {}; best use:", r.results->profile.name, r.sites.size(), m_input.input);
        for (const auto& [use, n] : best) fmt::print(" {} {}", use, n);
        fmt::print("\n");
        if (m_usages) fmt::print("{}", pipeline::usages_table(r));
        return ok;
    }

    pipeline::ScoreOptions m_options;
    pipeline::InputScoreOptions m_input;
    bool m_usages = false;
    bool m_quiet = false;
};

}  // namespace

std::unique_ptr<Command> make_score_command() { return std::make_unique<ScoreCommand>(); }

}  // namespace foncier::cli
