#include "terminal_progress.hpp"

#include <fmt/core.h>

#include <cstdio>

namespace foncier::cli {

void TerminalProgress::stage(std::string_view name) {
    m_stage = name;
    m_start = std::chrono::steady_clock::now();
    if (m_quiet || !m_interactive) return;
    fmt::print(stderr, "\r\033[K  … {}", m_stage);
    std::fflush(stderr);
}

void TerminalProgress::advance(double fraction) {
    if (m_quiet || !m_interactive) return;
    constexpr int width = 24;
    const int filled = static_cast<int>(fraction * width + 0.5);
    fmt::print(stderr, "\r\033[K  … {} [{}{}] {:3.0f}%", m_stage, std::string(static_cast<std::size_t>(filled), '#'),
               std::string(static_cast<std::size_t>(width - filled), ' '), fraction * 100.0);
    std::fflush(stderr);
}

void TerminalProgress::finish(std::string_view summary) {
    if (m_quiet) return;
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
    fmt::print(stderr, "{}  ✓ {}: {} ({:.2f} s)\n", m_interactive ? "\r\033[K" : "", m_stage, summary, s);
}

}  // namespace foncier::cli
