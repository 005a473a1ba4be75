#pragma once
// What `foncier info <dataset>` prints: layers, geometry types, CRS, feature counts, fields.

#include <cstdint>
#include <string>
#include <vector>

namespace foncier::io {

struct FieldInfo {
    std::string name;
    std::string type;  ///< OGR type name: "String", "Integer64", "Real", ...
};

struct LayerInfo {
    std::string name;
    std::string geometry_type;  ///< "Multi Polygon", "Point", "None", ...
    std::string crs_name;       ///< empty when the layer has no CRS
    std::string crs_id;         ///< "EPSG:2154" when known
    std::int64_t feature_count = 0;
    std::vector<FieldInfo> fields;
};

struct DatasetInfo {
    std::string path;
    std::string driver;
    std::vector<LayerInfo> layers;
};

/// Throws IoError naming the file when it cannot be opened.
[[nodiscard]] DatasetInfo describe_dataset(const std::string& path);

[[nodiscard]] std::string gdal_version();

}  // namespace foncier::io
