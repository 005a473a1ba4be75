#pragma once
// Private to the geom module: the per-thread GEOS context and the one helper that turns
// GEOS sentinels (NULL, 0/1/2 predicates, 0 for failed double getters) into exceptions.

#include <geos_c.h>

#include <string>
#include <string_view>
#include <vector>

#include "foncier/geom/geometry.hpp"

namespace foncier::geom::detail {

struct Handle;  // GEOSGeometry in disguise; reinterpret_cast only in these helpers

inline GEOSGeometry* g(Handle* h) noexcept { return reinterpret_cast<GEOSGeometry*>(h); }
inline Handle* h(GEOSGeometry* geom) noexcept { return reinterpret_cast<Handle*>(geom); }

/// GEOS context of the calling thread. Its message handlers record, they never throw.
GEOSContextHandle_t ctx();

/// Last error GEOS reported on this thread (and clears it).
std::string take_last_error();

[[noreturn]] void throw_error(std::string_view operation);

/// GEOS predicate result: 0/1 -> bool, 2 (exception) -> GeometryError.
bool check_predicate(char result, std::string_view operation);

/// A LinearRing through `ring` (its vertices, not closed: the first is repeated at the end);
/// nullptr when GEOS refuses it (fewer than 3 vertices), its error left to take_last_error().
GEOSGeometry* closed_ring(const std::vector<XY>& ring);

}  // namespace foncier::geom::detail
