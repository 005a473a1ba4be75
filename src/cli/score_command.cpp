// foncier score: re-score the outputs with a profile; --sensitivity moves each weight.

#include <fmt/core.h>

#include <map>

#include "command.hpp"
#include "foncier/pipeline/score.hpp"
#include "terminal_progress.hpp"

namespace foncier::cli {

namespace {

class ScoreCommand final : public Command {
public:
    CLI::App* setup(CLI::App& app) override {
        auto* c = app.add_subcommand(
            "score", "Re-score the outputs with a profile (reuses their measures when the sources are unchanged).");
        c->add_option("territory", m_options.config_path, "Territory config")->required();
        c->add_option("--profile", m_options.profile, "Profile name (geodata/profiles/) or file");
        c->add_option("--out", m_options.out_dir, "Output folder (default: the config's 'output')");
        c->add_flag("--sensitivity", m_options.sensitivity,
                    "Report, for each weight moved one step down and up, the sites changing class and the largest "
                    "rank change (writes nothing)");
        c->add_flag("--quiet", m_quiet, "No progress on stderr");
        return c;
    }

    int run() override {
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
    pipeline::ScoreOptions m_options;
    bool m_quiet = false;
};

}  // namespace

std::unique_ptr<Command> make_score_command() { return std::make_unique<ScoreCommand>(); }

}  // namespace foncier::cli
