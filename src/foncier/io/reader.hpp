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

struct LayerData {
    std::string path;
    std::string layer;
    std::string crs;  ///< WKT of the layer's CRS; empty when the source declares none
    std::vector<std::string> fields;
    std::vector<Feature> features;

    [[nodiscard]] bool has_field(const std::string& name) const;
};

/// Throws IoError naming the file (and layer) with GDAL's explanation and a fix.
[[nodiscard]] LayerData read_layer(const std::string& path, const ReadOptions& options = {});

/// Reads the layer named `layer` with default options.
[[nodiscard]] inline LayerData read_layer(const std::string& path, const std::string& layer) {
    ReadOptions options;
    options.layer = layer;
    return read_layer(path, options);
}

}  // namespace foncier::io
