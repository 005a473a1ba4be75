#include "shapes.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numbers>
#include <set>
#include <utility>

#include "foncier/geom/convex_clip.hpp"
#include "foncier/geom/geometry.hpp"
#include "foncier/geom/operations.hpp"

namespace foncier::synth {

namespace {

double cm(double v) { return std::round(v * 100.0) / 100.0; }

using Cell = std::pair<int, int>;

// Grows a set of `n` edge-adjacent cells from `start` (a polyomino): each step adds a free
// neighbour of a random cell, along i only with probability `along_i` (a strip), never a
// cell `allowed` refuses. Fewer cells when growth is stuck.
void grow(Random& rnd, std::set<Cell>& cells, std::vector<Cell>& order, std::size_t n, double along_i,
          const auto& allowed) {
    static constexpr int di[4] = {1, -1, 0, 0}, dj[4] = {0, 0, 1, -1};
    for (int attempts = 0; order.size() < n && attempts < 200 * static_cast<int>(n); ++attempts) {
        const Cell from = order[rnd.next() % order.size()];
        const int d = rnd.uniform() < along_i ? rnd.between(0, 1) : rnd.between(2, 3);
        const Cell to{from.first + di[d], from.second + dj[d]};
        if (!allowed(to) || cells.contains(to)) continue;
        cells.insert(to);
        order.push_back(to);
    }
}

// Deterministic jitter in [-0.5, 0.5) of grid vertex (i, j), axis `axis`, for one site: the
// vertex two parcels share moves alike for both.
double jitter(std::uint64_t salt, int i, int j, int axis) {
    std::uint64_t h = salt ^ (static_cast<std::uint64_t>(static_cast<std::uint32_t>(i)) << 32) ^
                      static_cast<std::uint32_t>(j) ^ (static_cast<std::uint64_t>(axis) << 62);
    h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ULL;
    h = (h ^ (h >> 27)) * 0x94D049BB133111EBULL;
    h ^= h >> 31;
    return static_cast<double>(h >> 11) * 0x1.0p-53 - 0.5;
}

std::string parcels_wkt(Random& rnd, SiteShape shape, XY centre, double area, int& parcels) {
    // Log-uniform number of parcels, 1 to 20: a quarter of the sites are one parcel.
    int n = std::min(20, static_cast<int>(std::exp(rnd.uniform(0.0, std::log(21.0)))));
    const double along_i = shape == SiteShape::strip ? 0.92 : 0.5;
    std::set<Cell> cells;
    std::vector<Cell> order;
    auto anywhere = [](const Cell&) { return true; };
    if (shape == SiteShape::holed) {
        n = std::max(n, 8);
        for (int i = 0; i < 3; ++i) {
            for (int j = 0; j < 3; ++j) {
                if (i != 1 || j != 1) order.push_back({i, j});
            }
        }
        cells.insert(order.begin(), order.end());
        grow(rnd, cells, order, static_cast<std::size_t>(n), along_i, [](const Cell& c) { return c != Cell{1, 1}; });
    } else if (shape == SiteShape::multipart) {
        n = std::max(n, 2);
        order.push_back({0, 0});
        cells.insert({0, 0});
        grow(rnd, cells, order, static_cast<std::size_t>(n / 2), along_i, anywhere);
        int last = 0;
        for (const auto& c : cells) last = std::max(last, c.first);
        const int gap = last + 1;  // a column of parcels not in the site (a road, a plot sold)
        order.push_back({gap + 1, 0});
        cells.insert({gap + 1, 0});
        grow(rnd, cells, order, static_cast<std::size_t>(n), along_i, [gap](const Cell& c) { return c.first > gap; });
    } else {
        order.push_back({0, 0});
        cells.insert({0, 0});
        grow(rnd, cells, order, static_cast<std::size_t>(n), along_i, anywhere);
    }
    parcels = static_cast<int>(order.size());
    // Parcels of the site's area, longer along i in a strip; the grid turned by a random angle.
    const double aspect = shape == SiteShape::strip ? rnd.uniform(1.0, 3.0) : rnd.uniform(0.5, 2.0);
    const double a = area / parcels, sx = std::sqrt(a * aspect), sy = std::sqrt(a / aspect);
    const double angle = rnd.uniform(0.0, std::numbers::pi);
    const XY u{std::cos(angle), std::sin(angle)}, v{-std::sin(angle), std::cos(angle)};
    int imin = 0, imax = 0, jmin = 0, jmax = 0;
    for (const auto& [i, j] : order) {
        imin = std::min(imin, i), imax = std::max(imax, i), jmin = std::min(jmin, j), jmax = std::max(jmax, j);
    }
    const double ci = (imin + imax + 1) / 2.0 * sx, cj = (jmin + jmax + 1) / 2.0 * sy;
    const std::uint64_t salt = rnd.next();
    const double shake = 0.24 * std::min(sx, sy);  // parcels stay convex quadrilaterals
    auto vertex = [&](int i, int j) {
        const double s = i * sx + shake * jitter(salt, i, j, 0) - ci, t = j * sy + shake * jitter(salt, i, j, 1) - cj;
        return XY{cm(centre.x + s * u.x + t * v.x), cm(centre.y + s * u.y + t * v.y)};
    };
    std::vector<geom::Geometry> quads;
    for (const auto& [i, j] : order) {
        quads.push_back(geom::Geometry::from_wkt(polygon_wkt({vertex(i, j), vertex(i + 1, j), vertex(i + 1, j + 1), vertex(i, j + 1)})));
    }
    std::vector<const geom::Geometry*> ptrs;
    for (const auto& q : quads) ptrs.push_back(&q);
    const geom::Geometry site = quads.size() == 1 ? quads.front().clone() : geom::union_all(ptrs);
    return site.to_wkt(2);
}

std::string star_wkt(Random& rnd, XY centre, double area) {
    const int n = rnd.between(8, 24);
    std::vector<double> angle(static_cast<std::size_t>(n)), radius(static_cast<std::size_t>(n));
    const double turn = rnd.uniform(0.0, 2 * std::numbers::pi);
    for (int i = 0; i < n; ++i) {
        angle[static_cast<std::size_t>(i)] = turn + 2 * std::numbers::pi * (i + rnd.uniform(-0.3, 0.3)) / n;
        radius[static_cast<std::size_t>(i)] = rnd.uniform(0.45, 1.0);
    }
    // Area of the unit star, to scale it to the site's.
    double unit = 0.0;
    for (std::size_t i = 0; i < angle.size(); ++i) {
        const std::size_t k = (i + 1) % angle.size();
        unit += 0.5 * radius[i] * radius[k] * std::sin(std::fmod(angle[k] - angle[i] + 4 * std::numbers::pi, 2 * std::numbers::pi));
    }
    const double scale = std::sqrt(area / unit);
    std::vector<XY> ring;
    for (std::size_t i = 0; i < angle.size(); ++i) {
        ring.push_back({cm(centre.x + scale * radius[i] * std::cos(angle[i])), cm(centre.y + scale * radius[i] * std::sin(angle[i]))});
    }
    return polygon_wkt(ring);
}

}  // namespace

const char* describe(SiteShape shape) {
    switch (shape) {
    case SiteShape::point: return "point with a declared surface (disc estimated by foncier)";
    case SiteShape::invalid: return "bow tie, invalid on purpose (repaired by foncier)";
    case SiteShape::rectangle: return "rectangle";
    case SiteShape::star: return "star-shaped, 8 to 24 vertices";
    case SiteShape::parcels: return "union of 1 to 20 adjacent parcels (L-shapes, notches)";
    case SiteShape::strip: return "narrow strip of parcels";
    case SiteShape::holed: return "parcels around a hole";
    case SiteShape::multipart: return "two groups of parcels (multi-part)";
    }
    return "?";
}

SiteShape draw_site_shape(Random& rnd) {
    const double u = rnd.uniform();
    if (u < 0.25) return SiteShape::point;
    if (u < 0.26) return SiteShape::invalid;
    if (u < 0.36) return SiteShape::star;
    if (u < 0.38) return SiteShape::holed;
    if (u < 0.42) return SiteShape::multipart;
    if (u < 0.54) return SiteShape::strip;
    return SiteShape::parcels;
}

std::string site_wkt(Random& rnd, SiteShape shape, XY centre, double area, int& parcels) {
    if (shape == SiteShape::star) {
        parcels = 1;
        return star_wkt(rnd, centre, area);
    }
    return parcels_wkt(rnd, shape, centre, area, parcels);
}

Park concave_park(Random& rnd, XY centre, double area, int plots) {
    const int n = rnd.between(12, 40);
    plots = std::clamp(plots, 1, n / 2);
    const double k1 = rnd.between(2, 4), p1 = rnd.uniform(0, 2 * std::numbers::pi);
    std::vector<XY> unit;
    for (int i = 0; i < n; ++i) {
        const double t = 2 * std::numbers::pi * (i + rnd.uniform(-0.25, 0.25)) / n;
        // A smooth outline with bays: a wave of the radius plus a notch here and there.
        const double r = 0.8 + 0.12 * std::sin(k1 * t + p1) + rnd.uniform(-0.1, 0.1) - (rnd.uniform() < 0.15 ? 0.25 : 0.0);
        unit.push_back({r * std::cos(t), r * std::sin(t)});
    }
    const double scale = std::sqrt(area / std::abs(geom::ring_area(unit.data(), unit.size())));
    Park park;
    for (const XY& p : unit) park.ring.push_back({cm(centre.x + scale * p.x), cm(centre.y + scale * p.y)});
    const XY c{cm(centre.x), cm(centre.y)};
    for (int k = 0; k < plots; ++k) {
        const int from = k * n / plots, to = (k + 1) * n / plots;
        std::vector<XY> wedge{c};
        for (int i = from; i <= to; ++i) wedge.push_back(park.ring[static_cast<std::size_t>(i % n)]);
        park.plots.push_back(std::move(wedge));
    }
    return park;
}

std::string polygon_wkt(const std::vector<XY>& ring) {
    std::string wkt = "POLYGON((";
    char buffer[64];
    for (std::size_t i = 0; i <= ring.size(); ++i) {
        const XY& p = ring[i % ring.size()];
        std::snprintf(buffer, sizeof buffer, "%s%.2f %.2f", i ? "," : "", p.x, p.y);
        wkt += buffer;
    }
    return wkt + "))";
}

bool convex(const std::vector<XY>& ring) {
    int sign = 0;
    for (std::size_t i = 0, n = ring.size(); i < n; ++i) {
        const XY& a = ring[i];
        const XY& b = ring[(i + 1) % n];
        const XY& c = ring[(i + 2) % n];
        const double turn = (b.x - a.x) * (c.y - b.y) - (b.y - a.y) * (c.x - b.x);
        const int s = turn > 0 ? 1 : turn < 0 ? -1 : 0;
        if (s != 0 && sign != 0 && s != sign) return false;
        if (s != 0) sign = s;
    }
    return true;
}

}  // namespace foncier::synth
