#include "foncier/cnig/friches_export.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "foncier/cnig/schema.hpp"
#include "foncier/core/value.hpp"
#include "foncier/geom/transformer.hpp"

namespace foncier::cnig {

namespace {

// "{a,"b, c"}" (PostgreSQL arrays in Cartofriches exports) -> "a|b, c".
std::string pipe_list(const std::string& v) {
    if (v.size() < 2 || v.front() != '{' || v.back() != '}') return v;
    std::vector<std::string> items(1);
    bool quoted = false;
    for (std::size_t i = 1; i + 1 < v.size(); ++i) {
        const char c = v[i];
        if (c == '"') {
            quoted = !quoted;
        } else if (c == ',' && !quoted) {
            items.emplace_back();
        } else {
            items.back().push_back(c);
        }
    }
    std::string out;
    for (const auto& item : items) {
        if (trim(item).empty()) continue;
        out += (out.empty() ? "" : "|") + trim(item);
    }
    return out;
}

std::string source_value(const analysis::Site& site, const std::string& field) {
    if (!site.source_row) return {};
    const auto& row = *site.source_row;
    auto text_of = [&](const std::string& name) {
        const auto it = row.find(name);
        return it != row.end() ? trim(to_text(it->second)) : std::string{};
    };
    if (std::string v = text_of(field); !v.empty()) return v;
    for (const auto& [legacy, name] : friches_legacy_names()) {
        if (name != field) continue;
        if (std::string v = text_of(legacy); !v.empty()) return v;
    }
    return {};
}

std::string number_text(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    std::string s = buf;
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    return s;
}

// "YYYY-MM-DDTHH:MM:SS" written in UTC from a local (Europe/Paris) midnight: the Cartofriches
// export turns 2003-01-01 into 2002-12-31T23:00:00. Dates at 22:00 or 23:00 are the next day.
std::string local_date(const std::string& v) {
    int y = 0, m = 0, d = 0, hh = 0;
    if (std::sscanf(v.c_str(), "%4d-%2d-%2dT%2d", &y, &m, &d, &hh) != 4 &&
        std::sscanf(v.c_str(), "%4d-%2d-%2d %2d", &y, &m, &d, &hh) != 4) {
        return v.substr(0, 10);
    }
    if (hh >= 22) {
        static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        const int month_days = m == 2 && leap ? 29 : days[(m - 1) % 12];
        if (++d > month_days) {
            d = 1;
            if (++m > 12) {
                m = 1;
                ++y;
            }
        }
    }
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
}

// Converts a source value to the field's form; `note` says what was changed.
std::string convert(const Field& f, std::string v, std::string& note) {
    v = pipe_list(v);
    if (v.empty()) return v;
    if ((f.name == "proprio_personne" || f.name == "bati_type") && v.find(", ") != std::string::npos) {
        // Cartofriches separates these lists with ", ", the standard with "|".
        std::string piped;
        for (std::size_t start = 0;;) {
            const auto end = v.find(", ", start);
            piped += (piped.empty() ? "" : "|") + v.substr(start, end - start);
            if (end == std::string::npos) break;
            start = end + 2;
        }
        note = "\"" + v + "\" written as the list \"" + piped + "\"";
        v = piped;
    }
    if (f.type == "integer") {
        try {
            std::size_t used = 0;
            const double d = std::stod(v, &used);
            if (used != v.size()) throw std::invalid_argument(v);
            const std::string out = std::to_string(std::llround(d));
            if (out != v) note = "\"" + v + "\" rounded to " + out;
            return out;
        } catch (const std::exception&) {
            note = "\"" + v + "\" is not a number: left empty";
            return {};
        }
    }
    if (f.type == "date" && f.format == "%Y" && v.size() > 4 && std::isdigit(static_cast<unsigned char>(v[0]))) {
        const std::string year = local_date(v).substr(0, 4);
        note = "\"" + v + "\" reduced to its (local) year " + year;
        return year;
    }
    if (f.type == "date" && f.format == "%Y-%m-%d" && v.size() > 10) {
        const std::string date = local_date(v);
        note = "\"" + v + "\" reduced to its (local) date " + date;
        return date;
    }
    if (!f.enumeration.empty() && std::find(f.enumeration.begin(), f.enumeration.end(), v) == f.enumeration.end()) {
        const bool has_unknown = std::find(f.enumeration.begin(), f.enumeration.end(), "inconnu") != f.enumeration.end();
        note = "\"" + v + "\" is not a value of the standard: " + (has_unknown ? "written \"inconnu\"" : "left empty");
        return has_unknown ? "inconnu" : "";
    }
    return v;
}

}  // namespace

FrichesExport friches_export(const std::vector<const analysis::Site*>& sites,
                             const std::vector<std::map<std::string, std::string>>& extras,
                             const std::string& working_crs) {
    const TableSchema& s = schema(Standard::friches);
    FrichesExport out;
    out.table.name = "friches_cnig";
    out.table.geometry_type = io::GeometryType::point;
    for (const auto& f : s.fields) out.table.fields.push_back({f.name, io::FieldType::string, 254, 0, f.title});
    std::vector<std::string> extra_names;
    for (const auto& e : extras) {
        for (const auto& [k, v] : e) {
            if (std::find(extra_names.begin(), extra_names.end(), k) == extra_names.end()) extra_names.push_back(k);
        }
    }
    for (const auto& k : extra_names) out.table.fields.push_back({"foncier_" + k, io::FieldType::string, 254, 0, ""});

    const geom::Transformer to_wgs84(working_crs, "EPSG:4326");
    for (std::size_t i = 0; i < sites.size(); ++i) {
        const analysis::Site& site = *sites[i];
        std::vector<Value> row;
        for (const auto& f : s.fields) {
            std::string note;
            std::string v;
            if (f.name == "geompoint") {
                const XY p = site.point ? *site.point : site.geometry.point_on_surface().xy();
                const XY ll = to_wgs84.apply(p);
                v = "POINT(" + number_text(ll.x, 7) + " " + number_text(ll.y, 7) + ")";
            } else if (f.name == "geomsurf") {
                // Only a drawn perimeter is a perimeter: estimated discs are not exported.
                if (site.source == analysis::FootprintSource::polygon) v = to_wgs84.apply(site.geometry).to_wkt(7);
            } else if (f.name == "desserte_distance" && source_value(site, f.name).empty()) {
                // Cartofriches gives the three distances apart, in metres; the standard wants km.
                const std::string road = source_value(site, "desserte_distance_route");
                const std::string rail = source_value(site, "desserte_distance_ferroviaire");
                const std::string water = source_value(site, "desserte_distance_fluvial");
                if (!road.empty() && !rail.empty() && !water.empty()) {
                    auto km = [](const std::string& m) { return std::to_string(std::llround(std::stod(m) / 1000.0)); };
                    v = km(road) + "|" + km(rail) + "|" + km(water);
                }
            } else {
                v = convert(f, source_value(site, f.name), note);
                if (v.empty() && f.name == "urba_zaer") v = "inconnu";  // required since v1.0.6
                if (v.empty() && f.name == "site_type") v = "inconnu";
            }
            if (!note.empty()) out.notes.push_back({site.site_id, f.name, note, false});
            row.emplace_back(v.empty() ? Value{} : Value{v});
        }
        for (const auto& k : extra_names) {
            auto it = extras[i].find(k);
            row.emplace_back(it == extras[i].end() || it->second.empty() ? Value{} : Value{it->second});
        }
        const XY p = site.point ? *site.point : site.geometry.point_on_surface().xy();
        out.table.rows.push_back({std::move(row), geom::Geometry::point(p.x, p.y)});
    }
    return out;
}

io::Table with_shapefile_names(const io::Table& table) {
    io::Table out{table.name, table.geometry_type, table.fields, {}};
    for (auto& f : out.fields) {
        f.name = f.name.rfind("foncier_", 0) == 0 ? ("F_" + f.name.substr(8)).substr(0, 10) : friches_shapefile_name(f.name);
    }
    for (const auto& row : table.rows) out.rows.push_back({row.cells(), row.shape().clone()});
    return out;
}

}  // namespace foncier::cnig
