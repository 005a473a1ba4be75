#include "foncier/analysis/site_match.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <tuple>

#include "foncier/core/error.hpp"
#include "foncier/core/value.hpp"
#include "foncier/index/spatial_index.hpp"

namespace foncier::analysis {

std::string_view to_string(MatchRule rule) noexcept {
    switch (rule) {
        case MatchRule::id: return "id";
        case MatchRule::footprint: return "emprise";
        case MatchRule::centre: return "centre";
    }
    return "id";
}

double name_similarity(std::string_view a, std::string_view b) {
    const std::string x = fold(a);
    const std::string y = fold(b);
    if (x.empty() || y.empty()) return 0.0;
    if (x == y) return 1.0;
    if (x.size() < 2 || y.size() < 2) return 0.0;  // one letter, not equal: nothing to compare
    std::map<std::string_view, int> bigrams;
    for (std::size_t i = 0; i + 1 < x.size(); ++i) ++bigrams[std::string_view(x).substr(i, 2)];
    int shared = 0;
    for (std::size_t i = 0; i + 1 < y.size(); ++i) {
        auto it = bigrams.find(std::string_view(y).substr(i, 2));
        if (it != bigrams.end() && it->second > 0) {
            --it->second;
            ++shared;
        }
    }
    return 2.0 * shared / static_cast<double>((x.size() - 1) + (y.size() - 1));
}

namespace {

struct Prepared {
    XY centre;
    geom::Envelope box;
    double area = 0.0;
};

// Nullopt for a site without a footprint (null or empty geometry): it can keep its id, it
// cannot be found by place.
std::optional<Prepared> prepare(const MatchSite& s) {
    if (s.footprint == nullptr) throw GeometryError("site '" + s.id + "' was given no footprint to match on");
    if (s.footprint->is_null() || s.footprint->is_empty()) return std::nullopt;
    return Prepared{s.footprint->centroid().xy(), s.footprint->envelope(), s.polygon ? s.footprint->area() : 0.0};
}

struct Candidate {
    std::size_t old_index;
    std::size_t new_index;
    MatchRule rule;
    double distance_m;
    double overlap;
    double similarity;
};

// Distances to the millimetre: two sites drawn at "the same point" through different
// reprojections may differ in the last bits, which must not decide against the names.
std::int64_t millimetres(double metres) { return std::llround(metres * 1000.0); }

}  // namespace

SiteMatching match_sites(std::span<const MatchSite> old_sites, std::span<const MatchSite> new_sites,
                         const MatchOptions& options) {
    if (!(options.max_centre_distance_m >= 0.0) || !std::isfinite(options.max_centre_distance_m)) {
        throw ConfigError("the match distance must be a number of metres >= 0, not " +
                          to_text(Value{options.max_centre_distance_m}));
    }
    if (!(options.min_overlap > 0.0 && options.min_overlap <= 1.0)) {
        throw ConfigError("the minimum overlap must lie in (0, 1], not " + to_text(Value{options.min_overlap}));
    }
    SiteMatching out;
    std::vector<bool> old_used(old_sites.size(), false);
    std::vector<bool> new_used(new_sites.size(), false);

    // 1. Same identifier. A duplicated id pairs in order of appearance on both sides.
    std::map<std::string, std::vector<std::size_t>> new_by_id;
    for (std::size_t n = new_sites.size(); n-- > 0;) new_by_id[new_sites[n].id].push_back(n);  // back() = first
    for (std::size_t o = 0; o < old_sites.size(); ++o) {
        auto it = new_by_id.find(old_sites[o].id);
        if (it == new_by_id.end() || it->second.empty() || old_sites[o].id.empty()) continue;
        const std::size_t n = it->second.back();
        it->second.pop_back();
        old_used[o] = new_used[n] = true;
        const auto a = prepare(old_sites[o]);
        const auto b = prepare(new_sites[n]);
        const double distance = a && b ? std::hypot(a->centre.x - b->centre.x, a->centre.y - b->centre.y) : 0.0;
        out.pairs.push_back({o, n, MatchRule::id, distance, 0.0, name_similarity(old_sites[o].name, new_sites[n].name)});
    }

    // 2. By place, among the sites left over.
    std::vector<std::size_t> new_left;
    std::vector<Prepared> new_prep;
    std::vector<geom::Envelope> boxes;
    for (std::size_t n = 0; n < new_sites.size(); ++n) {
        if (new_used[n]) continue;
        if (auto p = prepare(new_sites[n])) {
            new_left.push_back(n);
            new_prep.push_back(*p);
            boxes.push_back(p->box);
        }
    }
    const index::SpatialIndex tree(boxes);
    const double m = options.max_centre_distance_m;
    std::vector<Candidate> candidates;
    for (std::size_t o = 0; o < old_sites.size(); ++o) {
        if (old_used[o]) continue;
        const MatchSite& os = old_sites[o];
        const auto prepared = prepare(os);
        if (!prepared) continue;
        const Prepared& a = *prepared;
        // A centre lies inside its footprint's box, so a partner by either rule has its box
        // within m of this one's.
        const geom::Envelope query{a.box.minx - m, a.box.miny - m, a.box.maxx + m, a.box.maxy + m};
        for (std::size_t k : tree.intersecting(query)) {
            const std::size_t n = new_left[k];
            const MatchSite& ns = new_sites[n];
            const Prepared& b = new_prep[k];
            const double distance = std::hypot(a.centre.x - b.centre.x, a.centre.y - b.centre.y);
            double overlap = 0.0;
            MatchRule rule = MatchRule::centre;
            if (os.polygon && ns.polygon) {
                rule = MatchRule::footprint;
                const double smaller = std::min(a.area, b.area);
                if (!(smaller > 0.0) || a.box.overlap_area(b.box) < options.min_overlap * smaller) continue;
                overlap = os.footprint->intersection(*ns.footprint).area() / smaller;
                if (overlap < options.min_overlap) continue;
            } else if (distance > m) {
                continue;
            }
            candidates.push_back({o, n, rule, distance, overlap, name_similarity(os.name, ns.name)});
        }
    }
    std::sort(candidates.begin(), candidates.end(), [&](const Candidate& x, const Candidate& y) {
        const auto dx = millimetres(x.distance_m);
        const auto dy = millimetres(y.distance_m);
        if (dx != dy) return dx < dy;
        if (x.similarity != y.similarity) return x.similarity > y.similarity;
        const auto& xo = old_sites[x.old_index].id;
        const auto& yo = old_sites[y.old_index].id;
        if (xo != yo) return xo < yo;
        const auto& xn = new_sites[x.new_index].id;
        const auto& yn = new_sites[y.new_index].id;
        if (xn != yn) return xn < yn;
        return std::tie(x.old_index, x.new_index) < std::tie(y.old_index, y.new_index);
    });
    for (const auto& c : candidates) {
        if (old_used[c.old_index] || new_used[c.new_index]) continue;
        old_used[c.old_index] = new_used[c.new_index] = true;
        out.pairs.push_back({c.old_index, c.new_index, c.rule, c.distance_m, c.overlap, c.similarity});
    }
    for (std::size_t o = 0; o < old_sites.size(); ++o) {
        if (!old_used[o]) out.old_only.push_back(o);
    }
    for (std::size_t n = 0; n < new_sites.size(); ++n) {
        if (!new_used[n]) out.new_only.push_back(n);
    }
    return out;
}

}  // namespace foncier::analysis
