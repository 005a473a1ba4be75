#include "foncier/pipeline/measures.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <string_view>
#include <utility>

#include "foncier/core/parallel.hpp"
#include <cmath>

namespace foncier::pipeline {

using scoring::Input;

std::string owner_category(const std::string& codes) {
    // Each comma-separated code counts by its first letter or digit (braces, quotes and
    // spaces around it ignored). A plain loop: a string stream per site cost more than the rest.
    bool any_public = false;
    bool any_private = false;
    bool in_code = false;  // this token's first letter or digit is already seen
    for (const char c : codes) {
        if (c == ',') {
            in_code = false;
        } else if (!in_code && std::isalnum(static_cast<unsigned char>(c)) != 0) {
            (c == 'P' || c == 'F' ? any_public : any_private) = true;
            in_code = true;
        }
    }
    if (any_public && any_private) return "mixte";
    if (any_public) return "public";
    if (any_private) return "prive";
    return {};
}

namespace {

// A site's measures gathered as they are set, then sorted once into an Inputs: inserted one by
// one into the flat map, each moved the entries after it (1.3 % of the national run's CPU).
class MeasureList {
public:
    MeasureList() { m_items.reserve(24); }
    /// The measure named so, added (unknown) if new. Valid until the next addition.
    Input& operator[](std::string_view name) {
        for (auto& item : m_items) {
            if (item.first == name) return item.second;
        }
        return m_items.emplace_back(std::string(name), Input{}).second;
    }
    [[nodiscard]] const Input* find(std::string_view name) const {
        for (const auto& item : m_items) {
            if (item.first == name) return &item.second;
        }
        return nullptr;
    }
    /// m[to] = a copy of m[from] (never from a reference: the addition may move the entries).
    void copy(std::string_view from, std::string_view to) {
        Input value = (*this)[from];
        (*this)[to] = std::move(value);
    }
    [[nodiscard]] scoring::Inputs take() {
        std::sort(m_items.begin(), m_items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        return {boost::container::ordered_unique_range, std::make_move_iterator(m_items.begin()),
                std::make_move_iterator(m_items.end())};
    }

private:
    std::vector<std::pair<std::string, Input>> m_items;  // names unique
};

Input distance(const std::vector<analysis::Nearest>& nearest, std::size_t s, const std::string& layer,
               std::optional<double> max_m = std::nullopt) {
    if (!nearest[s].feature) return Input::none("the " + layer + " layer has no feature").from(scoring::Origin::computed);
    if (max_m && nearest[s].distance_m > *max_m) {
        return Input::none("nearest feature of " + layer + " at " + std::to_string(std::llround(nearest[s].distance_m)) +
                           " m, beyond max_distance_m " + std::to_string(std::llround(*max_m)))
            .from(scoring::Origin::computed);
    }
    return Input::of(nearest[s].distance_m, "nearest feature of " + layer).from(scoring::Origin::computed);
}

// Puts a value given for the site (or read from its commune) in `m`, after the computed ones:
// the precedence of site_measures().
void put(MeasureList& m, const ingest::MeasureSpec& spec, Input given) {
    const Input* computed = m.find(spec.name);
    const bool has_computed = computed != nullptr && computed->state != scoring::State::unknown;
    const bool given_usable = given.state != scoring::State::unknown;
    if (has_computed && (spec.prefer_computed || !given_usable)) return;
    if (!given_usable && computed != nullptr) return;  // both unknown: keep the computed reason
    m[spec.name] = std::move(given);
}

// The typed value of `raw` for `spec`, or an issue and unknown.
Input typed(const ingest::MeasureSpec& spec, const Value& raw, scoring::Origin origin, const std::string& dataset,
            const std::string& feat_id, const std::string& whose, std::vector<Issue>& issues) {
    std::string error;
    std::optional<Input> v = ingest::typed_measure(spec, raw, error);
    if (v) return std::move(*v).from(origin);
    const std::string value = to_text(raw);
    issues.push_back({dataset, feat_id, IssueKind::bad_value, Severity::warning,
                      whose + ": field '" + spec.field + "' value '" + value + "' " + error + " (measure '" + spec.name +
                          "', type " + (spec.type == ingest::MeasureType::enumeration ? "enumeration" : "declared") + ")",
                      "measure '" + spec.name + "' left unknown; fix the value or [" + dataset + ".measures] " + spec.name,
                      {}});
    return Input::unknown("field " + spec.field + ": '" + value + "' " + error).from(origin);
}

}  // namespace

std::vector<MeasureSource> measure_sources(const analysis::Territory& t) {
    std::vector<MeasureSource> out;
    for (const auto& l : t.access) {
        out.push_back({l.name + "_m", l.dataset, l.synthetic});
        for (const auto& measure : l.feeds) out.push_back({measure, l.dataset, l.synthetic});
        const bool declared = std::any_of(t.access.begin(), t.access.end(), [](const analysis::ContextLayer& c) {
            return std::find(c.feeds.begin(), c.feeds.end(), "distanceAutoroute") != c.feeds.end();
        });
        if (l.name == "interchange" && !declared) out.push_back({"distanceAutoroute", l.dataset, l.synthetic});
    }
    for (const auto& l : t.constraints) {
        out.push_back({l.name + "_share", l.dataset, l.synthetic});
        if (l.name == "flood") out.push_back({"risqueInondation", l.dataset, l.synthetic});
        if (l.name == "protected") out.push_back({"zonageEnvironnemental", l.dataset, l.synthetic});
    }
    if (t.parks) {
        out.push_back({"park_share", t.parks->dataset, t.parks->synthetic});
        out.push_back({"siteEnZae", t.parks->dataset, t.parks->synthetic});
    }
    return out;
}

std::vector<scoring::Inputs> site_measures(const analysis::Analysis& a) {
    IssueLog ignored;
    return site_measures(a, {}, ignored);
}

std::vector<scoring::Inputs> site_measures(const analysis::Analysis& a, const MeasureConfig& config, IssueSink& sink) {
    const auto& t = a.territory;
    std::vector<scoring::Inputs> out(t.sites.size());
    std::vector<std::vector<Issue>> issues(t.sites.size());
    // Which distance measures the access layers feed; without a declaration the historical
    // defaults stay (interchange -> distanceAutoroute, stations -> distanceTransportCommun).
    auto fed = [&](const std::string& measure) {
        return std::any_of(t.access.begin(), t.access.end(), [&](const analysis::ContextLayer& l) {
            return std::find(l.feeds.begin(), l.feeds.end(), measure) != l.feeds.end();
        });
    };
    const bool motorway_fed = fed("distanceAutoroute");
    const bool transit_fed = fed("distanceTransportCommun");
    // Each site's measures in its own slot, on both cores (1.5 million entries nationally).
    parallel_for(t.sites.size(), [&](std::size_t s) {
        const auto& site = t.sites[s];
        MeasureList m;
        auto copy = [&m](std::string_view from, std::string_view to) { m.copy(from, to); };
        using scoring::Origin;
        // A value foncier computes for a Mutafriches measure does not replace one given for
        // the site by a role of [friches.fields] (the site's own value comes first).
        auto given = [&m](std::string_view name) {
            const Input* v = m.find(name);
            return v != nullptr && v->origin == Origin::site && v->state != scoring::State::unknown;
        };
        auto computed = [&](std::string_view name, Input v) {
            if (!given(name)) m[name] = std::move(v).from(Origin::computed);
        };
        auto copy_computed = [&](std::string_view from, std::string_view to) {
            if (!given(to)) copy(from, to);
        };

        if (site.source == analysis::FootprintSource::default_size) {
            m["surf_m2"] = Input::unknown("no surface in the source: a default footprint was drawn");
        } else {
            m["surf_m2"] = Input::of(a.site_area_m2[s], analysis::to_string(site.source)).from(Origin::computed);
        }
        m["statut"] = site.statut.empty() ? Input::unknown("empty in the source") : Input::of(site.statut);
        m["type"] = site.type.empty() ? Input::unknown("empty in the source") : Input::of(site.type);
        for (const auto& [role, value] : site.attributes) {
            m[role] = (value.empty() ? Input::unknown("empty in the source") : Input::of(value)).from(Origin::site);
        }
        if (auto it = site.attributes.find("catpro3"); it != site.attributes.end()) {
            const std::string owner = owner_category(it->second);
            m["owner"] = (owner.empty() ? Input::unknown("no owner code in the source")
                                        : Input::of(owner, "owner codes " + it->second))
                             .from(Origin::computed);
        }

        m["station_m"] = !t.stations_layer
                             ? Input::unknown("no [stations] layer in the territory config")
                             : distance(a.nearest, s, "stations");
        for (std::size_t l = 0; l < t.access.size(); ++l) {
            m[t.access[l].name + "_m"] = distance(a.access_nearest[l], s, t.access[l].name, t.access[l].max_distance_m);
            for (const auto& measure : t.access[l].feeds) copy_computed(t.access[l].name + "_m", measure);
        }
        for (std::size_t l = 0; l < t.constraints.size(); ++l) {
            m[t.constraints[l].name + "_share"] =
                Input::of(a.constraint_shares[l][s], "area-weighted overlap").from(Origin::computed);
        }
        if (t.parks) {
            const auto& link = a.park_links[s];
            m["park_share"] = Input::of(link.share, link.zone ? "in " + t.parks->features[*link.zone].id : "in no park")
                                  .from(Origin::computed);
        }

        // The Mutafriches measures foncier can fill from the same data.
        if (m["surf_m2"].state == scoring::State::known) copy_computed("surf_m2", "surfaceSite");
        for (std::size_t l = 0; l < t.access.size() && !motorway_fed; ++l) {
            if (t.access[l].name == "interchange") copy_computed(t.access[l].name + "_m", "distanceAutoroute");
        }
        if (!transit_fed && m["station_m"].state != scoring::State::unknown) {
            copy_computed("station_m", "distanceTransportCommun");
        }
        for (std::size_t l = 0; l < t.constraints.size(); ++l) {
            if (t.constraints[l].name == "flood") {
                computed("risqueInondation", Input::of(a.constraint_shares[l][s] > 0 ? "oui" : "non", "flood zone overlap"));
            }
            if (t.constraints[l].name == "protected" && a.constraint_shares[l][s] == 0) {
                computed("zonageEnvironnemental", Input::of("hors-zone", "no protected area overlap"));
            }
        }
        if (t.parks) computed("siteEnZae", Input::of(a.park_links[s].zone ? "true" : "false", "activity park overlap"));
        if (const Input* owner = m.find("owner"); owner != nullptr && owner->state == scoring::State::known) {
            copy_computed("owner", "typeProprietaire");
        }

        // Values given for the site, then its commune's: typed as the config declares them.
        const auto& commune = a.assignments[s].commune;
        for (const auto& spec : config.communes) {
            if (!commune) continue;
            const auto& c = t.communes[*commune];
            const auto it = c.values.find(spec.name);
            if (it == c.values.end()) continue;
            Input v = typed(spec, it->second, scoring::Origin::computed, config.communes_dataset, c.insee,
                            "commune " + c.insee, issues[s]);
            if (v.state != scoring::State::unknown) v.note = "commune " + c.insee + ": " + v.note;
            put(m, spec, std::move(v));
        }
        for (const auto& spec : config.friches) {
            static const Value null;
            const Value* raw = &null;
            if (site.source_row) {
                const auto it = site.source_row->find(spec.field);
                if (it != site.source_row->end()) raw = &it->second;
            }
            put(m, spec, typed(spec, *raw, scoring::Origin::site, config.friches_dataset, site.site_id,
                               "site " + site.site_id, issues[s]));
        }
        out[s] = m.take();
    });
    for (auto& site_issues : issues) {
        for (auto& issue : site_issues) sink.report(std::move(issue));
    }
    return out;
}

}  // namespace foncier::pipeline
