#pragma once
// foncier.qgs: a QGIS project over foncier.gpkg with every layer styled (renderers embedded,
// since QGIS does not apply data-stored styles to project layers), grouped, in the working
// CRS, with relative paths so the output folder can be zipped and sent. Written for QGIS 3.22
// (Debian 12) and read by later versions.

#include <string>
#include <vector>

#include "foncier/geom/geometry.hpp"

namespace foncier::report {

struct ProjectOptions {
    std::string title;
    std::string crs = "EPSG:2154";  ///< working CRS of the GeoPackage
    geom::Envelope extent;          ///< initial view, in the working CRS
    std::string gpkg = "foncier.gpkg";  ///< relative to the project file
    /// Credit lines of the data ("© OpenStreetMap contributors"): the project metadata's
    /// rights, shown by QGIS under Project > Properties > Metadata.
    std::vector<std::string> attribution;
};

[[nodiscard]] std::string qgis_project(const ProjectOptions& options);

}  // namespace foncier::report
