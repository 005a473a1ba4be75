#include "foncier/analysis/assign.hpp"

#include <algorithm>
#include <limits>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

#include "foncier/geom/convex_clip.hpp"
#include "foncier/geom/operations.hpp"
#include "foncier/geom/prepared.hpp"
#include "foncier/analysis/parallel.hpp"
#include "foncier/index/spatial_index.hpp"

namespace foncier::analysis {

const char* to_string(FootprintSource s) noexcept {
    switch (s) {
    case FootprintSource::polygon: return "polygon";
    case FootprintSource::estimated: return "estimated";
    case FootprintSource::default_size: return "default";
    case FootprintSource::cadastre: return "cadastre";
    }
    return "?";
}

namespace {
template <class T>
std::vector<geom::Envelope> envelopes(const std::vector<T>& items) {
    std::vector<geom::Envelope> out;
    out.reserve(items.size());
    for (const auto& item : items) out.push_back(item.geometry.envelope());
    return out;
}

// The rings of each geometry, extracted once (both cores) for the convex sites to be clipped
// against: a commune or a flood piece meets many sites.
template <class T>
std::vector<geom::PolygonRings> rings_of(const std::vector<T>& items) {
    std::vector<geom::PolygonRings> out(items.size());
    parallel_for(items.size(), [&](std::size_t i) { out[i] = geom::PolygonRings::of(items[i].geometry); });
    return out;
}

void check_shapes(const std::vector<Site>& sites, const SiteShapes& shapes) {
    if (shapes.boxes.size() != sites.size() || shapes.areas.size() != sites.size() || shapes.convex.size() != sites.size() ||
        shapes.parts.size() != sites.size() || shapes.holes.size() != sites.size()) {
        throw std::logic_error("site shapes of " + std::to_string(shapes.boxes.size()) + " sites given for " +
                               std::to_string(sites.size()) + " sites");
    }
}

}  // namespace

SiteShapes site_shapes(const std::vector<Site>& sites) {
    SiteShapes out;
    out.boxes.resize(sites.size());
    out.areas.resize(sites.size());
    out.convex.resize(sites.size());
    out.parts.resize(sites.size());
    out.holes.resize(sites.size());
    parallel_for(sites.size(), [&](std::size_t s) {
        out.boxes[s] = sites[s].geometry.envelope();
        out.areas[s] = sites[s].geometry.area();
        out.convex[s] = geom::ConvexClip::of(sites[s].geometry);
        if (out.convex[s]) return;
        if (auto parts = geom::ConvexClip::signed_parts_of(sites[s].geometry)) {
            out.parts[s] = std::move(parts->shells);
            out.holes[s] = std::move(parts->holes);
        }
    });
    return out;
}

namespace {

// The area a site cut into pieces shares with `other`: its shell pieces' less its hole
// pieces'. Below 1e-9 of the site's area with holes, 0: the rounding noise of a difference
// (an overlay of a site and a zone that lies in its hole gives exactly 0).
template <class Measure>
double signed_sum(const std::vector<geom::ConvexClip>& parts, const std::vector<geom::ConvexClip>& holes, double area,
                  Measure&& measure) {
    double sum = 0.0;
    for (const auto& piece : parts) sum += measure(piece);
    if (holes.empty()) return sum;
    for (const auto& piece : holes) sum -= measure(piece);
    return sum <= 1e-9 * area ? 0.0 : sum;
}

}  // namespace

std::vector<Assignment> assign_communes(const std::vector<Site>& sites, const std::vector<Commune>& communes) {
    return assign_communes(sites, site_shapes(sites), communes);
}

std::vector<Assignment> assign_communes(const std::vector<Site>& sites, const SiteShapes& shapes,
                                        const std::vector<Commune>& communes) {
    check_shapes(sites, shapes);
    const index::SpatialIndex tree(envelopes(communes));
    std::vector<Assignment> out(sites.size());
    auto commune_caches = detail::prepared_caches(communes, sites.size());
    const auto commune_rings = rings_of(communes);
    parallel_for_workers(sites.size(), [&](std::size_t worker, std::size_t s) {
        const Site& site = sites[s];
        // A convex site (a rectangle, a disc estimated from a point) is clipped against each
        // candidate commune (ConvexClip): no prepared commune, no overlay. Other sites: most
        // lie inside one commune, which the prepared commune (indexed once per worker) says
        // without an overlay; the others are intersected exactly.
        const auto& clip = shapes.convex[s];
        std::optional<geom::PreparedGeometry> prepared;
        Assignment& a = out[s];
        for (std::size_t c : tree.intersecting(shapes.boxes[s])) {
            const Commune& commune = communes[c];
            double part = 0.0;
            if (clip) {
                part = clip->shared_area(commune_rings[c]);
            } else if (!shapes.parts[s].empty()) {
                part = signed_sum(shapes.parts[s], shapes.holes[s], shapes.areas[s],
                                  [&](const geom::ConvexClip& piece) { return piece.shared_area(commune_rings[c]); });
            } else if (commune_caches[worker][c].contains(site.geometry)) {
                part = shapes.areas[s];
            } else {
                if (!prepared) prepared.emplace(site.geometry);
                if (!prepared->intersects(commune.geometry)) continue;
                part = site.geometry.intersection(commune.geometry).area();
            }
            if (part <= 0.0) continue;
            ++a.n_communes;
            a.inside_m2 += part;
            if (!a.commune || part > a.largest_m2 ||
                (part == a.largest_m2 && commune.insee < communes[*a.commune].insee)) {
                a.commune = c;
                a.largest_m2 = part;
            }
        }
    });
    return out;
}

std::vector<Nearest> nearest_features(const std::vector<Site>& sites, const std::vector<Feature>& stations) {
    return nearest_features(sites, site_shapes(sites), stations);
}

std::vector<Nearest> nearest_features(const std::vector<Site>& sites, const SiteShapes& shapes,
                                      const std::vector<Feature>& stations) {
    check_shapes(sites, shapes);
    std::vector<Nearest> out(sites.size());
    if (stations.empty()) return out;
    const index::SpatialIndex tree(envelopes(stations));
    // Point stations as coordinates: a convex site measures its distance to them itself
    // (ConvexClip::distance), without GEOS (national benchmark: 0.15 CPU-s of GEOS distances).
    std::vector<std::optional<XY>> points(stations.size());
    for (std::size_t i = 0; i < stations.size(); ++i) {
        const geom::Geometry& g = stations[i].geometry;
        if (!g.is_null() && g.kind() == geom::GeometryKind::point && !g.is_empty()) points[i] = g.xy();
    }
    parallel_for(sites.size(), [&](std::size_t s) {
        const geom::Envelope& box = shapes.boxes[s];
        const auto& clip = shapes.convex[s];
        // Envelope distances are lower bounds of exact ones: widen k until the next candidate
        // cannot beat the best exact distance found.
        for (std::size_t k = 4;; k *= 2) {
            const auto candidates = tree.nearest(box, std::min(k, stations.size()));
            double best = std::numeric_limits<double>::infinity();
            std::optional<std::size_t> best_id;
            for (const auto& [id, lower_bound] : candidates) {
                if (lower_bound > best) break;
                double d = 0.0;
                if (clip && points[id]) {
                    d = clip->distance(*points[id]);
                } else if (!shapes.parts[s].empty() && shapes.holes[s].empty() && points[id]) {
                    // The distance to a tiling is the smallest distance to a piece.
                    d = std::numeric_limits<double>::infinity();
                    for (const auto& piece : shapes.parts[s]) d = std::min(d, piece.distance(*points[id]));
                } else {
                    d = sites[s].geometry.distance(stations[id].geometry);
                }
                if (d < best || (d == best && best_id && id < *best_id)) {
                    best = d;
                    best_id = id;
                }
            }
            const bool exhausted = candidates.size() >= stations.size();
            if (exhausted || candidates.back().second > best) {
                out[s] = {best_id, best};
                break;
            }
        }
    });
    return out;
}

namespace {

// Calls visit(zone index, intersection geometry) for every zone overlapping the site with a
// positive area, among `candidates` (the R-tree's): prepared-geometry filter, exact intersection.
// `zone(z)` gives zone z's geometry.
template <class Zone, class Visit>
void for_each_overlap(const Site& site, const std::vector<std::size_t>& candidates, Zone&& zone, Visit&& visit) {
    const geom::PreparedGeometry prepared(site.geometry);
    for (std::size_t z : candidates) {
        const geom::Geometry& geometry = zone(z);
        if (!prepared.intersects(geometry)) continue;
        geom::Geometry part = site.geometry.intersection(geometry);
        if (part.area() > 0.0) visit(z, std::move(part));
    }
}

// The area the convex site `clip` shares with both zones of the pieces `overlapping` (pieces
// overlapping the site, zone_rings[z] cut from zone whole_of[z]) when they come from exactly
// two zones; std::nullopt with more zones, or when neither part of a pair is convex.
std::optional<double> shared_by_two_zones(const geom::ConvexClip& clip, const std::vector<std::size_t>& overlapping,
                                          const std::vector<geom::PolygonRings>& zone_rings,
                                          const std::vector<std::size_t>& whole_of) {
    const std::size_t first = whole_of[overlapping.front()];
    std::optional<std::size_t> second;
    for (std::size_t z : overlapping) {
        if (whole_of[z] == first) continue;
        if (second && whole_of[z] != *second) return std::nullopt;  // a third zone
        second = whole_of[z];
    }
    if (!second) return std::nullopt;
    // The site's convex part of each piece, worked out once (none: not convex).
    std::vector<std::optional<geom::ConvexClip>> parts;
    parts.reserve(overlapping.size());
    for (std::size_t z : overlapping) parts.push_back(clip.within(zone_rings[z]));
    double shared = 0.0;
    for (std::size_t i = 0; i < overlapping.size(); ++i) {
        if (whole_of[overlapping[i]] != first) continue;
        for (std::size_t j = 0; j < overlapping.size(); ++j) {
            if (whole_of[overlapping[j]] != *second) continue;
            if (parts[i]) {
                shared += parts[i]->shared_area(zone_rings[overlapping[j]]);
            } else if (parts[j]) {
                shared += parts[j]->shared_area(zone_rings[overlapping[i]]);
            } else {
                return std::nullopt;
            }
        }
    }
    return shared;
}

// The area the convex polygon `clip` shares with the union of the zones whose pieces are
// `candidates` (zone_rings[z], cut from zone whole_of[z]), by clipping: the pieces of one zone
// do not overlap, so their shared areas add up; what two zones share inside it counts once
// (shared_by_two_zones); with more zones, the union of its own clipped pieces of them.
// std::nullopt when none of these applies (a hole near it): the caller overlays.
std::optional<double> convex_covered(const geom::ConvexClip& clip, const std::vector<std::size_t>& candidates,
                                     const std::vector<geom::PolygonRings>& zone_rings,
                                     const std::vector<std::size_t>& whole_of) {
    double covered = 0.0;
    std::optional<std::size_t> first_zone;
    bool one_zone = true;
    thread_local std::vector<std::size_t> overlapping;
    overlapping.clear();
    for (std::size_t z : candidates) {
        const double area = clip.shared_area(zone_rings[z]);
        if (area <= 0.0) continue;
        if (!first_zone) first_zone = whole_of[z];
        one_zone = one_zone && whole_of[z] == *first_zone;
        covered += area;
        overlapping.push_back(z);
    }
    if (one_zone) return covered;
    // Two zones: what they share inside the polygon counts once. The pieces of one zone do not
    // overlap, so that is the sum over the pairs (p of one zone, q of the other) of the area
    // the polygon, p and q share, measured by clipping when the polygon's part of p (or of q)
    // is convex: the polygon, or the polygon cut by a straight-ish border.
    if (const auto shared = shared_by_two_zones(clip, overlapping, zone_rings, whole_of)) {
        return std::max(0.0, covered - *shared);
    }
    // Several zones, which may overlap: the union of the polygon's own pieces of them (clipped,
    // a few vertices each) rather than overlays with whole pieces.
    std::vector<geom::Geometry> inside;
    for (std::size_t z : overlapping) {
        auto part = clip.clipped(zone_rings[z]);
        if (!part) return std::nullopt;  // a hole near the polygon: the overlays
        inside.push_back(std::move(*part));
    }
    std::vector<const geom::Geometry*> ptrs;
    for (const auto& p : inside) ptrs.push_back(&p);
    return geom::union_all(ptrs).area();
}

}  // namespace

std::vector<double> coverage_shares(const std::vector<Site>& sites, const std::vector<Feature>& whole_zones) {
    return coverage_shares(sites, site_shapes(sites), whole_zones);
}

std::vector<double> coverage_shares(const std::vector<Site>& sites, const SiteShapes& shapes,
                                    const std::vector<Feature>& whole_zones) {
    check_shapes(sites, shapes);
    std::vector<double> out(sites.size(), 0.0);
    if (whole_zones.empty()) return out;
    // Constraint layers hold huge polygons (a flood band along a river): cut them into small
    // pieces first, so that the index filters well and each clip stays small. Each zone is cut
    // independently (in parallel), on plain rings (subdivide_rings), then the pieces are
    // gathered in zone order. Nearly every site is convex (99 % nationally): the rings are all
    // it needs. Pieces of 64 vertices: the clipper's zero-width edges keep all the parts of a
    // cell in one ring, whose box then covers the cell; smaller cells filter better (national
    // benchmark, CPU of the run: 7.29 s with 256, 7.17 s with 64).
    std::vector<std::vector<geom::PolygonRings>> pieces(whole_zones.size());
    parallel_for(whole_zones.size(), [&](std::size_t z) { pieces[z] = geom::subdivide_rings(whole_zones[z].geometry, 64); });
    std::vector<geom::PolygonRings> zone_rings;
    std::vector<std::size_t> whole_of;  // per piece: index of the zone it was cut from
    for (std::size_t z = 0; z < whole_zones.size(); ++z) {
        for (auto& piece : pieces[z]) {
            zone_rings.push_back(std::move(piece));
            whole_of.push_back(z);
        }
    }
    std::vector<geom::Envelope> boxes;
    boxes.reserve(zone_rings.size());
    for (const auto& rings : zone_rings) boxes.push_back(rings.box());
    const index::SpatialIndex tree(boxes);
    parallel_for(sites.size(), [&](std::size_t s) {
        const auto candidates = tree.intersecting(shapes.boxes[s]);
        if (candidates.empty()) return;
        // A convex site (a rectangle, a disc estimated from a point) measures its overlap with
        // each piece by clipping, without an overlay; a site cut into convex pieces (a union of
        // parcels, a star) adds up its pieces' overlaps. The overlays below when that fails.
        if (const auto& clip = shapes.convex[s]) {
            if (const auto covered = convex_covered(*clip, candidates, zone_rings, whole_of)) {
                out[s] = std::min(1.0, *covered / shapes.areas[s]);
                return;
            }
        } else if (!shapes.parts[s].empty()) {
            bool measured = true;
            const double covered = signed_sum(shapes.parts[s], shapes.holes[s], shapes.areas[s], [&](const geom::ConvexClip& piece) {
                const auto c = measured ? convex_covered(piece, candidates, zone_rings, whole_of) : std::nullopt;
                measured = measured && c.has_value();
                return c.value_or(0.0);
            });
            if (measured) {
                out[s] = std::min(1.0, covered / shapes.areas[s]);
                return;
            }
        }
        // Other sites: an overlay with each zone near the site, the zone first cut to the
        // site's box (clip_to_rect).
        thread_local std::vector<std::size_t> near;
        near.clear();
        for (std::size_t z : candidates) near.push_back(whole_of[z]);
        std::sort(near.begin(), near.end());
        near.erase(std::unique(near.begin(), near.end()), near.end());
        std::vector<geom::Geometry> parts;
        for_each_overlap(
            sites[s], near,
            [&](std::size_t z) { return geom::clip_to_rect(whole_zones[z].geometry, shapes.boxes[s]); },
            [&](std::size_t, geom::Geometry part) { parts.push_back(std::move(part)); });
        if (parts.empty()) return;
        double covered = 0.0;
        if (parts.size() == 1) {
            covered = parts.front().area();
        } else {
            std::vector<const geom::Geometry*> ptrs;
            for (const auto& p : parts) ptrs.push_back(&p);
            covered = geom::union_all(ptrs).area();  // overlapping zones count once
        }
        out[s] = std::min(1.0, covered / shapes.areas[s]);
    });
    return out;
}

std::vector<ZoneLink> largest_zone(const std::vector<Site>& sites, const std::vector<Feature>& zones) {
    return largest_zone(sites, site_shapes(sites), zones);
}

std::vector<ZoneLink> largest_zone(const std::vector<Site>& sites, const SiteShapes& shapes,
                                   const std::vector<Feature>& zones) {
    check_shapes(sites, shapes);
    std::vector<ZoneLink> out(sites.size());
    if (zones.empty()) return out;
    const index::SpatialIndex tree(envelopes(zones));
    const auto zone_rings = rings_of(zones);
    parallel_for(sites.size(), [&](std::size_t s) {
        const double total = shapes.areas[s];
        // A convex site, or one cut into convex pieces, clips each zone's rings (a zone holds
        // no overlapping parts: its shares add up); the other sites overlay.
        const auto& clip = shapes.convex[s];
        if (clip || !shapes.parts[s].empty()) {
            for (std::size_t z : tree.intersecting(shapes.boxes[s])) {
                double part = 0.0;
                if (clip) {
                    part = clip->shared_area(zone_rings[z]);
                } else {
                    part = signed_sum(shapes.parts[s], shapes.holes[s], total,
                                      [&](const geom::ConvexClip& piece) { return piece.shared_area(zone_rings[z]); });
                }
                if (part <= 0.0) continue;
                const double share = part / total;
                if (!out[s].zone || share > out[s].share) out[s] = {z, std::min(1.0, share)};
            }
            return;
        }
        for_each_overlap(sites[s], tree.intersecting(shapes.boxes[s]), [&](std::size_t z) -> const geom::Geometry& { return zones[z].geometry; },
                         [&](std::size_t z, const geom::Geometry& part) {
            const double share = part.area() / total;
            if (!out[s].zone || share > out[s].share) out[s] = {z, std::min(1.0, share)};
        });
    });
    return out;
}

}  // namespace foncier::analysis
