// foncier-synth: a synthetic territory for benchmarks, seeded and deterministic.
//
//   foncier-synth <small|national|small-convex|national-convex> <output folder> [--seed N]
//
// Writes <folder>/synth.gpkg (EPSG:2154), <folder>/friches.csv, <folder>/territory.toml and
// <folder>/shapes.md (what the sites and parks look like, counted as drawn). Communes are the
// Voronoi cells of a jittered grid with wiggly borders (densified every 250 m and displaced;
// neighbours share identical vertices, millimetre coordinates), grouped
// into EPCI by blocks; brownfields have log-normal surfaces around 2 ha, some overlap and a
// few are invalid on purpose; activity parks are partitioned into plots; flood zones are
// buffered random-walk rivers with thousands of vertices; plus protected areas, stations and
// motorway interchanges, with CNIG attribute values. The realistic presets (small, national)
// draw brownfields as unions of parcels, star-shaped sites and points, and concave parks
// (shapes.hpp); the -convex presets draw the rectangles and points of the first benchmarks
// (the same data as before issue 22, bit for bit).

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <map>
#include <set>
#include <stdexcept>
#include <utility>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <numbers>
#include <string>
#include <vector>

#include "foncier/geom/convex_clip.hpp"
#include "foncier/geom/geometry.hpp"
#include "foncier/geom/operations.hpp"
#include "foncier/geom/prepared.hpp"
#include "foncier/index/spatial_index.hpp"
#include "foncier/io/writer.hpp"
#include "random.hpp"
#include "census.hpp"
#include "shapes.hpp"

namespace fs = std::filesystem;
using foncier::Value;
using foncier::XY;
using foncier::geom::Geometry;
using foncier::io::FieldType;
using foncier::io::GeometryType;
using foncier::io::Table;
using foncier::synth::Random;
using foncier::synth::SiteShape;

namespace {

struct Preset {
    int grid;          // communes per side
    double cell_m;     // commune spacing, m
    int sites, parks, rivers, protected_areas, stations, interchanges;
};

Table table(const char* name, GeometryType type, std::initializer_list<std::pair<const char*, FieldType>> fields) {
    Table t;
    t.name = name;
    t.geometry_type = type;
    for (const auto& [n, ft] : fields) t.fields.push_back({n, ft, ft == FieldType::string ? 80 : 0, 0, ""});
    return t;
}

Geometry rectangle(double x, double y, double w, double h) {
    return Geometry::from_wkt("POLYGON((" + std::to_string(x) + " " + std::to_string(y) + "," + std::to_string(x + w) +
                              " " + std::to_string(y) + "," + std::to_string(x + w) + " " + std::to_string(y + h) + "," +
                              std::to_string(x) + " " + std::to_string(y + h) + "," + std::to_string(x) + " " +
                              std::to_string(y) + "))");
}

std::string code(int n, int width) {
    std::string s = std::to_string(n);
    return std::string(static_cast<std::size_t>(std::max(0, width - static_cast<int>(s.size()))), '0') + s;
}

// The exterior ring of a polygon or one-polygon multipolygon, from its WKB (closing vertex
// dropped). The Voronoi cells clipped to the extent are convex: one polygon, one ring.
std::vector<XY> exterior_ring(const Geometry& g) {
    const auto wkb = g.to_wkb();
    std::size_t at = 0;
    const bool little = wkb.at(0) == 1;
    // The next `bytes` bytes as an unsigned integer, in the WKB's byte order.
    auto next = [&](int bytes) {
        std::uint64_t v = 0;
        for (int i = 0; i < bytes; ++i) {
            const std::uint64_t byte = wkb.at(at + static_cast<std::size_t>(i));
            v |= byte << (8 * (little ? i : bytes - 1 - i));
        }
        at += static_cast<std::size_t>(bytes);
        return v;
    };
    auto u32 = [&] { return static_cast<std::uint32_t>(next(4)); };
    auto f64 = [&] {
        const std::uint64_t v = next(8);
        double d = 0;
        std::memcpy(&d, &v, sizeof d);
        return d;
    };
    at = 1;
    if (u32() == 6) {  // multipolygon: skip to its first polygon
        (void)u32();
        at += 1;
        (void)u32();
    }
    (void)u32();  // number of rings
    const std::uint32_t n = u32();
    std::vector<XY> ring;
    for (std::uint32_t i = 0; i + 1 < n; ++i) {
        const double x = f64();
        ring.push_back({x, f64()});
    }
    return ring;
}

Geometry polygon(const std::vector<XY>& ring) {
    std::string wkt = "POLYGON((";
    char buffer[64];
    for (std::size_t i = 0; i <= ring.size(); ++i) {
        const XY& v = ring[i % ring.size()];
        std::snprintf(buffer, sizeof buffer, "%s%.3f %.3f", i ? "," : "", v.x, v.y);
        wkt += buffer;
    }
    return Geometry::from_wkt(wkt + "))");
}

// Rounded to the millimetre: the vertices two cells computed apart (their Voronoi vertices, or
// where the extent cuts them) become the same vertex.
XY to_mm(XY v) { return {std::round(v.x * 1000.0) / 1000.0, std::round(v.y * 1000.0) / 1000.0}; }

// Borders shared by neighbouring communes: each Voronoi edge becomes one wiggly line (densified
// every `step` m and displaced sideways by smooth noise, tapered to zero at both ends so lines
// never cross near a junction), computed once and used by both cells, reversed on one side:
// identical vertices on both sides, as in IGN's ADMIN EXPRESS. Edges on the extent stay
// straight. An edge whose wiggle makes a cell invalid is straightened for both cells.
class Borders {
public:
    Borders(std::uint64_t seed, double step, const foncier::geom::Envelope& extent)
        : m_seed(seed), m_step(step), m_extent(extent) {}

    /// The cell with ring `ring` (mm vertices), its edges replaced by the shared borders.
    std::vector<XY> cell(const std::vector<XY>& ring) {
        std::vector<XY> out;
        for (std::size_t i = 0; i < ring.size(); ++i) {
            const XY a = ring[i], b = ring[(i + 1) % ring.size()];
            out.push_back(a);
            const bool forward = std::make_pair(a.x, a.y) < std::make_pair(b.x, b.y);
            const auto& inner = edge(forward ? a : b, forward ? b : a);
            if (forward) {
                out.insert(out.end(), inner.begin(), inner.end());
            } else {
                out.insert(out.end(), inner.rbegin(), inner.rend());
            }
        }
        return out;
    }
    /// Straightens every edge of `ring` (for both cells that share it).
    void straighten(const std::vector<XY>& ring) {
        for (std::size_t i = 0; i < ring.size(); ++i) {
            const XY a = ring[i], b = ring[(i + 1) % ring.size()];
            const bool forward = std::make_pair(a.x, a.y) < std::make_pair(b.x, b.y);
            m_straight.insert(key(forward ? a : b, forward ? b : a));
            m_edges.erase(key(forward ? a : b, forward ? b : a));
        }
    }

private:
    using Key = std::array<double, 4>;
    static Key key(XY a, XY b) { return {a.x, a.y, b.x, b.y}; }

    const std::vector<XY>& edge(XY a, XY b) {
        const Key k = key(a, b);
        if (auto it = m_edges.find(k); it != m_edges.end()) return it->second;
        const double dx = b.x - a.x, dy = b.y - a.y, length = std::hypot(dx, dy);
        const int n = std::max(1, static_cast<int>(std::ceil(length / m_step)));
        const bool on_extent = (a.x == b.x && (a.x == m_extent.minx || a.x == m_extent.maxx)) ||
                               (a.y == b.y && (a.y == m_extent.miny || a.y == m_extent.maxy));
        const bool straight = on_extent || m_straight.count(k) != 0;
        // The edge's own generator, seeded by its end points: the same line whichever cell
        // asks first.
        std::uint64_t h = m_seed;
        for (double c : k) {
            std::uint64_t bits = 0;
            std::memcpy(&bits, &c, sizeof bits);
            h = (h ^ bits) * 0x100000001B3ULL + 0x9E3779B97F4A7C15ULL;
        }
        Random rnd(h);
        const double amplitude = std::min(0.05 * length, 150.0);
        const double k1 = 1 + static_cast<double>(rnd.next() % 3), p1 = rnd.uniform(0, 2 * std::numbers::pi);
        const double k2 = 3 + static_cast<double>(rnd.next() % 4), p2 = rnd.uniform(0, 2 * std::numbers::pi);
        std::vector<XY> inner;
        for (int i = 1; i < n; ++i) {
            const double t = static_cast<double>(i) / n;
            const double taper = std::pow(std::sin(std::numbers::pi * t), 2);
            const double offset = straight ? 0.0
                                           : amplitude * taper *
                                                 (0.7 * std::sin(2 * std::numbers::pi * k1 * t + p1) +
                                                  0.3 * std::sin(2 * std::numbers::pi * k2 * t + p2));
            inner.push_back(to_mm({a.x + dx * t - dy / length * offset, a.y + dy * t + dx / length * offset}));
        }
        return m_edges.emplace(k, std::move(inner)).first->second;
    }

    std::uint64_t m_seed;
    double m_step;
    foncier::geom::Envelope m_extent;
    std::map<Key, std::vector<XY>> m_edges;
    std::set<Key> m_straight;
};

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: foncier-synth <small|national|small-convex|national-convex> <output folder> [--seed N]\n";
        return 2;
    }
    const std::string preset_name = argv[1];
    // "national-convex": the national territory with the convex shapes of the first benchmarks.
    const bool convex_shapes = preset_name.ends_with("-convex");
    const std::string size = convex_shapes ? preset_name.substr(0, preset_name.size() - 7) : preset_name;
    const fs::path out = argv[2];
    std::uint64_t seed = 20261127;
    if (argc >= 5 && std::string(argv[3]) == "--seed") seed = std::stoull(argv[4]);
    Preset p{};
    if (size == "small") {
        p = {36, 4000, 4000, 1000, 60, 150, 100, 60};
    } else if (size == "national") {
        p = {187, 4000, 100000, 30000, 1500, 4000, 3000, 1000};
    } else {
        std::cerr << "unknown preset '" << preset_name << "': small, national, small-convex or national-convex\n";
        return 2;
    }
    Random rnd(seed);
    foncier::synth::Census census;
    const double x0 = 300000, y0 = 6300000;  // south-west corner, EPSG:2154
    const double side = p.grid * p.cell_m;
    const foncier::geom::Envelope extent{x0, y0, x0 + side, y0 + side};

    // Communes: Voronoi cells of a jittered grid; EPCI = blocks of 6 x 6 cells.
    std::vector<XY> seeds;
    for (int i = 0; i < p.grid; ++i) {
        for (int j = 0; j < p.grid; ++j) {
            seeds.push_back({x0 + (i + rnd.uniform(0.2, 0.8)) * p.cell_m, y0 + (j + rnd.uniform(0.2, 0.8)) * p.cell_m});
        }
    }
    std::cerr << "communes: " << seeds.size() << " Voronoi cells\n";
    auto cells = foncier::geom::voronoi_cells(seeds, extent);
    Table communes = table("communes", GeometryType::multipolygon,
                           {{"insee", FieldType::string}, {"nom", FieldType::string}, {"epci", FieldType::string},
                            {"epci_nom", FieldType::string}, {"pop", FieldType::integer}});
    const int blocks = (p.grid + 5) / 6;
    std::vector<std::string> commune_codes;
    for (std::size_t c = 0; c < cells.size(); ++c) {
        const XY at = cells[c].point_on_surface().xy();
        const int bi = static_cast<int>((at.x - x0) / p.cell_m) / 6;
        const int bj = static_cast<int>((at.y - y0) / p.cell_m) / 6;
        const int epci = bi * blocks + bj;
        const std::string insee = code(1 + static_cast<int>(c) / 999 % 95, 2) + code(1 + static_cast<int>(c) % 999, 3);
        commune_codes.push_back(insee);
        communes.rows.push_back({{Value{insee}, Value{"Commune synthétique " + std::to_string(c + 1)},
                                  Value{"2" + code(epci, 8)}, Value{"EPCI synthétique " + std::to_string(epci + 1)},
                                  Value{static_cast<std::int64_t>(std::exp(rnd.uniform(4.5, 9.5)))}},
                                 Geometry{}});
    }
    // Their borders: shared, wiggly lines (see Borders); then the cells are rebuilt from them.
    std::vector<std::vector<XY>> rings;
    for (const auto& cell : cells) {
        std::vector<XY> ring;
        for (const XY& v : exterior_ring(cell)) {
            const XY mm = to_mm(v);
            if (ring.empty() || mm.x != ring.back().x || mm.y != ring.back().y) ring.push_back(mm);
        }
        while (ring.size() > 1 && ring.front().x == ring.back().x && ring.front().y == ring.back().y) ring.pop_back();
        rings.push_back(std::move(ring));
    }
    Borders borders(seed, 250.0, extent);
    for (int pass = 0;; ++pass) {
        std::size_t invalid = 0;
        for (std::size_t c = 0; c < cells.size(); ++c) {
            Geometry shape = polygon(borders.cell(rings[c]));
            if (foncier::geom::check_validity(shape).valid) {
                communes.rows[c].geometry = foncier::geom::polygonal_parts(shape);
            } else {
                borders.straighten(rings[c]);
                ++invalid;
            }
        }
        if (invalid == 0) break;
        std::cerr << "communes: " << invalid << " cells with crossing borders, straightened (pass " << pass + 1 << ")\n";
        if (pass == 5) throw std::runtime_error("synthetic communes stay invalid after straightening their borders");
    }
    for (std::size_t c = 0; c < cells.size(); ++c) cells[c] = communes.rows[c].geometry.clone();

    // Which commune holds a point: R-tree candidates, then the prepared cell covering it.
    std::vector<foncier::geom::Envelope> cell_boxes;
    for (const auto& cell : cells) cell_boxes.push_back(cell.envelope());
    const foncier::index::SpatialIndex cell_tree(cell_boxes);
    std::vector<foncier::geom::PreparedGeometry> prepared_cells;
    for (const auto& cell : cells) prepared_cells.emplace_back(cell);
    auto commune_at = [&](XY at) -> std::size_t {
        const Geometry point = Geometry::from_wkt("POINT(" + std::to_string(at.x) + " " + std::to_string(at.y) + ")");
        for (std::size_t c : cell_tree.intersecting({at.x, at.y, at.x, at.y})) {
            if (prepared_cells[c].covers(point)) return c;
        }
        return 0;  // outside every cell: cannot happen inside the extent
    };

    // Brownfields: log-normal surfaces around 2 ha; 30 % points, some overlapping, some invalid.
    std::cerr << "friches: " << p.sites << "\n";
    const std::vector<std::string> statuts = {"friche potentielle", "friche sans projet", "friche avec projet",
                                              "friche reconvertie"};
    const std::vector<std::string> types = {"friche industrielle", "friche commerciale", "friche ferroviaire",
                                            "friche logistique", "inconnu"};
    const std::vector<std::string> pollution = {"inconnu", "inconnu", "pollution avérée", "pollution supposée",
                                                "pollution inexistante"};
    const std::vector<std::string> zonage = {"U", "U", "AUc", "A", "N", ""};
    const std::vector<std::string> owners = {"{P4a}", "{X1a}", "{G1a}", "{F2a}", "{P5a,G1a}"};
    Table friches = table("friches", GeometryType::multipolygon,
                          {{"site_id", FieldType::string}, {"site_nom", FieldType::string}, {"site_type", FieldType::string},
                           {"site_statut", FieldType::string}, {"comm_insee", FieldType::string},
                           {"site_surface", FieldType::real}, {"sol_pollution_existe", FieldType::string},
                           {"urba_zone_type", FieldType::string}, {"proprio_type", FieldType::string}});
    friches.geometry_type = GeometryType::none;  // mixed points and polygons: stored as WKT text below
    friches.fields.push_back({"wkt", FieldType::string, 0, 0, ""});
    XY previous{x0 + side / 2, y0 + side / 2};
    for (int s = 0; s < p.sites; ++s) {
        const double area = 20000.0 * std::exp(0.9 * rnd.normal());
        const bool overlap = rnd.uniform() < 0.02;
        const XY c = overlap ? XY{previous.x + std::sqrt(area) * 0.3, previous.y}
                             : XY{rnd.uniform(x0, x0 + side), rnd.uniform(y0, y0 + side)};
        previous = c;
        const double r = std::sqrt(area) / 2;
        std::string wkt;
        SiteShape shape = SiteShape::rectangle;
        if (convex_shapes) {
            const double u = rnd.uniform();
            shape = u < 0.3 ? SiteShape::point : u < 0.31 ? SiteShape::invalid : SiteShape::rectangle;
        } else {
            shape = foncier::synth::draw_site_shape(rnd);
        }
        if (shape == SiteShape::point) {
            wkt = "POINT(" + std::to_string(c.x) + " " + std::to_string(c.y) + ")";
        } else if (shape == SiteShape::invalid) {  // a bow tie: invalid on purpose
            wkt = "POLYGON((" + std::to_string(c.x - r) + " " + std::to_string(c.y - r) + "," + std::to_string(c.x + r) +
                  " " + std::to_string(c.y + r) + "," + std::to_string(c.x + r) + " " + std::to_string(c.y - r) + "," +
                  std::to_string(c.x - r) + " " + std::to_string(c.y + r) + "," + std::to_string(c.x - r) + " " +
                  std::to_string(c.y - r) + "))";
        } else if (shape == SiteShape::rectangle) {
            wkt = rectangle(c.x - r, c.y - r * 0.8, 2 * r, 1.6 * r).to_wkt(2);
        } else {
            int n = 1;
            wkt = foncier::synth::site_wkt(rnd, shape, c, area, n);
            census.parcels[static_cast<std::size_t>(std::min(n, 20))] += 1;
        }
        census.add(shape, wkt);
        // The declared commune is the one holding the centre, as in real inventories, except
        // for 3 % of data-entry errors (foncier reports those as commune_mismatch).
        const std::string& insee = rnd.uniform() < 0.03
                                       ? commune_codes[static_cast<std::size_t>(s) % commune_codes.size()]
                                       : commune_codes[commune_at(c)];
        friches.rows.push_back({{Value{insee + "_" + std::to_string(s + 1)}, Value{"Friche synthétique " + std::to_string(s + 1)},
                                 Value{rnd.pick(types)}, Value{rnd.pick(statuts)}, Value{insee}, Value{area},
                                 Value{rnd.pick(pollution)}, Value{rnd.pick(zonage)}, Value{rnd.pick(owners)}, Value{wkt}},
                                Geometry{}});
    }

    // Parks and their plots (2 x 2 to 4 x 4 partitions; as many wedges of a concave park).
    std::cerr << "parks: " << p.parks << "\n";
    Table parks = table("parks", GeometryType::multipolygon,
                        {{"site_id", FieldType::string}, {"site_nom", FieldType::string}, {"site_vocadomi", FieldType::string},
                         {"site_etat", FieldType::string}, {"reseau_fret_ferroviaire", FieldType::string}});
    Table plots = table("plots", GeometryType::multipolygon,
                        {{"terr_id", FieldType::string}, {"site_id", FieldType::string}, {"terr_etat_occup", FieldType::string},
                         {"terr_stade_comm", FieldType::string}});
    const std::vector<std::string> occupation = {"occupé", "occupé", "occupé", "inoccupé", "vacant", "friche"};
    const std::vector<std::string> commercialisation = {"vendu, commercialisation achevée", "en vente", "non commercialisé"};
    int plot_number = 0;
    for (int k = 0; k < p.parks; ++k) {
        const double w = rnd.uniform(300, 900), h = rnd.uniform(300, 900);
        const double x = rnd.uniform(x0, x0 + side - w), y = rnd.uniform(y0, y0 + side - h);
        const std::string id = "00000_SITE-ECO_" + code(k + 1, 5);
        parks.rows.push_back({{Value{id}, Value{"Parc synthétique " + std::to_string(k + 1)},
                               Value{std::string(rnd.uniform() < 0.5 ? "industrielle" : "artisanale")},
                               Value{std::string("existant et actif")}, Value{std::string(rnd.uniform() < 0.3 ? "oui" : "non")}},
                              convex_shapes ? rectangle(x, y, w, h) : Geometry{}});
        const int nx = 2 + static_cast<int>(rnd.next() % 3), ny = 2 + static_cast<int>(rnd.next() % 3);
        if (convex_shapes) {
            for (int i = 0; i < nx; ++i) {
                for (int j = 0; j < ny; ++j) {
                    plots.rows.push_back({{Value{"00000_TERRAIN-ECO_" + code(++plot_number, 6)}, Value{id},
                                           Value{rnd.pick(occupation)}, Value{rnd.pick(commercialisation)}},
                                          rectangle(x + i * w / nx, y + j * h / ny, w / nx, h / ny)});
                }
            }
            continue;
        }
        // A concave park of the rectangle's area, kept 800 m inside the extent, cut into as
        // many plots as the rectangle had.
        const XY centre{std::clamp(x + w / 2, x0 + 800, x0 + side - 800), std::clamp(y + h / 2, y0 + 800, y0 + side - 800)};
        const auto park = foncier::synth::concave_park(rnd, centre, w * h, nx * ny);
        census.add_park(park.ring, park.plots.size());
        parks.rows.back().geometry = Geometry::from_wkt(foncier::synth::polygon_wkt(park.ring));
        for (const auto& plot : park.plots) {
            plots.rows.push_back({{Value{"00000_TERRAIN-ECO_" + code(++plot_number, 6)}, Value{id},
                                   Value{rnd.pick(occupation)}, Value{rnd.pick(commercialisation)}},
                                  Geometry::from_wkt(foncier::synth::polygon_wkt(plot))});
        }
    }

    // Flood zones: buffered random-walk rivers (1 000 steps of 200 m).
    std::cerr << "rivers: " << p.rivers << "\n";
    Table flood = table("flood", GeometryType::multipolygon, {{"zone_id", FieldType::string}, {"type", FieldType::string}});
    for (int r = 0; r < p.rivers; ++r) {
        std::vector<XY> walk{{rnd.uniform(x0, x0 + side), rnd.uniform(y0, y0 + side)}};
        double heading = rnd.uniform(0, 2 * std::numbers::pi);
        for (int s = 0; s < 1000; ++s) {
            heading += 0.25 * rnd.normal();
            walk.push_back({walk.back().x + 200 * std::cos(heading), walk.back().y + 200 * std::sin(heading)});
        }
        flood.rows.push_back({{Value{"ZI-" + std::to_string(r + 1)}, Value{std::string("zone inondable (synthétique)")}},
                              foncier::geom::polygonal_parts(foncier::geom::buffer(foncier::geom::line(walk), rnd.uniform(150, 500), 4))});
    }
    // Protected areas: discs of 1 to 3 km.
    Table protect = table("protected", GeometryType::multipolygon, {{"zone_id", FieldType::string}, {"nom", FieldType::string}});
    for (int q = 0; q < p.protected_areas; ++q) {
        const XY c{rnd.uniform(x0, x0 + side), rnd.uniform(y0, y0 + side)};
        protect.rows.push_back({{Value{"PN-" + std::to_string(q + 1)}, Value{"Espace protégé synthétique " + std::to_string(q + 1)}},
                                foncier::geom::disc(c, std::pow(rnd.uniform(1000, 3000), 2) * std::numbers::pi, 48)});
    }
    auto points = [&](const char* name, int n) {
        Table t = table(name, GeometryType::point, {{"id", FieldType::string}, {"nom", FieldType::string}});
        for (int i = 0; i < n; ++i) {
            t.rows.push_back({{Value{std::string(name) + "-" + std::to_string(i + 1)}, Value{std::string(name) + " " + std::to_string(i + 1)}},
                              Geometry::point(rnd.uniform(x0, x0 + side), rnd.uniform(y0, y0 + side))});
        }
        return t;
    };
    Table stations = points("stations", p.stations);
    Table interchanges = points("interchanges", p.interchanges);

    fs::create_directories(out);
    const fs::path gpkg = out / "synth.gpkg";
    fs::remove(gpkg);
    std::cerr << "writing " << gpkg << "\n";
    foncier::io::write_geopackage(gpkg.string(), {&communes, &parks, &plots, &flood, &protect, &stations, &interchanges},
                                  "EPSG:2154");
    std::ofstream(out / "shapes.md") << census.markdown(preset_name, p.sites);
    fs::remove(out / "friches.csv");
    foncier::io::write_csv((out / "friches.csv").string(), friches, {false, false});

    const fs::path repo = fs::path(FONCIER_SOURCE_DIR);
    std::ofstream toml(out / "territory.toml");
    toml << "# Synthetic territory '" << preset_name << "' (foncier-synth, seed " << seed << "): NOT REAL DATA\n"
         << "name = \"synthetic " << preset_name << "\"\ncrs = \"EPSG:2154\"\noutput = \"out\"\n"
         << "profile = \"" << (repo / "geodata/profiles/val-de-lorraine-activite.toml").string() << "\"\n\n"
         << "[communes]\npath = \"synth.gpkg\"\nlayer = \"communes\"\nsynthetic = true\n"
         << "fields = { insee = \"insee\", nom = \"nom\", epci = \"epci\", epci_nom = \"epci_nom\", pop = \"pop\" }\n\n"
         << "[friches]\npath = \"friches.csv\"\nsource_crs = \"EPSG:2154\"\nwkt_field = \"wkt\"\nsynthetic = true\n"
         << "fields = { id = \"site_id\", nom = \"site_nom\", type = \"site_type\", statut = \"site_statut\", "
            "surface = \"site_surface\", insee = \"comm_insee\", pollution = \"sol_pollution_existe\", "
            "zonage = \"urba_zone_type\", catpro3 = \"proprio_type\" }\n\n"
         << "[stations]\npath = \"synth.gpkg\"\nlayer = \"stations\"\nsynthetic = true\nfields = { id = \"id\", nom = \"nom\" }\n\n"
         << "[parks]\npath = \"synth.gpkg\"\nlayer = \"parks\"\nsynthetic = true\n"
         << "fields = { id = \"site_id\", nom = \"site_nom\", vocation = \"site_vocadomi\", etat = \"site_etat\", "
            "fret = \"reseau_fret_ferroviaire\" }\n\n"
         << "[plots]\npath = \"synth.gpkg\"\nlayer = \"plots\"\nsynthetic = true\n"
         << "fields = { id = \"terr_id\", park = \"site_id\", etat = \"terr_etat_occup\", commercialisation = \"terr_stade_comm\" }\n\n"
         << "[[constraints]]\nname = \"flood\"\npath = \"synth.gpkg\"\nlayer = \"flood\"\nsynthetic = true\nfields = { id = \"zone_id\" }\n\n"
         << "[[constraints]]\nname = \"protected\"\npath = \"synth.gpkg\"\nlayer = \"protected\"\nsynthetic = true\n"
            "fields = { id = \"zone_id\", nom = \"nom\" }\n\n"
         << "[[access]]\nname = \"interchange\"\npath = \"synth.gpkg\"\nlayer = \"interchanges\"\nsynthetic = true\n"
            "fields = { id = \"id\", nom = \"nom\" }\n\n"
         << "[footprint]\nimplausible_ha = 1000\n";
    std::cerr << "territory: " << (out / "territory.toml") << "\n";
    return 0;
}
