#pragma once
// Private to geom: the orientation test of three points with a floating-point error bound.

#include <cmath>

#include "foncier/core/issue.hpp"

namespace foncier::geom::detail {

/// The sign of the orientation of (a, b, c) when it is certain: +1 left turn, -1 right turn;
/// 0 when collinear or too close to call in double precision. The bound is Shewchuk's
/// ccwerrboundA ("Adaptive precision floating-point arithmetic", 1997) for this expression.
[[nodiscard]] inline int certain_orientation(const XY& a, const XY& b, const XY& c) noexcept {
    const double left = (b.x - a.x) * (c.y - a.y);
    const double right = (b.y - a.y) * (c.x - a.x);
    const double det = left - right;
    constexpr double k_bound = 3.3306690738754716e-16;  // (3 + 16 eps) eps, eps = 2^-53
    const double limit = k_bound * (std::abs(left) + std::abs(right));
    if (det > limit) return 1;
    if (det < -limit) return -1;
    return 0;
}

}  // namespace foncier::geom::detail
