#pragma once
// What the atlas shows, read from one run's outputs (foncier.gpkg, run.json,
// zae_inventory_<siren>.csv) plus the scores and the context layers the pipeline hands over.
// Geometries stay in the working CRS (EPSG:2154) here; the data files convert them.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "foncier/core/value.hpp"
#include "foncier/geom/geometry.hpp"
#include "foncier/scoring/engine.hpp"

namespace foncier::report::atlas {

/// A feature of an output layer: its attributes by field name and its geometry (EPSG:2154).
struct Record {
    Attributes attributes;
    geom::Geometry geometry;

    [[nodiscard]] std::string text(const std::string& field) const;
    [[nodiscard]] double number(const std::string& field, double fallback = 0.0) const;
    [[nodiscard]] std::optional<double> maybe(const std::string& field) const;
};

struct InputInfo {
    std::string role, dataset, path, sha256, publisher, licence, vintage;
    long long features = 0;
    bool synthetic = false;
};

/// run.json, as far as the atlas uses it.
struct RunInfo {
    std::string territory, version, config, config_sha256, crs, engine;
    std::string profile_name, profile_title, profile_path, profile_sha256;
    std::vector<InputInfo> inputs;
    std::vector<std::string> synthetic_datasets;
    std::vector<std::pair<std::string, std::string>> synthetic_measures;  ///< measure, dataset
    std::map<std::string, long long> issues_by_kind;
    long long issues_total = 0;
    std::string libraries;  ///< "GDAL 3.6.2, GEOS 3.11.1, PROJ 9.1.1"

    /// Labels of the synthetic inputs ("parcs d'activités (parks_demo)").
    [[nodiscard]] bool is_synthetic(const std::string& dataset) const;
};

/// One EPCI's ZAE inventory (L318-8-2), as zae_inventory_<siren>.csv holds it.
struct ZaeTable {
    std::string siren;
    std::string file;  ///< file name in the outputs folder
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
};

/// A context layer of the territory (stations, constraints, access) for the maps.
struct ContextLayer {
    std::string name;   ///< "flood", "interchange", "stations"
    std::string label;  ///< "zone inondable"
    std::string kind;   ///< "constraint", "access", "stations"
    std::string dataset;
    bool synthetic = false;
    struct Item {
        std::string id, nom;
        geom::Geometry geometry;  ///< EPSG:2154
    };
    std::vector<Item> items;
};

/// A section added to the territory page by another feature (e.g. `foncier diff`'s
/// "Évolutions"): its anchor id, its title for the menu, and its HTML body. The hook for
/// later additions; the atlas itself adds none.
struct ExtraSection {
    std::string id;
    std::string title;
    std::string html;
};

/// The records of one EPCI, as indexes into the model's layers, in layer order.
struct Members {
    std::vector<std::size_t> sites, parks, communes, issues;
};

struct Model {
    RunInfo run;
    std::vector<Record> sites;     ///< the sites layer, every site (MultiPolygon)
    std::vector<Record> sites_pt;  ///< same order as `sites` (Point on the surface)
    std::vector<Record> communes, epci, parks, plots, issues;
    std::map<std::string, ZaeTable> zae;  ///< by EPCI siren
    std::vector<ContextLayer> context;
    /// Scores of `sites` (same order), with every criterion, from the same profile and engine
    /// as `foncier explain`; ranks over the eligible sites.
    std::optional<scoring::Results> scores;
    std::vector<scoring::Inputs> measures;  ///< per site, for "what would move its class"
    std::vector<std::size_t> shown;         ///< indexes into `sites`: the sites with a sheet, in order
    std::vector<bool> with_sheet;           ///< per site: among `shown`
    std::string selection;                  ///< the selection in words ("les 20 premiers sites")
    std::vector<ExtraSection> extra_sections;

    [[nodiscard]] std::optional<std::size_t> rank(std::size_t site) const;
    /// Class name of a site ("A"), "exclu" when every use is excluded, "" without scores.
    [[nodiscard]] std::string class_of(std::size_t site) const;
    [[nodiscard]] double score_of(std::size_t site) const;
    /// The sites, parks, communes and issues of EPCI `siren` (none when unknown). An issue
    /// belongs to the EPCI of the site, park, land unit or commune it names. Built for every
    /// EPCI on the first call, so that each EPCI page reads its own records instead of
    /// scanning every layer (1 024 EPCI pages over 100 000 sites and 60 000 issues nationally).
    /// Not thread-safe: the atlas is written by one thread.
    [[nodiscard]] const Members& members(const std::string& siren) const;

private:
    mutable std::map<std::string, Members> m_members;
    mutable bool m_indexed = false;
};

/// Reads foncier.gpkg, run.json and the ZAE inventories of `out_dir`. Throws IoError naming
/// the file when one is missing or unreadable.
[[nodiscard]] Model read_outputs(const std::string& out_dir);

}  // namespace foncier::report::atlas
