#pragma once
// What the sites and parks of a synthetic territory look like, counted as they are drawn:
// foncier-synth writes it to shapes.md, which tools/bench copies into BENCHMARKS.md.

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>
#include <vector>

#include "foncier/geom/convex_clip.hpp"
#include "foncier/geom/geometry.hpp"
#include "shapes.hpp"

namespace foncier::synth {

struct Census {
    std::array<std::size_t, k_site_shapes> sites{}, convex{};
    std::array<std::size_t, 21> parcels{};  // parcel shapes by number of parcels
    std::size_t parks = 0, convex_parks = 0, park_vertices_min = 0, park_vertices_max = 0, plots = 0;

    void add(SiteShape shape, const std::string& wkt) {
        const auto k = static_cast<std::size_t>(shape);
        ++sites[k];
        if (shape != SiteShape::point && shape != SiteShape::invalid) {
            convex[k] += geom::ConvexClip::of(geom::Geometry::from_wkt(wkt)).has_value() ? 1U : 0U;
        }
    }
    void add_park(const std::vector<XY>& ring, std::size_t n_plots) {
        park_vertices_min = parks == 0 ? ring.size() : std::min(park_vertices_min, ring.size());
        park_vertices_max = std::max(park_vertices_max, ring.size());
        ++parks;
        convex_parks += synth::convex(ring) ? 1U : 0U;
        plots += n_plots;
    }
    [[nodiscard]] std::string markdown(const std::string& preset, int n_sites) const {
        auto pct = [](std::size_t n, double of) {
            char b[32];
            std::snprintf(b, sizeof b, "%.1f %%", 100.0 * static_cast<double>(n) / of);
            return std::string(b);
        };
        std::string out = "Shapes of the synthetic territory `" + preset + "` (foncier-synth, counted as drawn):\n\n"
                          "| brownfield shape | sites | share | of which one convex polygon |\n|---|---:|---:|---:|\n";
        for (std::size_t k = 0; k < sites.size(); ++k) {
            if (sites[k] == 0) continue;
            const auto shape = static_cast<SiteShape>(k);
            const bool polygon = shape != SiteShape::point && shape != SiteShape::invalid;
            out += "| " + std::string(describe(shape)) + " | " + std::to_string(sites[k]) + " | " +
                   pct(sites[k], n_sites) + " | " + (polygon ? std::to_string(convex[k]) : std::string("")) + " |\n";
        }
        std::string by_count;
        for (std::size_t n = 1; n < parcels.size(); ++n) {
            if (parcels[n] != 0) by_count += (by_count.empty() ? "" : ", ") + std::to_string(n) + ": " + std::to_string(parcels[n]);
        }
        if (!by_count.empty()) out += "\nParcel sites by number of parcels: " + by_count + ".\n";
        if (parks != 0) {
            out += "\nParks: " + std::to_string(parks) + " concave outlines of " + std::to_string(park_vertices_min) +
                   " to " + std::to_string(park_vertices_max) + " vertices (" + std::to_string(convex_parks) +
                   " convex), cut into " + std::to_string(plots) + " plots (wedges from a point that sees the whole outline).\n";
        } else {
            out += "\nParks: rectangles, each cut into 2 x 2 to 4 x 4 rectangular plots.\n";
        }
        return out;
    }
};

}  // namespace foncier::synth
