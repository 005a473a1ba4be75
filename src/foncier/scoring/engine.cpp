#include "foncier/scoring/engine.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

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

// Resolves one criterion against the inputs. `band_texts`: band_text of each of c's bands
// (worked out once per profile), or empty.
CriterionResult evaluate(const Criterion& c, const Inputs& inputs, const std::vector<std::string>& band_texts) {
    CriterionResult r;
    r.criterion = &c;
    auto it = inputs.find(c.measure);
    r.input = it != inputs.end() ? it->second : Input::unknown("measure '" + c.measure + "' is not computed for this site");
    if (r.input.state == State::known && !c.numeric) {
        if (contains(c.unknown_values, r.input.text)) {
            r.input.state = State::unknown;
            r.input.note = "'" + r.input.text + "' in the source";
        } else if (contains(c.not_applicable_values, r.input.text)) {
            r.input.state = State::not_applicable;
            r.why = "'" + r.input.text + "': does not apply";
            return r;
        }
    }
    // The value scored: the input itself, or the profile's stand-in for "none found".
    const Input* effective = &r.input;
    Input stand_in;
    switch (r.input.state) {
    case State::unknown: r.why = "unknown: " + r.input.note; return r;
    case State::not_applicable: r.why = "does not apply: " + r.input.note; return r;
    case State::none_found:
        if (c.none_found_number) {
            stand_in = Input::of(*c.none_found_number);
        } else if (c.none_found_value) {
            stand_in = Input::of(*c.none_found_value);
        } else {
            r.why = "none found (" + r.input.note + "): not scored";
            return r;
        }
        effective = &stand_in;
        break;
    case State::known: break;
    }
    if (c.numeric) {
        if (!effective->number) {
            r.why = "'" + effective->text + "' is not a number";
            r.input.state = State::unknown;
            return r;
        }
        for (std::size_t k = 0; k < c.bands.size(); ++k) {
            const Band& b = c.bands[k];
            if (b.contains(*effective->number)) {
                r.scored = true;
                r.impacts = b.impacts;
                r.matched = k < band_texts.size() ? band_texts[k] : band_text(c, b);
                return r;
            }
        }
    } else {
        const std::string value =
            effective->number && effective->text.empty() ? number_text(*effective->number, 0) : effective->text;
        for (const Category& cat : c.categories) {
            if (cat.value == value) {
                r.scored = true;
                r.impacts = cat.impacts;
                r.matched = cat.value;
                return r;
            }
        }
        // Never scored as neutral by accident: a value the profile does not know is unknown.
        r.why = "value '" + value + "' is not in the profile";
        r.input.state = State::unknown;
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

// score_site, with the words of each criterion's bands worked out beforehand (band_texts[c][b],
// or empty: worked out as they match).
SiteScore score_with(const Profile& profile, const Inputs& inputs, const std::vector<std::vector<std::string>>& band_texts) {
    static const std::vector<std::string> none;
    SiteScore out;
    out.criteria.reserve(profile.criteria.size());
    const std::size_t n_uses = profile.uses.size();
    std::vector<Sums> sums(n_uses), lows(n_uses), highs(n_uses);
    double known_weight = 0.0;
    double total_weight = 0.0;
    for (std::size_t ci = 0; ci < profile.criteria.size(); ++ci) {
        const Criterion& c = profile.criteria[ci];
        CriterionResult r = evaluate(c, inputs, ci < band_texts.size() ? band_texts[ci] : none);
        if (r.input.state != State::not_applicable) total_weight += c.weight;
        if (r.input.state == State::known || r.input.state == State::none_found) known_weight += c.weight;
        for (std::size_t u = 0; u < n_uses; ++u) {
            if (r.scored) {
                sums[u].add(r.impacts[u], c.weight, profile.aggregation);
                lows[u].add(r.impacts[u], c.weight, profile.aggregation);
                highs[u].add(r.impacts[u], c.weight, profile.aggregation);
            } else if (r.input.state == State::unknown) {
                const auto [lo, hi] = impact_range(c, u);
                lows[u].add(lo, c.weight, profile.aggregation);
                highs[u].add(hi, c.weight, profile.aggregation);
            }
        }
        out.criteria.push_back(std::move(r));
    }
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
            const auto it = std::find_if(out.criteria.begin(), out.criteria.end(),
                                         [&](const CriterionResult& r) { return r.criterion->name == cond.first; });
            return it != out.criteria.end() && it->scored && it->matched == cond.second;
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

}  // namespace

SiteScore score_site(const Profile& profile, const Inputs& inputs) { return score_with(profile, inputs, {}); }

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
    std::vector<std::vector<std::string>> band_texts;
    for (const Criterion& c : out.profile.criteria) {
        auto& texts = band_texts.emplace_back();
        for (const Band& b : c.bands) texts.push_back(band_text(c, b));
    }
    parallel_for(sites.size(), [&](std::size_t s) {
        SiteScore& score = out.scores[s];
        score = score_with(out.profile, sites[s], band_texts);
        score.motifs = motifs(score);
        if (detail == Detail::summary) score.criteria = {};  // freed at once: reused by the next site
    });
    out.ranks = rank(out.scores, eligible);
    return out;
}

std::string motifs(const SiteScore& score, std::size_t count) {
    struct Item {
        double contribution;
        std::string text;
    };
    std::vector<Item> items;
    for (const auto& r : score.criteria) {
        if (!r.scored) continue;
        const Impact s = r.impacts[score.best];
        if (s == Impact::neutral) continue;
        const double contribution = value(s) * r.criterion->weight;
        const std::string value_text = r.input.state == State::known ? format_value(*r.criterion, r.input) : r.matched;
        items.push_back({contribution, std::string(contribution > 0 ? "+ " : "\u2212 ") + r.criterion->label + " " +
                                           value_text});
    }
    std::stable_sort(items.begin(), items.end(),
                     [](const Item& a, const Item& b) { return std::abs(a.contribution) > std::abs(b.contribution); });
    std::string out;
    for (std::size_t i = 0; i < items.size() && i < count; ++i) {
        if (!out.empty()) out += "; ";
        out += items[i].text;
    }
    return out;
}

}  // namespace foncier::scoring
