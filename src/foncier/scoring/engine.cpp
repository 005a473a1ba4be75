#include "foncier/scoring/engine.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string_view>

#include "foncier/core/parallel.hpp"

namespace foncier::scoring {

const char* to_string(State s) noexcept {
    switch (s) {
    case State::known: return "known";
    case State::unknown: return "unknown";
    case State::none_found: return "none found";
    case State::not_applicable: return "not applicable";
    }
    return "?";
}

const char* to_string(Origin o) noexcept {
    switch (o) {
    case Origin::unspecified: return "unspecified";
    case Origin::site: return "site";
    case Origin::computed: return "computed";
    case Origin::derived: return "derived";
    }
    return "?";
}

namespace {


std::string number_text(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string band_text(const Criterion& c, const Band& b) {
    if (b.bound == Band::Bound::otherwise) {
        return "otherwise";
    }
    Input limit = Input::of(b.limit);
    return std::string(b.bound == Band::Bound::lt ? "< " : "<= ") + format_value(c, limit);
}

bool contains(const std::vector<std::string>& list, const std::string& v) {
    return std::find(list.begin(), list.end(), v) != list.end();
}

// How one criterion resolved for a site, without a copy of anything: what the sums, the
// exclusions and the motifs need. The full CriterionResult (copies of the input, the reason in
// words) is made from it for explain only (result()): a national run scores 100 000 sites x 14
// criteria, and those copies were most of the scoring time, and of its memory.
enum class Reason {
    scored,
    missing,               // no such measure for the site
    listed_unknown,        // a value the profile lists as unknown
    listed_not_applicable, // a value the profile lists as not applicable
    unknown,               // the input is unknown
    not_applicable,        // the input does not apply
    none_found,            // searched, none found, and the profile has no stand-in value
    not_a_number,
    not_in_profile,
    no_band  // a number in none of the bands (the profile loader requires an "otherwise")
};

struct Outcome {
    const Criterion* criterion = nullptr;
    const Input* input = nullptr;  // the site's measure; nullptr: missing
    std::optional<Input> derived;  // the criterion's `derive` rule gave the value
    State state = State::unknown;  // as scored
    Reason reason = Reason::missing;
    const std::vector<Impact>* impacts = nullptr;  // scored: the band's or the category's
    std::string_view matched;                      // scored: in words
    [[nodiscard]] bool scored() const noexcept { return impacts != nullptr; }
    /// The value assessed: derived, or the site's measure (nullptr: missing).
    [[nodiscard]] const Input* value() const noexcept { return derived ? &*derived : input; }
};

// The value scored: the input itself, or the profile's stand-in for "none found".
std::optional<Input> stand_in(const Criterion& c) {
    if (c.none_found_number) return Input::of(*c.none_found_number);
    if (c.none_found_value) return Input::of(*c.none_found_value);
    return std::nullopt;
}

// A categorical value as the profile's categories spell it.
std::string category_text(const Input& effective) {
    return effective.number && effective.text.empty() ? number_text(*effective.number, 0) : effective.text;
}

// The criterion's `derive` rule applied to the site's inputs, when the site gives no value of
// its own (precedence: the site's value, then the derived one, then unknown).
std::optional<Input> derive(const Criterion& c, const Inputs& inputs) {
    const auto& d = *c.derive;
    const auto it = inputs.find(d.measure);
    if (it == inputs.end()) return std::nullopt;
    const Input& from = it->second;
    if (from.state == State::none_found) {
        return Input::of(d.otherwise, "derived: " + d.measure + " none found").from(Origin::derived);
    }
    if (from.state != State::known || !from.number) return std::nullopt;
    const bool above = *from.number > d.gt;
    return Input::of(above ? d.then : d.otherwise, "derived from " + d.measure + " = " + number_text(*from.number, 0) +
                                                       (above ? " > " : " <= ") + number_text(d.gt, 0))
        .from(Origin::derived);
}

// Resolves one criterion against the inputs. `band_texts`: band_text of each of c's bands,
// worked out once per profile; `unlisted_known`: Profile::unlisted_known.
Outcome assess(const Criterion& c, const Inputs& inputs, const std::vector<std::string>& band_texts,
               bool unlisted_known) {
    Outcome o;
    o.criterion = &c;
    const auto it = inputs.find(c.measure);
    if (it != inputs.end()) o.input = &it->second;
    if (c.derive && (o.input == nullptr || o.input->state == State::unknown)) {
        o.derived = derive(c, inputs);
    }
    if (o.value() == nullptr) return o;  // missing: unknown
    o.state = o.value()->state;
    if (o.state == State::known && (!c.numeric || !o.value()->number)) {
        if (contains(c.unknown_values, o.value()->text)) {
            o.state = State::unknown;
            o.reason = Reason::listed_unknown;
            return o;
        }
        if (contains(c.not_applicable_values, o.value()->text)) {
            o.state = State::not_applicable;
            o.reason = Reason::listed_not_applicable;
            return o;
        }
    }
    const Input* effective = o.value();
    std::optional<Input> stand;
    switch (o.state) {
    case State::unknown: o.reason = Reason::unknown; return o;
    case State::not_applicable: o.reason = Reason::not_applicable; return o;
    case State::none_found:
        stand = stand_in(c);
        if (!stand) {
            o.reason = Reason::none_found;
            return o;
        }
        effective = &*stand;
        break;
    case State::known: break;
    }
    if (c.numeric) {
        if (!effective->number) {
            o.state = State::unknown;
            o.reason = Reason::not_a_number;
            return o;
        }
        for (std::size_t k = 0; k < c.bands.size(); ++k) {
            if (c.bands[k].contains(*effective->number)) {
                o.reason = Reason::scored;
                o.impacts = &c.bands[k].impacts;
                o.matched = band_texts[k];
                return o;
            }
        }
        o.reason = Reason::no_band;
        return o;
    }
    // Categorical: compared without a copy in the common case (a text value).
    const bool text = !(effective->number && effective->text.empty());
    const std::string formatted = text ? std::string() : number_text(*effective->number, 0);
    const std::string_view value = text ? std::string_view(effective->text) : std::string_view(formatted);
    for (const Category& cat : c.categories) {
        if (cat.value == value) {
            o.reason = Reason::scored;
            o.impacts = &cat.impacts;
            o.matched = cat.value;
            return o;
        }
    }
    // Never scored as neutral by accident: a value the profile does not know is unknown, or
    // known and left out of the sums when the profile says so (Mutafriches).
    o.state = unlisted_known ? State::known : State::unknown;
    o.reason = Reason::not_in_profile;
    return o;
}

// The full result of an outcome: the input as given (with the reason it is unknown or does not
// apply), and, when not scored, why in words.
CriterionResult result(const Outcome& o) {
    const Criterion& c = *o.criterion;
    CriterionResult r;
    r.criterion = &c;
    r.input = o.value() != nullptr ? *o.value() : Input::unknown("measure '" + c.measure + "' is not computed for this site");
    r.input.state = o.state;
    if (o.scored()) {
        r.scored = true;
        r.impacts = *o.impacts;
        r.matched = std::string(o.matched);
        return r;
    }
    switch (o.reason) {
    case Reason::scored:
    case Reason::no_band: break;
    case Reason::missing:
    case Reason::unknown: r.why = "unknown: " + r.input.note; break;
    case Reason::listed_unknown:
        r.input.note = "'" + r.input.text + "' in the source";
        r.why = "unknown: " + r.input.note;
        break;
    case Reason::listed_not_applicable: r.why = "'" + r.input.text + "': does not apply"; break;
    case Reason::not_applicable: r.why = "does not apply: " + r.input.note; break;
    case Reason::none_found: r.why = "none found (" + r.input.note + "): not scored"; break;
    case Reason::not_a_number:
    case Reason::not_in_profile: {
        const std::optional<Input> stand = o.value()->state == State::none_found ? stand_in(c) : std::nullopt;
        const Input& effective = stand ? *stand : *o.value();
        r.why = o.reason == Reason::not_a_number ? "'" + effective.text + "' is not a number"
                                                 : "value '" + category_text(effective) + "' is not in the profile";
        if (o.reason == Reason::not_in_profile && o.state == State::known) r.why += ": not scored, counted as known";
        break;
    }
    }
    return r;
}

struct Sums {
    double a = 0.0;
    double c = 0.0;
    double w_scored = 0.0;  // weight of the scored criteria (mean aggregation)
    void add(Impact s, double w, Aggregation agg) {
        w_scored += w;
        if (s == Impact::neutral) {
            if (agg == Aggregation::mutafriches) {
                a += 0.5 * w;
                c += 0.5 * w;
            }
        } else if (value(s) > 0) {
            a += value(s) * w;
        } else {
            c += -value(s) * w;
        }
    }
    [[nodiscard]] double index(Aggregation agg) const {
        if (agg == Aggregation::mean) {
            if (w_scored == 0.0) return 50.0;
            return std::round(10.0 * (50.0 + 25.0 * (a - c) / w_scored)) / 10.0;
        }
        if (a + c == 0.0) return agg == Aggregation::mutafriches ? 0.0 : 50.0;
        // Mutafriches computes Math.round(A / (A + C) * 1000) / 10: the same operations in the
        // same order, so that an index on a rounding edge rounds the same way.
        if (agg == Aggregation::mutafriches) return std::round(a / (a + c) * 1000.0) / 10.0;
        return std::round(1000.0 * a / (a + c)) / 10.0;
    }
};

// Impacts a criterion could take for use u (for score_min / score_max).
std::pair<Impact, Impact> impact_range(const Criterion& c, std::size_t u) {
    Impact lo = Impact::very_positive;
    Impact hi = Impact::very_negative;
    auto visit = [&](const std::vector<Impact>& impacts) {
        lo = std::min(lo, impacts[u]);
        hi = std::max(hi, impacts[u]);
    };
    for (const auto& b : c.bands) visit(b.impacts);
    for (const auto& cat : c.categories) visit(cat.impacts);
    return {lo, hi};
}

}  // namespace

std::string format_value(const Criterion& c, const Input& input) {
    if (input.state != State::known) return to_string(input.state);
    if (!input.number) return input.text;
    const double v = *input.number;
    switch (c.format) {
    case Format::ha: return number_text(v / 1e4, v < 1e5 ? 2 : 1) + " ha";
    case Format::km: return number_text(v / 1000.0, 1) + " km";
    case Format::m: return number_text(v, 0) + " m";
    case Format::percent: return number_text(v * 100.0, 0) + " %";
    case Format::number: return number_text(v, v == std::round(v) ? 0 : 1);
    case Format::text: return number_text(v, 0);
    }
    return number_text(v, 1);
}

namespace {

// The words of every band of the profile, band_texts[c][b].
std::vector<std::vector<std::string>> band_texts_of(const Profile& profile) {
    std::vector<std::vector<std::string>> out;
    for (const Criterion& c : profile.criteria) {
        auto& texts = out.emplace_back();
        for (const Band& b : c.bands) texts.push_back(band_text(c, b));
    }
    return out;
}

// One scored contribution to the motifs: for the best use, a non-neutral impact.
struct Motif {
    double contribution;
    const Criterion* criterion;
    const Input* value;         // known: the value in words (format_value)
    std::string_view matched;   // else: the band or category
};

// The `count` strongest motifs, in words.
std::string motifs_text(std::vector<Motif>& items, std::size_t count) {
    std::stable_sort(items.begin(), items.end(),
                     [](const Motif& a, const Motif& b) { return std::abs(a.contribution) > std::abs(b.contribution); });
    std::string out;
    for (std::size_t i = 0; i < items.size() && i < count; ++i) {
        const Motif& m = items[i];
        if (!out.empty()) out += "; ";
        out += m.contribution > 0 ? "+ " : "\u2212 ";
        out += m.criterion->label;
        out += ' ';
        if (m.value != nullptr) {
            out += format_value(*m.criterion, *m.value);
        } else {
            out += m.matched;
        }
    }
    return out;
}

// Scores one site from its criteria's outcomes (profile order): uses, exclusions, best use,
// reliability. The criteria and the motifs are left to the caller.
SiteScore score_outcomes(const Profile& profile, const std::vector<Outcome>& outcomes) {
    SiteScore out;
    const std::size_t n_uses = profile.uses.size();
    std::vector<Sums> sums(n_uses), lows(n_uses), highs(n_uses);
    double known_weight = 0.0;
    double total_weight = 0.0;
    for (const Outcome& o : outcomes) {
        const Criterion& c = *o.criterion;
        if (o.state != State::not_applicable) total_weight += c.weight;
        if (o.state == State::known || o.state == State::none_found) known_weight += c.weight;
        for (std::size_t u = 0; u < n_uses; ++u) {
            if (o.scored()) {
                sums[u].add((*o.impacts)[u], c.weight, profile.aggregation);
                lows[u].add((*o.impacts)[u], c.weight, profile.aggregation);
                highs[u].add((*o.impacts)[u], c.weight, profile.aggregation);
            } else if (o.state == State::unknown) {
                const auto [lo, hi] = impact_range(c, u);
                lows[u].add(lo, c.weight, profile.aggregation);
                highs[u].add(hi, c.weight, profile.aggregation);
            }
        }
    }
    out.uses.reserve(n_uses);
    for (std::size_t u = 0; u < n_uses; ++u) {
        UseResult use;
        use.use = profile.uses[u];
        use.advantages = sums[u].a;
        use.constraints = sums[u].c;
        use.index = sums[u].index(profile.aggregation);
        use.index_min = lows[u].index(profile.aggregation);
        use.index_max = highs[u].index(profile.aggregation);
        out.uses.push_back(std::move(use));
    }
    // Exclusion rules: every condition must hold on a known value ("unknown" never excludes).
    for (const Exclusion& e : profile.exclusions) {
        const bool holds = std::all_of(e.when.begin(), e.when.end(), [&](const auto& cond) {
            const auto it = std::find_if(outcomes.begin(), outcomes.end(),
                                         [&](const Outcome& o) { return o.criterion->name == cond.first; });
            return it != outcomes.end() && it->scored() && it->matched == cond.second;
        });
        if (!holds) continue;
        for (std::size_t u = 0; u < n_uses; ++u) {
            if (e.uses.empty() || contains(e.uses, profile.uses[u])) out.uses[u].exclusions.push_back(e.label);
        }
    }
    // Best use: highest index among the uses not excluded (first in profile order on ties).
    std::optional<std::size_t> best;
    for (std::size_t u = 0; u < n_uses; ++u) {
        if (out.uses[u].excluded()) continue;
        if (!best || out.uses[u].index > out.uses[*best].index) best = u;
    }
    out.excluded = !best.has_value();
    if (!best) {
        best = 0;
        for (std::size_t u = 1; u < n_uses; ++u) {
            if (out.uses[u].index > out.uses[*best].index) best = u;
        }
    }
    out.best = *best;
    out.reliability = total_weight > 0 ? std::round(20.0 * known_weight / total_weight) / 2.0 : 0.0;
    return out;
}

// score_site with the band texts worked out beforehand, and `outcomes` and `items` as scratch
// space (reused from site to site: no allocation per criterion). Sets the motifs; the criteria
// with `detail`.
SiteScore score_with(const Profile& profile, const Inputs& inputs, const std::vector<std::vector<std::string>>& band_texts,
                     Detail detail, std::vector<Outcome>& outcomes, std::vector<Motif>& items) {
    outcomes.clear();
    for (std::size_t ci = 0; ci < profile.criteria.size(); ++ci) {
        outcomes.push_back(assess(profile.criteria[ci], inputs, band_texts[ci], profile.unlisted_known));
    }
    SiteScore out = score_outcomes(profile, outcomes);
    items.clear();
    for (const Outcome& o : outcomes) {
        if (!o.scored()) continue;
        const Impact s = (*o.impacts)[out.best];
        if (s == Impact::neutral) continue;
        items.push_back({value(s) * o.criterion->weight, o.criterion, o.state == State::known ? o.value() : nullptr,
                         o.matched});
    }
    out.motifs = motifs_text(items, 3);
    if (detail == Detail::criteria) {
        out.criteria.reserve(outcomes.size());
        for (const Outcome& o : outcomes) out.criteria.push_back(result(o));
    }
    return out;
}

}  // namespace

SiteScore score_site(const Profile& profile, const Inputs& inputs) {
    std::vector<Outcome> outcomes;
    std::vector<Motif> items;
    return score_with(profile, inputs, band_texts_of(profile), Detail::criteria, outcomes, items);
}

const ClassThreshold& classify(const Profile& profile, double score) {
    for (const auto& c : profile.classes) {
        if (score >= c.min) return c;
    }
    return profile.classes.back();
}

std::vector<std::optional<std::size_t>> rank(const std::vector<SiteScore>& scores, const std::vector<bool>& eligible) {
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < scores.size(); ++i) {
        if (!scores[i].excluded && (eligible.empty() || eligible[i])) order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (scores[a].score() != scores[b].score()) return scores[a].score() > scores[b].score();
        return scores[a].best_use().index_max > scores[b].best_use().index_max;
    });
    std::vector<std::optional<std::size_t>> out(scores.size());
    for (std::size_t r = 0; r < order.size(); ++r) out[order[r]] = r + 1;
    return out;
}

Results score_all(Profile profile, const std::vector<Inputs>& sites, const std::vector<bool>& eligible, Detail detail) {
    Results out;
    out.profile = std::move(profile);
    // Sites are scored independently (score_site only reads the profile), each in its slot.
    out.scores.resize(sites.size());
    // The words of every band, once for all the sites (they were formatted at each match).
    const auto band_texts = band_texts_of(out.profile);
    // Each site's origin of each criterion's measure, one byte in its own slot, counted after:
    // the lookups are the scoring's own (counting them again cost a pass over every site).
    const std::size_t n_criteria = out.profile.criteria.size();
    enum : unsigned char { unknown, given, computed };
    std::vector<unsigned char> origin(sites.size() * n_criteria, unknown);
    parallel_for(sites.size(), [&](std::size_t s) {
        // Scratch space per thread, reused from site to site.
        thread_local std::vector<Outcome> outcomes;
        thread_local std::vector<Motif> items;
        out.scores[s] = score_with(out.profile, sites[s], band_texts, detail, outcomes, items);
        for (std::size_t ci = 0; ci < outcomes.size() && ci < n_criteria; ++ci) {
            const Input* in = outcomes[ci].input;
            if (in == nullptr || in->state == State::unknown) continue;
            origin[s * n_criteria + ci] = in->origin == Origin::site ? given : computed;
        }
    });
    out.origins.resize(n_criteria);
    for (std::size_t i = 0; i < origin.size(); ++i) {
        OriginCounts& c = out.origins[i % n_criteria];
        switch (origin[i]) {
        case given: ++c.site; break;
        case computed: ++c.computed; break;
        default: ++c.unknown; break;
        }
    }
    out.ranks = rank(out.scores, eligible);
    return out;
}

std::string motifs(const SiteScore& score, std::size_t count) {
    std::vector<Motif> items;
    for (const auto& r : score.criteria) {
        if (!r.scored) continue;
        const Impact s = r.impacts[score.best];
        if (s == Impact::neutral) continue;
        items.push_back({value(s) * r.criterion->weight, r.criterion, r.input.state == State::known ? &r.input : nullptr,
                         r.matched});
    }
    return motifs_text(items, count);
}

}  // namespace foncier::scoring
