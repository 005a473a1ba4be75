// compare(): pairs the sites of two runs and says what changed for each pair or single site.

#include <algorithm>
#include <cmath>
#include <tuple>

#include "foncier/core/error.hpp"
#include "foncier/core/value.hpp"
#include "foncier/pipeline/diff_model.hpp"

namespace foncier::pipeline {

std::string_view to_string(ChangeKind kind) noexcept {
    switch (kind) {
        case ChangeKind::nouveau: return "nouveau";
        case ChangeKind::disparu: return "disparu";
        case ChangeKind::reidentifie: return "reidentifie";
        case ChangeKind::statut: return "statut";
        case ChangeKind::reconverti: return "reconverti";
        case ChangeKind::surface: return "surface";
        case ChangeKind::emprise: return "emprise";
        case ChangeKind::commune: return "commune";
        case ChangeKind::epci: return "epci";
        case ChangeKind::score: return "score";
        case ChangeKind::classe: return "classe";
        case ChangeKind::rang: return "rang";
    }
    return "";
}

const std::vector<ChangeKind>& all_change_kinds() {
    static const std::vector<ChangeKind> all{ChangeKind::nouveau, ChangeKind::disparu, ChangeKind::reidentifie,
                                             ChangeKind::statut,  ChangeKind::reconverti, ChangeKind::surface,
                                             ChangeKind::emprise, ChangeKind::commune, ChangeKind::epci,
                                             ChangeKind::score,   ChangeKind::classe, ChangeKind::rang};
    return all;
}

bool SiteChange::has(ChangeKind k) const { return std::find(kinds.begin(), kinds.end(), k) != kinds.end(); }

std::string_view SiteChange::main_kind() const {
    for (ChangeKind k : {ChangeKind::nouveau, ChangeKind::disparu, ChangeKind::reconverti, ChangeKind::reidentifie,
                         ChangeKind::statut, ChangeKind::emprise, ChangeKind::surface, ChangeKind::commune,
                         ChangeKind::epci, ChangeKind::classe, ChangeKind::score, ChangeKind::rang}) {
        if (has(k)) return to_string(k);
    }
    return "inchange";
}

std::string_view status_group(std::string_view statut) {
    const std::string key = fold(statut);
    if (key == "frichesansprojet") return "sp";
    if (key == "frichesavecprojet") return "ap";
    if (key == "frichepotentielle") return "pot";
    if (key == "frichereconvertie") return "rec";
    return "aut";
}

const std::vector<std::string_view>& status_groups() {
    static const std::vector<std::string_view> all{"sp", "ap", "pot", "rec", "aut"};
    return all;
}

namespace {

// Moved by more than `share` of the old value; appearing or vanishing counts as moving.
bool moved(const std::optional<double>& a, const std::optional<double>& b, double share) {
    if (!a && !b) return false;
    if (!a || !b) return true;
    return std::abs(*b - *a) > share * std::abs(*a) && *a != *b;
}

bool footprint_changed(const DiffSite& o, const DiffSite& n, const ChangeRules& rules) {
    if (o.polygon() != n.polygon()) return true;  // estimated from a point <-> a real polygon
    const bool o_none = o.footprint.is_null() || o.footprint.is_empty();
    const bool n_none = n.footprint.is_null() || n.footprint.is_empty();
    if (o_none || n_none) return o_none != n_none;
    if (!o.polygon()) {
        const XY a = o.footprint.centroid().xy();
        const XY b = n.footprint.centroid().xy();
        return std::hypot(a.x - b.x, a.y - b.y) > rules.centre_m;
    }
    const double ao = o.footprint.area();
    const double an = n.footprint.area();
    const double shared = o.footprint.intersection(n.footprint).area();
    return ao + an - 2.0 * shared > rules.footprint_share * std::max(ao, an);
}

}  // namespace

std::vector<ChangeKind> classify(const DiffSite* o, const DiffSite* n, std::optional<analysis::MatchRule> rule,
                                 bool scores_compared, const ChangeRules& rules) {
    if (o == nullptr && n == nullptr) return {};
    if (o == nullptr) return {ChangeKind::nouveau};
    if (n == nullptr) return {ChangeKind::disparu};
    std::vector<ChangeKind> kinds;
    if (rule && *rule != analysis::MatchRule::id) kinds.push_back(ChangeKind::reidentifie);
    if (fold(o->statut) != fold(n->statut) || (o->statut.empty() != n->statut.empty())) {
        const bool reconverted = status_group(n->statut) == "rec" && status_group(o->statut) != "rec";
        kinds.push_back(reconverted ? ChangeKind::reconverti : ChangeKind::statut);
    }
    if (moved(o->surf_decl, n->surf_decl, rules.surface_share) || moved(o->surf_m2, n->surf_m2, rules.surface_share)) {
        kinds.push_back(ChangeKind::surface);
    }
    if (footprint_changed(*o, *n, rules)) kinds.push_back(ChangeKind::emprise);
    if (o->insee != n->insee) kinds.push_back(ChangeKind::commune);
    if (o->epci != n->epci) kinds.push_back(ChangeKind::epci);
    if (scores_compared) {
        const bool score_moved = o->score.has_value() != n->score.has_value() ||
                                 (o->score && std::abs(*o->score - *n->score) > rules.score_step);
        if (score_moved) kinds.push_back(ChangeKind::score);
        if (o->classe != n->classe) kinds.push_back(ChangeKind::classe);
        if (o->rang != n->rang) kinds.push_back(ChangeKind::rang);
    }
    // Contract order (the enum's).
    std::sort(kinds.begin(), kinds.end());
    return kinds;
}

const DiffSite* Comparison::old_of(const SiteChange& c) const {
    return c.old_site ? &old_side.sites[*c.old_site] : nullptr;
}
const DiffSite* Comparison::new_of(const SiteChange& c) const {
    return c.new_site ? &new_side.sites[*c.new_site] : nullptr;
}

const SiteChange* site_history(const Comparison& cmp, std::string_view site_id) {
    for (const auto& c : cmp.changes) {
        if (const DiffSite* n = cmp.new_of(c); n != nullptr && n->site_id == site_id) return &c;
    }
    for (const auto& c : cmp.changes) {
        if (const DiffSite* o = cmp.old_of(c); o != nullptr && o->site_id == site_id) return &c;
    }
    return nullptr;
}

namespace {

std::string status_label(const DiffSite* s, const char* absent) {
    if (s == nullptr) return absent;
    return s->statut.empty() ? std::string("(sans statut)") : s->statut;
}

double ha_of(const DiffSite* s) { return s != nullptr && s->surf_m2 ? *s->surf_m2 / 1e4 : 0.0; }

}  // namespace

Comparison compare(DiffSide old_side, DiffSide new_side, const analysis::MatchOptions& match, const ChangeRules& rules) {
    if (old_side.crs != new_side.crs) {
        throw ConfigError("the two sides are in different CRS ('" + old_side.out_dir + "': " + old_side.crs + ", '" +
                          new_side.out_dir + "': " + new_side.crs + "): run both territories in the same working CRS");
    }
    Comparison cmp;
    cmp.old_side = std::move(old_side);
    cmp.new_side = std::move(new_side);
    cmp.match = match;
    cmp.rules = rules;
    const DiffSide& a = cmp.old_side;
    const DiffSide& b = cmp.new_side;
    // Scores mean the same on both sides only under the same profile: a profile change is
    // reported once, not as a change of every site.
    cmp.scores_compared = a.profile == b.profile && a.profile_sha256 == b.profile_sha256;
    if (!cmp.scores_compared) {
        cmp.profile_note = "scores not compared: profile '" + (a.profile.empty() ? std::string("none") : a.profile) +
                           "' (" + a.profile_sha256.substr(0, 12) + ") then '" +
                           (b.profile.empty() ? std::string("none") : b.profile) + "' (" +
                           b.profile_sha256.substr(0, 12) + ")";
    }

    auto inputs = [](const DiffSide& side) {
        std::vector<analysis::MatchSite> out;
        out.reserve(side.sites.size());
        for (const auto& s : side.sites) out.push_back({s.site_id, s.nom, &s.footprint, s.polygon()});
        return out;
    };
    const auto old_in = inputs(a);
    const auto new_in = inputs(b);
    const analysis::SiteMatching m = analysis::match_sites(old_in, new_in, match);

    for (const auto& p : m.pairs) {
        SiteChange c;
        c.old_site = p.old_index;
        c.new_site = p.new_index;
        c.rule = p.rule;
        c.distance_m = p.distance_m;
        c.overlap = p.overlap;
        c.kinds = classify(&a.sites[p.old_index], &b.sites[p.new_index], p.rule, cmp.scores_compared, rules);
        (p.rule == analysis::MatchRule::id ? cmp.kept_by_id : cmp.reidentified) += 1;
        cmp.changes.push_back(std::move(c));
    }
    for (std::size_t o : m.old_only) {
        SiteChange c;
        c.old_site = o;
        c.kinds = {ChangeKind::disparu};
        cmp.changes.push_back(std::move(c));
    }
    for (std::size_t n : m.new_only) {
        SiteChange c;
        c.new_site = n;
        c.kinds = {ChangeKind::nouveau};
        cmp.changes.push_back(std::move(c));
    }
    cmp.removed = m.old_only.size();
    cmp.added = m.new_only.size();
    std::sort(cmp.changes.begin(), cmp.changes.end(), [&](const SiteChange& x, const SiteChange& y) {
        auto key = [&](const SiteChange& c) {
            const DiffSite* o = cmp.old_of(c);
            const DiffSite* n = cmp.new_of(c);
            return std::tuple{n != nullptr ? n->site_id : o->site_id, o != nullptr ? o->site_id : std::string{},
                              c.new_site.value_or(0), c.old_site.value_or(0)};
        };
        return key(x) < key(y);
    });

    for (ChangeKind k : all_change_kinds()) cmp.kind_counts[k] = 0;
    std::map<std::pair<std::string, std::string>, Transition> transitions;
    for (const auto& c : cmp.changes) {
        if (c.kinds.empty()) ++cmp.unchanged;
        for (ChangeKind k : c.kinds) ++cmp.kind_counts[k];
        const DiffSite* o = cmp.old_of(c);
        const DiffSite* n = cmp.new_of(c);
        Transition& t = transitions[{status_label(o, "(nouveau)"), status_label(n, "(disparu)")}];
        t.from = status_label(o, "(nouveau)");
        t.to = status_label(n, "(disparu)");
        ++t.sites;
        t.ha += n != nullptr ? ha_of(n) : ha_of(o);
    }
    for (auto& [key, t] : transitions) {
        t.ha = round_to(t.ha, 4);
        cmp.transitions.push_back(std::move(t));
    }
    cmp.communes = area_deltas(cmp, false);
    cmp.epcis = area_deltas(cmp, true);
    return cmp;
}

}  // namespace foncier::pipeline
