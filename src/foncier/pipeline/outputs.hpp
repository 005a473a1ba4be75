#pragma once
// Writing the output folder's files: foncier.gpkg, then the GeoJSON and Shapefile copies of
// the exported layers, and run.json.

#include <filesystem>
#include <string>
#include <vector>

#include "foncier/core/progress.hpp"
#include "foncier/io/table.hpp"

namespace foncier::pipeline {

/// `csv_tables` are written as <name>.csv next to foncier.gpkg (the crosswalk also is).
void write_outputs(const std::filesystem::path& dir, const std::vector<io::Table>& tables,
                   const std::vector<io::Table>& csv_tables, const std::string& crs, Progress& progress);

/// GeoJSON and Shapefile copies of one layer of dir/foncier.gpkg.
void export_copies(const std::filesystem::path& dir, const std::string& layer);

void write_manifest(const std::filesystem::path& dir, const std::string& json);

}  // namespace foncier::pipeline
