#include "foncier/geom/operations.hpp"

#include <cmath>
#include <memory>
#include <numbers>

#include "foncier/core/error.hpp"
#include "foncier/geom/context.hpp"
#include "foncier/geom/coverage_union.hpp"
#include "foncier/geom/simple_ring.hpp"

namespace foncier::geom {

using detail::ctx;
using detail::g;
using detail::h;

namespace {

struct GeosFree {
    void operator()(void* p) const noexcept { GEOSFree_r(ctx(), p); }
};

// Appends clones of every polygon found in `geom` (recursing into collections).
void collect_polygons(const GEOSGeometry* geom, std::vector<GEOSGeometry*>& out) {
    const int type = GEOSGeomTypeId_r(ctx(), geom);
    if (type == GEOS_POLYGON) {
        if (GEOSisEmpty_r(ctx(), geom) == 0) out.push_back(GEOSGeom_clone_r(ctx(), geom));
        return;
    }
    if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
        const int n = GEOSGetNumGeometries_r(ctx(), geom);
        for (int i = 0; i < n; ++i) collect_polygons(GEOSGetGeometryN_r(ctx(), geom, i), out);
    }
}

Geometry make_multipolygon(std::vector<GEOSGeometry*>& polygons) {
    GEOSGeometry* multi = GEOSGeom_createCollection_r(ctx(), GEOS_MULTIPOLYGON, polygons.data(),
                                                      static_cast<unsigned>(polygons.size()));
    if (multi == nullptr) {
        for (auto* p : polygons) GEOSGeom_destroy_r(ctx(), p);
    }
    return Geometry::adopt(h(multi), "MultiPolygon creation");
}

}  // namespace

Validity check_validity(const Geometry& geometry) {
    // Most polygons are proven valid on their coordinates (simple_ring.hpp); GEOS checks the
    // others and names what is wrong.
    if (certainly_valid_polygon(geometry)) return {};
    char* reason = nullptr;
    GEOSGeometry* location = nullptr;
    const char rc = GEOSisValidDetail_r(ctx(), g(geometry.raw()), 0, &reason, &location);
    std::unique_ptr<char, GeosFree> reason_guard(reason);
    Geometry location_guard = location != nullptr ? Geometry::adopt(h(location), "validity location") : Geometry{};
    Validity out;
    out.valid = detail::check_predicate(rc, "isValidDetail");
    if (!out.valid) {
        out.reason = reason != nullptr ? reason : "invalid geometry";
        if (!location_guard.is_null() && !location_guard.is_empty()) out.location = location_guard.xy();
    }
    return out;
}

Geometry polygonal_parts(const Geometry& geometry) {
    std::vector<GEOSGeometry*> polygons;
    if (!geometry.is_null()) collect_polygons(g(geometry.raw()), polygons);
    return make_multipolygon(polygons);
}

Geometry polygonal_parts(Geometry&& geometry) {
    if (!geometry.is_null()) {
        const GEOSGeometry* all = g(geometry.raw());
        const int type = GEOSGeomTypeId_r(ctx(), all);
        if (type == GEOS_MULTIPOLYGON) {
            bool kept = true;  // every part non-empty: nothing to drop
            for (int i = 0, n = GEOSGetNumGeometries_r(ctx(), all); i < n && kept; ++i) {
                kept = GEOSisEmpty_r(ctx(), GEOSGetGeometryN_r(ctx(), all, i)) == 0;
            }
            if (kept) return std::move(geometry);
        } else if (type == GEOS_POLYGON && GEOSisEmpty_r(ctx(), all) == 0) {
            std::vector<GEOSGeometry*> one{g(geometry.release())};
            return make_multipolygon(one);
        }
    }
    return polygonal_parts(static_cast<const Geometry&>(geometry));
}

Geometry make_valid_polygonal(const Geometry& geometry) {
    GEOSMakeValidParams* params = GEOSMakeValidParams_create_r(ctx());
    GEOSMakeValidParams_setMethod_r(ctx(), params, GEOS_MAKE_VALID_STRUCTURE);
    GEOSMakeValidParams_setKeepCollapsed_r(ctx(), params, 0);
    GEOSGeometry* fixed = GEOSMakeValidWithParams_r(ctx(), g(geometry.raw()), params);
    GEOSMakeValidParams_destroy_r(ctx(), params);
    return polygonal_parts(Geometry::adopt(h(fixed), "MakeValid"));
}

Geometry disc(XY centre, double area, int segments) {
    if (!(area > 0.0) || segments < 8) {
        throw GeometryError("disc: the area must be positive and segments >= 8");
    }
    // A regular n-gon of circumradius r has area (n/2) r² sin(2π/n).
    const double n = segments;
    const double r = std::sqrt(2.0 * area / (n * std::sin(2.0 * std::numbers::pi / n)));
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx(), static_cast<unsigned>(segments + 1), 2);
    for (int i = 0; i <= segments; ++i) {
        const double a = 2.0 * std::numbers::pi * (i % segments) / n;  // CCW, closed exactly
        GEOSCoordSeq_setXY_r(ctx(), seq, static_cast<unsigned>(i), centre.x + r * std::cos(a),
                             centre.y + r * std::sin(a));
    }
    GEOSGeometry* ring = GEOSGeom_createLinearRing_r(ctx(), seq);
    if (ring == nullptr) detail::throw_error("disc ring");
    GEOSGeometry* poly = GEOSGeom_createPolygon_r(ctx(), ring, nullptr, 0);
    if (poly == nullptr) detail::throw_error("disc polygon");
    std::vector<GEOSGeometry*> parts{poly};
    return make_multipolygon(parts);
}

namespace {
Geometry collection_of(const std::vector<const Geometry*>& parts) {
    std::vector<GEOSGeometry*> polygons;
    for (const auto* part : parts) collect_polygons(g(part->raw()), polygons);
    GEOSGeometry* coll = GEOSGeom_createCollection_r(ctx(), GEOS_GEOMETRYCOLLECTION, polygons.data(),
                                                     static_cast<unsigned>(polygons.size()));
    if (coll == nullptr) {
        for (auto* p : polygons) GEOSGeom_destroy_r(ctx(), p);
        detail::throw_error("collection");
    }
    return Geometry::adopt(h(coll), "collection");
}
}  // namespace

Geometry union_all(const std::vector<const Geometry*>& parts) {
    const Geometry all = collection_of(parts);
    return polygonal_parts(Geometry::adopt(h(GEOSUnaryUnion_r(ctx(), g(all.raw()))), "union"));
}

Geometry dissolve(const std::vector<const Geometry*>& parts) {
    if (auto merged = coverage_union(parts)) return std::move(*merged);
    // Not a clean coverage: simplified boundaries (e.g. IGN ADMIN EXPRESS through mapshaper)
    // are not always noded alike between neighbours, or parts overlap. The robust overlay
    // union handles both; GEOS's CoverageUnion would not (on overlapping squares GEOS 3.11
    // returns their summed area as the union's, without an error).
    return polygonal_parts(Geometry::adopt(h(GEOSUnaryUnion_r(ctx(), g(collection_of(parts).raw()))), "dissolve"));
}

namespace {
GEOSCoordSequence* sequence(const std::vector<XY>& points) {
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx(), static_cast<unsigned>(points.size()), 2);
    for (std::size_t i = 0; i < points.size(); ++i) {
        GEOSCoordSeq_setXY_r(ctx(), seq, static_cast<unsigned>(i), points[i].x, points[i].y);
    }
    return seq;
}
}  // namespace

Geometry line(const std::vector<XY>& points) {
    return Geometry::adopt(h(GEOSGeom_createLineString_r(ctx(), sequence(points))), "line");
}

std::vector<Geometry> voronoi_cells(const std::vector<XY>& sites, const Envelope& extent) {
    std::vector<GEOSGeometry*> points;
    for (const auto& p : sites) points.push_back(GEOSGeom_createPointFromXY_r(ctx(), p.x, p.y));
    const Geometry input = Geometry::adopt(
        h(GEOSGeom_createCollection_r(ctx(), GEOS_MULTIPOINT, points.data(), static_cast<unsigned>(points.size()))),
        "multipoint");
    const Geometry frame = Geometry::adopt(
        h(GEOSGeom_createRectangle_r(ctx(), extent.minx, extent.miny, extent.maxx, extent.maxy)), "rectangle");
    const Geometry cells = Geometry::adopt(h(GEOSVoronoiDiagram_r(ctx(), g(input.raw()), g(frame.raw()), 0.0, 0)),
                                           "Voronoi diagram");
    const int n = GEOSGetNumGeometries_r(ctx(), g(cells.raw()));
    std::vector<Geometry> out;
    for (int i = 0; i < n; ++i) {
        const Geometry cell = Geometry::adopt(h(GEOSGeom_clone_r(ctx(), GEOSGetGeometryN_r(ctx(), g(cells.raw()), i))), "cell");
        out.push_back(polygonal_parts(cell.intersection(frame)));
    }
    return out;
}

namespace {

// The intersection of `geometry` with the rectangle `r`, by the exact overlay.
Geometry exact_cut(const Geometry& geometry, const Envelope& r) {
    const Geometry frame = Geometry::adopt(h(GEOSGeom_createRectangle_r(ctx(), r.minx, r.miny, r.maxx, r.maxy)), "rect");
    return polygonal_parts(geometry.intersection(frame));
}

}  // namespace

Geometry clip_to_rect(const Geometry& geometry, const Envelope& r) {
    // The rectangle clipper is linear but does not promise valid output (rarely, a ring
    // touching itself on the cut, which even MakeValid may fail on): then the exact overlay.
    if (GEOSGeometry* clipped = GEOSClipByRect_r(ctx(), g(geometry.raw()), r.minx, r.miny, r.maxx, r.maxy)) {
        Geometry out = polygonal_parts(Geometry::adopt(h(clipped), "clip"));
        if (GEOSisValid_r(ctx(), g(out.raw())) == 1) return out;
    }
    (void)detail::take_last_error();
    return exact_cut(geometry, r);
}

Geometry densify(const Geometry& geometry, double max_segment) {
    return Geometry::adopt(h(GEOSDensify_r(ctx(), g(geometry.raw()), max_segment)), "densify");
}

Geometry buffer(const Geometry& geometry, double distance, int segments) {
    return Geometry::adopt(h(GEOSBuffer_r(ctx(), g(geometry.raw()), distance, segments)), "buffer");
}

}  // namespace foncier::geom
