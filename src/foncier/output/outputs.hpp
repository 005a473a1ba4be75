#pragma once
// Writing the output folder's files: foncier.gpkg, then the GeoJSON and Shapefile copies of
// the exported layers, and run.json.

#include <filesystem>
#include <string>
#include <vector>

#include "foncier/analysis/analysis.hpp"
#include "foncier/core/progress.hpp"
#include "foncier/io/table.hpp"
#include "foncier/output/gpkg_rows.hpp"
#include "foncier/scoring/engine.hpp"

namespace foncier::output {

/// Which copies of the GeoPackage layers a run writes. foncier.gpkg is always written: it is
/// the reference the copies are made from, and it holds the measures `foncier score` reuses.
struct Formats {
    bool geojson = true;
    bool shapefile = true;
};

/// Parses a comma-separated list of "gpkg", "geojson", "shp" (e.g. "gpkg,shp"). Throws
/// ConfigError on an unknown name or when "gpkg" is missing.
[[nodiscard]] Formats parse_formats(const std::string& list);

/// The copies an existing output folder holds (what `foncier run --formats` wrote there).
[[nodiscard]] Formats formats_in(const std::filesystem::path& dir);

/// The files a run with these formats writes, as listed in run.json.
[[nodiscard]] std::vector<std::string> output_files(const Formats& formats);

struct OutputOptions {
    std::string title;      ///< QGIS project title
    std::string crs;        ///< working CRS
    geom::Envelope extent;  ///< initial view of the project, working CRS
    Formats formats;
    std::vector<std::string> attribution;  ///< the inputs' credit lines, for the QGIS project
};

/// foncier.gpkg (with its QGIS `layer_styles`), the GeoJSON and Shapefile copies with their
/// sibling .qml, foncier.qgs, and `csv_tables` as <name>.csv (the crosswalk also). With
/// `rows` (made with the measures, and writing since), foncier.gpkg takes its measures rows
/// too; without, the measures table is one of `tables`.
void write_outputs(const std::filesystem::path& dir, const std::vector<io::Table>& tables,
                   const std::vector<io::Table>& csv_tables, const OutputOptions& options, Progress& progress,
                   GeoPackageRows* rows = nullptr);

/// GeoJSON and/or Shapefile copies of one layer of dir/foncier.gpkg, with the layer's .qml.
void export_copies(const std::filesystem::path& dir, const std::string& layer, const Formats& formats = {});

void write_manifest(const std::filesystem::path& dir, const std::string& json);

}  // namespace foncier::output
