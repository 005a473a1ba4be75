#pragma once
// Private to ingest: the ids and declared surfaces of a friches layer's sites, with their
// issues (split from load.cpp, which orchestrates the layers).

#include <optional>
#include <string>
#include <vector>

#include "foncier/core/issue.hpp"
#include "foncier/io/reader.hpp"

namespace foncier::ingest::detail {

/// One id per feature of `data`: the id of field `f_id` made safe for every output format
/// (text.hpp, safe_id), "#<fid>" when it is empty, and duplicates renamed <id>~<n> with the
/// first n whose name neither the source gives another site nor an earlier renaming took
/// (A, A, A~2 become A, A~3, A~2). The issues of feature i are appended to issues[i].
[[nodiscard]] std::vector<std::string> site_ids(const io::LayerData& data, const std::string& f_id,
                                                const std::string& dataset_key,
                                                std::vector<std::vector<Issue>>& issues);

/// The declared surface (m²) to keep, checked: one below 1 m² (zero, negative, 1e-300, not a
/// number) is implausible and treated as missing, so that the footprint of a point site
/// falls back on the parcels or the default surface; one above `implausible_ha` is kept and
/// reported. The issue, if any, is appended to `issues`.
[[nodiscard]] std::optional<double> checked_surface(std::optional<double> declared, double implausible_ha,
                                                    const std::string& dataset_key, const std::string& site_id,
                                                    std::vector<Issue>& issues);

}  // namespace foncier::ingest::detail
