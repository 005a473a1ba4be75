// foncier match: rank the sites and plots meeting a company's needs (a needs TOML).

#include <fmt/core.h>

#include "command.hpp"
#include "foncier/screen/query.hpp"
#include "table_cells.hpp"

namespace foncier::cli {

namespace {

class MatchCommand final : public Command {
public:
    CLI::App* setup(CLI::App& app) override {
        auto* c = app.add_subcommand("match", "Rank the sites and plots meeting a company's needs (needs TOML).");
        c->add_option("territory", m_config, "Territory config")->required();
        c->add_option("needs", m_needs, "Needs file, e.g. geodata/needs/logistique.toml")->required();
        c->add_option("--limit", m_limit, "Show the first N matches")->capture_default_str();
        c->add_option("--outputs", m_outputs, "Output folder of the run (default: the config's)");
        return c;
    }

    int run() override {
        auto supply = screen::open_supply(m_config, m_outputs);
        // Only the fields the needs read, only the records failing one requirement at most;
        // then checked again against the measures the whole table knows (open_supply's list
        // comes from its first rows).
        {
            const auto first = screen::load_needs(m_needs, supply.fields);
            screen::read_supply(supply, screen::needs_fields(first), false, screen::match_keep(first));
        }
        const auto needs = [&] {
            try {
                return screen::load_needs(m_needs, supply.fields);
            } catch (const ConfigError&) {
                if (supply.fields_complete) throw;
                // The same error, listing every field: a field the needs name is listed in both.
                supply.fields = screen::all_fields(supply);
                supply.fields_complete = true;
                return screen::load_needs(m_needs, supply.fields);
            }
        }();
        const auto result = screen::match(supply, needs);
        fmt::print("{}: {} match{}, {} near miss{}\n", needs.name, result.matches.size(),
                   result.matches.size() == 1 ? "" : "es", result.near_misses.size(),
                   result.near_misses.size() == 1 ? "" : "es");
        for (std::size_t i = 0; i < result.matches.size() && i < m_limit; ++i) {
            const auto& m = result.matches[i];
            const auto& r = supply.records[m.row];
            fmt::print("{:>2}. {} {} ({}), {} ha, fit {:.0f} %, score {}\n", i + 1, cell(r, "objet"),
                       cell(r, "site_id"), cell(r, "commune"), cell(r, "surf_ha"), m.fit, cell(r, "score"));
            fmt::print("    {}\n", screen::how_met(supply, needs, m.row));
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

private:
    std::string m_config, m_needs, m_outputs;
    std::size_t m_limit = 10;
};

}  // namespace

std::unique_ptr<Command> make_match_command() { return std::make_unique<MatchCommand>(); }

}  // namespace foncier::cli
