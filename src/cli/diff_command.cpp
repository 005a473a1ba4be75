// foncier diff: what changed between two inventories (two vintages, or two runs).

#include <fmt/core.h>

#include "command.hpp"
#include "foncier/pipeline/diff.hpp"

namespace foncier::cli {

namespace {

class DiffCommand final : public Command {
public:
    CLI::App* setup(CLI::App& app) override {
        auto* c = app.add_subcommand("diff",
                                     "Compare two inventories (two vintages, or two runs): sites kept, re-identified, "
                                     "removed, new, reconverted; hectares by commune and EPCI.");
        c->add_option("old", m_options.old_side, "Older side: a territory config (.toml) or a run's output folder")
            ->required();
        c->add_option("new", m_options.new_side, "Newer side: a territory config (.toml) or a run's output folder")
            ->required();
        c->add_option("--out", m_options.out_dir,
                      "Output folder (default: diff_<old>_<new> beside the new side's output folder)");
        c->add_option("--match-distance", m_options.match_distance_m,
                      "Sites known by a point pair by place when their centres lie within this many metres")
            ->capture_default_str();
        c->add_option("--formats", m_formats, "Files to write, comma-separated: gpkg (always), geojson, shp")
            ->capture_default_str();
        c->add_flag("--overwrite", m_options.overwrite, "Replace an existing output folder");
        return c;
    }

    int run() override {
        m_options.formats = output::parse_formats(m_formats);
        const auto result = pipeline::diff(m_options);
        const auto& cmp = result.comparison;
        for (const auto* side : {&cmp.old_side, &cmp.new_side}) {
            if (side->analysed_now) fmt::print(stderr, "{}: {}: the job ran first\n", side->given, side->why);
        }
        fmt::print("{}\n{}\n", pipeline::summary_text(cmp), shown_path(result.out_dir));
        return ok;
    }

private:
    pipeline::DiffOptions m_options;
    std::string m_formats = "gpkg,geojson,shp";
};

}  // namespace

std::unique_ptr<Command> make_diff_command() { return std::make_unique<DiffCommand>(); }

}  // namespace foncier::cli
