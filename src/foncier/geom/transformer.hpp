#pragma once
// Coordinate transformation with PROJ, always in GIS axis order (x = easting or longitude,
// y = northing or latitude), whatever the CRS definition says (EPSG:4326 is lat/lon in PROJ).

#include <memory>
#include <string>

#include "foncier/geom/geometry.hpp"

namespace foncier::geom {

/// Where a coordinate falls with respect to the target CRS's area of use.
enum class AxisCheck {
    plausible,  ///< inside the area of use as given
    swapped,    ///< outside as given, inside with x and y exchanged (lat/lon written as lon/lat)
    outside     ///< outside either way
};

class Transformer {
public:
    /// `source` and `target` are anything PROJ accepts: "EPSG:4326", WKT, PROJJSON.
    /// Throws CrsError naming both definitions when PROJ cannot build the operation.
    Transformer(const std::string& source, const std::string& target);
    Transformer(const Transformer&) = delete;
    Transformer& operator=(const Transformer&) = delete;
    Transformer(Transformer&&) noexcept;
    Transformer& operator=(Transformer&&) noexcept;
    ~Transformer();

    /// Throws CrsError when a coordinate cannot be transformed.
    [[nodiscard]] XY apply(XY source) const;
    [[nodiscard]] Geometry apply(const Geometry& source) const;

    /// Is `source` (in the source CRS) inside the target CRS's area of use, or would it be
    /// with its axes exchanged? Used to catch lat/lon swapped input.
    [[nodiscard]] AxisCheck check_axes(XY source) const;

    /// Area of use of the target CRS, in target CRS units (empty when PROJ knows none).
    [[nodiscard]] const Envelope& target_area() const noexcept { return m_area; }
    [[nodiscard]] const std::string& description() const noexcept { return m_description; }
    /// Source and target are the same CRS: apply() changes no coordinate.
    [[nodiscard]] bool identity() const noexcept { return m_identity; }

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    Envelope m_area{};
    bool m_has_area = false;
    bool m_identity = false;
    std::string m_description;

    [[nodiscard]] bool in_area(XY source) const;
};

/// Human name of a CRS definition ("RGF93 v1 / Lambert-93") and its EPSG code when it has one
/// ("EPSG:2154"), or an empty identifier. Throws CrsError on an unknown definition.
struct CrsInfo {
    std::string name;
    std::string identifier;
    bool geographic = false;
    bool projected = false;         ///< a projected CRS (or a compound one on a projected CRS)
    double metres_per_unit = 0.0;   ///< of its first axis; 0 when PROJ does not say
};
[[nodiscard]] CrsInfo describe_crs(const std::string& definition);

/// WKT2 (2019) of a CRS definition, and its PROJ string, for files that embed a CRS (QGIS
/// projects). Throws CrsError on an unknown definition.
[[nodiscard]] std::string crs_wkt(const std::string& definition);
[[nodiscard]] std::string crs_proj4(const std::string& definition);

[[nodiscard]] std::string proj_version();

}  // namespace foncier::geom
