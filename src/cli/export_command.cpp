// foncier export: the territory's friches in a standard's exact form (CNIG Friches).

#include <fmt/core.h>

#include <cstdio>

#include "command.hpp"
#include "foncier/core/error.hpp"
#include "foncier/pipeline/cnig_tasks.hpp"

namespace foncier::cli {

namespace {

class ExportCommand final : public Command {
public:
    CLI::App* setup(CLI::App& app) override {
        auto* c = app.add_subcommand("export",
                                     "Export the territory's friches in a standard's exact form (CNIG Friches: CSV, "
                                     "GeoPackage, GeoJSON, Shapefile).");
        c->add_option("territory", m_task.config_path, "Territory config")->required();
        c->add_option("--cnig", m_standard, "Standard to export: friches")->required();
        c->add_option("--out", m_task.out_dir, "Output folder (default: <the config's output>-cnig)");
        c->add_flag("--overwrite", m_task.overwrite, "Replace an existing output folder");
        c->add_flag("--bom", m_task.bom, "Write a UTF-8 BOM in the CSV (for spreadsheets)");
        c->add_flag("--extra", m_task.extra, "Append foncier's score fields as foncier_* columns");
        c->add_option("--profile", m_task.profile, "Profile of the extra columns (default: the config's)");
        return c;
    }

    int run() override {
        if (m_standard != "friches") throw ConfigError("--cnig " + m_standard + ": only 'friches' can be exported");
        const auto r = pipeline::export_cnig_friches(m_task);
        fmt::print(stderr, "{} sites exported, {} left out; friches_cnig.csv is {}\n", r.exported, r.excluded,
                   r.validation.valid() ? "valid" : "NOT valid");
        fmt::print("{}\n", shown_path(r.out_dir));
        return r.validation.valid() ? ok : data_issues;
    }

private:
    pipeline::ExportTask m_task;
    std::string m_standard;
};

}  // namespace

std::unique_ptr<Command> make_export_command() { return std::make_unique<ExportCommand>(); }

}  // namespace foncier::cli
