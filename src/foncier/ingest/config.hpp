#pragma once
// The dataset catalogue (geodata/catalogue.toml) and the territory config
// (geodata/<territory>.toml), parsed and checked. Only this file knows their syntax; the
// documentation of every key is in geodata/README.md.

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "foncier/analysis/zae.hpp"
#include "foncier/ingest/typed_measures.hpp"

namespace foncier::ingest {

/// One input dataset: where it is, how to read it, where it comes from.
struct DatasetSpec {
    std::string key;         ///< catalogue key ("communes_2026"), or the section name for inline paths
    std::string title;
    std::string path;        ///< resolved path (cache file, or a path given in the territory config)
    std::string layer;       ///< DEFAULT: the first layer
    std::string source_crs;  ///< used when the file declares no CRS
    std::string x_field, y_field, wkt_field;  ///< CSV geometry columns
    std::vector<std::string> geometry_fields;  ///< text geometry columns (WKT or GeoJSON), first readable wins
    std::string schema;                       ///< "cnig-friches": CNIG Friches (or Cartofriches v1) columns
    std::string publisher, licence, vintage, url, sha256, derived_from;
    std::string attribution;  ///< credit line every output built on it shows ("© OpenStreetMap contributors")
    bool synthetic = false;
    std::map<std::string, std::string> fields;  ///< role -> field name in the source
    /// Several files read as one layer (one per département, as users usually have them),
    /// resolved; `path` is the first. DEFAULT: `path` alone.
    std::vector<std::string> files;
    /// Several layers of each file read as one. DEFAULT: `layer` alone.
    std::vector<std::string> layers;
    /// JSON array of records: the array member giving one row per element ("membres").
    std::string explode;

    /// The (file, layer) pairs read as this dataset: files × layers, in that order.
    [[nodiscard]] std::vector<std::pair<std::string, std::string>> parts() const;
};

/// A dataset as used by a territory: the spec plus the territory's own mapping and filter.
struct LayerUse {
    DatasetSpec dataset;
    std::map<std::string, std::string> fields;  ///< catalogue mapping overridden by the territory
    std::string filter;                         ///< OGR SQL WHERE applied on read
    std::vector<MeasureSpec> measures;          ///< [<section>.measures]: typed measures ([friches], [communes])

    /// Field mapped to `role`, or "" when the role is not mapped.
    [[nodiscard]] std::string field(const std::string& role) const;
};

enum class SwapPolicy { fix, refuse };

/// A context layer: constraint zones (overlap share), access points (distance) or parks.
struct ContextUse {
    std::string name;   ///< measure prefix: "flood" gives flood_share, "interchange" interchange_m
    std::string label;  ///< words for explanations
    LayerUse use;
    /// [[access]] only: a nearest feature farther than this counts as none found (m).
    std::optional<double> max_distance_m;
    /// [[access]] only: further measures this layer's distance fills (e.g. distanceReseauChaleur).
    std::vector<std::string> feeds;
};

struct TerritoryConfig {
    std::string path;  ///< the .toml file
    std::string name;
    std::string crs = "EPSG:2154";  ///< working CRS, projected (areas in m², distances in m)
    std::string output;             ///< output folder, resolved against the config file's folder
    std::string catalogue_path;     ///< the catalogue file, when a dataset comes from it
    LayerUse communes;
    std::optional<LayerUse> membership;  ///< commune → EPCI table joined on INSEE
    std::optional<LayerUse> population;  ///< commune populations joined on INSEE (role pop)
    /// Communes merged since the polygons' vintage: roles insee + parent (a commune déléguée or
    /// associée and its chef-lieu) and/or insee + former (a current commune and its former codes).
    std::optional<LayerUse> mergers;
    /// Cadastral parcels (Etalab cadastre schema: role id = the 14-character parcel id): a
    /// point site listing its parcels (friches role `parcelles`) gets their union as footprint.
    std::optional<LayerUse> parcels;
    std::optional<LayerUse> friches;
    std::optional<LayerUse> stations;
    std::optional<LayerUse> parks;          ///< activity parks (SITE-ECO): park_id, park_share, ZAE inventory
    std::optional<LayerUse> plots;          ///< land units of the parks (TERRAIN-ECO)
    std::optional<LayerUse> establishments; ///< establishments (ETABLISSEMENT)
    analysis::VacancyRule vacancy_rule = analysis::VacancyRule::occupancy;  ///< [zae] vacancy_rule
    std::vector<ContextUse> constraints;    ///< [[constraints]]: <name>_share per site
    std::vector<ContextUse> access;         ///< [[access]]: <name>_m per site
    std::string profile;                    ///< scoring profile file; empty = no scoring
    std::string profiles_dir;               ///< where bare profile names are looked up
    double default_footprint_m2 = 5000.0;  ///< footprint given to sites without geometry surface
    double implausible_ha = 200.0;         ///< declared surfaces above this are flagged
    int disc_segments = 64;                ///< vertices of an estimated footprint
    double parcel_surface_ratio = 2.0;     ///< declared surface vs the parcels' area beyond this ratio (either way): issue
    SwapPolicy swapped_axes = SwapPolicy::fix;
};

struct Catalogue {
    std::string path;
    std::string cache_dir;
    std::map<std::string, DatasetSpec> datasets;
};

/// Throws ConfigError naming the file, line and key.
[[nodiscard]] Catalogue load_catalogue(const std::string& path);
/// Throws ConfigError naming the file, line and key.
[[nodiscard]] TerritoryConfig load_territory(const std::string& path);

/// Every file the config reads (itself, the catalogue, the datasets, the profile): an output
/// folder must not hold any of them (check_output_location).
[[nodiscard]] std::vector<std::string> input_paths(const TerritoryConfig& config);

/// "val-de-lorraine-activite" -> <profiles_dir>/val-de-lorraine-activite.toml; a path is
/// resolved against `base` (DEFAULT: the current folder).
[[nodiscard]] std::string resolve_profile(const TerritoryConfig& config, const std::string& name_or_file,
                                          const std::string& base = ".");

}  // namespace foncier::ingest
