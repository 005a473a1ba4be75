#include "foncier/report/atlas/data.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "foncier/geom/operations.hpp"
#include "foncier/geom/shapes.hpp"
#include "foncier/report/atlas/format.hpp"
#include "foncier/report/atlas/style.hpp"

namespace foncier::report::atlas {

namespace {

// Building a PROJ transformation takes milliseconds: once per thread, not once per map (an
// atlas has a map per EPCI and two per site sheet). PROJ objects stay in their thread.
const geom::Transformer& l93_to_wgs84() {
    static thread_local const geom::Transformer t("EPSG:2154", "EPSG:4326");
    return t;
}

}  // namespace

GeoJson::GeoJson(double tolerance_m, int decimals)
    : m_to_wgs84(&l93_to_wgs84()), m_tolerance(tolerance_m), m_decimals(decimals) {}

std::string GeoJson::lonlat(XY l93) const {
    const XY p = m_to_wgs84->apply(l93);
    return "[" + plain_number(p.x, m_decimals) + "," + plain_number(p.y, m_decimals) + "]";
}

std::string GeoJson::bounds(const geom::Envelope& e) const {
    const XY sw = m_to_wgs84->apply(XY{e.minx, e.miny});
    const XY ne = m_to_wgs84->apply(XY{e.maxx, e.maxy});
    return "[[" + plain_number(sw.y, 5) + "," + plain_number(sw.x, 5) + "],[" + plain_number(ne.y, 5) + "," +
           plain_number(ne.x, 5) + "]]";
}

std::string GeoJson::geometry(const geom::Geometry& l93) const {
    if (l93.is_null() || l93.is_empty()) return "null";
    if (m_tolerance <= 0 || l93.kind() == geom::GeometryKind::point) return text(l93);
    // Plain Douglas-Peucker, many times cheaper on long lines and rings (rivers, flood zones,
    // borders); where it leaves no polygon of a polygon (a site smaller than the tolerance), the
    // topology-preserving one, under which no ring collapses: every site stays on the map.
    std::string t = text(geom::simplify_for_display(l93, m_tolerance));
    if (l93.kind() == geom::GeometryKind::polygon && t.rfind("{\"type\":\"MultiPolygon\"", 0) != 0) {
        t = text(geom::simplify(l93, m_tolerance));
    }
    return t;
}

std::string GeoJson::text(const geom::Geometry& simple) const {
    std::vector<std::string> points, lines, polygons;
    auto ring_text = [&](const std::vector<XY>& ring) {
        std::string t = "[";
        std::string last;
        for (const auto& xy : ring) {
            std::string p = lonlat(xy);
            if (p == last) continue;  // vertices that round to the same place
            t += (t.size() > 1 ? "," : "") + p;
            last = std::move(p);
        }
        return t + "]";
    };
    for (const auto& shape : geom::shapes_of(simple)) {
        if (shape.kind == geom::GeometryKind::point) {
            points.push_back(lonlat(shape.rings.front().front()));
        } else if (shape.kind == geom::GeometryKind::line) {
            lines.push_back(ring_text(shape.rings.front()));
        } else {
            // Parts smaller than the tolerance do not show at this scale.
            std::string poly = "[";
            for (std::size_t r = 0; r < shape.rings.size(); ++r) {
                std::string ring = ring_text(shape.rings[r]);
                if (std::count(ring.begin(), ring.end(), '[') < 5) continue;  // fewer than 4 vertices left
                poly += (poly.size() > 1 ? "," : "") + ring;
                if (r == 0 && poly.size() == 1) break;
            }
            if (poly.size() > 1) polygons.push_back(poly + "]");
        }
    }
    auto join = [](const std::vector<std::string>& parts) {
        std::string t;
        for (const auto& p : parts) t += (t.empty() ? "" : ",") + p;
        return t;
    };
    if (!polygons.empty()) return "{\"type\":\"MultiPolygon\",\"coordinates\":[" + join(polygons) + "]}";
    if (!lines.empty()) return "{\"type\":\"MultiLineString\",\"coordinates\":[" + join(lines) + "]}";
    if (points.size() == 1) return "{\"type\":\"Point\",\"coordinates\":" + points.front() + "}";
    if (!points.empty()) return "{\"type\":\"MultiPoint\",\"coordinates\":[" + join(points) + "]}";
    return "null";
}

std::string sheet_href(const Model& m, std::size_t site) { return "sites/" + file_stem(m.sites[site].text("site_id")) + ".html"; }

bool has_sheet(const Model& m, std::size_t site) { return site < m.with_sheet.size() && m.with_sheet[site]; }

Nearest nearest(const ContextLayer& layer, const geom::Geometry& l93) {
    Nearest best;
    best.distance = std::numeric_limits<double>::infinity();
    if (l93.is_null()) return {};
    const geom::Envelope e = l93.envelope();
    for (const auto& item : layer.items) {
        if (item.geometry.is_null()) continue;
        // The envelopes' gap is a lower bound of the distance: skip what cannot be nearer.
        const geom::Envelope o = item.geometry.envelope();
        const double dx = std::max({0.0, o.minx - e.maxx, e.minx - o.maxx});
        const double dy = std::max({0.0, o.miny - e.maxy, e.miny - o.maxy});
        if (std::hypot(dx, dy) >= best.distance) continue;
        const double d = l93.distance(item.geometry);
        if (d < best.distance) best = {&item, d};
    }
    return best.item != nullptr ? best : Nearest{};
}

namespace {

std::string prop(const std::string& key, const std::string& json_value) { return json_string(key) + ":" + json_value; }
std::string num(double v, int decimals) { return plain_number(v, decimals); }

std::string feature(const std::string& geometry, const std::vector<std::string>& props) {
    std::string p;
    for (const auto& s : props) p += (p.empty() ? "" : ",") + s;
    return "{\"type\":\"Feature\",\"geometry\":" + geometry + ",\"properties\":{" + p + "}}";
}

std::string collection(const std::vector<std::string>& features) {
    std::string t = "{\"type\":\"FeatureCollection\",\"features\":[";
    for (std::size_t i = 0; i < features.size(); ++i) t += (i ? ",\n" : "\n") + features[i];
    return t + "]}";
}

bool envelopes_meet(const geom::Envelope& a, const geom::Envelope& b) {
    return a.minx <= b.maxx && b.minx <= a.maxx && a.miny <= b.maxy && b.miny <= a.maxy;
}

geom::Envelope grow(geom::Envelope e, double d) { return {e.minx - d, e.miny - d, e.maxx + d, e.maxy + d}; }

std::string site_feature(const Model& m, std::size_t s, const GeoJson& gj, const std::string& root) {
    const Record& r = m.sites[s];
    const std::string cls = m.class_of(s);
    const auto rank = m.rank(s);
    const Record& pt = m.sites_pt[s];
    const std::string point = pt.geometry.is_null() ? "null" : gj.lonlat(pt.geometry.xy());
    return feature(gj.geometry(r.geometry),
                   {prop("id", json_string(r.text("site_id"))), prop("nom", json_string(r.text("nom"))),
                    prop("commune", json_string(r.text("commune"))), prop("statut", json_string(r.text("statut"))),
                    prop("classe", json_string(cls)), prop("score", m.scores ? num(m.score_of(s), 1) : "null"),
                    prop("rang", rank ? std::to_string(*rank) : "null"), prop("ha", num(r.number("surf_m2") / 1e4, 2)),
                    prop("est", r.text("geom_src") == "estimated" ? "1" : "0"),
                    prop("c", json_string(m.scores ? class_colour(m.scores->profile, cls) : "#555555")),
                    prop("href", has_sheet(m, s) ? json_string(root + sheet_href(m, s)) : "null"),
                    prop("pt", point)});
}

std::string context_json(const Model& m, const geom::Envelope& extent, const GeoJson& gj, bool clip) {
    std::string out = "[";
    std::size_t zone = 0, access = 0;
    for (const auto& layer : m.context) {
        std::vector<std::string> features;
        for (const auto& item : layer.items) {
            if (item.geometry.is_null() || !envelopes_meet(item.geometry.envelope(), extent)) continue;
            const geom::Geometry part = clip && item.geometry.kind() != geom::GeometryKind::point
                                            ? geom::clip_to_rect(item.geometry, extent)
                                            : item.geometry.clone();
            const std::string g = gj.geometry(part);
            if (g == "null") continue;
            features.push_back(feature(g, {prop("nom", json_string(item.nom.empty() ? item.id : item.nom))}));
        }
        const std::string colour = context_colour(layer.kind == "constraint" ? zone++ : layer.kind == "access" ? access++ : 0, layer.kind);
        out += std::string(out.size() > 1 ? ",\n" : "\n") + "{" + prop("name", json_string(layer.name)) + "," +
               prop("label", json_string(layer.label)) + "," + prop("kind", json_string(layer.kind)) + "," +
               prop("synthetic", layer.synthetic ? "true" : "false") + "," + prop("colour", json_string(colour)) + "," +
               prop("data", collection(features)) + "}";
    }
    return out + "]";
}

std::string wrap(const std::string& key, const std::string& body) {
    return "window.FONCIER_DATA = window.FONCIER_DATA || {};\nwindow.FONCIER_DATA[" + json_string(key) + "] = " + body +
           ";\n";
}

}  // namespace

std::string map_data_js(const Model& m, const MapScope& scope) {
    auto in_scope = [&](const Record& r) { return !scope.epci || r.text("epci") == *scope.epci; };
    // The communes and parks of the scope by index: an EPCI's own list, not a scan of the country.
    auto every = [](std::size_t n) {
        std::vector<std::size_t> all(n);
        for (std::size_t k = 0; k < n; ++k) all[k] = k;
        return all;
    };
    const std::vector<std::size_t> communes_k = scope.epci ? m.members(*scope.epci).communes : every(m.communes.size());
    const std::vector<std::size_t> parks_k = scope.epci ? m.members(*scope.epci).parks : every(m.parks.size());
    geom::Envelope extent{std::numeric_limits<double>::max(), std::numeric_limits<double>::max(),
                          std::numeric_limits<double>::lowest(), std::numeric_limits<double>::lowest()};
    auto extend = [&](const geom::Geometry& g) {
        if (g.is_null() || g.is_empty()) return;
        const auto e = g.envelope();
        extent = {std::min(extent.minx, e.minx), std::min(extent.miny, e.miny), std::max(extent.maxx, e.maxx),
                  std::max(extent.maxy, e.maxy)};
    };
    for (std::size_t k : communes_k) extend(m.communes[k].geometry);
    for (std::size_t s : m.shown) {
        if (in_scope(m.sites[s])) extend(m.sites[s].geometry);
    }
    if (extent.minx > extent.maxx) extent = {0, 6000000, 1200000, 7200000};  // nothing: metropolitan France
    // A tolerance of about one screen pixel when the extent fills a 1 200 px wide map.
    const double size = std::max(extent.maxx - extent.minx, extent.maxy - extent.miny);
    const double tolerance = std::clamp(size / 2400.0, 2.0, 2000.0);
    // Decimals of a degree to match, a step well under the tolerance: 1e-3° is about 110 m of
    // latitude, 1e-4° about 11 m, 1e-5° about 1 m.
    const GeoJson gj(tolerance, tolerance > 300 ? 3 : tolerance > 200 ? 4 : 5);

    std::vector<std::string> communes, epci, parks, sites;
    for (std::size_t k : communes_k) {
        const Record& c = m.communes[k];
        const double ha = c.number("sites_ha");
        communes.push_back(feature(gj.geometry(c.geometry),
                                   {prop("insee", json_string(c.text("insee"))), prop("nom", json_string(c.text("nom"))),
                                    prop("ha", num(ha, 2)), prop("n", num(c.number("n_sites"), 0)),
                                    prop("c", json_string(step_of(friche_ha_steps(), ha).colour))}));
    }
    for (const auto& e : m.epci) {
        if (scope.epci && e.text("siren") != *scope.epci) continue;
        epci.push_back(feature(gj.geometry(e.geometry),
                               {prop("siren", json_string(e.text("siren"))), prop("nom", json_string(e.text("nom"))),
                                prop("href", json_string(scope.root + "epci/" + file_stem(e.text("siren")) + ".html"))}));
    }
    for (std::size_t k : parks_k) {
        const Record& p = m.parks[k];
        const double tx = p.number("tx_vacance");
        parks.push_back(feature(gj.geometry(p.geometry),
                                {prop("id", json_string(p.text("park_id"))), prop("nom", json_string(p.text("nom"))),
                                 prop("tx", p.maybe("tx_vacance") ? num(tx, 1) : "null"),
                                 prop("dispo", num(p.number("dispo_ha"), 2)),
                                 prop("c", json_string(p.maybe("tx_vacance") ? step_of(vacancy_steps(), tx).colour : "#cccccc"))}));
    }
    for (std::size_t s : m.shown) {
        if (in_scope(m.sites[s])) sites.push_back(site_feature(m, s, gj, scope.root));
    }
    const std::string body = "{" + prop("bounds", gj.bounds(extent)) + ",\n" + prop("communes", collection(communes)) +
                             ",\n" + prop("epci", collection(epci)) + ",\n" + prop("parks", collection(parks)) + ",\n" +
                             prop("sites", collection(sites)) + ",\n" +
                             prop("context", context_json(m, grow(extent, size * 0.02), gj, scope.epci.has_value())) + "}";
    return wrap(scope.key, body);
}

std::string site_data_js(const Model& m, std::size_t s, const std::string& key) {
    const Record& r = m.sites[s];
    const GeoJson fine(0.5, 6);
    const GeoJson coarse(3.0, 6);
    // The view: the site with 400 m around it (or its own size, for large sites), widened to
    // the nearest station and interchange when they are within 3 km.
    const geom::Envelope e = r.geometry.is_null() ? geom::Envelope{0, 0, 0, 0} : r.geometry.envelope();
    const double margin = std::max(400.0, std::max(e.maxx - e.minx, e.maxy - e.miny));
    geom::Envelope view = grow(e, margin);
    for (const auto& layer : m.context) {
        if (layer.kind == "constraint") continue;
        const Nearest n = nearest(layer, r.geometry);
        if (n.item == nullptr || n.distance > 3000) continue;
        const geom::Envelope ne = grow(n.item->geometry.envelope(), 150);
        view = {std::min(view.minx, ne.minx), std::min(view.miny, ne.miny), std::max(view.maxx, ne.maxx), std::max(view.maxy, ne.maxy)};
    }
    std::string park = "null";
    const std::string park_id = r.text("park_id");
    for (const auto& p : m.parks) {
        if (!park_id.empty() && p.text("park_id") == park_id) {
            park = feature(coarse.geometry(p.geometry), {prop("nom", json_string(p.text("nom"))),
                                                         prop("tx", p.maybe("tx_vacance") ? num(p.number("tx_vacance"), 1) : "null")});
        }
    }
    std::string near = "[";
    for (const auto& layer : m.context) {
        if (layer.kind == "constraint") continue;
        const Nearest n = nearest(layer, r.geometry);
        if (n.item == nullptr) continue;
        const geom::Geometry pt = n.item->geometry.kind() == geom::GeometryKind::point ? n.item->geometry.clone()
                                                                                        : n.item->geometry.point_on_surface();
        near += std::string(near.size() > 1 ? "," : "") + "{" + prop("label", json_string(layer.label)) + "," +
                prop("kind", json_string(layer.kind)) + "," +
                prop("nom", json_string(n.item->nom.empty() ? n.item->id : n.item->nom)) + "," +
                prop("m", num(n.distance, 0)) + "," + prop("pt", fine.lonlat(pt.xy())) + "}";
    }
    near += "]";
    std::vector<std::string> communes;
    for (const auto& c : m.communes) {
        if (!c.geometry.is_null() && envelopes_meet(c.geometry.envelope(), view)) {
            communes.push_back(feature(coarse.geometry(geom::clip_to_rect(c.geometry, grow(view, 3000))),
                                       {prop("nom", json_string(c.text("nom")))}));
        }
    }
    const std::string zones = context_json(m, grow(view, 3000), coarse, true);
    const std::string body = "{" + prop("bounds", fine.bounds(view)) + ",\n" +
                             prop("site", site_feature(m, s, fine, "../")) + ",\n" + prop("park", park) + ",\n" +
                             prop("near", near) + ",\n" + prop("communes", collection(communes)) + ",\n" +
                             prop("context", zones) + "}";
    return wrap(key, body);
}

}  // namespace foncier::report::atlas
