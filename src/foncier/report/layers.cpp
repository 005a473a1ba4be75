#include "foncier/report/layers.hpp"

#include <cmath>

#include "foncier/report/schema.hpp"

namespace foncier::report {

namespace {

// Rounded values keep the outputs readable and stable across platforms' last-bit noise.
double round_to(double v, int decimals) {
    const double f = std::pow(10.0, decimals);
    return std::round(v * f) / f;
}

Value text_or_null(const std::string& s) { return s.empty() ? Value{} : Value{s}; }
Value optional_real(const std::optional<double>& v, int decimals) {
    return v ? Value{round_to(*v, decimals)} : Value{};
}
Value optional_int(const std::optional<double>& v) {
    return v ? Value{static_cast<std::int64_t>(std::llround(*v))} : Value{};
}

std::vector<Value> site_values(const analysis::Analysis& a, std::size_t s) {
    const auto& site = a.territory.sites[s];
    const auto& assignment = a.assignments[s];
    const auto& nearest = a.nearest[s];
    const analysis::Commune* commune = assignment.commune ? &a.territory.communes[*assignment.commune] : nullptr;
    const analysis::Station* station = nearest.station ? &a.territory.stations[*nearest.station] : nullptr;
    return {
        Value{site.site_id},
        text_or_null(site.nom),
        commune != nullptr ? Value{commune->insee} : Value{},
        commune != nullptr ? text_or_null(commune->nom) : Value{},
        commune != nullptr ? text_or_null(commune->epci) : Value{},
        commune != nullptr ? text_or_null(commune->epci_nom) : Value{},
        text_or_null(site.type),
        text_or_null(site.statut),
        Value{round_to(site.geometry.area(), 1)},
        optional_real(site.surf_decl, 1),
        Value{std::string(analysis::to_string(site.source))},
        station != nullptr ? text_or_null(station->nom) : Value{},
        station != nullptr ? Value{round_to(nearest.distance_m, 1)} : Value{},
        Value{},  // park_id: filled once an activity-parks layer is analysed
        Value{std::int64_t{commune != nullptr ? 1 : 0}},
        text_or_null(site.insee_declared),
    };
}

std::vector<Value> totals_values(const analysis::Totals& t) {
    return {optional_int(t.pop), Value{static_cast<std::int64_t>(t.n_sites)}, Value{round_to(t.sites_m2 / 1e4, 4)}};
}

}  // namespace

std::vector<io::Table> build_layers(const analysis::Analysis& a, const std::vector<Issue>& issues) {
    io::Table sites = empty_table(layer::sites);
    io::Table sites_pt = empty_table(layer::sites_pt);
    for (std::size_t s = 0; s < a.territory.sites.size(); ++s) {
        const auto& geometry = a.territory.sites[s].geometry;
        sites.rows.push_back({site_values(a, s), geometry.clone()});
        sites_pt.rows.push_back({site_values(a, s), geometry.point_on_surface()});
    }

    io::Table communes = empty_table(layer::communes);
    for (std::size_t c = 0; c < a.territory.communes.size(); ++c) {
        const auto& commune = a.territory.communes[c];
        std::vector<Value> v{Value{commune.insee}, text_or_null(commune.nom), text_or_null(commune.epci),
                             text_or_null(commune.epci_nom)};
        for (auto& t : totals_values(a.commune_totals[c])) v.push_back(std::move(t));
        communes.rows.push_back({std::move(v), commune.geometry.clone()});
    }

    io::Table epci = empty_table(layer::epci);
    for (std::size_t e = 0; e < a.epcis.size(); ++e) {
        const auto& item = a.epcis[e];
        const auto& t = a.epci_totals[e];
        std::vector<Value> v{Value{item.siren}, text_or_null(item.nom), Value{static_cast<std::int64_t>(t.n_communes)}};
        for (auto& x : totals_values(t)) v.push_back(std::move(x));
        epci.rows.push_back({std::move(v), item.geometry.clone()});
    }

    io::Table issue_table = empty_table(layer::issues);
    for (const auto& i : issues) {
        geom::Geometry where = i.location ? geom::Geometry::point(i.location->x, i.location->y) : geom::Geometry{};
        issue_table.rows.push_back({{text_or_null(i.layer), text_or_null(i.feat_id), Value{i.kind},
                                     Value{std::string(to_string(i.severity))}, text_or_null(i.message),
                                     text_or_null(i.action)},
                                    std::move(where)});
    }

    std::vector<io::Table> out;
    out.push_back(std::move(sites));
    out.push_back(std::move(sites_pt));
    out.push_back(std::move(communes));
    out.push_back(std::move(epci));
    out.push_back(std::move(issue_table));
    return out;
}

}  // namespace foncier::report
