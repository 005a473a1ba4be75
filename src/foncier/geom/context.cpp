#include "foncier/geom/context.hpp"

#include <cstdarg>
#include <cstdio>

#include "foncier/core/error.hpp"

namespace foncier::geom::detail {
namespace {

struct ThreadContext {
    GEOSContextHandle_t handle = nullptr;
    std::string last_error;

    ThreadContext() : handle(GEOS_init_r()) {
        GEOSContext_setErrorMessageHandler_r(handle, &ThreadContext::record, this);
        // Notices (e.g. "Self-intersection at ...") are reported through isValidDetail;
        // we do not print them.
        GEOSContext_setNoticeMessageHandler_r(handle, nullptr, nullptr);
    }
    ThreadContext(const ThreadContext&) = delete;
    ThreadContext& operator=(const ThreadContext&) = delete;
    ThreadContext(ThreadContext&&) = delete;
    ThreadContext& operator=(ThreadContext&&) = delete;
    ~ThreadContext() { GEOS_finish_r(handle); }

    static void record(const char* message, void* self) noexcept {
        try {
            static_cast<ThreadContext*>(self)->last_error = message != nullptr ? message : "";
        } catch (...) {  // a callback from C must never throw
        }
    }
};

ThreadContext& thread_context() {
    thread_local ThreadContext tc;
    return tc;
}

}  // namespace

GEOSContextHandle_t ctx() { return thread_context().handle; }

std::string take_last_error() {
    std::string out;
    out.swap(thread_context().last_error);
    return out.empty() ? std::string("unknown GEOS error") : out;
}

void throw_error(std::string_view operation) {
    throw GeometryError("GEOS " + std::string(operation) + " failed: " + take_last_error());
}

bool check_predicate(char result, std::string_view operation) {
    if (result == 2) throw_error(operation);
    return result == 1;
}

GEOSGeometry* closed_ring(const std::vector<XY>& ring) {
    if (ring.size() < 3) return nullptr;
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx(), static_cast<unsigned>(ring.size() + 1), 2);
    for (std::size_t i = 0; i <= ring.size(); ++i) {
        const XY& p = ring[i % ring.size()];
        GEOSCoordSeq_setXY_r(ctx(), seq, static_cast<unsigned>(i), p.x, p.y);
    }
    return GEOSGeom_createLinearRing_r(ctx(), seq);
}

}  // namespace foncier::geom::detail
