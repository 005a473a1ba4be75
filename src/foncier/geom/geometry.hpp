#pragma once
// Owning, move-only geometry backed by GEOS (C API, reentrant). GEOS types never appear in
// this header: other modules see Geometry, Envelope and XY only.
//
// Thread affinity: every geometry belongs to the GEOS context of the thread that made it
// (one context per thread, see context.cpp). Do not share a Geometry across threads.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "foncier/core/issue.hpp"

namespace foncier::geom {

namespace detail {
struct Handle;  // opaque GEOSGeometry
}

/// Axis-aligned bounding box, in the CRS of the geometry.
struct Envelope {
    double minx = 0.0;
    double miny = 0.0;
    double maxx = 0.0;
    double maxy = 0.0;
    [[nodiscard]] XY centre() const noexcept { return {(minx + maxx) / 2, (miny + maxy) / 2}; }
    /// Area of the intersection of two envelopes (0 when they only touch or are apart): an
    /// upper bound of the area two geometries can share, so a cheap filter before an overlay.
    [[nodiscard]] double overlap_area(const Envelope& o) const noexcept {
        const double w = std::min(maxx, o.maxx) - std::max(minx, o.minx);
        const double h = std::min(maxy, o.maxy) - std::max(miny, o.miny);
        return w > 0.0 && h > 0.0 ? w * h : 0.0;
    }
};

enum class GeometryKind { point, line, polygon, collection, other };

class Geometry {
public:
    Geometry() noexcept = default;  ///< a null geometry
    Geometry(const Geometry&) = delete;
    Geometry& operator=(const Geometry&) = delete;
    Geometry(Geometry&& other) noexcept;
    Geometry& operator=(Geometry&& other) noexcept;
    ~Geometry();

    /// Parses ISO / extended WKB. Throws GeometryError with the GEOS message.
    [[nodiscard]] static Geometry from_wkb(std::span<const unsigned char> wkb);
    /// Parses WKT. Throws GeometryError with the GEOS message.
    [[nodiscard]] static Geometry from_wkt(std::string_view wkt);
    /// Parses a GeoJSON geometry object (the CNIG Sites Économiques CSV geometry columns).
    [[nodiscard]] static Geometry from_geojson(std::string_view geojson);
    [[nodiscard]] static Geometry point(double x, double y);

    [[nodiscard]] std::vector<unsigned char> to_wkb() const;
    /// Appends to `out` the WKB to_wkb() gives, written straight from the coordinates for
    /// points, polygons and multipolygons (GEOS's writer makes a virtual call per ordinate and
    /// a buffer per geometry).
    void append_wkb(std::vector<unsigned char>& out) const;
    /// WKT with at most `decimals` decimals (trailing zeros trimmed).
    [[nodiscard]] std::string to_wkt(int decimals = 3) const;
    [[nodiscard]] Geometry clone() const;
    /// Canonical form (GEOS normalize): same shape, rings and parts in a fixed order, so
    /// two equal geometries print the same WKT.
    [[nodiscard]] Geometry normalized() const;

    [[nodiscard]] bool is_null() const noexcept { return m_handle == nullptr; }
    [[nodiscard]] bool is_empty() const;
    [[nodiscard]] GeometryKind kind() const;
    [[nodiscard]] std::string type_name() const;

    /// Area in CRS units squared (m² in EPSG:2154).
    [[nodiscard]] double area() const;
    /// Number of vertices (closing vertices of rings included).
    [[nodiscard]] int num_coordinates() const;
    [[nodiscard]] Envelope envelope() const;
    /// A point guaranteed to lie on the geometry (GEOS PointOnSurface).
    [[nodiscard]] Geometry point_on_surface() const;
    /// The centre of mass (GEOS Centroid); for an estimated disc, the point it was drawn around.
    [[nodiscard]] Geometry centroid() const;
    /// Coordinates of a point geometry. Throws GeometryError on a non-point.
    [[nodiscard]] XY xy() const;

    [[nodiscard]] bool intersects(const Geometry& other) const;
    [[nodiscard]] Geometry intersection(const Geometry& other) const;
    /// Shortest distance in CRS units (m in EPSG:2154); 0 when the geometries touch.
    [[nodiscard]] double distance(const Geometry& other) const;
    /// Same geometry with every coordinate's x and y exchanged (for swapped lat/lon input).
    [[nodiscard]] Geometry swapped_xy() const;

    /// Raw GEOS handle, for the geom module's own implementation files.
    [[nodiscard]] detail::Handle* raw() const noexcept { return m_handle; }
    /// Gives the GEOS handle up (the geometry becomes null), for the geom module's own
    /// implementation files: a GEOS collection then takes it without a copy.
    [[nodiscard]] detail::Handle* release() noexcept {
        detail::Handle* h = m_handle;
        m_handle = nullptr;
        return h;
    }
    /// Adopts a GEOS handle; throws GeometryError naming `operation` when it is null.
    [[nodiscard]] static Geometry adopt(detail::Handle* handle, std::string_view operation);

private:
    detail::Handle* m_handle = nullptr;
};

/// GEOS version string, for `foncier --version`.
[[nodiscard]] std::string geos_version();

}  // namespace foncier::geom
