// Geometry rules of the CNIG validator. Every geometry is brought to Lambert-93 (EPSG:2154)
// for the checks: the declared CRS when there is one, else a guess from the coordinates
// (degrees when |x| <= 180 and |y| <= 90, Lambert-93 otherwise).

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>

#include "foncier/cnig/detail.hpp"
#include "foncier/core/value.hpp"
#include "foncier/core/error.hpp"
#include "foncier/geom/operations.hpp"
#include "foncier/geom/prepared.hpp"
#include "foncier/geom/transformer.hpp"
#include "foncier/index/spatial_index.hpp"

namespace foncier::cnig::detail {

namespace {

constexpr const char* k_working = "EPSG:2154";
constexpr double k_overlap_m2 = 1.0;        // below: drawing noise
constexpr double k_duplicate_share = 0.10;  // Cartofriches' probable-duplicate rule

struct Parsed {
    geom::Geometry geometry;  // EPSG:2154
    std::string field;
};

std::string fmt(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

const geom::Transformer& transformer(const std::string& source) {
    static thread_local std::map<std::string, geom::Transformer> cache;
    auto it = cache.find(source);
    if (it == cache.end()) it = cache.emplace(source, geom::Transformer(source, k_working)).first;
    return it->second;
}

// Closes the unclosed rings of a GeoJSON Polygon / MultiPolygon text; false when there was
// nothing to close (or the text is not JSON).
bool close_rings(std::string& text) {
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("coordinates")) return false;
    bool changed = false;
    auto close = [&](nlohmann::json& ring) {
        if (ring.is_array() && ring.size() >= 3 && ring.front() != ring.back()) {
            ring.push_back(ring.front());
            changed = true;
        }
    };
    const std::string type = j.value("type", "");
    if (type == "Polygon") {
        for (auto& ring : j["coordinates"]) close(ring);
    } else if (type == "MultiPolygon") {
        for (auto& polygon : j["coordinates"]) {
            for (auto& ring : polygon) close(ring);
        }
    }
    if (changed) text = j.dump();
    return changed;
}

// Parses the text of a geometry field: WKT, GeoJSON, or a Table Schema geopoint "lon, lat".
// `closed` is set when unclosed GeoJSON rings had to be closed to read it.
std::optional<geom::Geometry> parse(const std::string& text, const std::string& type, std::string& error,
                                    bool& closed) {
    std::string t = trim(text);
    closed = false;
    try {
        if (type == "geopoint") {
            std::smatch m;
            if (!std::regex_match(t, m, std::regex(R"(^(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)$)"))) {
                error = "not a geopoint \"lon, lat\"";
                return std::nullopt;
            }
            return geom::Geometry::point(std::stod(m[1]), std::stod(m[2]));
        }
        if (!t.empty() && t.front() == '{') {
            try {
                return geom::Geometry::from_geojson(t);
            } catch (const GeometryError&) {
                if (!close_rings(t)) throw;
                closed = true;
                return geom::Geometry::from_geojson(t);
            }
        }
        return geom::Geometry::from_wkt(t);
    } catch (const GeometryError& e) {
        error = e.what();
        return std::nullopt;
    }
}

}  // namespace

void check_geometries(const TableSchema& s, const std::vector<Row>& rows, const ValidateOptions& options,
                      Report& report) {
    std::vector<const Field*> geometry_fields;
    for (const auto& f : s.fields) {
        if (f.type == "geojson" || f.type == "geopoint" || f.name == "geompoint" || f.name == "geomsurf") {
            geometry_fields.push_back(&f);
        }
    }
    // Polygons (friches: geomsurf) for the overlap rules, points for the commune rule.
    std::vector<std::pair<const Row*, geom::Geometry>> polygons;
    std::vector<std::pair<const Row*, geom::Geometry>> locations;
    for (const auto& row : rows) {
        std::optional<geom::Geometry> surface, point;
        for (const Field* f : geometry_fields) {
            const std::string& text = row.get(f->name);
            if (text.empty() || text == "NA") continue;
            const bool wkt_expected = f->type == "string";
            std::string error;
            bool closed = false;
            auto g = parse(text, f->type, error, closed);
            if (closed) {
                add(report, &row, "geom.ring_closed", Severity::warning, f->name, text.substr(0, 60),
                    f->name + ": a ring's last point is not its first point",
                    "repeat the first point at the end of every ring");
            }
            if (!g) {
                // An unreadable optional geometry leaves the table valid; a required one does not.
                add(report, &row, "geom.parse", f->required ? Severity::error : Severity::warning, f->name,
                    text.substr(0, 80), f->name + " cannot be read: " + error,
                    wkt_expected ? "write WKT, e.g. POINT(3.9815 49.2527) or POLYGON((...)) with a closed ring"
                                 : "write a GeoJSON geometry with closed rings, e.g. {\"type\": \"Polygon\", ...}");
                continue;
            }
            if (wkt_expected && trim(text).front() == '{') {
                add(report, &row, "geom.format", Severity::warning, f->name, text.substr(0, 40),
                    f->name + " is GeoJSON but the standard asks for WKT", "write the same geometry as WKT");
            }
            // CRS: declared, or guessed from the magnitude of the coordinates.
            const geom::Envelope e = g->envelope();
            const bool degrees = std::max(std::abs(e.minx), std::abs(e.maxx)) <= 180 &&
                                 std::max(std::abs(e.miny), std::abs(e.maxy)) <= 90;
            const std::string source = !options.crs.empty() ? options.crs : (degrees ? "EPSG:4326" : k_working);
            const geom::Transformer& t = transformer(source);
            const XY c = e.centre();
            switch (t.check_axes(c)) {
            case geom::AxisCheck::plausible: break;
            case geom::AxisCheck::swapped:
                add(report, &row, "geom.axis_order", Severity::warning, f->name, text.substr(0, 60),
                    f->name + " is written (y x) = (latitude longitude): (" + fmt(c.x) + " " + fmt(c.y) + ")",
                    "write x first: POINT(" + fmt(c.y) + " " + fmt(c.x) + ") (longitude latitude in WGS 84)");
                *g = g->swapped_xy();
                break;
            case geom::AxisCheck::outside:
                add(report, &row, "geom.crs", Severity::error, f->name, text.substr(0, 60),
                    "coordinates (" + fmt(c.x) + ", " + fmt(c.y) + ") are not in France for " + source,
                    "write WGS 84 longitude/latitude or Lambert-93 (EPSG:2154) coordinates");
                continue;
            }
            geom::Geometry working;
            try {
                working = t.apply(*g);
            } catch (const CrsError& err) {
                add(report, &row, "geom.crs", Severity::error, f->name, text.substr(0, 60), err.what(),
                    "check the coordinates");
                continue;
            }
            const auto kind = working.kind();
            if (kind == geom::GeometryKind::polygon) {
                const auto validity = geom::check_validity(working);
                if (!validity.valid) {
                    add(report, &row, "geom.invalid", Severity::error, f->name, text.substr(0, 60),
                        f->name + " is an invalid polygon: " + validity.reason,
                        "redraw the perimeter without self-intersection");
                    report.problems.back().location = validity.location;
                    continue;
                }
                surface = std::move(working);
            } else if (kind == geom::GeometryKind::point && !point) {
                point = std::move(working);
            }
        }
        if (surface) {
            locations.emplace_back(&row, surface->point_on_surface());
            polygons.emplace_back(&row, std::move(*surface));
        } else if (point) {
            locations.emplace_back(&row, std::move(*point));
        }
    }
    std::map<std::size_t, XY> location_of_line;  // for the problems found before
    for (const auto& [row, g] : locations) {
        if (g.kind() == geom::GeometryKind::point) location_of_line.emplace(row->line, g.xy());
    }
    for (auto& p : report.problems) {
        if (p.location || p.line == 0) continue;
        if (auto it = location_of_line.find(p.line); it != location_of_line.end()) p.location = it->second;
    }

    if (s.standard == Standard::friches && polygons.size() > 1) {
        std::vector<geom::Envelope> boxes;
        for (const auto& [row, g] : polygons) boxes.push_back(g.envelope());
        const index::SpatialIndex tree(boxes);
        for (std::size_t i = 0; i < polygons.size(); ++i) {
            const geom::PreparedGeometry prepared(polygons[i].second);
            for (std::size_t j : tree.intersecting(boxes[i])) {
                if (j <= i || !prepared.intersects(polygons[j].second)) continue;
                const geom::Geometry overlap = polygons[i].second.intersection(polygons[j].second);
                const double area = overlap.area();
                if (area <= k_overlap_m2) continue;
                const double smaller = std::min(polygons[i].second.area(), polygons[j].second.area());
                const bool duplicate = area > k_duplicate_share * smaller;
                const Row* a = polygons[i].first;
                const Row* b = polygons[j].first;
                add(report, b, duplicate ? "geom.duplicate" : "geom.overlap", Severity::error, "geomsurf", b->id,
                    "overlaps " + a->id + " (line " + std::to_string(a->line) + ") over " + fmt(area) + " m2" +
                        (duplicate ? ", " + fmt(100.0 * area / smaller) + " % of the smaller site: probable duplicate"
                                   : ""),
                    duplicate ? "merge the two rows if they describe the same friche, or correct the perimeters"
                              : "two friches cannot overlap: correct the perimeters");
                report.problems.back().location = overlap.point_on_surface().xy();
            }
        }
    }

    if (options.communes != nullptr && s.field("comm_insee") != nullptr) {
        const auto& communes = *options.communes;
        std::vector<geom::Envelope> boxes;
        for (const auto& c : communes) boxes.push_back(c.geometry.envelope());
        const index::SpatialIndex tree(boxes);
        for (const auto& [row, where] : locations) {
            const geom::Envelope e = where.envelope();
            const analysis::Commune* found = nullptr;
            for (std::size_t c : tree.intersecting(e)) {
                if (geom::PreparedGeometry(communes[c].geometry).covers(where)) {
                    found = &communes[c];
                    break;
                }
            }
            if (found == nullptr || found->insee == row->get("comm_insee")) continue;
            add(report, row, "geom.commune", Severity::error, "comm_insee", row->get("comm_insee"),
                "the site lies in " + found->insee + " (" + found->nom + "), not in " + row->get("comm_insee"),
                "set comm_insee to " + found->insee + " (and site_id's prefix), or correct the geometry");
            report.problems.back().location = where.xy();
        }
    }
}

}  // namespace foncier::cnig::detail
