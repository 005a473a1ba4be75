// summary_text(): what `foncier diff` prints on stdout.

#include <algorithm>
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

}  // namespace

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
