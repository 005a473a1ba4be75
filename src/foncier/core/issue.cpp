#include "foncier/core/issue.hpp"

#include <algorithm>

namespace foncier {

const char* to_string(Severity s) noexcept {
    switch (s) {
    case Severity::info: return "info";
    case Severity::warning: return "warning";
    case Severity::error: return "error";
    }
    return "?";
}

std::size_t IssueLog::count(Severity s) const noexcept {
    return static_cast<std::size_t>(std::count_if(
        m_issues.begin(), m_issues.end(), [s](const Issue& i) { return i.severity == s; }));
}

std::map<std::string, std::size_t> IssueLog::count_by_kind() const {
    std::map<std::string, std::size_t> out;
    for (const auto& i : m_issues) ++out[std::string(code(i.kind))];
    return out;
}

}  // namespace foncier
