#include "foncier/geom/geometry.hpp"

#include <bit>
#include <cstdint>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "foncier/core/error.hpp"
#include "foncier/geom/context.hpp"

namespace foncier::geom {

using detail::ctx;
using detail::g;
using detail::h;

namespace {

template <class T, void (*Free)(GEOSContextHandle_t, T*)>
struct ContextDeleter {
    void operator()(T* p) const noexcept { Free(ctx(), p); }
};
using WkbReader = std::unique_ptr<GEOSWKBReader, ContextDeleter<GEOSWKBReader, GEOSWKBReader_destroy_r>>;
using WkbWriter = std::unique_ptr<GEOSWKBWriter, ContextDeleter<GEOSWKBWriter, GEOSWKBWriter_destroy_r>>;
using WktReader = std::unique_ptr<GEOSWKTReader, ContextDeleter<GEOSWKTReader, GEOSWKTReader_destroy_r>>;
using WktWriter = std::unique_ptr<GEOSWKTWriter, ContextDeleter<GEOSWKTWriter, GEOSWKTWriter_destroy_r>>;

struct GeosFree {
    void operator()(void* p) const noexcept { GEOSFree_r(ctx(), p); }
};

int swap_callback(double* x, double* y, void* /*userdata*/) {
    std::swap(*x, *y);
    return 1;
}

}  // namespace

Geometry::Geometry(Geometry&& other) noexcept : m_handle(std::exchange(other.m_handle, nullptr)) {}

Geometry& Geometry::operator=(Geometry&& other) noexcept {
    if (this != &other) {
        if (m_handle != nullptr) GEOSGeom_destroy_r(ctx(), g(m_handle));
        m_handle = std::exchange(other.m_handle, nullptr);
    }
    return *this;
}

Geometry::~Geometry() {
    if (m_handle != nullptr) GEOSGeom_destroy_r(ctx(), g(m_handle));
}

Geometry Geometry::adopt(detail::Handle* handle, std::string_view operation) {
    if (handle == nullptr) detail::throw_error(operation);
    Geometry out;
    out.m_handle = handle;
    return out;
}

namespace {

// WKB read straight into coordinate buffers for the common 2D little-endian point, polygon
// and multipolygon: GEOS's reader makes a virtual call per ordinate (national benchmark:
// 0.2 CPU-s for the 7 million input vertices). Anything else, or anything that does not
// parse, goes to GEOS's reader, which says what is wrong.
class FastWkb {
public:
    explicit FastWkb(std::span<const unsigned char> wkb) : m_wkb(wkb) {}

    // The geometry, or nullptr (nothing built, no GEOS error left).
    GEOSGeometry* read() {
        std::uint32_t type = 0;
        if (!header(type)) return nullptr;
        GEOSGeometry* out = nullptr;
        if (type == 1) {
            double xy[2];
            if (!doubles(xy, 2) || xy[0] != xy[0] || xy[1] != xy[1]) return nullptr;  // NaN: an empty point
            out = GEOSGeom_createPointFromXY_r(ctx(), xy[0], xy[1]);
        } else if (type == 3) {
            out = polygon();
        } else if (type == 6) {
            std::uint32_t n = 0;
            if (!u32(n) || n == 0 || n > remaining() / 9) return nullptr;
            std::vector<GEOSGeometry*> parts;
            parts.reserve(n);
            for (std::uint32_t i = 0; i < n; ++i) {
                std::uint32_t part_type = 0;
                GEOSGeometry* part = header(part_type) && part_type == 3 ? polygon() : nullptr;
                if (part == nullptr) {
                    for (auto* p : parts) GEOSGeom_destroy_r(ctx(), p);
                    return nullptr;
                }
                parts.push_back(part);
            }
            out = GEOSGeom_createCollection_r(ctx(), GEOS_MULTIPOLYGON, parts.data(), n);
            if (out == nullptr) {
                for (auto* p : parts) GEOSGeom_destroy_r(ctx(), p);
            }
        }
        if (out != nullptr && m_at != m_wkb.size()) {  // trailing bytes: not what it seemed
            GEOSGeom_destroy_r(ctx(), out);
            out = nullptr;
        }
        if (out == nullptr) (void)detail::take_last_error();
        return out;
    }

private:
    [[nodiscard]] std::size_t remaining() const noexcept { return m_wkb.size() - m_at; }
    bool u32(std::uint32_t& v) {
        if (remaining() < 4) return false;
        std::memcpy(&v, m_wkb.data() + m_at, 4);
        m_at += 4;
        return true;
    }
    bool doubles(double* out, std::size_t n) {
        if (remaining() / 8 < n) return false;
        std::memcpy(out, m_wkb.data() + m_at, 8 * n);
        m_at += 8 * n;
        return true;
    }
    // Byte order (little-endian only) and type.
    bool header(std::uint32_t& type) {
        if (remaining() < 5 || m_wkb[m_at] != 1) return false;
        ++m_at;
        return u32(type);
    }
    GEOSGeometry* ring() {
        std::uint32_t n = 0;
        if (!u32(n) || n < 4 || n > remaining() / 16) return nullptr;
        m_buffer.resize(2 * std::size_t{n});
        if (!doubles(m_buffer.data(), m_buffer.size())) return nullptr;
        GEOSCoordSequence* seq = GEOSCoordSeq_copyFromBuffer_r(ctx(), m_buffer.data(), n, 0, 0);
        return seq != nullptr ? GEOSGeom_createLinearRing_r(ctx(), seq) : nullptr;
    }
    GEOSGeometry* polygon() {
        std::uint32_t n = 0;
        if (!u32(n) || n == 0 || n > remaining() / 4) return nullptr;
        GEOSGeometry* shell = ring();
        if (shell == nullptr) return nullptr;
        std::vector<GEOSGeometry*> holes;
        for (std::uint32_t i = 1; i < n; ++i) {
            GEOSGeometry* hole = ring();
            if (hole == nullptr) {
                GEOSGeom_destroy_r(ctx(), shell);
                for (auto* r : holes) GEOSGeom_destroy_r(ctx(), r);
                return nullptr;
            }
            holes.push_back(hole);
        }
        GEOSGeometry* out = GEOSGeom_createPolygon_r(ctx(), shell, holes.data(), n - 1);
        if (out == nullptr) {
            GEOSGeom_destroy_r(ctx(), shell);
            for (auto* r : holes) GEOSGeom_destroy_r(ctx(), r);
        }
        return out;
    }

    std::span<const unsigned char> m_wkb;
    std::size_t m_at = 0;
    std::vector<double> m_buffer;
};

}  // namespace

Geometry Geometry::from_wkb(std::span<const unsigned char> wkb) {
    if constexpr (std::endian::native == std::endian::little) {
        if (GEOSGeometry* fast = FastWkb(wkb).read()) return adopt(h(fast), "WKB read");
    }
    WkbReader reader(GEOSWKBReader_create_r(ctx()));
    return adopt(h(GEOSWKBReader_read_r(ctx(), reader.get(), wkb.data(), wkb.size())), "WKB read");
}

Geometry Geometry::from_wkt(std::string_view wkt) {
    WktReader reader(GEOSWKTReader_create_r(ctx()));
    const std::string text(wkt);
    return adopt(h(GEOSWKTReader_read_r(ctx(), reader.get(), text.c_str())), "WKT read");
}

Geometry Geometry::from_geojson(std::string_view geojson) {
    using Reader = std::unique_ptr<GEOSGeoJSONReader, ContextDeleter<GEOSGeoJSONReader, GEOSGeoJSONReader_destroy_r>>;
    Reader reader(GEOSGeoJSONReader_create_r(ctx()));
    const std::string text(geojson);
    return adopt(h(GEOSGeoJSONReader_readGeometry_r(ctx(), reader.get(), text.c_str())), "GeoJSON read");
}

Geometry Geometry::point(double x, double y) {
    return adopt(h(GEOSGeom_createPointFromXY_r(ctx(), x, y)), "point creation");
}

std::vector<unsigned char> Geometry::to_wkb() const {
    WkbWriter writer(GEOSWKBWriter_create_r(ctx()));
    std::size_t size = 0;
    std::unique_ptr<unsigned char, GeosFree> buf(GEOSWKBWriter_write_r(ctx(), writer.get(), g(m_handle), &size));
    if (!buf) detail::throw_error("WKB write");
    return {buf.get(), buf.get() + size};
}

namespace {

void put_u32(std::vector<unsigned char>& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<unsigned char>(v >> (8 * i)));
}

// A polygon's WKB (little-endian, 2D): its rings' coordinates copied from GEOS in one call each.
// False (nothing written) for a polygon with an empty ring, which the caller leaves to GEOS.
bool append_polygon(const GEOSGeometry* polygon, std::vector<unsigned char>& out) {
    const int holes = GEOSGetNumInteriorRings_r(ctx(), polygon);
    if (holes < 0) return false;
    const std::size_t start = out.size();
    out.push_back(1);
    put_u32(out, 3);
    put_u32(out, static_cast<std::uint32_t>(holes + 1));
    for (int r = -1; r < holes; ++r) {
        const GEOSGeometry* ring = r < 0 ? GEOSGetExteriorRing_r(ctx(), polygon) : GEOSGetInteriorRingN_r(ctx(), polygon, r);
        const GEOSCoordSequence* seq = ring != nullptr ? GEOSGeom_getCoordSeq_r(ctx(), ring) : nullptr;
        unsigned n = 0;
        if (seq == nullptr || GEOSCoordSeq_getSize_r(ctx(), seq, &n) == 0 || n == 0) {
            out.resize(start);
            return false;
        }
        put_u32(out, n);
        const std::size_t at = out.size();
        out.resize(at + 16 * std::size_t{n});
        thread_local std::vector<double> xy;  // aligned doubles for GEOS, then bytes for the WKB
        xy.resize(2 * std::size_t{n});
        if (GEOSCoordSeq_copyToBuffer_r(ctx(), seq, xy.data(), 0, 0) == 0) {
            out.resize(start);
            return false;
        }
        std::memcpy(out.data() + at, xy.data(), 16 * std::size_t{n});
    }
    return true;
}

}  // namespace

void Geometry::append_wkb(std::vector<unsigned char>& out) const {
    const GEOSGeometry* geom = g(m_handle);
    auto by_geos = [&] {
        const auto wkb = to_wkb();
        out.insert(out.end(), wkb.begin(), wkb.end());
    };
    // Little-endian machines only (the doubles are copied as they lie in memory); 2D only.
    if constexpr (std::endian::native != std::endian::little) return by_geos();
    if (geom == nullptr || GEOSHasZ_r(ctx(), geom) != 0 || GEOSisEmpty_r(ctx(), geom) != 0) return by_geos();
    const std::size_t start = out.size();
    switch (GEOSGeomTypeId_r(ctx(), geom)) {
    case GEOS_POINT: {
        double xy[2];
        if (GEOSGeomGetX_r(ctx(), geom, &xy[0]) == 0 || GEOSGeomGetY_r(ctx(), geom, &xy[1]) == 0) return by_geos();
        out.push_back(1);
        put_u32(out, 1);
        out.resize(start + 5 + 16);
        std::memcpy(out.data() + start + 5, xy, 16);
        return;
    }
    case GEOS_POLYGON:
        if (!append_polygon(geom, out)) by_geos();
        return;
    case GEOS_MULTIPOLYGON: {
        const int n = GEOSGetNumGeometries_r(ctx(), geom);
        out.push_back(1);
        put_u32(out, 6);
        put_u32(out, static_cast<std::uint32_t>(n));
        for (int i = 0; i < n; ++i) {
            const GEOSGeometry* part = GEOSGetGeometryN_r(ctx(), geom, i);
            if (GEOSisEmpty_r(ctx(), part) != 0 || !append_polygon(part, out)) {
                out.resize(start);
                return by_geos();
            }
        }
        return;
    }
    default: return by_geos();
    }
}

std::string Geometry::to_wkt(int decimals) const {
    if (m_handle == nullptr) return "NULL";
    WktWriter writer(GEOSWKTWriter_create_r(ctx()));
    GEOSWKTWriter_setRoundingPrecision_r(ctx(), writer.get(), decimals);
    GEOSWKTWriter_setTrim_r(ctx(), writer.get(), 1);
    std::unique_ptr<char, GeosFree> text(GEOSWKTWriter_write_r(ctx(), writer.get(), g(m_handle)));
    if (!text) detail::throw_error("WKT write");
    return text.get();
}

Geometry Geometry::clone() const {
    if (m_handle == nullptr) return {};
    return adopt(h(GEOSGeom_clone_r(ctx(), g(m_handle))), "clone");
}

Geometry Geometry::normalized() const {
    Geometry out = clone();
    if (GEOSNormalize_r(ctx(), g(out.m_handle)) != 0) detail::throw_error("normalize");
    return out;
}

bool Geometry::is_empty() const {
    return m_handle == nullptr || detail::check_predicate(GEOSisEmpty_r(ctx(), g(m_handle)), "isEmpty");
}

GeometryKind Geometry::kind() const {
    switch (GEOSGeomTypeId_r(ctx(), g(m_handle))) {
    case GEOS_POINT:
    case GEOS_MULTIPOINT: return GeometryKind::point;
    case GEOS_LINESTRING:
    case GEOS_LINEARRING:
    case GEOS_MULTILINESTRING: return GeometryKind::line;
    case GEOS_POLYGON:
    case GEOS_MULTIPOLYGON: return GeometryKind::polygon;
    case GEOS_GEOMETRYCOLLECTION: return GeometryKind::collection;
    default: return GeometryKind::other;
    }
}

std::string Geometry::type_name() const {
    if (m_handle == nullptr) return "null";
    std::unique_ptr<char, GeosFree> name(GEOSGeomType_r(ctx(), g(m_handle)));
    return name ? std::string(name.get()) : std::string("unknown");
}

double Geometry::area() const {
    double a = 0.0;
    if (GEOSArea_r(ctx(), g(m_handle), &a) == 0) detail::throw_error("area");
    return a;
}

int Geometry::num_coordinates() const {
    const int n = GEOSGetNumCoordinates_r(ctx(), g(m_handle));
    if (n < 0) detail::throw_error("number of coordinates");
    return n;
}

Envelope Geometry::envelope() const {
    Envelope e;
    // One call, not four: each of GEOSGeom_getXMin_r & co. walks the whole collection to test
    // for emptiness first (envelopes are taken millions of times on a national run).
    if (GEOSGeom_getExtent_r(ctx(), g(m_handle), &e.minx, &e.miny, &e.maxx, &e.maxy) == 0) {
        detail::throw_error("envelope (empty geometry?)");
    }
    return e;
}

Geometry Geometry::point_on_surface() const {
    return adopt(h(GEOSPointOnSurface_r(ctx(), g(m_handle))), "point on surface");
}

Geometry Geometry::centroid() const {
    return adopt(h(GEOSGetCentroid_r(ctx(), g(m_handle))), "centroid");
}

XY Geometry::xy() const {
    XY out;
    if (GEOSGeomTypeId_r(ctx(), g(m_handle)) != GEOS_POINT || GEOSGeomGetX_r(ctx(), g(m_handle), &out.x) == 0 ||
        GEOSGeomGetY_r(ctx(), g(m_handle), &out.y) == 0) {
        throw GeometryError("expected a point geometry, got " + type_name());
    }
    return out;
}

bool Geometry::intersects(const Geometry& other) const {
    return detail::check_predicate(GEOSIntersects_r(ctx(), g(m_handle), g(other.m_handle)), "intersects");
}

Geometry Geometry::intersection(const Geometry& other) const {
    return adopt(h(GEOSIntersection_r(ctx(), g(m_handle), g(other.m_handle))), "intersection");
}

double Geometry::distance(const Geometry& other) const {
    double d = 0.0;
    if (GEOSDistance_r(ctx(), g(m_handle), g(other.m_handle), &d) == 0) detail::throw_error("distance");
    return d;
}

Geometry Geometry::swapped_xy() const {
    return adopt(h(GEOSGeom_transformXY_r(ctx(), g(m_handle), &swap_callback, nullptr)), "axis swap");
}

std::string geos_version() { return GEOSversion(); }

}  // namespace foncier::geom
