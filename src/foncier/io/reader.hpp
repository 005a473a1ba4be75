#pragma once
// Reads one layer of any OGR vector source (GeoPackage, Shapefile, GeoJSON, CSV with a WKT
// column or x/y columns, PostGIS, ...) into memory, geometries as geom::Geometry in the
// layer's own CRS. No reprojection or repair here: that is normalisation's job.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "foncier/core/value.hpp"
#include "foncier/geom/geometry.hpp"

namespace foncier::io {

struct ReadOptions {
    std::string layer;             ///< layer name; DEFAULT: the only (or first) layer
    std::string x_field;           ///< CSV: column holding x / longitude
    std::string y_field;           ///< CSV: column holding y / latitude
    std::string wkt_field;         ///< CSV: column holding WKT geometry
    std::string attribute_filter;  ///< OGR SQL WHERE clause applied on read; DEFAULT: none
    /// Columns holding geometries as text, WKT or GeoJSON (CNIG CSV files: geomsurf then
    /// geompoint; Sites Économiques: GeoJSON strings). The first non-empty one of each row is
    /// read. DEFAULT: none (the driver's geometry).
    std::vector<std::string> geometry_fields;
    /// A JSON file holding an array of records (no GDAL driver reads those): one row per
    /// element of this array member of each record, e.g. "membres" for the etalab epci.json.
    /// DEFAULT: one row per record.
    std::string explode;
};

struct Feature {
    std::int64_t fid = -1;
    Attributes attributes;
    geom::Geometry geometry;     ///< null when the feature has none
    std::string geometry_error;  ///< why the geometry could not be read, when it could not

    [[nodiscard]] const Value& get(const std::string& field) const;
};

/// What read_layer found about the text of one file, for ingest to report (io records, ingest
/// turns it into one `encoding` issue per file and layer: thousands of values of one badly
/// declared file are one problem). Every value and field name of LayerData is valid UTF-8
/// whatever this says.
struct TextReport {
    std::string path;         ///< the file
    std::string declared;     ///< the encoding it declares, GDAL's name ("CP1252", "UTF-8"); "" when none
    std::string declared_by;  ///< where: "its .cpg file", "the language driver byte of its .dbf"
    bool shapefile = false;   ///< a Shapefile's .dbf (its declaration is a .cpg file to fix)
    std::size_t recoded = 0;  ///< values and field names not valid UTF-8 though UTF-8 (or nothing) is declared
    std::string recoded_from;  ///< the encoding those were decoded from (Windows-1252)
    std::size_t kept_utf8 = 0;  ///< valid UTF-8 beyond ASCII though a legacy encoding is declared: kept
    /// The first value concerned: its feature (index in LayerData::features; npos for a field
    /// name), its field and its text as foncier read it.
    std::size_t example_feature = static_cast<std::size_t>(-1);
    std::string example_field;
    std::string example_value;
    std::vector<std::size_t> nul_lines;  ///< lines (from 1) holding a NUL byte or a \u0000 escape (first 20)
    std::size_t nul_count = 0;           ///< every NUL byte or \u0000 escape

    [[nodiscard]] bool empty() const noexcept { return recoded == 0 && kept_utf8 == 0 && nul_count == 0; }
};

struct LayerData {
    std::string path;
    std::string layer;
    std::string crs;  ///< WKT of the layer's CRS; empty when the source declares none
    std::vector<std::string> fields;
    std::vector<Feature> features;
    std::vector<TextReport> text;  ///< one per file read whose text needed attention; usually none

    [[nodiscard]] bool has_field(const std::string& name) const;
};

/// Throws IoError naming the file (and layer) with GDAL's explanation and a fix. Text comes
/// out as valid UTF-8: a Shapefile's .dbf is decoded from the encoding its .cpg or language
/// driver byte declares; a value that is not valid UTF-8 where UTF-8 is declared (or nothing)
/// is decoded from Windows-1252; LayerData::text says what was done.
[[nodiscard]] LayerData read_layer(const std::string& path, const ReadOptions& options = {});

/// Reads the layer named `layer` with default options.
[[nodiscard]] inline LayerData read_layer(const std::string& path, const std::string& layer) {
    ReadOptions options;
    options.layer = layer;
    return read_layer(path, options);
}

}  // namespace foncier::io
