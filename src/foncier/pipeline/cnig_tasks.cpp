#include "foncier/pipeline/cnig_tasks.hpp"

#include <filesystem>

#include "foncier/core/error.hpp"
#include "foncier/io/writer.hpp"
#include "foncier/pipeline/config.hpp"
#include "foncier/pipeline/load.hpp"
#include "foncier/report/schema.hpp"

namespace foncier::pipeline {

cnig::Report validate(const ValidateTask& task) {
    cnig::ValidateOptions options;
    if (!task.standard.empty()) {
        options.standard = cnig::standard_from_name(task.standard);
        if (!options.standard) {
            throw ConfigError("unknown standard '" + task.standard +
                              "'; use friches, site-eco, terrain-eco, etablissement or pole-eco");
        }
    }
    options.crs = task.crs;
    if (std::filesystem::path(task.target).extension() != ".toml") return cnig::validate(task.target, options);

    // A territory: its friches dataset, with its communes for the location rule.
    TerritoryConfig config = load_territory(task.target);
    if (!config.friches) throw ConfigError("'" + task.target + "' has no [friches] dataset to validate");
    const std::string path = config.friches->dataset.path;
    config.friches.reset();
    config.stations.reset();
    config.parks.reset();
    config.plots.reset();
    config.establishments.reset();
    config.constraints.clear();
    config.access.clear();
    IssueLog ignored;
    const Loaded loaded = load_inputs(config, ignored, no_progress());
    options.communes = &loaded.territory.communes;
    return cnig::validate(path, options);
}

void write_validation_issues(const cnig::Report& report, const std::string& gpkg) {
    io::Table table = report::empty_table(report::layer::issues);
    for (const auto& p : report.problems) {
        geom::Geometry where = p.location ? geom::Geometry::point(p.location->x, p.location->y) : geom::Geometry{};
        const std::string id = !p.row_id.empty() ? p.row_id : (p.line ? "line " + std::to_string(p.line) : "");
        table.rows.push_back({{Value{std::string("cnig ") + cnig::to_string(report.standard)}, Value{id},
                               Value{p.rule}, Value{std::string(to_string(p.severity))},
                               Value{(p.line ? "line " + std::to_string(p.line) + ": " : std::string{}) + p.message},
                               Value{p.fix}},
                              std::move(where)});
    }
    io::write_geopackage(gpkg, {&table}, "EPSG:2154");
}

}  // namespace foncier::pipeline
