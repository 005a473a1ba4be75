#include "foncier/io/detail/gdal_util.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>
#include <gdal.h>
#include <ogr_api.h>
#include <sqlite3.h>

#include <mutex>

namespace foncier::io::detail {

namespace {

// SQLite (under GDAL's GeoPackage driver and PROJ's proj.db) counts every allocation under one
// process-wide mutex unless told not to, which serialises threads that each write their own
// GeoPackage: two such writers in parallel each took far longer than one alone (BENCHMARKS.md,
// design measurements); without the count they do not slow each other. The setting is only accepted
// before SQLite's first use, hence a static initialiser: it runs before main(), before GDAL or
// PROJ opens any database. Nothing in foncier, GDAL or PROJ reads SQLite's memory statistics.
const int k_sqlite_memstatus_off = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);

}  // namespace

bool sqlite_memstatus_off() { return k_sqlite_memstatus_off == SQLITE_OK; }

void ensure_gdal() {
    static std::once_flag once;
    std::call_once(once, [] {
        GDALAllRegister();
        // National commune files exceed the GeoJSON reader's default 200 MB object limit.
        CPLSetConfigOption("OGR_GEOJSON_MAX_OBJ_SIZE", "0");
    });
}

ErrorScope::ErrorScope() {
    CPLPushErrorHandlerEx(
        [](CPLErr cls, CPLErrorNum no, const char* msg) { handler(static_cast<int>(cls), no, msg); }, this);
}

ErrorScope::~ErrorScope() { CPLPopErrorHandler(); }

void ErrorScope::handler(int error_class, int /*error_no*/, const char* message) {
    auto* self = static_cast<ErrorScope*>(CPLGetErrorHandlerUserData());
    if (self == nullptr) return;
    try {
        const std::string text = message != nullptr ? message : "";
        if (error_class >= CE_Failure) {
            self->m_failures.push_back(text);
        } else if (error_class == CE_Warning) {
            self->m_warnings.push_back(text);
        }
    } catch (...) {  // never throw through GDAL
    }
}

std::string ErrorScope::failures() const {
    std::string out;
    for (const auto& f : m_failures) {
        if (!out.empty()) out += "; ";
        out += f;
    }
    return out;
}

std::string ErrorScope::explain(const std::string& fallback) const {
    const std::string f = failures();
    return f.empty() ? fallback : f;
}

}  // namespace foncier::io::detail
