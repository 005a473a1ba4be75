#pragma once
// An output layer in memory: a schema and rows, in the working CRS. The report module fills
// tables; io writes them to any format. Field names are used as given (≤ 10 characters so
// Shapefile needs no laundering: see report/schema.hpp).

#include <string>
#include <vector>

#include "foncier/core/value.hpp"
#include "foncier/geom/geometry.hpp"

namespace foncier::io {

enum class FieldType { integer, real, string };
enum class GeometryType { none, point, multipolygon };

struct FieldDef {
    std::string name;
    FieldType type = FieldType::string;
    int width = 0;      ///< Shapefile/DBF width; 0 = driver default
    int precision = 0;  ///< decimals for reals in DBF
    std::string description;
};

struct Table {
    struct Row {
        std::vector<Value> values;  ///< one per field, in schema order
        geom::Geometry geometry;    ///< null allowed for GeometryType::point (issues layer)
        /// A geometry owned elsewhere (the analysis), used instead of `geometry` when set, so
        /// that the large layers are not copied only to be written. It must outlive the table.
        const geom::Geometry* borrowed = nullptr;
        /// Another row's values, used instead of `values` when set (the sites_pt layer shares
        /// the sites layer's, a large copy otherwise). That row must outlive the table.
        const std::vector<Value>* borrowed_values = nullptr;
        /// The row's geometry: the borrowed one, else its own.
        [[nodiscard]] const geom::Geometry& shape() const noexcept { return borrowed != nullptr ? *borrowed : geometry; }
        /// The row's values: the borrowed ones, else its own. Readers use this, not `values`.
        [[nodiscard]] const std::vector<Value>& cells() const noexcept {
            return borrowed_values != nullptr ? *borrowed_values : values;
        }
    };
    std::string name;
    GeometryType geometry_type = GeometryType::multipolygon;
    std::vector<FieldDef> fields;
    std::vector<Row> rows;
    std::string description{};  ///< layer metadata where the format has some (GeoPackage, GeoJSON)
};

}  // namespace foncier::io
