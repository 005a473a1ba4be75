#include "foncier/geom/transformer.hpp"

#include <proj.h>

#include <cmath>
#include <utility>

#include "foncier/core/error.hpp"
#include "foncier/geom/context.hpp"

namespace foncier::geom {
namespace {

struct PjDeleter {
    void operator()(PJ* p) const noexcept { proj_destroy(p); }
};
using PjPtr = std::unique_ptr<PJ, PjDeleter>;

// A PROJ context with the network off (runs are reproducible and offline) and no log (errors
// are read back through errno, not stderr).
PJ_CONTEXT* new_context() {
    PJ_CONTEXT* ctx = proj_context_create();
    proj_context_set_enable_network(ctx, 0);
    proj_log_level(ctx, PJ_LOG_NONE);
    return ctx;
}

// One PROJ context per thread, for the objects that live within one call.
PJ_CONTEXT* proj_ctx() {
    struct Holder {
        PJ_CONTEXT* ctx = new_context();
        Holder() = default;
        Holder(const Holder&) = delete;
        Holder& operator=(const Holder&) = delete;
        Holder(Holder&&) = delete;
        Holder& operator=(Holder&&) = delete;
        ~Holder() { proj_context_destroy(ctx); }
    };
    thread_local Holder holder;
    return holder.ctx;
}

std::string last_proj_error(PJ_CONTEXT* ctx = proj_ctx()) {
    const int err = proj_context_errno(ctx);
    const char* text = proj_context_errno_string(ctx, err);
    return text != nullptr ? text : "unknown PROJ error";
}

std::string shorten(const std::string& definition) {
    return definition.size() > 60 ? definition.substr(0, 57) + "..." : definition;
}

PjPtr normalized(PJ* op, PJ_CONTEXT* ctx = proj_ctx()) {
    PjPtr raw(op);
    if (!raw) return {};
    return PjPtr(proj_normalize_for_visualization(ctx, raw.get()));
}

}  // namespace

// The transformation and a context of its own: a transformer built on one thread (a
// normaliser of a parallel loop) may be destroyed on another after the first has ended, when
// that thread's context is gone.
struct Transformer::Impl {
    PJ_CONTEXT* ctx = new_context();
    PjPtr pj;
    Impl() = default;
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
    ~Impl() {
        pj.reset();  // before its context
        proj_context_destroy(ctx);
    }
};

Transformer::Transformer(const std::string& source, const std::string& target)
    : m_impl(std::make_unique<Impl>()), m_description(shorten(source) + " -> " + shorten(target)) {
    m_impl->pj = normalized(proj_create_crs_to_crs(m_impl->ctx, source.c_str(), target.c_str(), nullptr), m_impl->ctx);
    if (!m_impl->pj) {
        throw CrsError("cannot transform from '" + shorten(source) + "' to '" + shorten(target) +
                       "': " + last_proj_error(m_impl->ctx) + "; check the source_crs in the catalogue");
    }
    // The target's area of use (degrees) projected into the target CRS, for axis checks.
    PjPtr target_crs(proj_create(proj_ctx(), target.c_str()));
    // Same CRS on both sides (the usual case: Lambert-93 in, Lambert-93 out): apply() then
    // copies instead of calling PROJ for every coordinate (~10 million on the national preset).
    PjPtr source_crs(proj_create(proj_ctx(), source.c_str()));
    m_identity = source_crs && target_crs &&
                 proj_is_equivalent_to_with_ctx(proj_ctx(), source_crs.get(), target_crs.get(), PJ_COMP_EQUIVALENT) != 0;
    double w = 0, s = 0, e = 0, n = 0;
    if (target_crs && proj_get_area_of_use(proj_ctx(), target_crs.get(), &w, &s, &e, &n, nullptr) != 0 && w > -1000) {
        PjPtr to_target = normalized(proj_create_crs_to_crs(proj_ctx(), "EPSG:4326", target.c_str(), nullptr));
        if (to_target && proj_trans_bounds(proj_ctx(), to_target.get(), PJ_FWD, w, s, e, n, &m_area.minx,
                                           &m_area.miny, &m_area.maxx, &m_area.maxy, 21) != 0) {
            m_has_area = true;
        }
    }
    proj_errno_reset(m_impl->pj.get());
}

Transformer::Transformer(Transformer&&) noexcept = default;
Transformer& Transformer::operator=(Transformer&&) noexcept = default;
Transformer::~Transformer() = default;

XY Transformer::apply(XY source) const {
    PJ_COORD c = proj_coord(source.x, source.y, 0, 0);
    PJ_COORD r = proj_trans(m_impl->pj.get(), PJ_FWD, c);
    if (!std::isfinite(r.xy.x) || !std::isfinite(r.xy.y) || r.xy.x == HUGE_VAL) {
        proj_errno_reset(m_impl->pj.get());
        throw CrsError("cannot transform (" + std::to_string(source.x) + ", " + std::to_string(source.y) +
                       ") with " + m_description);
    }
    return {r.xy.x, r.xy.y};
}

namespace {
struct TransformState {
    PJ* pj;
    bool failed = false;
};
int transform_callback(double* x, double* y, void* userdata) {
    auto* state = static_cast<TransformState*>(userdata);
    PJ_COORD r = proj_trans(state->pj, PJ_FWD, proj_coord(*x, *y, 0, 0));
    if (!std::isfinite(r.xy.x) || !std::isfinite(r.xy.y) || r.xy.x == HUGE_VAL) {
        state->failed = true;
        return 0;
    }
    *x = r.xy.x;
    *y = r.xy.y;
    return 1;
}
}  // namespace

Geometry Transformer::apply(const Geometry& source) const {
    if (m_identity) return source.clone();
    TransformState state{m_impl->pj.get()};
    GEOSGeometry* out = GEOSGeom_transformXY_r(detail::ctx(), detail::g(source.raw()), &transform_callback, &state);
    if (out == nullptr || state.failed) {
        if (out != nullptr) GEOSGeom_destroy_r(detail::ctx(), out);
        proj_errno_reset(m_impl->pj.get());
        (void)detail::take_last_error();
        throw CrsError("cannot transform a geometry with " + m_description +
                       " (coordinates outside the CRS domain?)");
    }
    return Geometry::adopt(detail::h(out), "transform");
}

bool Transformer::in_area(XY source) const {
    PJ_COORD r = proj_trans(m_impl->pj.get(), PJ_FWD, proj_coord(source.x, source.y, 0, 0));
    proj_errno_reset(m_impl->pj.get());
    if (!std::isfinite(r.xy.x) || !std::isfinite(r.xy.y) || r.xy.x == HUGE_VAL) return false;
    if (!m_has_area) return true;
    return r.xy.x >= m_area.minx && r.xy.x <= m_area.maxx && r.xy.y >= m_area.miny && r.xy.y <= m_area.maxy;
}

AxisCheck Transformer::check_axes(XY source) const {
    if (in_area(source)) return AxisCheck::plausible;
    if (in_area({source.y, source.x})) return AxisCheck::swapped;
    return AxisCheck::outside;
}

CrsInfo describe_crs(const std::string& definition) {
    PjPtr crs(proj_create(proj_ctx(), definition.c_str()));
    if (!crs) throw CrsError("unknown CRS '" + shorten(definition) + "': " + last_proj_error());
    CrsInfo info;
    const char* name = proj_get_name(crs.get());
    info.name = name != nullptr ? name : "";
    const char* auth = proj_get_id_auth_name(crs.get(), 0);
    const char* code = proj_get_id_code(crs.get(), 0);
    if (auth == nullptr || code == nullptr) {
        // WKT read from a file often carries no top-level id: ask the database for a match.
        int confidence_count = 0;
        int* confidence = nullptr;
        PJ_OBJ_LIST* matches = proj_identify(proj_ctx(), crs.get(), "EPSG", nullptr, &confidence);
        confidence_count = matches != nullptr ? proj_list_get_count(matches) : 0;
        if (confidence_count > 0 && confidence != nullptr && confidence[0] >= 70) {
            PjPtr best(proj_list_get(proj_ctx(), matches, 0));
            const char* c = best ? proj_get_id_code(best.get(), 0) : nullptr;
            if (c != nullptr) info.identifier = std::string("EPSG:") + c;
        }
        proj_int_list_destroy(confidence);
        proj_list_destroy(matches);
    } else {
        info.identifier = std::string(auth) + ":" + code;
    }
    const PJ_TYPE type = proj_get_type(crs.get());
    info.geographic = type == PJ_TYPE_GEOGRAPHIC_2D_CRS || type == PJ_TYPE_GEOGRAPHIC_3D_CRS;
    // A compound CRS (Lambert-93 + NGF-IGN69 heights) is projected when its horizontal part is.
    PjPtr horizontal(type == PJ_TYPE_COMPOUND_CRS ? proj_crs_get_sub_crs(proj_ctx(), crs.get(), 0) : nullptr);
    const PJ* flat = horizontal ? horizontal.get() : crs.get();
    info.projected = proj_get_type(flat) == PJ_TYPE_PROJECTED_CRS;
    if (PjPtr cs{proj_crs_get_coordinate_system(proj_ctx(), flat)}) {
        double factor = 0.0;
        if (proj_cs_get_axis_count(proj_ctx(), cs.get()) > 0 &&
            proj_cs_get_axis_info(proj_ctx(), cs.get(), 0, nullptr, nullptr, nullptr, &factor, nullptr, nullptr,
                                  nullptr) != 0) {
            info.metres_per_unit = info.projected ? factor : 0.0;
        }
    }
    return info;
}

std::string crs_wkt(const std::string& definition) {
    PjPtr crs(proj_create(proj_ctx(), definition.c_str()));
    if (!crs) throw CrsError("unknown CRS '" + shorten(definition) + "': " + last_proj_error());
    const char* wkt = proj_as_wkt(proj_ctx(), crs.get(), PJ_WKT2_2019, nullptr);
    return wkt != nullptr ? wkt : "";
}

std::string crs_proj4(const std::string& definition) {
    PjPtr crs(proj_create(proj_ctx(), definition.c_str()));
    if (!crs) throw CrsError("unknown CRS '" + shorten(definition) + "': " + last_proj_error());
    const char* text = proj_as_proj_string(proj_ctx(), crs.get(), PJ_PROJ_5, nullptr);
    return text != nullptr ? text : "";
}

std::string proj_version() { return proj_info().version; }

}  // namespace foncier::geom
