// Deltas by commune and by EPCI: sites and hectares before and after, hectares new, removed
// and reconverted, by status group. Only sites inside their territory count (dans_terr = 1),
// as in the runs' own totals. Hectares are footprints (surf_m2 / 10 000).

#include <map>

#include "foncier/core/value.hpp"
#include "foncier/pipeline/diff_model.hpp"

namespace foncier::pipeline {

namespace {

double ha(const DiffSite& s) { return s.surf_m2 ? *s.surf_m2 / 1e4 : 0.0; }

const std::string& code_of(const DiffSite& s, bool epci) { return epci ? s.epci : s.insee; }

void round_all(AreaDelta& d) {
    for (double* v : {&d.ha_old, &d.ha_new, &d.ha_added, &d.ha_removed, &d.ha_reconverted}) *v = round_to(*v, 4);
    for (auto* m : {&d.ha_old_by_group, &d.ha_new_by_group}) {
        for (auto& [group, v] : *m) v = round_to(v, 4);
    }
}

}  // namespace

std::vector<AreaDelta> area_deltas(const Comparison& cmp, bool epci) {
    std::map<std::string, AreaDelta> by_code;
    // Areas of the old side first, then the new side's replace their names and geometry: a
    // commune present on both sides is drawn as it is now.
    for (const DiffSide* side : {&cmp.old_side, &cmp.new_side}) {
        for (const auto& area : epci ? side->epcis : side->communes) {
            AreaDelta& d = by_code[area.code];
            d.code = area.code;
            d.nom = area.nom;
            d.epci = area.epci;
            d.epci_nom = area.epci_nom;
            d.geometry = &area.geometry;
            for (auto g : status_groups()) {
                d.ha_old_by_group.try_emplace(std::string(g), 0.0);
                d.ha_new_by_group.try_emplace(std::string(g), 0.0);
            }
        }
    }
    // A site may name an area its side's layer lacks (an EPCI of a site outside the
    // territory's communes): it gets a row without geometry.
    auto delta_of = [&](const DiffSite& s) -> AreaDelta* {
        if (!s.in_territory || code_of(s, epci).empty()) return nullptr;
        AreaDelta& d = by_code[code_of(s, epci)];
        if (d.code.empty()) {
            d.code = code_of(s, epci);
            d.nom = epci ? s.epci_nom : s.commune;
            d.epci = epci ? std::string{} : s.epci;
            d.epci_nom = epci ? std::string{} : s.epci_nom;
            for (auto g : status_groups()) {
                d.ha_old_by_group.try_emplace(std::string(g), 0.0);
                d.ha_new_by_group.try_emplace(std::string(g), 0.0);
            }
        }
        return &d;
    };
    for (const auto& s : cmp.old_side.sites) {
        if (AreaDelta* d = delta_of(s)) {
            ++d->n_old;
            d->ha_old += ha(s);
            d->ha_old_by_group[std::string(status_group(s.statut))] += ha(s);
        }
    }
    for (const auto& s : cmp.new_side.sites) {
        if (AreaDelta* d = delta_of(s)) {
            ++d->n_new;
            d->ha_new += ha(s);
            d->ha_new_by_group[std::string(status_group(s.statut))] += ha(s);
        }
    }
    for (const auto& c : cmp.changes) {
        const DiffSite* o = cmp.old_of(c);
        const DiffSite* n = cmp.new_of(c);
        // A removed site counts where it was; every other change where the site is now.
        if (c.has(ChangeKind::disparu)) {
            if (AreaDelta* d = delta_of(*o)) {
                ++d->n_removed;
                d->ha_removed += ha(*o);
            }
            continue;
        }
        AreaDelta* d = delta_of(*n);
        if (d == nullptr) continue;
        if (c.has(ChangeKind::nouveau)) {
            ++d->n_added;
            d->ha_added += ha(*n);
        }
        if (c.has(ChangeKind::reconverti)) {
            ++d->n_reconverted;
            d->ha_reconverted += ha(*n);
        }
        if (c.has(ChangeKind::reidentifie)) ++d->n_reidentified;
        if (c.has(ChangeKind::statut) || c.has(ChangeKind::reconverti)) ++d->n_status;
    }
    std::vector<AreaDelta> out;
    out.reserve(by_code.size());
    for (auto& [code, d] : by_code) {
        round_all(d);
        out.push_back(std::move(d));
    }
    return out;
}

}  // namespace foncier::pipeline
