#pragma once
// Private to io: GDAL start-up and a scope that collects CPL errors and warnings instead of
// letting GDAL print them, so that our exceptions carry GDAL's own explanation.

#include <cstddef>
#include <string>
#include <vector>

namespace foncier::io::detail {

/// Registers the GDAL drivers once per process.
void ensure_gdal();

/// Whether SQLite's allocation statistics (and their process-wide mutex) were turned off
/// before SQLite's first use, as gdal_util.cpp asks at start-up.
[[nodiscard]] bool sqlite_memstatus_off();

class ErrorScope {
public:
    ErrorScope();
    ErrorScope(const ErrorScope&) = delete;
    ErrorScope& operator=(const ErrorScope&) = delete;
    ErrorScope(ErrorScope&&) = delete;
    ErrorScope& operator=(ErrorScope&&) = delete;
    ~ErrorScope();

    /// Failures recorded so far, joined with "; " (empty if none).
    [[nodiscard]] std::string failures() const;
    [[nodiscard]] std::size_t failure_count() const noexcept { return m_failures.size(); }
    [[nodiscard]] const std::vector<std::string>& warnings() const noexcept { return m_warnings; }
    /// GDAL's message, or `fallback` when GDAL said nothing.
    [[nodiscard]] std::string explain(const std::string& fallback) const;

private:
    static void handler(int error_class, int error_no, const char* message);
    std::vector<std::string> m_failures;
    std::vector<std::string> m_warnings;
};

}  // namespace foncier::io::detail
