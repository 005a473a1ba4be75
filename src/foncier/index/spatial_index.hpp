#pragma once
// Build-once, query-many R-tree over feature envelopes (Boost.Geometry rtree, bulk-loaded
// with the packing algorithm). It answers "which candidates", never "which matches":
// callers refine with exact GEOS predicates or distances. Boost types stay in the .cpp.

#include <cstddef>
#include <memory>
#include <utility>
#include <vector>

#include "foncier/geom/geometry.hpp"

namespace foncier::index {

class SpatialIndex {
public:
    /// Entry i of `envelopes` gets id i. Coordinates in one projected CRS (m, EPSG:2154).
    explicit SpatialIndex(const std::vector<geom::Envelope>& envelopes);
    SpatialIndex(const SpatialIndex&) = delete;
    SpatialIndex& operator=(const SpatialIndex&) = delete;
    SpatialIndex(SpatialIndex&&) noexcept;
    SpatialIndex& operator=(SpatialIndex&&) noexcept;
    ~SpatialIndex();

    [[nodiscard]] std::size_t size() const noexcept;

    /// Ids whose envelope intersects `query`, in ascending id order (deterministic output).
    [[nodiscard]] std::vector<std::size_t> intersecting(const geom::Envelope& query) const;

    /// The `k` ids whose envelopes are nearest to `query`, nearest first, with the
    /// envelope-to-envelope distance, a lower bound of the exact distance.
    [[nodiscard]] std::vector<std::pair<std::size_t, double>> nearest(const geom::Envelope& query,
                                                                      std::size_t k) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace foncier::index
