#pragma once
// The analysis's parallel loops (core/parallel.hpp) and the per-worker cache of prepared
// geometries they use. The shared inputs (communes, zones, their index) are only read.

#include <optional>
#include <vector>

#include "foncier/core/parallel.hpp"
#include "foncier/geom/prepared.hpp"

namespace foncier::analysis::detail {

/// Prepared geometries of one worker, made on first use: large polygons (communes, parks)
/// tested against many small ones. GEOS prepared geometries build their indexes lazily and
/// are not safe to share between threads, hence one cache per worker.
template <class T>
class PreparedCache {
public:
    explicit PreparedCache(const std::vector<T>& items) : m_items(&items), m_prepared(items.size()) {}

    const geom::PreparedGeometry& operator[](std::size_t i) {
        if (!m_prepared[i]) m_prepared[i].emplace((*m_items)[i].geometry);
        return *m_prepared[i];
    }

private:
    const std::vector<T>* m_items;
    std::vector<std::optional<geom::PreparedGeometry>> m_prepared;
};

/// One PreparedCache per worker of a loop over `n` items.
template <class T>
std::vector<PreparedCache<T>> prepared_caches(const std::vector<T>& items, std::size_t n) {
    std::vector<PreparedCache<T>> caches;
    for (std::size_t w = 0; w < worker_count(n); ++w) caches.emplace_back(items);
    return caches;
}

}  // namespace foncier::analysis::detail
