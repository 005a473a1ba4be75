#pragma once
// A minimal parallel loop for the per-site analyses: each index is processed by exactly one
// worker, results go to per-index slots, so no locking is needed. Each worker thread has its
// own GEOS context (geom/context.cpp) and prepares its own geometries; the shared inputs
// (communes, zones, their index) are only read.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace foncier::analysis::detail {

template <class Body>
void parallel_for(std::size_t n, Body&& body) {
    const std::size_t workers = std::min<std::size_t>(std::max(1U, std::thread::hardware_concurrency()), n < 64 ? 1 : n / 32);
    if (workers <= 1) {
        for (std::size_t i = 0; i < n; ++i) body(i);
        return;
    }
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto work = [&] {
        try {
            for (std::size_t i = next++; i < n; i = next++) body(i);
        } catch (...) {
            const std::lock_guard lock(failure_mutex);
            if (!failure) failure = std::current_exception();
            next = n;  // stop the others early
        }
    };
    std::vector<std::thread> threads;
    for (std::size_t w = 1; w < workers; ++w) threads.emplace_back(work);
    work();
    for (auto& t : threads) t.join();
    if (failure) std::rethrow_exception(failure);
}

}  // namespace foncier::analysis::detail
