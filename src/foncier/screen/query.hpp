#pragma once
// `foncier query` and `foncier match`: screening the analysed land supply. Both read the
// outputs of `foncier run` (sites, their measures, the available plots of the parks) — no
// re-analysis when the outputs are up to date — and filter them in memory. They read only
// the fields their filters use (open_supply, then read_supply), build whole only the records
// their attribute filters keep (Keep), and read the geometries only of the records a spatial
// filter or the written result needs (issue 22: a national run's outputs read whole took
// seconds and more than a gigabyte).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "foncier/analysis/model.hpp"
#include "foncier/geom/geometry.hpp"
#include "foncier/screen/expression.hpp"

namespace foncier::screen {

/// The land supply as records: one per site (objet = "site") and per available plot
/// (objet = "plot"), with every field of the outputs, surf_ha, and the site's measures.
struct Supply {
    std::vector<std::string> fields;  ///< every field a filter may use
    std::vector<Record> records;
    std::vector<geom::Geometry> geometries;  ///< in `crs`, per record
    std::string crs;                          ///< the territory's working CRS (config `crs`)
    std::string out_dir;
    std::string config_path;
    bool analysed_now = false;  ///< the outputs were missing or stale: the job ran first
    std::string why;            ///< why the job ran
    /// Where each record comes from, when read from the outputs: its fid in the sites table,
    /// or in the plots table when plot[i] is 1. Empty for a supply built in memory.
    std::vector<std::int64_t> fids;
    std::vector<char> plot;
    /// False when `fields` lists, of the measures, only those of the first rows known for some
    /// site: read_supply with a field list does not pass over the whole measures table.
    bool fields_complete = true;
    /// The records of the outputs, before read_supply's Keep chose some (read_supply sets it).
    std::size_t total = 0;
    /// False when read_supply read only some fields: the records hold those (and the ones
    /// the commands print); write_query reads the rest for the rows it writes.
    bool every_field = true;
};

/// The outputs of the territory's run (the job runs first when they are missing, or when the
/// config or an input's size or date changed since) and the fields a filter may use; no
/// record read yet. Throws ConfigError for a bad config, IoError for unreadable outputs.
[[nodiscard]] Supply open_supply(const std::string& config_path, const std::string& out_dir = {});

/// Which records read_supply keeps: those `accepts` accepts, judged on a record built with
/// `fields` only (their values are those of the record kept); every record when `accepts` is
/// empty. Records are built whole only for the few a filter keeps out of a national run's
/// hundreds of thousands.
struct Keep {
    std::vector<std::string> fields;
    std::function<bool(const Record& record, bool plot, std::int64_t fid)> accepts;
};

/// Reads the records: only `fields` (and objet, site_id, nom, commune, surf_ha, score, classe,
/// which the commands print), or every field when `fields` is nullopt; the geometries too when
/// `geometries` (else run_query reads those its spatial filters need); only those `keep`
/// accepts, in the same order as all of them.
void read_supply(Supply& supply, const std::optional<std::vector<std::string>>& fields, bool geometries,
                 const Keep& keep = {});

/// Every field a filter may use: `supply.fields`, with, when they are not complete, the
/// measures known for some site that the first rows of the measures table do not name (for
/// error messages and written results: a pass over the whole table).
[[nodiscard]] std::vector<std::string> all_fields(const Supply& supply);

/// The geometries of the records `rows` of a supply read from the outputs (every record when
/// `rows` is empty), in that order.
[[nodiscard]] std::vector<geom::Geometry> read_geometries(const Supply& supply, const std::vector<std::size_t>& rows);

/// open_supply and read_supply of every field and geometry.
[[nodiscard]] Supply load_supply(const std::string& config_path, const std::string& out_dir = {});

struct QueryOptions {
    std::vector<std::string> where;                           ///< expressions, all must hold
    std::vector<std::pair<std::string, std::string>> equals;  ///< field, value (accents and case ignored)
    std::vector<std::pair<std::string, double>> min, max;     ///< numeric ranges
    std::optional<std::pair<XY, double>> near;                ///< lon/lat point (WGS 84), metres
    std::string within;  ///< WKT (lon/lat), a file of polygons, or a commune / EPCI code or name
    /// Near a context layer of the territory ("stations", "parks", or an [[access]] /
    /// [[constraints]] name): any of its features, or the one named (nom or id, accents and
    /// case ignored), within `distance` metres.
    struct NearLayer {
        std::string layer;
        std::string feature;  ///< "" = any feature
        double distance = 0.0;
    };
    std::optional<NearLayer> near_layer;
    std::string sort = "score";
    bool ascending = false;
    std::size_t limit = 0;  ///< 0: all
};

struct QueryResult {
    std::vector<std::size_t> rows;  ///< indexes into the supply, sorted
    std::string description;        ///< the query in words, written into the output's metadata
};

/// The fields `options` filter and sort on (for read_supply). Throws ExpressionError.
[[nodiscard]] std::vector<std::string> query_fields(const Supply& supply, const QueryOptions& options);

/// The records that may pass the attribute filters of `options` (--where, --statut and the
/// other shortcuts, --min, --max), for read_supply: run_query then gives the rows it would
/// give on every record. Throws ExpressionError.
[[nodiscard]] Keep query_keep(const Supply& supply, const QueryOptions& options);

/// Throws ExpressionError (column and valid fields) or ConfigError.
[[nodiscard]] QueryResult run_query(const Supply& supply, const QueryOptions& options);

/// The features of a context layer of the territory, in the working CRS (for near_layer).
/// Throws ConfigError listing the layers when `layer` is not one of them.
[[nodiscard]] std::vector<analysis::Feature> context_features(const std::string& config_path, const std::string& layer);

/// Writes the selected records: format gpkg, geojson, shp or csv (from the file extension
/// when empty). GeoPackage and GeoJSON carry the query in the layer description; Shapefile
/// and CSV in a sibling <file>.query.txt.
void write_query(const Supply& supply, const QueryResult& result, const std::string& path, std::string format = {});

// --- company needs ---------------------------------------------------------------------

struct Requirement {
    std::string text;
    Expression expression;
};
struct Preference {
    std::string label;
    Expression expression;
    double weight = 1.0;
};
struct Needs {
    std::string name;
    std::string description;
    std::vector<Requirement> require;
    std::vector<Preference> prefer;
};

/// Reads a needs file (geodata/needs/*.toml); expressions are checked against `fields`.
[[nodiscard]] Needs load_needs(const std::string& path, const std::vector<std::string>& fields);
/// The fields the requirements and preferences of `needs` read (for read_supply).
[[nodiscard]] std::vector<std::string> needs_fields(const Needs& needs);

struct Match {
    std::size_t row = 0;
    double fit = 0.0;  ///< 0..100: weight share of the preferences met
    std::vector<bool> preferences_met;
};
struct NearMiss {
    std::size_t row = 0;
    std::size_t failed = 0;    ///< index of the one requirement not met
    std::string explanation;   ///< "flood_share = 0.15 > 0.1: would match if the limit were 0.15"
};
struct MatchResult {
    std::vector<Match> matches;      ///< best first
    std::vector<NearMiss> near_misses;
};

[[nodiscard]] MatchResult match(const Supply& supply, const Needs& needs);

/// The records that fail at most one requirement of `needs` (matches and near misses), for
/// read_supply; `needs` must outlive the Keep.
[[nodiscard]] Keep match_keep(const Needs& needs);

/// "surf_ha = 4.2 (surf_ha >= 3: met)" for each requirement, for one record.
[[nodiscard]] std::string how_met(const Supply& supply, const Needs& needs, std::size_t row);

}  // namespace foncier::screen
