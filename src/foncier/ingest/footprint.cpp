#include "foncier/ingest/footprint.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

#include "foncier/geom/operations.hpp"

namespace foncier::ingest {

std::vector<std::string> parcel_ids(const std::string& list) {
    std::vector<std::string> out;
    std::string item;
    auto flush = [&] {
        if (!item.empty()) out.push_back(item);
        item.clear();
    };
    for (const char c : list) {
        if (c == '{' || c == '}' || c == '"' || c == ' ' || c == '\t') continue;
        if (c == ',' || c == '|' || c == ';') {
            flush();
        } else {
            item += c;
        }
    }
    flush();
    return out;
}

namespace {

std::string joined(const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "" : ", ") + id;
    return out;
}

// Pieces of a (multi)polygon, read from its WKB header (byte order, type, count): a polygon
// is one piece, a multipolygon as many as it counts.
std::size_t part_count(const geom::Geometry& g) {
    const std::vector<unsigned char> wkb = g.to_wkb();
    if (wkb.size() < 9) return 1;
    auto u32 = [&](std::size_t at) {
        std::uint32_t v = 0;
        for (int k = 0; k < 4; ++k) {
            const auto byte = static_cast<std::uint32_t>(wkb[at + static_cast<std::size_t>(wkb[0] == 1 ? k : 3 - k)]);
            v |= byte << (8 * k);
        }
        return v;
    };
    return u32(1) % 1000 == 6 ? u32(5) : 1;  // 6: MultiPolygon (ISO: +1000 for Z, ...)
}

std::string hectares(double m2) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f ha", m2 / 1e4);
    return buf;
}

}  // namespace

std::vector<Issue> make_footprint(analysis::Site& site, geom::Geometry geometry,
                                  const std::vector<std::string>& parcels_of_site, const ParcelIndex* parcels,
                                  const FootprintRules& rules, const std::string& dataset_key) {
    std::vector<Issue> issues;
    if (geometry.kind() != geom::GeometryKind::point) {
        site.source = analysis::FootprintSource::polygon;
        site.geometry = std::move(geometry);
        return issues;
    }
    const XY centre = geometry.xy();
    site.point = centre;

    if (parcels != nullptr && !parcels_of_site.empty()) {
        std::vector<const geom::Geometry*> found;
        std::vector<std::string> missing;
        for (const auto& id : parcels_of_site) {
            const auto it = parcels->find(id);
            if (it == parcels->end()) {
                missing.push_back(id);
            } else if (std::find(found.begin(), found.end(), &it->second) == found.end()) {
                found.push_back(&it->second);
            }
        }
        if (!missing.empty()) {
            issues.push_back({dataset_key, site.site_id, IssueKind::parcel_not_found, Severity::warning,
                              std::to_string(missing.size()) + " of the site's " +
                                  std::to_string(parcels_of_site.size()) + " parcels are not in [parcels]: " +
                                  joined(missing),
                              found.empty() ? "footprint estimated from the point instead"
                                            : "footprint made of the parcels found",
                              centre});
        }
        if (!found.empty()) {
            site.source = analysis::FootprintSource::cadastre;
            site.geometry = geom::union_all(found);
            const double area = site.geometry.area();
            if (const std::size_t parts = part_count(site.geometry); parts > 1) {
                issues.push_back({dataset_key, site.site_id, IssueKind::parcels_not_contiguous, Severity::info,
                                  "the site's parcels form " + std::to_string(parts) + " separate pieces",
                                  "footprint kept as a multipolygon of the parcels", centre});
            }
            if (site.surf_decl && area > 0) {
                const double ratio = *site.surf_decl / area;
                if (ratio > rules.parcel_surface_ratio || ratio < 1.0 / rules.parcel_surface_ratio) {
                    issues.push_back({dataset_key, site.site_id, IssueKind::parcel_surface_mismatch,
                                      Severity::warning,
                                      "declared surface " + hectares(*site.surf_decl) + " against " +
                                          hectares(area) + " for the union of its parcels",
                                      "the parcels' footprint is used; check the parcel list or the surface",
                                      centre});
                }
            }
            return issues;
        }
    }
    if (site.surf_decl) {
        site.source = analysis::FootprintSource::estimated;
        site.geometry = geom::disc(centre, *site.surf_decl, rules.segments);
        return issues;
    }
    site.source = analysis::FootprintSource::default_size;
    site.geometry = geom::disc(centre, rules.default_m2, rules.segments);
    issues.push_back({dataset_key, site.site_id, IssueKind::missing_surface, Severity::warning,
                      "point site without a declared surface",
                      "default footprint of " + std::to_string(std::llround(rules.default_m2)) +
                          " m2 used ([footprint] default_m2)",
                      centre});
    return issues;
}

}  // namespace foncier::ingest
