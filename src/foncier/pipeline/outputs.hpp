#pragma once
// Writing the output folder's files: foncier.gpkg, then the GeoJSON and Shapefile copies of
// the exported layers, and run.json.

#include <filesystem>
#include <string>
#include <vector>

#include "foncier/core/progress.hpp"
#include "foncier/io/table.hpp"

namespace foncier::pipeline {

struct OutputOptions {
    std::string title;      ///< QGIS project title
    std::string crs;        ///< working CRS
    geom::Envelope extent;  ///< initial view of the project, working CRS
};

/// foncier.gpkg (with its QGIS `layer_styles`), the GeoJSON and Shapefile copies with their
/// sibling .qml, foncier.qgs, and `csv_tables` as <name>.csv (the crosswalk also).
void write_outputs(const std::filesystem::path& dir, const std::vector<io::Table>& tables,
                   const std::vector<io::Table>& csv_tables, const OutputOptions& options, Progress& progress);

/// GeoJSON and Shapefile copies of one layer of dir/foncier.gpkg, with the layer's .qml.
void export_copies(const std::filesystem::path& dir, const std::string& layer);

void write_manifest(const std::filesystem::path& dir, const std::string& json);

}  // namespace foncier::pipeline
