#include "foncier/screen/query.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <toml++/toml.h>

#include "foncier/core/error.hpp"
#include "foncier/geom/operations.hpp"
#include "foncier/geom/prepared.hpp"
#include "foncier/geom/transformer.hpp"
#include "foncier/io/gpkg_select.hpp"
#include "foncier/io/reader.hpp"
#include "foncier/io/writer.hpp"
#include "foncier/index/spatial_index.hpp"
#include "foncier/ingest/config.hpp"
#include "foncier/ingest/load.hpp"
#include "foncier/output/publish.hpp"
#include "foncier/report/schema.hpp"

namespace foncier::screen {

namespace fs = std::filesystem;
namespace field = report::field;

namespace {


std::string gpkg_of(const Supply& s) { return (fs::path(s.out_dir) / "foncier.gpkg").string(); }

void require_field(const Supply& s, const std::string& field) {
    if (std::find(s.fields.begin(), s.fields.end(), field) != s.fields.end()) return;
    std::string list;
    for (const auto& f : all_fields(s)) list += (list.empty() ? "" : ", ") + f;
    throw ConfigError("unknown field '" + field + "' (valid fields: " + list + ")");
}

// The polygon of --within, in the working CRS.
geom::Geometry within_polygon(const Supply& s, const std::string& within) {
    const std::string upper = within.substr(0, 12);
    if (upper.rfind("POLYGON", 0) == 0 || upper.rfind("MULTIPOLYGON", 0) == 0) {
        return geom::Transformer("EPSG:4326", s.crs).apply(geom::Geometry::from_wkt(within));
    }
    if (fs::exists(within)) {
        const io::LayerData data = io::read_layer(within);
        if (data.crs.empty()) throw ConfigError("'" + within + "' declares no CRS: give the polygon as WKT in lon/lat");
        const geom::Transformer t(data.crs, s.crs);
        std::vector<geom::Geometry> parts;
        for (const auto& f : data.features) {
            if (!f.geometry.is_null()) parts.push_back(t.apply(f.geometry));
        }
        std::vector<const geom::Geometry*> ptrs;
        for (const auto& p : parts) ptrs.push_back(&p);
        return geom::dissolve(ptrs);
    }
    // A commune or an EPCI of the territory, by code or by name: the names first, then the
    // one geometry.
    const io::GeoPackageSelect db(gpkg_of(s));
    for (const auto& [layer, code, name] : {std::tuple{report::layer::communes, field::insee, field::nom},
                                            std::tuple{report::layer::epci, field::siren, field::nom}}) {
        const auto rows = db.select(layer, {code, name});
        for (std::size_t i = 0; i < rows.fids.size(); ++i) {
            if (to_text(rows.values[2 * i]) == within || fold(to_text(rows.values[2 * i + 1])) == fold(within)) {
                return std::move(db.geometries(layer, {rows.fids[i]}).front());
            }
        }
    }
    throw ConfigError("--within '" + within + "' is neither a WKT polygon, a file, nor a commune or EPCI of the territory");
}

// The attribute filters of a query on one record (run_query, and query_keep before the
// records are built).
bool attributes_match(const std::vector<Expression>& expressions, const QueryOptions& o, const Record& r) {
    auto value = [&](const std::string& f) {
        auto it = r.find(f);
        return it == r.end() ? Value{} : it->second;
    };
    bool ok = std::all_of(expressions.begin(), expressions.end(), [&](const auto& e) { return e.matches(r); });
    for (const auto& [f, v] : o.equals) {
        // Names match on a part ("Bassin de Pompey" finds "CC du Bassin de Pompey"), codes exactly.
        const std::string have = fold(to_text(value(f)));
        const bool name = f == field::epci_nom || f == field::commune || f == field::nom;
        ok = ok && (name ? !fold(v).empty() && have.find(fold(v)) != std::string::npos : have == fold(v));
    }
    for (const auto& [f, v] : o.min) ok = ok && to_number(value(f)) && *to_number(value(f)) >= v;
    for (const auto& [f, v] : o.max) ok = ok && to_number(value(f)) && *to_number(value(f)) <= v;
    return ok;
}

std::string describe(const QueryOptions& o) {
    std::string d;
    auto add = [&](const std::string& part) { d += (d.empty() ? "" : " and ") + part; };
    for (const auto& w : o.where) add("(" + w + ")");
    for (const auto& [f, v] : o.equals) add(f + " = '" + v + "'");
    for (const auto& [f, v] : o.min) add(f + " >= " + to_text(Value{v}));
    for (const auto& [f, v] : o.max) add(f + " <= " + to_text(Value{v}));
    if (o.near) {
        add("within " + to_text(Value{o.near->second}) + " m of (" + to_text(Value{o.near->first.x}) + ", " +
            to_text(Value{o.near->first.y}) + ")");
    }
    if (!o.within.empty()) add("inside " + o.within.substr(0, 60));
    if (o.near_layer) {
        add("within " + to_text(Value{o.near_layer->distance}) + " m of " +
            (o.near_layer->feature.empty() ? "any feature of " + o.near_layer->layer
                                           : o.near_layer->layer + " '" + o.near_layer->feature + "'"));
    }
    d = "foncier query: " + (d.empty() ? std::string("all") : d) + "; sorted by " + o.sort +
        (o.ascending ? " ascending" : " descending");
    if (o.limit > 0) d += ", first " + std::to_string(o.limit);
    return d;
}

}  // namespace

std::vector<analysis::Feature> context_features(const std::string& config_path, const std::string& layer) {
    ingest::TerritoryConfig config = ingest::load_territory(config_path);
    std::vector<std::string> names = {"stations", "parks"};
    for (const auto& c : config.access) names.push_back(c.name);
    for (const auto& c : config.constraints) names.push_back(c.name);
    if (std::find(names.begin(), names.end(), layer) == names.end()) {
        std::string list;
        for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
        throw ConfigError("no context layer '" + layer + "' in '" + config_path + "' (layers: " + list + ")");
    }
    // Read only that layer (and the communes, which every territory needs).
    std::erase_if(config.access, [&](const auto& c) { return c.name != layer; });
    std::erase_if(config.constraints, [&](const auto& c) { return c.name != layer; });
    if (layer != "stations") config.stations.reset();
    if (layer != "parks") config.parks.reset();
    config.friches.reset();
    config.plots.reset();
    config.establishments.reset();
    IssueLog ignored;
    ingest::Loaded loaded = ingest::load_inputs(config, ignored, no_progress());
    auto& t = loaded.territory;
    if (layer == "stations") return std::move(t.stations);
    if (layer == "parks") return std::move(t.parks->features);
    return std::move(!t.access.empty() ? t.access.front().features : t.constraints.front().features);
}

std::vector<std::string> query_fields(const Supply& s, const QueryOptions& o) {
    std::set<std::string> out;
    for (const auto& w : o.where) {
        for (auto& f : Expression(w, s.fields).fields()) out.insert(std::move(f));
    }
    for (const auto& [f, v] : o.equals) out.insert(f);
    for (const auto& [f, v] : o.min) out.insert(f);
    for (const auto& [f, v] : o.max) out.insert(f);
    out.insert(o.sort);
    return {out.begin(), out.end()};
}

Keep query_keep(const Supply& s, const QueryOptions& o) {
    auto expressions = std::make_shared<std::vector<Expression>>();
    for (const auto& w : o.where) expressions->emplace_back(w, s.fields);
    std::set<std::string> fields;
    for (const auto& e : *expressions) {
        for (auto& f : e.fields()) fields.insert(std::move(f));
    }
    for (const auto& [f, v] : o.equals) fields.insert(f);
    for (const auto& [f, v] : o.min) fields.insert(f);
    for (const auto& [f, v] : o.max) fields.insert(f);
    return {{fields.begin(), fields.end()}, [expressions, o](const Record& r, bool, std::int64_t) {
                return attributes_match(*expressions, o, r);
            }};
}

QueryResult run_query(const Supply& s, const QueryOptions& o) {
    std::vector<Expression> expressions;
    try {
        for (const auto& w : o.where) expressions.emplace_back(w, s.fields);
    } catch (const ExpressionError&) {
        // The same error, listing every field: a field the query names is listed in both.
        if (!s.fields_complete) {
            const std::vector<std::string> fields = all_fields(s);
            for (const auto& w : o.where) (void)Expression(w, fields);
        }
        throw;
    }
    for (const auto& [f, v] : o.equals) require_field(s, f);
    for (const auto& [f, v] : o.min) require_field(s, f);
    for (const auto& [f, v] : o.max) require_field(s, f);
    require_field(s, o.sort);
    std::optional<geom::Geometry> within;
    std::optional<geom::PreparedGeometry> prepared;
    if (!o.within.empty()) {
        within = within_polygon(s, o.within);
        prepared.emplace(*within);
    }
    std::optional<geom::Geometry> near;
    if (o.near) near = geom::Transformer("EPSG:4326", s.crs).apply(geom::Geometry::point(o.near->first.x, o.near->first.y));

    std::vector<analysis::Feature> targets;
    std::optional<index::SpatialIndex> target_index;
    if (o.near_layer) {
        for (auto& f : context_features(s.config_path, o.near_layer->layer)) {
            if (o.near_layer->feature.empty() || fold(f.nom) == fold(o.near_layer->feature) ||
                fold(f.id) == fold(o.near_layer->feature)) {
                targets.push_back(std::move(f));
            }
        }
        if (targets.empty()) {
            throw ConfigError("no feature '" + o.near_layer->feature + "' in the layer '" + o.near_layer->layer + "'");
        }
        std::vector<geom::Envelope> boxes;
        for (const auto& f : targets) boxes.push_back(f.geometry.envelope());
        target_index.emplace(boxes);
    }

    QueryResult out;
    out.description = describe(o);
    // The attribute filters first, on every record; then the spatial ones on the records left,
    // whose geometries are read now when the supply holds none.
    for (std::size_t i = 0; i < s.records.size(); ++i) {
        if (attributes_match(expressions, o, s.records[i])) out.rows.push_back(i);
    }
    if (prepared || near || target_index) {
        std::vector<geom::Geometry> read;
        const bool in_memory = !s.geometries.empty() || s.fids.empty();
        if (!in_memory) read = read_geometries(s, out.rows);
        std::vector<std::size_t> kept;
        for (std::size_t k = 0; k < out.rows.size(); ++k) {
            const std::size_t i = out.rows[k];
            const geom::Geometry& g = in_memory ? s.geometries[i] : read[k];
            bool ok = true;
            if (ok && prepared) ok = prepared->covers(g.point_on_surface());
            if (ok && near) ok = g.distance(*near) <= o.near->second;
            if (ok && target_index) {
                geom::Envelope e = g.envelope();
                const double d = o.near_layer->distance;
                e = {e.minx - d, e.miny - d, e.maxx + d, e.maxy + d};
                const auto candidates = target_index->intersecting(e);
                ok = std::any_of(candidates.begin(), candidates.end(),
                                 [&](std::size_t t) { return g.distance(targets[t].geometry) <= d; });
            }
            if (ok) kept.push_back(i);
        }
        out.rows = std::move(kept);
    }
    auto key = [&](std::size_t i) {
        auto it = s.records[i].find(o.sort);
        return it == s.records[i].end() ? Value{} : it->second;
    };
    std::stable_sort(out.rows.begin(), out.rows.end(), [&](std::size_t a, std::size_t b) {
        const Value va = key(a), vb = key(b);
        if (is_null(va) != is_null(vb)) return is_null(vb);  // nulls last
        if (is_null(va)) return false;
        const auto na = to_number(va), nb = to_number(vb);
        const bool less = na && nb ? *na < *nb : to_text(va) < to_text(vb);
        const bool greater = na && nb ? *na > *nb : to_text(va) > to_text(vb);
        return o.ascending ? less : greater;
    });
    if (o.limit > 0 && out.rows.size() > o.limit) out.rows.resize(o.limit);
    return out;
}

void write_query(const Supply& s, const QueryResult& result, const std::string& path, std::string format) {
    if (format.empty()) {
        format = fs::path(path).extension().string();
        if (!format.empty()) format.erase(0, 1);
    }
    if (format != "gpkg" && format != "geojson" && format != "shp" && format != "csv") {
        throw ConfigError("--format must be gpkg, geojson, shp or csv, not '" + format + "'");
    }
    if (!s.every_field || (s.geometries.empty() && !s.fids.empty())) {
        // Read with only the filters' fields: every field and the geometry of the rows written.
        auto written = std::make_shared<std::set<std::pair<bool, std::int64_t>>>();
        for (std::size_t i : result.rows) written->emplace(s.plot[i] != 0, s.fids[i]);
        Supply full;
        full.fields = s.fields;
        full.out_dir = s.out_dir;
        full.config_path = s.config_path;
        full.crs = s.crs;
        read_supply(full, std::nullopt, false,
                    {{}, [written](const Record&, bool plot, std::int64_t fid) { return written->contains({plot, fid}); }});
        std::map<std::pair<bool, std::int64_t>, std::size_t> where;
        for (std::size_t k = 0; k < full.records.size(); ++k) where.emplace(std::pair{full.plot[k] != 0, full.fids[k]}, k);
        Supply rows;
        rows.fields = full.fields;
        rows.out_dir = s.out_dir;
        rows.config_path = s.config_path;
        rows.crs = s.crs;
        for (std::size_t i : result.rows) {
            const std::size_t k = where.at({s.plot[i] != 0, s.fids[i]});
            rows.records.push_back(std::move(full.records[k]));
            rows.fids.push_back(full.fids[k]);
            rows.plot.push_back(full.plot[k]);
        }
        rows.geometries = read_geometries(rows, {});
        QueryResult all = result;
        for (std::size_t k = 0; k < all.rows.size(); ++k) all.rows[k] = k;
        write_query(rows, all, path, format);
        return;
    }
    // Never over an existing file, never half written: the file goes into place complete.
    std::vector<std::string> inputs = ingest::input_paths(ingest::load_territory(s.config_path));
    inputs.push_back(gpkg_of(s));
    output::StagingFile staging(path, inputs);
    const std::string written = staging.path().string();
    io::Table t;
    t.name = fs::path(path).stem().string();
    t.geometry_type = io::GeometryType::multipolygon;
    t.description = result.description;
    for (const auto& f : s.fields) {
        const bool numeric = std::all_of(result.rows.begin(), result.rows.end(), [&](std::size_t i) {
            auto it = s.records[i].find(f);
            return it == s.records[i].end() || is_null(it->second) || !std::holds_alternative<std::string>(it->second);
        });
        t.fields.push_back({f, numeric ? io::FieldType::real : io::FieldType::string, numeric ? 0 : 254, 0, ""});
    }
    for (std::size_t i : result.rows) {
        io::Table::Row row;
        for (const auto& f : s.fields) {
            auto it = s.records[i].find(f);
            Value v = it == s.records[i].end() ? Value{} : it->second;
            if (t.fields[row.values.size()].type == io::FieldType::real && !is_null(v)) v = *to_number(v);
            row.values.push_back(std::move(v));
        }
        row.geometry = geom::polygonal_parts(s.geometries[i]).is_empty() ? s.geometries[i].clone()
                                                                          : geom::polygonal_parts(s.geometries[i]);
        t.rows.push_back(std::move(row));
    }
    if (format == "csv") {
        io::write_csv(written, t);
    } else if (format == "gpkg") {
        io::write_geopackage(written, {&t}, s.crs);
    } else {
        const std::string scratch = written + ".scratch.gpkg";
        fs::remove(scratch);
        io::write_geopackage(scratch, {&t}, s.crs);
        io::export_layer(scratch, t.name, written, format == "geojson" ? io::ExportFormat::geojson : io::ExportFormat::shapefile,
                         result.description);
        fs::remove(scratch);
    }
    if (format == "shp" || format == "csv") {
        std::ofstream(written + ".query.txt") << result.description << "\n";
    }
    staging.publish();
}

Needs load_needs(const std::string& path, const std::vector<std::string>& fields) {
    if (!fs::exists(path)) throw ConfigError("needs file '" + path + "' does not exist");
    toml::table root;
    try {
        root = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        throw ConfigError("needs file '" + path + "', line " + std::to_string(e.source().begin.line) + ": " +
                          std::string(e.description()));
    }
    Needs n;
    n.name = root["name"].value_or(fs::path(path).stem().string());
    n.description = root["description"].value_or(std::string{});
    auto where = [&](const toml::node& node) { return "needs file '" + path + "', line " + std::to_string(node.source().begin.line); };
    auto expression = [&](const toml::node& node, const std::string& text) {
        try {
            return Expression(text, fields);
        } catch (const ExpressionError& e) {
            throw ConfigError(where(node) + ": \"" + text + "\": " + e.what());
        }
    };
    if (const toml::array* require = root["require"].as_array()) {
        for (const auto& item : *require) {
            auto text = item.value<std::string>();
            if (!text) throw ConfigError(where(item) + ": require lists expressions such as \"surf_ha >= 3\"");
            n.require.push_back({*text, expression(item, *text)});
        }
    }
    if (const toml::array* prefer = root["prefer"].as_array()) {
        for (const auto& item : *prefer) {
            const toml::table* t = item.as_table();
            auto text = t != nullptr ? (*t)["when"].value<std::string>() : std::nullopt;
            if (!text) throw ConfigError(where(item) + ": each [[prefer]] needs when = \"<expression>\"");
            const double weight = (*t)["weight"].value_or(1.0);
            if (!std::isfinite(weight) || weight <= 0 || weight > 1e6) {
                throw ConfigError(where(item) + ": [[prefer]] weight must be a positive finite number (up to 1e6)");
            }
            n.prefer.push_back({(*t)["label"].value_or(*text), expression(item, *text), weight});
        }
    }
    if (n.require.empty()) throw ConfigError("needs file '" + path + "' has no require = [...] list");
    return n;
}

std::vector<std::string> needs_fields(const Needs& needs) {
    std::set<std::string> out = {"score"};
    for (const auto& r : needs.require) {
        for (auto& f : r.expression.fields()) out.insert(std::move(f));
    }
    for (const auto& p : needs.prefer) {
        for (auto& f : p.expression.fields()) out.insert(std::move(f));
    }
    return {out.begin(), out.end()};
}

MatchResult match(const Supply& s, const Needs& needs) {
    MatchResult out;
    double total = 0.0;
    for (const auto& p : needs.prefer) total += p.weight;
    for (std::size_t i = 0; i < s.records.size(); ++i) {
        const Record& r = s.records[i];
        std::vector<std::size_t> failed;
        for (std::size_t q = 0; q < needs.require.size(); ++q) {
            if (!needs.require[q].expression.matches(r)) failed.push_back(q);
        }
        if (failed.empty()) {
            Match m{i, 0.0, {}};
            double met = 0.0;
            for (const auto& p : needs.prefer) {
                m.preferences_met.push_back(p.expression.matches(r));
                met += m.preferences_met.back() ? p.weight : 0.0;
            }
            m.fit = total > 0 ? std::round(1000.0 * met / total) / 10.0 : 100.0;
            out.matches.push_back(std::move(m));
        } else if (failed.size() == 1) {
            const auto& req = needs.require[failed[0]];
            std::string why = "fails \"" + req.text + "\"";
            if (const auto gap = req.expression.gap(r)) {
                why = gap->field + " = " + to_text(Value{round_to(gap->value, 3)}) + ": would match if the limit of \"" +
                      req.text + "\" were " + to_text(Value{round_to(gap->value, 3)});
            } else if (!r.contains(req.expression.text())) {
                why += " (value unknown or not met)";
            }
            out.near_misses.push_back({i, failed[0], why});
        }
    }
    auto score = [&](std::size_t i) {
        auto it = s.records[i].find(field::score);
        return it == s.records[i].end() ? -1.0 : to_number(it->second).value_or(-1.0);
    };
    std::stable_sort(out.matches.begin(), out.matches.end(), [&](const Match& a, const Match& b) {
        return a.fit != b.fit ? a.fit > b.fit : score(a.row) > score(b.row);
    });
    return out;
}

Keep match_keep(const Needs& needs) {
    return {needs_fields(needs), [&needs](const Record& r, bool, std::int64_t) {
                std::size_t failed = 0;
                for (const auto& req : needs.require) {
                    if (!req.expression.matches(r)) ++failed;
                }
                return failed <= 1;
            }};
}

std::string how_met(const Supply& s, const Needs& needs, std::size_t row) {
    std::string out;
    const Record& r = s.records[row];
    for (const auto& req : needs.require) {
        out += (out.empty() ? "" : "; ") + req.text + (req.expression.matches(r) ? " ✓" : " ✗");
        if (const auto gap = req.expression.gap(r)) out += " (" + gap->field + " = " + to_text(Value{round_to(gap->value, 3)}) + ")";
    }
    return out;
}

}  // namespace foncier::screen
