#include "foncier/report/layers.hpp"

#include <array>
#include <cmath>
#include <string_view>
#include <type_traits>

#include "foncier/core/parallel.hpp"
#include "foncier/report/schema.hpp"
#include "foncier/report/zae_layers.hpp"

namespace foncier::report {

namespace {

Value optional_real(const std::optional<double>& v, int decimals) {
    return v ? Value{round_to(*v, decimals)} : Value{};
}
Value optional_int(const std::optional<double>& v) {
    return v ? Value{static_cast<std::int64_t>(std::llround(*v))} : Value{};
}

Value park_id(const analysis::Analysis& a, std::size_t s) {
    if (!a.territory.parks || !a.park_links[s].zone) return {};
    return Value{a.territory.parks->features[*a.park_links[s].zone].id};
}

// Appends the site's analysis fields to `out` (built in place: each value is made once).
void site_values(const analysis::Analysis& a, std::size_t s, std::vector<Value>& out) {
    const auto& site = a.territory.sites[s];
    const auto& assignment = a.assignments[s];
    const auto& nearest = a.nearest[s];
    const analysis::Commune* commune = assignment.commune ? &a.territory.communes[*assignment.commune] : nullptr;
    const analysis::Station* station = nearest.feature ? &a.territory.stations[*nearest.feature] : nullptr;
    out.emplace_back(site.site_id);
    out.push_back(text_or_null(site.nom));
    out.push_back(commune != nullptr ? Value{commune->insee} : Value{});
    out.push_back(commune != nullptr ? text_or_null(commune->nom) : Value{});
    out.push_back(commune != nullptr ? text_or_null(commune->epci) : Value{});
    out.push_back(commune != nullptr ? text_or_null(commune->epci_nom) : Value{});
    out.push_back(text_or_null(site.type));
    out.push_back(text_or_null(site.statut));
    out.emplace_back(round_to(a.site_area_m2[s], 1));
    out.push_back(optional_real(site.surf_decl, 1));
    out.emplace_back(std::string(analysis::to_string(site.source)));
    out.push_back(station != nullptr ? text_or_null(station->nom) : Value{});
    out.push_back(station != nullptr ? Value{round_to(nearest.distance_m, 1)} : Value{});
    out.push_back(park_id(a, s));
    out.emplace_back(std::int64_t{commune != nullptr ? 1 : 0});
    out.push_back(text_or_null(site.insee_declared));
}

}  // namespace

std::vector<Value> score_values(const scoring::Results* r, std::size_t s) {
    if (r == nullptr) return std::vector<Value>(8);
    const auto& score = r->scores[s];
    const auto& best = score.best_use();
    const bool multi_use = r->profile.uses.size() > 1;
    Value usage = multi_use ? Value{best.use} : Value{};
    if (score.excluded) {
        std::string why;
        for (const auto& label : best.exclusions) why += (why.empty() ? "" : ", ") + label;
        return {Value{}, Value{std::string("exclu")}, Value{}, Value{score.reliability}, Value{}, Value{},
                Value{"exclu: " + why}, usage};
    }
    const auto& rank = r->ranks[s];
    return {Value{best.index},
            Value{scoring::classify(r->profile, best.index).name},
            rank ? Value{static_cast<std::int64_t>(*rank)} : Value{},
            Value{score.reliability},
            Value{best.index_min},
            Value{best.index_max},
            text_or_null(score.motifs),
            usage};
}

void for_each_measure_row(const analysis::Analysis& a, const std::vector<scoring::Inputs>& measures,
                          const std::function<void(std::span<const io::ValueView>)>& row, std::size_t first,
                          std::size_t last) {
    auto text_or_null = [](const std::string& text) { return text.empty() ? io::ValueView{} : io::ValueView{text}; };
    for (std::size_t s = first; s < std::min(last, a.territory.sites.size()); ++s) {
        for (const auto& [name, input] : measures[s]) {
            const std::array<io::ValueView, 6> values{
                io::ValueView{std::string_view(a.territory.sites[s].site_id)},
                io::ValueView{std::string_view(name)},
                io::ValueView{std::string_view(scoring::to_string(input.state))},
                input.number ? io::ValueView{*input.number} : io::ValueView{},
                text_or_null(input.text),
                text_or_null(input.note)};
            row(values);
        }
    }
}

namespace {

std::vector<Value> totals_values(const analysis::Totals& t) {
    return {optional_int(t.pop), Value{static_cast<std::int64_t>(t.n_sites)}, Value{round_to(t.sites_m2 / 1e4, 4)}};
}

}  // namespace

io::Table measures_table(const analysis::Analysis& a, const std::vector<scoring::Inputs>& measures) {
    io::Table table = empty_table(layer::measures);
    for_each_measure_row(a, measures, [&](std::span<const io::ValueView> values) {
        io::Table::Row& row = table.rows.emplace_back();
        row.values.reserve(values.size());
        for (const auto& v : values) {
            std::visit([&](const auto& x) {
                using T = std::decay_t<decltype(x)>;
                if constexpr (std::is_same_v<T, std::string_view>) {
                    row.values.emplace_back(std::string(x));
                } else if constexpr (std::is_same_v<T, std::monostate>) {
                    row.values.emplace_back();
                } else {
                    row.values.emplace_back(x);
                }
            }, v);
        }
    });
    return table;
}

std::vector<io::Table> build_layers(const analysis::Analysis& a, const std::vector<Issue>& issues,
                                    const scoring::Results* scoring) {
    io::Table sites = empty_table(layer::sites);
    io::Table sites_pt = empty_table(layer::sites_pt);
    sites.rows.resize(a.territory.sites.size());
    sites_pt.rows.resize(a.territory.sites.size());
    parallel_for(a.territory.sites.size(), [&](std::size_t s) {  // each row in its slot
        const auto& geometry = a.territory.sites[s].geometry;
        std::vector<Value> values;
        values.reserve(sites.fields.size());
        site_values(a, s, values);
        for (auto& v : score_values(scoring, s)) values.push_back(std::move(v));
        // The analysis outlives the tables (pipeline::run); sites_pt shares the sites row's
        // values (the rows keep their addresses when the tables move).
        sites.rows[s] = {std::move(values), {}, &geometry};
        sites_pt.rows[s] = {{}, geometry.point_on_surface(), nullptr, &sites.rows[s].values};
    });

    io::Table communes = empty_table(layer::communes);
    communes.rows.resize(a.territory.communes.size());
    parallel_for(a.territory.communes.size(), [&](std::size_t c) {  // each row in its slot
        const auto& commune = a.territory.communes[c];
        std::vector<Value> v{Value{commune.insee}, text_or_null(commune.nom), text_or_null(commune.epci),
                             text_or_null(commune.epci_nom)};
        for (auto& t : totals_values(a.commune_totals[c])) v.push_back(std::move(t));
        communes.rows[c] = {std::move(v), {}, &commune.geometry};
    });

    io::Table epci = empty_table(layer::epci);
    const auto park_values = epci_park_values(a);
    for (std::size_t e = 0; e < a.epcis.size(); ++e) {
        const auto& item = a.epcis[e];
        const auto& t = a.epci_totals[e];
        std::vector<Value> v{Value{item.siren}, text_or_null(item.nom), Value{static_cast<std::int64_t>(t.n_communes)}};
        for (auto& x : totals_values(t)) v.push_back(std::move(x));
        for (const auto& x : park_values.at(item.siren)) v.push_back(x);
        epci.rows.push_back({std::move(v), {}, &item.geometry});
    }

    io::Table issue_table = empty_table(layer::issues);
    for (const auto& i : issues) {
        geom::Geometry where = i.location ? geom::Geometry::point(i.location->x, i.location->y) : geom::Geometry{};
        issue_table.rows.push_back({{text_or_null(i.layer), text_or_null(i.feat_id), Value{std::string(code(i.kind))},
                                     Value{std::string(to_string(i.severity))}, text_or_null(i.message),
                                     text_or_null(i.action)},
                                    std::move(where)});
    }

    std::vector<io::Table> out;
    out.push_back(std::move(sites));
    out.push_back(std::move(sites_pt));
    out.push_back(std::move(communes));
    out.push_back(std::move(epci));
    out.push_back(parks_table(a));
    out.push_back(plots_table(a));
    out.push_back(crosswalk_table(a));
    out.push_back(std::move(issue_table));
    return out;
}

}  // namespace foncier::report
