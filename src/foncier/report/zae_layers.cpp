#include "foncier/report/zae_layers.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "foncier/report/schema.hpp"

namespace foncier::report {

namespace {

Value count(std::size_t n) { return Value{static_cast<std::int64_t>(n)}; }
Value number_or_null(const std::string& s) {
    const auto n = to_number(Value{s});
    return n ? Value{*n} : Value{};
}

const analysis::Commune* park_commune(const analysis::Analysis& a, std::size_t p) {
    if (p >= a.park_commune.size() || !a.park_commune[p]) return nullptr;
    return &a.territory.communes[*a.park_commune[p]];
}

std::string epci_name(const analysis::Analysis& a, const std::string& siren) {
    for (const auto& e : a.epcis) {
        if (e.siren == siren) return e.nom;
    }
    return {};
}

}  // namespace

std::string park_epci(const analysis::Analysis& a, std::size_t p) {
    const std::string declared = a.territory.parks->features[p].attribute("epci");
    if (!declared.empty()) return declared;
    const auto* commune = park_commune(a, p);
    return commune != nullptr ? commune->epci : std::string{};
}

io::Table parks_table(const analysis::Analysis& a) {
    io::Table t = empty_table(layer::parks);
    if (!a.territory.parks) return t;
    const auto& parks = a.territory.parks->features;
    std::vector<std::size_t> friches_per_park(parks.size(), 0);  // one pass, not parks x sites
    for (const auto& link : a.park_links) {
        if (link.zone) ++friches_per_park[*link.zone];
    }
    for (std::size_t p = 0; p < parks.size(); ++p) {
        const auto& park = parks[p];
        const auto* commune = park_commune(a, p);
        const std::string epci = park_epci(a, p);
        std::vector<Value> v{Value{park.id},
                             text_or_null(park.nom),
                             text_or_null(park.attribute("vocation")),
                             text_or_null(park.attribute("etat")),
                             commune != nullptr ? Value{commune->insee} : Value{},
                             text_or_null(epci),
                             text_or_null(epci_name(a, epci).empty() ? park.attribute("epci_nom") : epci_name(a, epci)),
                             Value{round_to(park.geometry.area() / 1e4, 2)},
                             number_or_null(park.attribute("surf_utile"))};
        if (a.zae) {
            const auto& r = a.zae->parks[p];
            v.insert(v.end(), {count(r.n_plots), count(r.n_vacant), count(r.n_built),
                               r.tx_vacance ? Value{*r.tx_vacance} : Value{}, Value{round_to(r.dispo_m2 / 1e4, 2)},
                               count(r.n_etab), count(r.n_friches), Value{std::string(to_string(a.zae->rule))},
                               text_or_null(park.attribute("fret"))});
        } else {
            v.insert(v.end(), {Value{}, Value{}, Value{}, Value{}, Value{}, Value{}, count(friches_per_park[p]), Value{},
                               text_or_null(park.attribute("fret"))});
        }
        t.rows.push_back({std::move(v), park.geometry.clone()});
    }
    return t;
}

io::Table plots_table(const analysis::Analysis& a) {
    io::Table t = empty_table(layer::plots);
    if (!a.territory.plots || !a.zae) return t;
    const auto& plots = a.territory.plots->features;
    for (std::size_t i = 0; i < plots.size(); ++i) {
        const auto& plot = plots[i];
        const auto& r = a.zae->plots[i];
        std::string friches;
        for (const auto& [s, part] : r.sites) {
            friches += (friches.empty() ? "" : ";") + a.territory.sites[s].site_id;
        }
        t.rows.push_back({{Value{plot.id},
                           r.park ? Value{a.territory.parks->features[*r.park].id} : Value{},
                           Value{round_to(r.area_m2 / 1e4, 4)},
                           text_or_null(plot.attribute("etat")),
                           text_or_null(plot.attribute("commercialisation")),
                           Value{std::int64_t{r.vacant ? 1 : 0}},
                           Value{std::int64_t{r.available ? 1 : 0}},
                           count(r.n_etab),
                           count(r.n_etab_active),
                           text_or_null(friches)},
                          plot.geometry.clone()});
    }
    return t;
}

io::Table crosswalk_table(const analysis::Analysis& a) {
    io::Table t = empty_table(layer::crosswalk);
    if (!a.territory.parks) return t;
    const auto& parks = a.territory.parks->features;
    const auto& sites = a.territory.sites;
    for (std::size_t s = 0; s < sites.size(); ++s) {
        const auto& link = a.park_links[s];
        if (!link.zone) continue;
        t.rows.push_back({{Value{std::string("site-parc")}, Value{sites[s].site_id}, Value{parks[*link.zone].id}, Value{},
                           Value{}, Value{round_to(link.share, 4)}},
                          geom::Geometry{}});
    }
    if (!a.zae) return t;
    const auto& plots = a.territory.plots->features;
    for (std::size_t i = 0; i < plots.size(); ++i) {
        const auto& r = a.zae->plots[i];
        const Value park = r.park ? Value{parks[*r.park].id} : Value{};
        for (const auto& [s, part] : r.sites) {
            t.rows.push_back({{Value{std::string("site-unite")}, Value{sites[s].site_id}, park, Value{plots[i].id},
                               text_or_null(plots[i].attribute("etat")),
                               Value{round_to(part / sites[s].geometry.area(), 4)}},
                              geom::Geometry{}});
        }
        if (r.sites.empty() && plots[i].attribute("etat") == "friche") {
            t.rows.push_back({{Value{std::string("unite-friche-sans-site")}, Value{}, park, Value{plots[i].id},
                               Value{std::string("friche")}, Value{}},
                              geom::Geometry{}});
        }
    }
    return t;
}

std::vector<io::Table> zae_inventories(const analysis::Analysis& a) {
    std::map<std::string, io::Table> by_epci;
    if (!a.territory.parks || !a.zae) return {};
    const auto& parks = a.territory.parks->features;
    const bool synthetic = a.territory.parks->synthetic || a.territory.plots->synthetic;
    // Date of the data: the most recent date among the park and its plots (ISO strings sort);
    // one pass over the plots, not parks x plots.
    std::vector<std::string> latest(parks.size());
    for (std::size_t p = 0; p < parks.size(); ++p) latest[p] = parks[p].attribute("date");
    for (std::size_t i = 0; i < a.zae->plots.size(); ++i) {
        if (const auto park = a.zae->plots[i].park) {
            latest[*park] = std::max(latest[*park], a.territory.plots->features[i].attribute("date"));
        }
    }
    for (std::size_t p = 0; p < parks.size(); ++p) {
        const std::string epci = park_epci(a, p);
        auto it = by_epci.find(epci);
        if (it == by_epci.end()) it = by_epci.emplace(epci, zae_inventory_table(epci.empty() ? "inconnu" : epci)).first;
        const auto& park = parks[p];
        const auto& r = a.zae->parks[p];
        const auto* commune = park_commune(a, p);
        const std::string& date = latest[p];
        it->second.rows.push_back({{Value{park.id}, text_or_null(park.nom),
                                    commune != nullptr ? Value{commune->insee} : Value{},
                                    commune != nullptr ? text_or_null(commune->nom) : Value{}, text_or_null(epci),
                                    text_or_null(park.attribute("vocation")), text_or_null(park.attribute("etat")),
                                    Value{round_to(park.geometry.area() / 1e4, 2)},
                                    number_or_null(park.attribute("surf_utile")), count(r.n_plots), count(r.n_vacant),
                                    r.tx_vacance ? Value{*r.tx_vacance} : Value{}, count(r.n_built), count(r.n_etab),
                                    Value{round_to(r.dispo_m2 / 1e4, 2)}, count(r.n_friches),
                                    Value{std::string(to_string(a.zae->rule))}, text_or_null(date),
                                    Value{std::int64_t{synthetic ? 1 : 0}}},
                                   geom::Geometry{}});
    }
    std::vector<io::Table> out;
    for (auto& [epci, table] : by_epci) out.push_back(std::move(table));
    return out;
}

std::map<std::string, std::vector<Value>> epci_park_values(const analysis::Analysis& a) {
    struct Sums {
        std::size_t n_parks = 0, n_uf = 0, n_vac = 0;
        double surf = 0.0, dispo = 0.0;
    };
    std::map<std::string, Sums> sums;
    if (a.territory.parks) {
        for (std::size_t p = 0; p < a.territory.parks->features.size(); ++p) {
            Sums& e = sums[park_epci(a, p)];
            ++e.n_parks;
            e.surf += a.territory.parks->features[p].geometry.area();
            if (a.zae) {
                e.n_uf += a.zae->parks[p].n_plots;
                e.n_vac += a.zae->parks[p].n_vacant;
                e.dispo += a.zae->parks[p].dispo_m2;
            }
        }
    }
    std::map<std::string, std::vector<Value>> out;
    for (const auto& epci : a.epcis) {
        // Filled by index: GCC 12 warns falsely on a braced list of variants here.
        std::vector<Value> v(6);
        if (a.territory.parks) {
            const Sums e = sums.count(epci.siren) ? sums.at(epci.siren) : Sums{};
            v[0] = count(e.n_parks);
            v[1] = round_to(e.surf / 1e4, 2);
            if (a.zae) {
                v[2] = count(e.n_uf);
                v[3] = count(e.n_vac);
                if (e.n_uf > 0) v[4] = std::round(1000.0 * static_cast<double>(e.n_vac) / static_cast<double>(e.n_uf)) / 10.0;
                v[5] = round_to(e.dispo / 1e4, 2);
            }
        }
        out[epci.siren] = std::move(v);
    }
    return out;
}

}  // namespace foncier::report
