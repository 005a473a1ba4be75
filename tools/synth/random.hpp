#pragma once
// The synthetic territory generator's own random numbers (splitmix64), so that its output does
// not depend on a standard library's distributions.

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

namespace foncier::synth {

class Random {
public:
    explicit Random(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    double uniform(double a, double b) { return a + (b - a) * uniform(); }
    /// An integer in [a, b].
    int between(int a, int b) { return a + static_cast<int>(next() % static_cast<std::uint64_t>(b - a + 1)); }
    double normal() {
        const double u = std::max(uniform(), 1e-300);
        return std::sqrt(-2.0 * std::log(u)) * std::cos(2.0 * std::numbers::pi * uniform());
    }
    template <class T>
    const T& pick(const std::vector<T>& v) { return v[next() % v.size()]; }

private:
    std::uint64_t m_state;
};

}  // namespace foncier::synth
