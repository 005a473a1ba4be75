#include "foncier/analysis/aggregate.hpp"

#include <algorithm>
#include <map>

#include "foncier/analysis/parallel.hpp"
#include "foncier/geom/operations.hpp"

namespace foncier::analysis {

std::vector<Epci> build_epcis(const std::vector<Commune>& communes) {
    std::map<std::string, Epci> by_siren;
    for (std::size_t i = 0; i < communes.size(); ++i) {
        Epci& e = by_siren[communes[i].epci];
        e.siren = communes[i].epci;
        if (e.nom.empty()) e.nom = communes[i].epci_nom;
        e.communes.push_back(i);
    }
    std::vector<Epci> out;
    for (auto& [siren, epci] : by_siren) out.push_back(std::move(epci));
    // Each EPCI is dissolved independently: in parallel, each result in its own slot.
    parallel_for(out.size(), [&](std::size_t e) {
        Epci& epci = out[e];
        std::sort(epci.communes.begin(), epci.communes.end(),
                  [&](std::size_t a, std::size_t b) { return communes[a].insee < communes[b].insee; });
        std::vector<const geom::Geometry*> parts;
        for (std::size_t i : epci.communes) parts.push_back(&communes[i].geometry);
        epci.geometry = geom::dissolve(parts);
    });
    return out;
}

std::vector<Totals> commune_totals(const std::vector<double>& site_area_m2, const std::vector<Assignment>& assignments,
                                   const std::vector<Commune>& communes) {
    std::vector<Totals> out(communes.size());
    for (std::size_t c = 0; c < communes.size(); ++c) {
        out[c].pop = communes[c].pop;
        out[c].n_communes = 1;
    }
    for (std::size_t s = 0; s < site_area_m2.size(); ++s) {
        if (!assignments[s].commune) continue;
        Totals& t = out[*assignments[s].commune];
        ++t.n_sites;
        t.sites_m2 += site_area_m2[s];
    }
    return out;
}

std::vector<Totals> epci_totals(const std::vector<Epci>& epcis, const std::vector<Totals>& per_commune) {
    std::vector<Totals> out(epcis.size());
    for (std::size_t e = 0; e < epcis.size(); ++e) {
        Totals& t = out[e];
        t.pop = 0.0;
        for (std::size_t c : epcis[e].communes) {
            const Totals& ct = per_commune[c];
            t.n_sites += ct.n_sites;
            t.sites_m2 += ct.sites_m2;
            t.n_communes += 1;
            if (t.pop && ct.pop) {
                *t.pop += *ct.pop;
            } else {
                t.pop.reset();
            }
        }
    }
    return out;
}

}  // namespace foncier::analysis
