#include "foncier/geom/prepared.hpp"

#include <utility>

#include "foncier/geom/context.hpp"

namespace foncier::geom {

namespace {
const GEOSPreparedGeometry* p(detail::PreparedHandle* handle) {
    return reinterpret_cast<const GEOSPreparedGeometry*>(handle);
}
}  // namespace

PreparedGeometry::PreparedGeometry(const Geometry& geometry)
    : m_geometry(&geometry),
      m_prepared(reinterpret_cast<detail::PreparedHandle*>(
          const_cast<GEOSPreparedGeometry*>(GEOSPrepare_r(detail::ctx(), detail::g(geometry.raw()))))) {
    if (m_prepared == nullptr) detail::throw_error("prepare");
}

PreparedGeometry::PreparedGeometry(PreparedGeometry&& other) noexcept
    : m_geometry(std::exchange(other.m_geometry, nullptr)), m_prepared(std::exchange(other.m_prepared, nullptr)) {}

PreparedGeometry& PreparedGeometry::operator=(PreparedGeometry&& other) noexcept {
    if (this != &other) {
        if (m_prepared != nullptr) GEOSPreparedGeom_destroy_r(detail::ctx(), p(m_prepared));
        m_geometry = std::exchange(other.m_geometry, nullptr);
        m_prepared = std::exchange(other.m_prepared, nullptr);
    }
    return *this;
}

PreparedGeometry::~PreparedGeometry() {
    if (m_prepared != nullptr) GEOSPreparedGeom_destroy_r(detail::ctx(), p(m_prepared));
}

bool PreparedGeometry::intersects(const Geometry& other) const {
    return detail::check_predicate(GEOSPreparedIntersects_r(detail::ctx(), p(m_prepared), detail::g(other.raw())),
                                   "prepared intersects");
}

bool PreparedGeometry::contains(const Geometry& other) const {
    return detail::check_predicate(GEOSPreparedContains_r(detail::ctx(), p(m_prepared), detail::g(other.raw())),
                                   "prepared contains");
}

bool PreparedGeometry::covers(const Geometry& other) const {
    return detail::check_predicate(GEOSPreparedCovers_r(detail::ctx(), p(m_prepared), detail::g(other.raw())),
                                   "prepared covers");
}

}  // namespace foncier::geom
