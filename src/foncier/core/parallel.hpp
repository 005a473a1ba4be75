#pragma once
// A minimal parallel loop: each index is processed by exactly one worker, results go to
// per-index slots, so no locking is needed. Callers keep per-worker state (a GEOS prepared
// geometry cache, a PROJ transformer) indexed by the worker number the body receives. GEOS
// and PROJ contexts are per thread (geom/context.cpp). The first exception thrown by a body
// stops the loop and is rethrown to the caller.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace foncier {

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

}  // namespace foncier
