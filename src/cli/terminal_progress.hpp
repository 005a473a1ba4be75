#pragma once
// Progress on stderr: a live line with elapsed time when stderr is a terminal, one line per
// finished stage otherwise (logs stay readable), nothing with --quiet.

#include <chrono>
#include <string>

#include "foncier/core/progress.hpp"

namespace foncier::cli {

class TerminalProgress final : public Progress {
public:
    TerminalProgress(bool interactive, bool quiet) : m_interactive(interactive), m_quiet(quiet) {}
    void stage(std::string_view name) override;
    void advance(double fraction) override;
    void finish(std::string_view summary) override;

private:
    bool m_interactive;
    bool m_quiet;
    std::string m_stage;
    std::chrono::steady_clock::time_point m_start{};
};

}  // namespace foncier::cli
