#pragma once
// Private to io: one Table written as an OGR layer, one OGR field read back as a Value. Shared
// by the GeoPackage, PostGIS and scratch-schema writers and by the readers.

#include <string>

#include "foncier/core/value.hpp"
#include "foncier/io/detail/gdal_util.hpp"
#include "foncier/io/detail/gpkg_rtree.hpp"
#include "foncier/io/table.hpp"

class GDALDataset;
class OGRFeature;
class OGRSpatialReference;
class CPLStringList;

namespace foncier::io::detail {

/// Creates layer `table.name` in `ds` with `layer_options` and writes every row in one
/// transaction. `path` names the destination in errors. With `driver_number_widths`, integer
/// and real fields get the driver's default width and precision (as a copy from a GeoPackage,
/// which keeps none, would). With `index`, the R-tree entry of every non-empty geometry written
/// is appended to it (for a layer created without its own spatial index). Throws IoError.
void write_table(GDALDataset& ds, const Table& table, OGRSpatialReference* srs, const std::string& path,
                 ErrorScope& errors, CPLStringList& layer_options, bool driver_number_widths = false,
                 std::vector<RtreeEntry>* index = nullptr);

/// Field `i` of `f` as a Value (null, integer, real, or text; dates as ISO 8601 text).
[[nodiscard]] Value read_field(OGRFeature& f, int i);

}  // namespace foncier::io::detail
