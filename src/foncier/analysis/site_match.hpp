#pragma once
// Pairing the sites of two inventories (two vintages, or two runs) one to one: by identifier
// first, then by place for the sites left over, because inventories give new identifiers to
// sites that did not move (Cartofriches between January 2023 and March 2024: 23 of them in
// the Val de Lorraine). Pure: geometries in, pairs out; no I/O.
//
// Place rule. Two sites whose footprints are both real polygons pair when they overlap by at
// least `min_overlap` (default half) of the smaller footprint. When either is known only by a
// point (its footprint estimated from it), they pair when their centres lie within
// `max_centre_distance_m` metres. Among the candidate pairs, the closest centres go first;
// equal distances (to the millimetre) go to the more similar names, then to the smaller old
// id, then the smaller new id. A site takes part in one pair at most.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "foncier/geom/geometry.hpp"

namespace foncier::analysis {

struct MatchSite {
    std::string id;
    std::string name;
    /// Footprint in a projected CRS in metres (EPSG:2154): polygonal, or a point. Not owned:
    /// it must outlive the call. A null or empty geometry pairs by id only.
    const geom::Geometry* footprint = nullptr;
    /// True when the footprint is a real polygon (from the source or the cadastre); false
    /// when the site is known by a point (footprint estimated around it, or a point itself).
    bool polygon = false;
};

enum class MatchRule { id, footprint, centre };

[[nodiscard]] std::string_view to_string(MatchRule rule) noexcept;

struct SitePair {
    std::size_t old_index = 0;
    std::size_t new_index = 0;
    MatchRule rule = MatchRule::id;
    double distance_m = 0.0;       ///< between the footprints' centroids, m
    double overlap = 0.0;          ///< shared area / area of the smaller footprint, 0-1 (polygons; else 0)
    double name_similarity = 0.0;  ///< name_similarity() of the two names
};

struct MatchOptions {
    double max_centre_distance_m = 50.0;  ///< point rule, m
    double min_overlap = 0.5;             ///< polygon rule: share of the smaller footprint
};

struct SiteMatching {
    std::vector<SitePair> pairs;        ///< id pairs in old order, then place pairs in the order chosen
    std::vector<std::size_t> old_only;  ///< old sites without a pair, ascending
    std::vector<std::size_t> new_only;  ///< new sites without a pair, ascending
};

/// Throws ConfigError when `options` are out of range (negative distance, overlap outside
/// (0, 1]); GeometryError when a footprint pointer is null.
[[nodiscard]] SiteMatching match_sites(std::span<const MatchSite> old_sites, std::span<const MatchSite> new_sites,
                                       const MatchOptions& options = {});

/// Similarity of two names typed by people, 0 (nothing shared) to 1 (same letters and digits,
/// accents, case, spaces and punctuation ignored): the Dice coefficient of the character
/// bigrams of core::fold(). Empty names give 0.
[[nodiscard]] double name_similarity(std::string_view a, std::string_view b);

}  // namespace foncier::analysis
