// foncier explain: one site's score, criterion by criterion.

#include <fmt/core.h>

#include "command.hpp"
#include "foncier/pipeline/score.hpp"

namespace foncier::cli {

namespace {

class ExplainCommand final : public Command {
public:
    CLI::App* setup(CLI::App& app) override {
        auto* c = app.add_subcommand("explain", "Explain one site's score criterion by criterion.");
        c->add_option("territory", m_options.config_path, "Territory config")->required();
        c->add_option("site_id", m_options.site_id, "Site identifier (site_id field)")->required();
        c->add_option("--profile", m_options.profile, "Profile name or file (default: the config's)");
        c->add_option("--out", m_options.out_dir, "Output folder (default: the config's 'output')");
        return c;
    }

    int run() override {
        fmt::print("{}", pipeline::explain(m_options));
        return ok;
    }

private:
    pipeline::ExplainOptions m_options;
};

}  // namespace

std::unique_ptr<Command> make_explain_command() { return std::make_unique<ExplainCommand>(); }

}  // namespace foncier::cli
