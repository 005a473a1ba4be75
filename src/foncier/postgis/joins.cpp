#include "foncier/postgis/joins.hpp"

#include <algorithm>

#include "foncier/core/error.hpp"

namespace foncier::postgis {

namespace {

std::size_t index_of(const Value& v, std::size_t n, const char* what) {
    const auto i = std::get_if<std::int64_t>(&v);
    if (i == nullptr || *i < 0 || static_cast<std::size_t>(*i) >= n) {
        throw IoError(std::string("PostGIS engine: the server returned an invalid ") + what + " index");
    }
    return static_cast<std::size_t>(*i);
}

double number_of(const Value& v) {
    if (const auto* d = std::get_if<double>(&v)) return *d;
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    return 0.0;
}

}  // namespace

PostgisJoins::PostgisJoins(const std::string& connection, const std::string& crs) : m_session(connection, crs) {}

template <class T>
std::string PostgisJoins::table_of(const std::vector<T>& items, bool with_insee) {
    const auto key = std::make_pair(static_cast<const void*>(items.data()), items.size());
    if (auto it = m_tables.find(key); it != m_tables.end()) return it->second;
    io::Table t;
    t.name = "t" + std::to_string(m_tables.size());
    // Sites, communes and zones are MultiPolygons; point layers (stations, interchanges) points.
    const bool points = !items.empty() && std::all_of(items.begin(), items.end(), [](const T& item) {
        return item.geometry.kind() == geom::GeometryKind::point;
    });
    t.geometry_type = points ? io::GeometryType::point : io::GeometryType::multipolygon;
    t.fields.push_back({"idx", io::FieldType::integer, 0, 0, ""});
    if (with_insee) t.fields.push_back({"insee", io::FieldType::string, 0, 0, ""});
    for (std::size_t i = 0; i < items.size(); ++i) {
        std::vector<Value> values{Value{static_cast<std::int64_t>(i)}};
        if constexpr (requires { items[i].insee; }) {
            if (with_insee) values.emplace_back(items[i].insee);
        }
        t.rows.push_back({std::move(values), items[i].geometry.clone()});
    }
    m_session.upload(t);
    const std::string name = m_session.schema() + "." + t.name;
    m_tables.emplace(key, name);
    return name;
}

std::vector<analysis::Assignment> PostgisJoins::assign_communes(const std::vector<analysis::Site>& sites,
                                                                const std::vector<analysis::Commune>& communes) {
    std::vector<analysis::Assignment> out(sites.size());
    if (sites.empty() || communes.empty()) return out;
    const std::string s = table_of(sites);
    const std::string c = table_of(communes, true);
    // Every commune part of positive area; the largest wins, ties to the lowest INSEE.
    const auto rows = m_session.query(
        "SELECT site, count(*)::int8 AS n, sum(a) AS inside, max(a) AS largest,"
        " (array_agg(commune ORDER BY a DESC, insee))[1]::int8 AS best FROM ("
        " SELECT s.idx AS site, c.idx AS commune, c.insee, ST_Area(ST_Intersection(s.geom, c.geom)) AS a"
        " FROM " + s + " s JOIN " + c + " c ON ST_Intersects(s.geom, c.geom)) p"
        " WHERE a > 0 GROUP BY site ORDER BY site");
    for (const auto& row : rows) {
        auto& a = out[index_of(row[0], sites.size(), "site")];
        a.n_communes = static_cast<std::size_t>(number_of(row[1]));
        a.inside_m2 = number_of(row[2]);
        a.largest_m2 = number_of(row[3]);
        a.commune = index_of(row[4], communes.size(), "commune");
    }
    return out;
}

std::vector<analysis::Nearest> PostgisJoins::nearest_features(const std::vector<analysis::Site>& sites,
                                                              const std::vector<analysis::Feature>& features) {
    std::vector<analysis::Nearest> out(sites.size());
    if (sites.empty() || features.empty()) return out;
    const std::string s = table_of(sites);
    const std::string f = table_of(features);
    // <-> is the exact distance, ordered through the GiST index (PostGIS >= 2.2) only when it
    // is the sole sort key: the inner query takes the 8 nearest by the index, the outer one
    // breaks ties on the lowest feature index, as in process.
    const auto rows = m_session.query(
        "SELECT s.idx AS site, n.idx AS feat, n.d FROM " + s + " s CROSS JOIN LATERAL ("
        " SELECT k.idx, ST_Distance(s.geom, k.geom) AS d FROM ("
        "  SELECT f.idx, f.geom FROM " + f + " f ORDER BY s.geom <-> f.geom LIMIT 8) k"
        " ORDER BY d, k.idx LIMIT 1) n ORDER BY s.idx");
    for (const auto& row : rows) {
        auto& n = out[index_of(row[0], sites.size(), "site")];
        n.feature = index_of(row[1], features.size(), "feature");
        n.distance_m = number_of(row[2]);
    }
    return out;
}

std::vector<double> PostgisJoins::coverage_shares(const std::vector<analysis::Site>& sites,
                                                  const std::vector<analysis::Feature>& zones) {
    std::vector<double> out(sites.size(), 0.0);
    if (sites.empty() || zones.empty()) return out;
    const std::string s = table_of(sites);
    const std::string z = table_of(zones);
    // Large zones (flood bands) cut into pieces of at most 256 vertices, so the index filters
    // well; overlapping zones count once (union of the parts).
    const std::string sub = z + "_sub";
    m_session.execute("CREATE TABLE " + sub + " AS SELECT idx, ST_Subdivide(geom, 256) AS geom FROM " + z);
    m_session.execute("CREATE INDEX ON " + sub + " USING gist (geom)");
    m_session.execute("ANALYZE " + sub);
    const auto rows = m_session.query(
        "SELECT s.idx AS site, least(1.0, ST_Area(ST_Union(ST_Intersection(s.geom, z.geom))) / ST_Area(s.geom))::float8"
        " FROM " + s + " s JOIN " + sub + " z ON ST_Intersects(s.geom, z.geom) GROUP BY s.idx, s.geom ORDER BY s.idx");
    for (const auto& row : rows) out[index_of(row[0], sites.size(), "site")] = number_of(row[1]);
    return out;
}

std::vector<analysis::ZoneLink> PostgisJoins::largest_zone(const std::vector<analysis::Site>& sites,
                                                           const std::vector<analysis::Feature>& zones) {
    std::vector<analysis::ZoneLink> out(sites.size());
    if (sites.empty() || zones.empty()) return out;
    const std::string s = table_of(sites);
    const std::string z = table_of(zones);
    const auto rows = m_session.query(
        "SELECT DISTINCT ON (site) site, zidx, least(1.0, share)::float8 FROM ("
        " SELECT s.idx AS site, z.idx AS zidx, ST_Area(ST_Intersection(s.geom, z.geom)) / ST_Area(s.geom) AS share"
        " FROM " + s + " s JOIN " + z + " z ON ST_Intersects(s.geom, z.geom)) p"
        " WHERE share > 0 ORDER BY site, share DESC, zidx");
    for (const auto& row : rows) {
        auto& link = out[index_of(row[0], sites.size(), "site")];
        link.zone = index_of(row[1], zones.size(), "zone");
        link.share = number_of(row[2]);
    }
    return out;
}

}  // namespace foncier::postgis
