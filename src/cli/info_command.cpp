// foncier info: describe a dataset (layers, CRS, feature counts, fields).

#include <fmt/core.h>

#include <filesystem>

#include "command.hpp"
#include "foncier/core/error.hpp"
#include "foncier/ingest/config.hpp"
#include "foncier/io/dataset_info.hpp"

namespace foncier::cli {

namespace {

class InfoCommand final : public Command {
public:
    CLI::App* setup(CLI::App& app) override {
        auto* c = app.add_subcommand("info", "Describe a dataset: layers, CRS, feature counts, fields.");
        c->add_option("dataset", m_dataset, "A file GDAL can read, or a catalogue key")->required();
        c->add_option("--catalogue", m_catalogue, "Catalogue used to resolve keys")->capture_default_str();
        return c;
    }

    int run() override {
        const auto info = io::describe_dataset(resolve());
        fmt::print("{} ({})\n", info.path, info.driver);
        for (const auto& l : info.layers) {
            fmt::print("layer {}: {} features, geometry {}, CRS {}\n", l.name, l.feature_count, l.geometry_type,
                       l.crs_name.empty() ? std::string("none")
                                          : l.crs_name + (l.crs_id.empty() ? "" : " (" + l.crs_id + ")"));
            for (const auto& f : l.fields) fmt::print("  {} ({})\n", f.name, f.type);
        }
        return ok;
    }

private:
    std::string resolve() const {
        if (std::filesystem::exists(m_dataset) || m_dataset.find(':') != std::string::npos) return m_dataset;
        if (std::filesystem::exists(m_catalogue)) {
            const auto cat = ingest::load_catalogue(m_catalogue);
            if (auto it = cat.datasets.find(m_dataset); it != cat.datasets.end()) return it->second.path;
        }
        throw ConfigError("'" + m_dataset + "' is neither a file nor a dataset key of the catalogue '" + m_catalogue +
                          "'");
    }

    std::string m_dataset, m_catalogue = "geodata/catalogue.toml";
};

}  // namespace

std::unique_ptr<Command> make_info_command() { return std::make_unique<InfoCommand>(); }

}  // namespace foncier::cli
