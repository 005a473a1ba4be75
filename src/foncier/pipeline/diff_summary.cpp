// summary_text(): what `foncier diff` prints on stdout.

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>
#include <cstdarg>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "foncier/pipeline/diff_model.hpp"

namespace foncier::pipeline {

namespace {

[[gnu::format(printf, 1, 2)]] std::string format(const char* pattern, ...) {
    char buffer[512];
    va_list args;
    va_start(args, pattern);
    std::vsnprintf(buffer, sizeof buffer, pattern, args);
    va_end(args);
    return buffer;
}

// "Val de Lorraine, friches 2024-03-10 (cartofriches_fxy_2024-03-10_vdl.geojson)".
std::string describe(const DiffSide& side) {
    std::string friches;
    const auto run = nlohmann::json::parse(side.manifest, nullptr, false);
    if (!run.is_discarded()) {
        for (const auto& i : run.value("inputs", nlohmann::json::array())) {
            if (i.value("role", "") != "friches") continue;
            const std::string vintage = i.value("vintage", std::string());
            friches = ", friches " + (vintage.empty() ? std::string() : vintage + " ") + "(" +
                      i.value("dataset", std::string()) + ")";
        }
    }
    double ha = 0.0;
    for (const auto& s : side.sites) ha += s.in_territory ? s.surf_m2.value_or(0.0) / 1e4 : 0.0;
    return side.territory + friches + ": " + std::to_string(side.sites.size()) + " sites, " +
           format("%.1f", ha) + " ha in the territory [" + side.out_dir + "]";
}

// 8440.3 -> "8 440" (French thousands separator, rounded to the unit).
std::string whole(double v) {
    std::string digits = std::to_string(std::llround(std::abs(v)));
    for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), " ");
    return (v < -0.5 ? "-" : "") + digits;
}

std::string or_none(const std::string& s) { return s.empty() ? std::string("sans statut") : s; }

}  // namespace

std::string history_text(const Comparison& cmp, const SiteChange& c) {
    const DiffSite* o = cmp.old_of(c);
    const DiffSite* n = cmp.new_of(c);
    std::vector<std::string> parts;
    for (ChangeKind k : c.kinds) {
        switch (k) {
            case ChangeKind::nouveau: parts.emplace_back("nouveau site"); break;
            case ChangeKind::disparu: parts.emplace_back("disparu de l'inventaire"); break;
            case ChangeKind::reidentifie:
                parts.push_back("réidentifié (ancien identifiant " + o->site_id + ", à " + whole(c.distance_m) + " m)");
                break;
            case ChangeKind::statut:
            case ChangeKind::reconverti:
                parts.push_back(std::string(k == ChangeKind::reconverti ? "reconverti" : "statut") + " : " +
                                or_none(o->statut) + " → " + or_none(n->statut));
                break;
            case ChangeKind::surface:
                parts.push_back("surface : " + whole(o->surf_decl.value_or(o->surf_m2.value_or(0.0))) + " → " +
                                whole(n->surf_decl.value_or(n->surf_m2.value_or(0.0))) + " m²");
                break;
            case ChangeKind::emprise: parts.emplace_back("emprise modifiée"); break;
            case ChangeKind::commune: parts.push_back("commune : " + o->commune + " → " + n->commune); break;
            case ChangeKind::epci: parts.push_back("EPCI : " + o->epci_nom + " → " + n->epci_nom); break;
            case ChangeKind::score:
                parts.push_back("score : " + format("%.1f", o->score.value_or(0.0)) + " → " +
                                format("%.1f", n->score.value_or(0.0)));
                break;
            case ChangeKind::classe: parts.push_back("classe : " + o->classe + " → " + n->classe); break;
            case ChangeKind::rang:
                parts.push_back("rang : " + (o->rang ? std::to_string(*o->rang) : std::string("-")) + " → " +
                                (n->rang ? std::to_string(*n->rang) : std::string("-")));
                break;
        }
    }
    if (parts.empty()) return "inchangé";
    std::string out;
    for (const auto& p : parts) out += (out.empty() ? "" : " ; ") + p;
    return out;
}

std::string summary_text(const Comparison& cmp) {
    std::string out;
    out += "old: " + describe(cmp.old_side) + "\n";
    out += "new: " + describe(cmp.new_side) + "\n\n";
    out += format("%-34s %6zu\n", "kept with their site_id", cmp.kept_by_id);
    out += format("%-34s %6zu   (new site_id, same place: centres within %g m or footprints overlapping)\n",
                  "re-identified", cmp.reidentified, cmp.match.max_centre_distance_m);
    out += format("%-34s %6zu\n", "removed (disparu)", cmp.removed);
    out += format("%-34s %6zu\n", "new (nouveau)", cmp.added);
    out += format("%-34s %6zu   (of %zu pairs)\n", "pairs without any change", cmp.unchanged,
                  cmp.kept_by_id + cmp.reidentified);
    out += "\nchanges by kind (a site can have several):\n";
    for (ChangeKind k : all_change_kinds()) {
        const auto n = cmp.kind_counts.at(k);
        const bool score_kind = k == ChangeKind::score || k == ChangeKind::classe || k == ChangeKind::rang;
        if (score_kind && !cmp.scores_compared) continue;
        out += format("  %-14s %6zu\n", std::string(to_string(k)).c_str(), n);
    }
    if (!cmp.scores_compared) out += "  (" + cmp.profile_note + ")\n";

    out += "\nstatus transitions (old -> new):\n";
    std::size_t width = 12;
    for (const auto& t : cmp.transitions) width = std::max({width, t.from.size(), t.to.size()});
    const int w = static_cast<int>(std::min<std::size_t>(width, 40));
    out += format("  %-*s    %-*s %6s %12s\n", w, "from", w, "to", "sites", "ha");
    for (const auto& t : cmp.transitions) {
        out += format("  %-*s -> %-*s %6zu %12.4f%s\n", w, t.from.c_str(), w, t.to.c_str(), t.sites, t.ha,
                      t.from == t.to ? "   (same)" : "");
    }
    return out;
}

}  // namespace foncier::pipeline
