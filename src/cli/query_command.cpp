// foncier query: screen the land supply (filter, sort, export the sites and plots).

#include <fmt/core.h>

#include <cstdio>

#include "command.hpp"
#include "foncier/screen/arguments.hpp"
#include "foncier/screen/query.hpp"
#include "table_cells.hpp"

namespace foncier::cli {

namespace {

class QueryCommand final : public Command {
public:
    CLI::App* setup(CLI::App& app) override {
        auto* c = app.add_subcommand("query", "Screen the land supply: filter, sort and export the sites and plots.");
        c->add_option("territory", m_config, "Territory config")->required();
        c->add_option("--where", m_options.where, "Expression, e.g. \"surf_ha >= 3 and interchange_m <= 5000\"");
        c->add_option("--statut", m_shortcuts.statut, "Site status (accents and case ignored)");
        c->add_option("--type", m_shortcuts.type, "Site type");
        c->add_option("--classe", m_shortcuts.classe, "Priority class A-E");
        c->add_option("--epci", m_shortcuts.epci, "EPCI SIREN or name");
        c->add_option("--commune", m_shortcuts.commune, "Commune INSEE code or name");
        c->add_option("--min", m_min, "FIELD=VALUE lower bound, e.g. surf_ha=2");
        c->add_option("--max", m_max, "FIELD=VALUE upper bound, e.g. flood_share=0.1");
        c->add_option("--near", m_near, "LON,LAT:METRES, e.g. 6.12,48.77:3000");
        c->add_option("--within", m_options.within, "WKT polygon (lon/lat), a polygon file, or a commune / EPCI");
        c->add_option("--near-layer", m_near_layer,
                      "LAYER[:NAME]:METRES near a context layer (stations, parks, interchange, ...), e.g. "
                      "stations:Pompey:2000 or interchange:5000");
        c->add_option("--sort", m_options.sort, "Field to sort on (default: score)");
        c->add_flag("--asc", m_options.ascending, "Sort ascending (default: descending)");
        c->add_option("--limit", m_options.limit, "Keep the first N");
        c->add_option("--format", m_format, "gpkg, geojson, shp or csv (default: from --out)");
        c->add_option("--out", m_out, "Write the result to this file");
        c->add_option("--outputs", m_outputs, "Output folder of the run (default: the config's)");
        return c;
    }

    int run() override {
        screen::add_shortcuts(m_shortcuts, m_options);
        for (const auto& m : m_min) m_options.min.push_back(screen::parse_bound(m));
        for (const auto& m : m_max) m_options.max.push_back(screen::parse_bound(m));
        if (!m_near.empty()) m_options.near = screen::parse_near(m_near);
        if (!m_near_layer.empty()) m_options.near_layer = screen::parse_near_layer(m_near_layer);

        auto supply = screen::open_supply(m_config, m_outputs);
        if (supply.analysed_now) fmt::print(stderr, "outputs were not up to date ({}): the job ran first\n", supply.why);
        screen::QueryResult result;
        try {
            // Only the fields the filters and the sort read, only the records the attribute
            // filters keep; geometries when a filter needs them.
            screen::read_supply(supply, screen::query_fields(supply, m_options), false, screen::query_keep(supply, m_options));
            result = screen::run_query(supply, m_options);
        } catch (const screen::ExpressionError& e) {
            const std::string text = m_options.where.empty() ? std::string{} : m_options.where.front();
            fmt::print(stderr, "foncier: error in --where: {}\n  {}\n  {}^\n", e.what(), text,
                       std::string(e.column() > 0 ? e.column() - 1 : 0, ' '));
            return usage;
        }
        print(supply, result);
        if (!m_out.empty()) {
            screen::write_query(supply, result, m_out, m_format);
            fmt::print("written: {}\n", m_out);
        }
        return ok;
    }

private:
    static void print(const screen::Supply& supply, const screen::QueryResult& result) {
        constexpr std::size_t shown = 20;
        fmt::print("{} of {} sites and plots: {}\n", result.rows.size(), supply.total, result.description);
        fmt::print("{:<4} {:<6} {:<24} {:<28} {:>9} {:>6} {:<6}\n", "#", "objet", "site_id", "commune", "surf_ha",
                   "score", "classe");
        for (std::size_t i = 0; i < result.rows.size() && i < shown; ++i) {
            const auto& r = supply.records[result.rows[i]];
            fmt::print("{:<4} {:<6} {:<24} {:<28} {:>9} {:>6} {:<6}\n", i + 1, cell(r, "objet"), cell(r, "site_id"),
                       cell(r, "commune").substr(0, 28), cell(r, "surf_ha"), cell(r, "score"), cell(r, "classe"));
        }
        if (result.rows.size() > shown) {
            fmt::print("... {} more (use --out to get them all)\n", result.rows.size() - shown);
        }
    }

    std::string m_config, m_out, m_format, m_near, m_near_layer, m_outputs;
    std::vector<std::string> m_min, m_max;
    screen::Shortcuts m_shortcuts;
    screen::QueryOptions m_options;
};

}  // namespace

std::unique_ptr<Command> make_query_command() { return std::make_unique<QueryCommand>(); }

}  // namespace foncier::cli
