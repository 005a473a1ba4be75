#include "foncier/report/atlas/style.hpp"

#include <algorithm>
#include <array>

#include "foncier/report/atlas/format.hpp"

namespace foncier::report::atlas {

std::string class_colour(const scoring::Profile& profile, const std::string& class_name) {
    // Green to red through yellow (RdYlGn, 7 steps); n classes take n evenly spaced steps.
    static const std::array<const char*, 7> ramp = {"#1a9850", "#66bd63", "#a6d96a", "#fee08b",
                                                    "#fdae61", "#f46d43", "#d73027"};
    const auto& classes = profile.classes;
    for (std::size_t i = 0; i < classes.size(); ++i) {
        if (classes[i].name != class_name) continue;
        if (classes.size() == 1) return ramp[0];
        const std::size_t k = (i * (ramp.size() - 1) + (classes.size() - 1) / 2) / (classes.size() - 1);
        return ramp[std::min(k, ramp.size() - 1)];
    }
    return "#8c8c8c";
}

std::string status_colour(const std::string& statut) {
    if (statut == "friche potentielle") return "#a2a2a2";
    if (statut == "friche sans projet") return "#f28e2b";
    if (statut == "friche avec projet") return "#70ad25";
    if (statut == "friche reconvertie") return "#bbf870";
    if (statut == "inconnu" || statut.empty()) return "#d9d9d9";
    return "#6a51a3";
}

std::vector<std::string> status_order(std::vector<std::string> present) {
    static const std::vector<std::string> known = {"friche sans projet", "friche potentielle", "friche avec projet",
                                                   "friche reconvertie"};
    auto key = [&](const std::string& s) {
        auto it = std::find(known.begin(), known.end(), s);
        return std::make_pair(it == known.end() ? known.size() : static_cast<std::size_t>(it - known.begin()), s);
    };
    std::sort(present.begin(), present.end(), [&](const auto& a, const auto& b) { return key(a) < key(b); });
    present.erase(std::unique(present.begin(), present.end()), present.end());
    return present;
}

const std::vector<Step>& friche_ha_steps() {
    static const std::vector<Step> steps = {
        {0, "aucune friche", "#f4f1ec"},
        {1e-9, "moins de 1" + std::string(nbsp) + "ha", "#fde4c8"},
        {1, "1 à 5" + std::string(nbsp) + "ha", "#fcc999"},
        {5, "5 à 20" + std::string(nbsp) + "ha", "#f9a66b"},
        {20, "20 à 50" + std::string(nbsp) + "ha", "#ef7a3d"},
        {50, "50" + std::string(nbsp) + "ha et plus", "#c9501c"},
    };
    return steps;
}

const std::vector<Step>& vacancy_steps() {
    static const std::vector<Step> steps = {
        {0, "moins de 5" + std::string(thin_space) + "%", "#e0ecf4"},
        {5, "5 à 10" + std::string(thin_space) + "%", "#bfd3e6"},
        {10, "10 à 20" + std::string(thin_space) + "%", "#9ebcda"},
        {20, "20 à 30" + std::string(thin_space) + "%", "#8c96c6"},
        {30, "30" + std::string(thin_space) + "% et plus", "#88419d"},
    };
    return steps;
}

const Step& step_of(const std::vector<Step>& steps, double value) {
    const Step* s = &steps.front();
    for (const auto& step : steps) {
        if (value >= step.min) s = &step;
    }
    return *s;
}

std::string context_colour(std::size_t index, const std::string& kind) {
    static const std::array<const char*, 5> zones = {"#2c7fb8", "#31a354", "#756bb1", "#de2d26", "#636363"};
    static const std::array<const char*, 4> points = {"#d7301f", "#252525", "#0868ac", "#7a0177"};
    if (kind == "stations") return "#0868ac";
    if (kind == "constraint") return zones[index % zones.size()];
    return points[index % points.size()];
}

}  // namespace foncier::report::atlas
