#pragma once
// Progress reporting from the library to whoever displays it (the CLI draws a bar on a
// terminal). The default does nothing, so library users pay nothing for it.

#include <string_view>

namespace foncier {

class Progress {
public:
    Progress() = default;
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;
    Progress(Progress&&) = delete;
    Progress& operator=(Progress&&) = delete;
    virtual ~Progress() = default;

    /// A new stage starts (e.g. "read communes").
    virtual void stage(std::string_view /*name*/) {}
    /// Fraction done of the current stage, 0..1.
    virtual void advance(double /*fraction*/) {}
    /// The current stage ended; `summary` is a short result ("133 features").
    virtual void finish(std::string_view /*summary*/) {}
};

/// A Progress that ignores everything.
inline Progress& no_progress() {
    static Progress p;
    return p;
}

}  // namespace foncier
