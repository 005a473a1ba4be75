#pragma once
// A minimal parallel loop for the per-site analyses: each index is processed by exactly one
// worker, results go to per-index slots, so no locking is needed. Each worker thread has its
// own GEOS context (geom/context.cpp) and prepares its own geometries; the shared inputs
// (communes, zones, their index) are only read. Per-worker state (e.g. a PreparedCache) is
// indexed by the worker number the body receives.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "foncier/geom/prepared.hpp"

namespace foncier::analysis::detail {

/// Workers parallel_for uses for `n` items (1 for small loops: threads cost more than they save).
inline std::size_t worker_count(std::size_t n) {
    return std::min<std::size_t>(std::max(1U, std::thread::hardware_concurrency()), n < 64 ? 1 : n / 32);
}

/// Calls body(worker, i) for every i in [0, n), worker in [0, worker_count(n)).
template <class Body>
void parallel_for_workers(std::size_t n, Body&& body) {
    const std::size_t workers = worker_count(n);
    if (workers <= 1) {
        for (std::size_t i = 0; i < n; ++i) body(std::size_t{0}, i);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto work = [&](std::size_t worker) {
        try {
            for (std::size_t i = next++; i < n; i = next++) body(worker, i);
        } catch (...) {
            const std::lock_guard lock(failure_mutex);
            if (!failure) failure = std::current_exception();
            next = n;  // stop the others early
        }
    };
    std::vector<std::thread> threads;
    for (std::size_t w = 1; w < workers; ++w) threads.emplace_back(work, w);
    work(0);
    for (auto& t : threads) t.join();
    if (failure) std::rethrow_exception(failure);
}

/// Calls body(i) for every i in [0, n).
template <class Body>
void parallel_for(std::size_t n, Body&& body) {
    parallel_for_workers(n, [&](std::size_t, std::size_t i) { body(i); });
}

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
