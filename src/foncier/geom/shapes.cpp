#include "foncier/geom/shapes.hpp"

#include "foncier/geom/context.hpp"

namespace foncier::geom {

using detail::ctx;
using detail::g;
using detail::h;

namespace {

std::vector<XY> coordinates(const GEOSGeometry* line) {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx(), line);
    if (seq == nullptr) detail::throw_error("coordinate sequence");
    unsigned int n = 0;
    if (GEOSCoordSeq_getSize_r(ctx(), seq, &n) == 0) detail::throw_error("coordinate sequence size");
    std::vector<XY> out(n);
    for (unsigned int i = 0; i < n; ++i) {
        if (GEOSCoordSeq_getXY_r(ctx(), seq, i, &out[i].x, &out[i].y) == 0) detail::throw_error("coordinate");
    }
    return out;
}

void collect(const GEOSGeometry* geom, std::vector<Shape>& out) {
    if (GEOSisEmpty_r(ctx(), geom) == 1) return;
    switch (GEOSGeomTypeId_r(ctx(), geom)) {
        case GEOS_POINT:
            out.push_back({GeometryKind::point, {coordinates(geom)}});
            return;
        case GEOS_LINESTRING:
        case GEOS_LINEARRING:
            out.push_back({GeometryKind::line, {coordinates(geom)}});
            return;
        case GEOS_POLYGON: {
            Shape s{GeometryKind::polygon, {coordinates(GEOSGetExteriorRing_r(ctx(), geom))}};
            const int holes = GEOSGetNumInteriorRings_r(ctx(), geom);
            for (int i = 0; i < holes; ++i) s.rings.push_back(coordinates(GEOSGetInteriorRingN_r(ctx(), geom, i)));
            out.push_back(std::move(s));
            return;
        }
        default: {
            const int n = GEOSGetNumGeometries_r(ctx(), geom);
            for (int i = 0; i < n; ++i) collect(GEOSGetGeometryN_r(ctx(), geom, i), out);
        }
    }
}

}  // namespace

std::vector<Shape> shapes_of(const Geometry& geometry) {
    std::vector<Shape> out;
    if (!geometry.is_null()) collect(g(geometry.raw()), out);
    return out;
}

Geometry simplify(const Geometry& geometry, double tolerance) {
    if (geometry.is_null()) return {};
    return Geometry::adopt(h(GEOSTopologyPreserveSimplify_r(ctx(), g(geometry.raw()), tolerance)), "simplify");
}

Geometry simplify_for_display(const Geometry& geometry, double tolerance) {
    if (geometry.is_null()) return {};
    return Geometry::adopt(h(GEOSSimplify_r(ctx(), g(geometry.raw()), tolerance)), "simplify");
}

}  // namespace foncier::geom
