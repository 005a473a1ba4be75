// foncier validate: check a file (or a territory's friches) against a CNIG standard.

#include <fmt/core.h>

#include "command.hpp"
#include "foncier/pipeline/cnig_tasks.hpp"

namespace foncier::cli {

namespace {

class ValidateCommand final : public Command {
public:
    CLI::App* setup(CLI::App& app) override {
        auto* c = app.add_subcommand(
            "validate", "Check a file (or a territory's friches) against a CNIG standard; exit 3 when not valid.");
        c->add_option("target", m_task.target, "A CSV, GeoPackage, ... file, or a territory .toml")->required();
        c->add_option("--standard", m_task.standard,
                      "friches, site-eco, terrain-eco, etablissement or pole-eco (default: guessed)");
        c->add_option("--crs", m_task.crs, "CRS of the geometries (default: guessed per value)");
        c->add_flag("--json", m_json, "Print the report as JSON");
        c->add_option("--issues", m_issues, "Also write the problems as an issues layer (new .gpkg)");
        return c;
    }

    int run() override {
        const auto report = pipeline::validate(m_task);
        fmt::print("{}", m_json ? cnig::format_json(report) : cnig::format_text(report));
        if (!m_issues.empty()) pipeline::write_validation_issues(report, m_issues);
        return report.valid() ? ok : data_issues;
    }

private:
    pipeline::ValidateTask m_task;
    bool m_json = false;
    std::string m_issues;
};

}  // namespace

std::unique_ptr<Command> make_validate_command() { return std::make_unique<ValidateCommand>(); }

}  // namespace foncier::cli
