#include "foncier/pipeline/score_input.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "foncier/core/error.hpp"
#include "foncier/ingest/mutafriches_input.hpp"

namespace foncier::pipeline {

namespace fs = std::filesystem;

ScoreResult score_input(const InputScoreOptions& options) {
    if (options.profile.empty()) {
        throw ConfigError("scoring '" + options.input + "' needs a profile: pass --profile NAME|FILE "
                          "(e.g. --profile mutafriches-1.19)");
    }
    const bool bare = options.profile.find('/') == std::string::npos && fs::path(options.profile).extension() != ".toml";
    const std::string profile_path =
        bare ? (fs::path(options.profiles_dir) / (options.profile + ".toml")).string() : options.profile;
    scoring::Profile profile = scoring::load_profile(profile_path);

    auto sites = ingest::read_mutafriches_input(options.input);
    ScoreResult r;
    r.out_dir = options.input;
    r.reused_outputs = false;
    for (auto& s : sites) {
        r.sites.push_back({s.id, {}, s.where});
        r.eligible.push_back(true);
        r.measures.push_back(std::move(s.inputs));
    }
    r.results = scoring::score_all(std::move(profile), r.measures, r.eligible, scoring::Detail::criteria);
    return r;
}

std::string usages_table(const ScoreResult& r) {
    const scoring::Profile& p = r.results->profile;
    std::size_t id_width = 7;
    for (const auto& s : r.sites) id_width = std::max(id_width, s.site_id.size());
    std::string out;
    char buf[64];
    auto cell = [&](const std::string& text, std::size_t width, bool right) {
        const std::size_t pad = width > text.size() ? width - text.size() : 0;
        if (right) out.append(pad, ' ');
        out += text;
        if (!right) out.append(pad, ' ');
        out += ' ';
    };
    cell("site_id", id_width, false);
    for (const auto& u : p.uses) cell(u, std::max<std::size_t>(u.size(), 6), true);
    cell("best", 14, false);
    cell("fiab", 4, true);
    out += "exclusions\n";
    for (std::size_t s = 0; s < r.sites.size(); ++s) {
        const scoring::SiteScore& score = r.results->scores[s];
        cell(r.sites[s].site_id, id_width, false);
        std::string exclusions;
        for (std::size_t u = 0; u < score.uses.size(); ++u) {
            const auto& use = score.uses[u];
            std::snprintf(buf, sizeof buf, "%.1f%s", use.index, use.excluded() ? "x" : "");
            cell(buf, std::max<std::size_t>(p.uses[u].size(), 6), true);
            if (use.excluded()) {
                if (!exclusions.empty()) exclusions += "; ";
                exclusions += use.use + " (";
                for (std::size_t k = 0; k < use.exclusions.size(); ++k) {
                    exclusions += (k > 0 ? ", " : "") + use.exclusions[k];
                }
                exclusions += ")";
            }
        }
        cell(score.excluded ? "exclu" : score.best_use().use, 14, false);
        std::snprintf(buf, sizeof buf, "%.1f", score.reliability);
        cell(buf, 4, true);
        out += exclusions.empty() ? "-" : exclusions;
        out += '\n';
    }
    return out;
}

}  // namespace foncier::pipeline
