#include "foncier/pipeline/measures.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <string_view>
#include <utility>

#include "foncier/core/parallel.hpp"

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

Input distance(const std::vector<analysis::Nearest>& nearest, std::size_t s, const std::string& layer) {
    if (!nearest[s].feature) return Input::none("the " + layer + " layer has no feature");
    return Input::of(nearest[s].distance_m, "nearest feature of " + layer);
}

}  // namespace

std::vector<MeasureSource> measure_sources(const analysis::Territory& t) {
    std::vector<MeasureSource> out;
    for (const auto& l : t.access) {
        out.push_back({l.name + "_m", l.dataset, l.synthetic});
        if (l.name == "interchange") out.push_back({"distanceAutoroute", l.dataset, l.synthetic});
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
    const auto& t = a.territory;
    std::vector<scoring::Inputs> out(t.sites.size());
    // Each site's measures in its own slot, on both cores (1.5 million entries nationally).
    parallel_for(t.sites.size(), [&](std::size_t s) {
        const auto& site = t.sites[s];
        MeasureList m;
        auto copy = [&m](std::string_view from, std::string_view to) { m.copy(from, to); };

        if (site.source == analysis::FootprintSource::default_size) {
            m["surf_m2"] = Input::unknown("no surface in the source: a default footprint was drawn");
        } else {
            m["surf_m2"] = Input::of(a.site_area_m2[s], analysis::to_string(site.source));
        }
        m["statut"] = site.statut.empty() ? Input::unknown("empty in the source") : Input::of(site.statut);
        m["type"] = site.type.empty() ? Input::unknown("empty in the source") : Input::of(site.type);
        for (const auto& [role, value] : site.attributes) {
            m[role] = value.empty() ? Input::unknown("empty in the source") : Input::of(value);
        }
        if (auto it = site.attributes.find("catpro3"); it != site.attributes.end()) {
            const std::string owner = owner_category(it->second);
            m["owner"] = owner.empty() ? Input::unknown("no owner code in the source")
                                       : Input::of(owner, "owner codes " + it->second);
        }

        m["station_m"] = !t.stations_layer
                             ? Input::unknown("no [stations] layer in the territory config")
                             : distance(a.nearest, s, "stations");
        for (std::size_t l = 0; l < t.access.size(); ++l) {
            m[t.access[l].name + "_m"] = distance(a.access_nearest[l], s, t.access[l].name);
        }
        for (std::size_t l = 0; l < t.constraints.size(); ++l) {
            m[t.constraints[l].name + "_share"] = Input::of(a.constraint_shares[l][s], "area-weighted overlap");
        }
        if (t.parks) {
            const auto& link = a.park_links[s];
            m["park_share"] = Input::of(link.share, link.zone ? "in " + t.parks->features[*link.zone].id : "in no park");
        }

        // The Mutafriches measures foncier can fill from the same data.
        if (m["surf_m2"].state == scoring::State::known) copy("surf_m2", "surfaceSite");
        for (std::size_t l = 0; l < t.access.size(); ++l) {
            if (t.access[l].name == "interchange") copy(t.access[l].name + "_m", "distanceAutoroute");
        }
        if (m["station_m"].state != scoring::State::unknown) copy("station_m", "distanceTransportCommun");
        for (std::size_t l = 0; l < t.constraints.size(); ++l) {
            if (t.constraints[l].name == "flood") {
                m["risqueInondation"] = Input::of(a.constraint_shares[l][s] > 0 ? "oui" : "non", "flood zone overlap");
            }
            if (t.constraints[l].name == "protected" && a.constraint_shares[l][s] == 0) {
                m["zonageEnvironnemental"] = Input::of("hors-zone", "no protected area overlap");
            }
        }
        if (t.parks) m["siteEnZae"] = Input::of(a.park_links[s].zone ? "true" : "false", "activity park overlap");
        if (const Input* owner = m.find("owner"); owner != nullptr && owner->state == scoring::State::known) {
            copy("owner", "typeProprietaire");
        }
        out[s] = m.take();
    });
    return out;
}

}  // namespace foncier::pipeline
