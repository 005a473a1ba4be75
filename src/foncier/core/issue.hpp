#pragma once
// Data problems are data: an Issue names the feature, what is wrong and what was done about
// it. Issues are collected by a sink, written to the `issues` output layer, and make a
// `--strict` run fail (exit code 3). Failures that stop the run are exceptions instead.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "foncier/core/issue_kinds.hpp"

namespace foncier {

enum class Severity { info, warning, error };

[[nodiscard]] const char* to_string(Severity s) noexcept;

/// A location in the working CRS (metres, e.g. EPSG:2154).
struct XY {
    double x = 0.0;
    double y = 0.0;
};

struct Issue {
    std::string layer;    ///< dataset key of the feature (e.g. "friches"), or "config"
    std::string feat_id;  ///< natural id (site_id, INSEE code) or "#<fid>" when there is none
    IssueKind kind{};     ///< from the registry (issue_kinds.hpp); written as its code
    Severity severity = Severity::warning;
    std::string message;  ///< what is wrong, in a sentence
    std::string action;   ///< what foncier did about it, or what the user should do
    std::optional<XY> location;  ///< where, in the working CRS, when known
};

/// Receives issues as the pipeline finds them.
class IssueSink {
public:
    virtual ~IssueSink() = default;
    virtual void report(Issue issue) = 0;

protected:
    IssueSink() = default;
    IssueSink(const IssueSink&) = default;
    IssueSink& operator=(const IssueSink&) = default;
    IssueSink(IssueSink&&) = default;
    IssueSink& operator=(IssueSink&&) = default;
};

/// Keeps every issue in arrival order; counts them by kind and severity.
class IssueLog final : public IssueSink {
public:
    void report(Issue issue) override { m_issues.push_back(std::move(issue)); }

    [[nodiscard]] const std::vector<Issue>& issues() const noexcept { return m_issues; }
    [[nodiscard]] std::size_t size() const noexcept { return m_issues.size(); }
    [[nodiscard]] std::size_t count(Severity s) const noexcept;
    [[nodiscard]] std::map<std::string, std::size_t> count_by_kind() const;

private:
    std::vector<Issue> m_issues;
};

}  // namespace foncier
