#pragma once
// A prepared geometry (GEOS PreparedGeometry) for repeated exact predicates against one
// geometry, the "refine" half of filter-then-refine. It borrows the geometry: keep the
// Geometry alive and unmoved while the PreparedGeometry exists.

#include "foncier/geom/geometry.hpp"

namespace foncier::geom {

namespace detail {
struct PreparedHandle;
}

class PreparedGeometry {
public:
    explicit PreparedGeometry(const Geometry& geometry);
    PreparedGeometry(const PreparedGeometry&) = delete;
    PreparedGeometry& operator=(const PreparedGeometry&) = delete;
    PreparedGeometry(PreparedGeometry&& other) noexcept;
    PreparedGeometry& operator=(PreparedGeometry&& other) noexcept;
    ~PreparedGeometry();

    [[nodiscard]] bool intersects(const Geometry& other) const;
    [[nodiscard]] bool contains(const Geometry& other) const;
    [[nodiscard]] bool covers(const Geometry& other) const;

private:
    const Geometry* m_geometry = nullptr;
    detail::PreparedHandle* m_prepared = nullptr;
};

}  // namespace foncier::geom
