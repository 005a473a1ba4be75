#include "foncier/ingest/site_ids.hpp"

#include <cmath>
#include <cstdio>
#include <unordered_set>

#include "foncier/ingest/fields.hpp"
#include "foncier/ingest/text.hpp"

namespace foncier::ingest::detail {

std::vector<std::string> site_ids(const io::LayerData& data, const std::string& f_id, const std::string& dataset_key,
                                  std::vector<std::vector<Issue>>& issues) {
    const std::size_t n = data.features.size();
    std::vector<std::string> ids(n);
    // The ids as the source gives them, made safe, before any renaming: a renamed duplicate
    // never takes one of them.
    std::unordered_set<std::string> originals;
    originals.reserve(n);
    std::vector<SafeId> safe(n);
    for (std::size_t i = 0; i < n; ++i) {
        safe[i] = safe_id(feature_id(data.features[i], f_id));
        originals.insert(safe[i].id);
    }
    std::unordered_set<std::string> used;
    used.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        std::string id = std::move(safe[i].id);
        if (id[0] == '#') {
            issues[i].push_back({dataset_key, id, IssueKind::missing_id, Severity::warning,
                                 "site without an identifier in field '" + f_id + "'",
                                 "kept under the id " + id + " (feature number)", {}});
        }
        if (!safe[i].change.empty()) {
            issues[i].push_back({dataset_key, id, IssueKind::invalid_id, Severity::warning,
                                 "the site id in field '" + f_id + "' of feature #" +
                                     std::to_string(data.features[i].fid) + " cannot be written as is in every "
                                     "output: " + safe[i].change,
                                 "kept as " + id + "; fix the id in the source", {}});
        }
        if (!used.insert(id).second) {
            std::string renamed;
            for (int k = 2;; ++k) {
                renamed = shortened_id(id + "~" + std::to_string(k));
                if (!originals.contains(renamed) && !used.contains(renamed)) break;
            }
            used.insert(renamed);
            issues[i].push_back({dataset_key, id, IssueKind::duplicate_id, Severity::warning,
                                 "site id " + id + " appears more than once", "kept as " + renamed, {}});
            id = renamed;
        }
        ids[i] = std::move(id);
    }
    return ids;
}

std::optional<double> checked_surface(std::optional<double> declared, double implausible_ha,
                                      const std::string& dataset_key, const std::string& site_id,
                                      std::vector<Issue>& issues) {
    if (!declared) return declared;
    const double m2 = *declared;
    if (!std::isfinite(m2) || m2 < 1.0) {
        char value[32];
        std::snprintf(value, sizeof value, "%g", m2);
        issues.push_back({dataset_key, site_id, IssueKind::implausible_surface, Severity::warning,
                          std::string("declared surface ") + value + " m2 is " +
                              (std::isnan(m2) ? "not a number"
                               : std::isinf(m2) ? "infinite"
                               : m2 <= 0      ? "zero or negative"
                                              : "below 1 m2"),
                          "treated as missing (a point site's footprint uses its parcels or the default "
                          "surface); check the value and its unit (m2) in the source",
                          {}});
        return std::nullopt;
    }
    if (m2 > implausible_ha * 1e4) {
        // Whole hectares; beyond what a long long holds (1e300 m2), in exponent form.
        char ha[32];
        std::snprintf(ha, sizeof ha, m2 < 1e19 ? "%.0f" : "%g", m2 / 1e4);
        issues.push_back({dataset_key, site_id, IssueKind::implausible_surface, Severity::warning,
                          std::string("declared surface ") + ha + " ha is above " +
                              std::to_string(std::llround(implausible_ha)) + " ha for one site",
                          "kept as declared; check the source (unit in m2 expected)", {}});
    }
    return declared;
}

}  // namespace foncier::ingest::detail
