// The layers of diff.gpkg, filled from a Comparison (schemas in report/schema.cpp).

#include <cmath>

#include "foncier/pipeline/diff.hpp"
#include "foncier/report/schema.hpp"

namespace foncier::pipeline {

namespace {

Value text(const DiffSite* s, std::string DiffSite::*field) {
    return s == nullptr ? Value{} : text_or_null(s->*field);
}

Value real(const std::optional<double>& v, int decimals) { return v ? Value{round_to(*v, decimals)} : Value{}; }

Value real_of(const DiffSite* s, std::optional<double> DiffSite::*field, int decimals) {
    return s == nullptr ? Value{} : real(s->*field, decimals);
}

Value count(std::size_t n) { return Value{static_cast<std::int64_t>(n)}; }

std::string kinds_text(const SiteChange& c) {
    std::string out;
    for (ChangeKind k : c.kinds) out += (out.empty() ? "" : ",") + std::string(to_string(k));
    return out;
}

io::Table changes_table(const Comparison& cmp) {
    io::Table t = report::empty_table(report::layer::changes);
    for (const auto& c : cmp.changes) {
        const DiffSite* o = cmp.old_of(c);
        const DiffSite* n = cmp.new_of(c);
        const DiffSite* shown = n != nullptr ? n : o;
        std::optional<double> delta_ha;
        if (o != nullptr && n != nullptr && o->surf_m2 && n->surf_m2) delta_ha = (*n->surf_m2 - *o->surf_m2) / 1e4;
        const bool pair = o != nullptr && n != nullptr;
        const bool by_footprint = c.rule == analysis::MatchRule::footprint;
        std::vector<Value> v{
            Value{std::string(c.main_kind())},
            text_or_null(kinds_text(c)),
            c.rule ? Value{std::string(analysis::to_string(*c.rule))} : Value{},
            text(o, &DiffSite::site_id),
            text(n, &DiffSite::site_id),
            text(shown, &DiffSite::nom),
            text(o, &DiffSite::nom),
            pair ? Value{round_to(c.distance_m, 1)} : Value{},
            by_footprint ? Value{round_to(c.overlap, 3)} : Value{},
            text(o, &DiffSite::statut),
            text(n, &DiffSite::statut),
            real_of(o, &DiffSite::surf_m2, 1),
            real_of(n, &DiffSite::surf_m2, 1),
            real(delta_ha, 4),
            real_of(o, &DiffSite::surf_decl, 1),
            real_of(n, &DiffSite::surf_decl, 1),
            text(o, &DiffSite::insee),
            text(n, &DiffSite::insee),
            text(shown, &DiffSite::commune),
            text(o, &DiffSite::epci),
            text(n, &DiffSite::epci),
            text(shown, &DiffSite::epci_nom),
            real_of(o, &DiffSite::score, 1),
            real_of(n, &DiffSite::score, 1),
            text(o, &DiffSite::classe),
            text(n, &DiffSite::classe),
            o != nullptr && o->rang ? Value{*o->rang} : Value{},
            n != nullptr && n->rang ? Value{*n->rang} : Value{},
            text(shown, &DiffSite::geom_src),
        };
        t.rows.push_back({std::move(v), {}, &shown->footprint});
    }
    return t;
}

std::vector<Value> delta_values(const AreaDelta& d) {
    std::vector<Value> v{count(d.n_old),         count(d.n_new),           Value{d.ha_old},
                         Value{d.ha_new},        Value{round_to(d.ha_new - d.ha_old, 4)},
                         count(d.n_added),       Value{d.ha_added},        count(d.n_removed),
                         Value{d.ha_removed},    count(d.n_reconverted),   Value{d.ha_reconverted},
                         count(d.n_reidentified), count(d.n_status)};
    for (auto g : status_groups()) {
        v.emplace_back(d.ha_old_by_group.find(g)->second);
        v.emplace_back(d.ha_new_by_group.find(g)->second);
    }
    return v;
}

io::Table delta_table(const std::vector<AreaDelta>& deltas, bool epci) {
    io::Table t = report::empty_table(epci ? report::layer::epci_delta : report::layer::communes_delta);
    for (const auto& d : deltas) {
        std::vector<Value> v{Value{d.code}, text_or_null(d.nom)};
        if (!epci) {
            v.push_back(text_or_null(d.epci));
            v.push_back(text_or_null(d.epci_nom));
        }
        for (auto& x : delta_values(d)) v.push_back(std::move(x));
        io::Table::Row row{std::move(v), {}, d.geometry};
        t.rows.push_back(std::move(row));
    }
    return t;
}

io::Table transitions_table(const Comparison& cmp) {
    io::Table t = report::empty_table(report::layer::transitions);
    for (const auto& tr : cmp.transitions) {
        t.rows.push_back({{Value{tr.from}, Value{tr.to}, count(tr.sites), Value{tr.ha}}, {}});
    }
    return t;
}

}  // namespace

std::vector<io::Table> diff_tables(const Comparison& cmp) {
    std::vector<io::Table> out;
    out.push_back(changes_table(cmp));
    out.push_back(delta_table(cmp.communes, false));
    out.push_back(delta_table(cmp.epcis, true));
    out.push_back(transitions_table(cmp));
    return out;
}

}  // namespace foncier::pipeline
