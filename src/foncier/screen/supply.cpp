// Reading the land supply from a run's outputs for `query` and `match`: the sites table's
// columns asked for, the measures asked for (one pass over the measures table), the available
// plots with their park's fields; through io's direct GeoPackage reader, not whole OGR layers.

#include <algorithm>
#include <functional>
#include <future>
#include <filesystem>
#include <map>
#include <set>
#include <unordered_map>

#include "foncier/core/error.hpp"
#include "foncier/ingest/config.hpp"
#include "foncier/io/gpkg_select.hpp"
#include "foncier/pipeline/manifest.hpp"
#include "foncier/pipeline/run.hpp"
#include "foncier/report/schema.hpp"
#include "foncier/screen/query.hpp"

namespace foncier::screen {

namespace fs = std::filesystem;
namespace field = report::field;

namespace {

std::string gpkg_of(const Supply& s) { return (fs::path(s.out_dir) / "foncier.gpkg").string(); }

// What the commands print of every record (query's table, match's list): always read.
const std::set<std::string>& shown() {
    static const std::set<std::string> fields = {"objet", field::site_id, field::nom, field::commune, field::surf_ha, field::score, field::classe};
    return fields;
}

// A plot's fields taken from its park.
constexpr const char* k_park_fields[] = {field::insee, field::epci, field::epci_nom, field::vocation, field::fret, field::nom};

Value value_of(const io::ValueView& v);

// Rows of a table as read: `columns` values per row, row-major.
struct Rows {
    std::vector<std::string> columns;
    std::vector<Value> values;
    std::vector<std::int64_t> fids;
};

// The known values of the measures wanted, from one pass over a range of the measures table,
// in fid order, and the names of the measures it found known. SQLite skips the other rows:
// the table has a row per site and measure (1.9 million nationally) and a filter reads two
// or three measures.
struct MeasureScan {
    struct Row {
        std::string site, measure;
        Value value;
    };
    std::vector<Row> rows;
    std::set<std::string, std::less<>> known;
};

MeasureScan scan_measures(const std::string& gpkg, const io::Condition& where, std::int64_t first_fid, std::int64_t last_fid,
                          const std::function<bool(std::string_view)>& want) {
    MeasureScan out;
    const io::GeoPackageSelect db(gpkg);
    db.scan_where(report::layer::measures, {field::site_id, field::measure, field::num, field::texte}, where,
                  [&](std::int64_t, std::span<const io::ValueView> v) {
                      const auto* site = std::get_if<std::string_view>(&v[0]);
                      const auto* measure = std::get_if<std::string_view>(&v[1]);
                      if (site == nullptr || measure == nullptr) return;
                      if (!out.known.contains(*measure)) out.known.emplace(*measure);
                      if (!want(*measure)) return;
                      out.rows.push_back({std::string(*site), std::string(*measure),
                                          value_of(std::holds_alternative<std::monostate>(v[2]) ? v[3] : v[2])});
                  }, first_fid, last_fid);
    return out;
}

// The fields a filter may use: the sites' columns, the measures known for some site, and
// those of the available plots.
std::vector<std::string> fields_of(const io::GeoPackageSelect& db, const std::set<std::string, std::less<>>& measures) {
    std::set<std::string> fields = {"objet", field::surf_ha};
    for (const auto& c : db.columns(report::layer::sites)) fields.insert(c);
    fields.insert(measures.begin(), measures.end());
    if (db.has_table(report::layer::plots)) {
        for (const char* f : {field::park_id, field::occup, field::commerc}) fields.insert(f);
        for (const char* f : k_park_fields) fields.insert(f);
    }
    if (db.has_table(report::layer::parks)) fields.insert(field::fret);
    return {fields.begin(), fields.end()};
}

Value value_of(const io::ValueView& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return Value{*i};
    if (const auto* d = std::get_if<double>(&v)) return Value{*d};
    if (const auto* t = std::get_if<std::string_view>(&v)) return Value{std::string(*t)};
    return Value{};
}

}  // namespace

Supply open_supply(const std::string& config_path, const std::string& out_dir) {
    const ingest::TerritoryConfig config = ingest::load_territory(config_path);
    Supply s;
    s.out_dir = out_dir.empty() ? config.output : out_dir;
    s.config_path = config_path;
    s.crs = config.crs;
    // Sizes and dates of the inputs against run.json, as `score` does: no input is hashed.
    if (!pipeline::outputs_up_to_date(config, s.out_dir, s.why)) {
        (void)pipeline::run({.config_path = config_path,
                             .out_dir = s.out_dir,
                             .overwrite = true,
                             .strict = false,
                             .profile = {},
                             .formats = {},
                             .engine_postgis = {},
                             .retain = false});
        s.analysed_now = true;
    }
    // The measures' names from the first rows (every site has a row per measure, known or
    // not): the fields to parse the filters with. read_supply, which passes over the whole
    // table, then keeps the names known for some site, as a full read would.
    const io::GeoPackageSelect db(gpkg_of(s));
    std::set<std::string, std::less<>> measures;
    db.scan_range(report::layer::measures, {field::measure}, 1, 4096, [&](std::int64_t, std::span<const io::ValueView> v) {
        if (const auto* m = std::get_if<std::string_view>(&v[0]); m != nullptr && !measures.contains(*m)) measures.emplace(*m);
    });
    s.fields = fields_of(db, measures);
    s.every_field = false;
    return s;
}

void read_supply(Supply& s, const std::optional<std::vector<std::string>>& asked, bool geometries, const Keep& keep) {
    const io::GeoPackageSelect db(gpkg_of(s));
    std::set<std::string, std::less<>> wanted(shown().begin(), shown().end());
    if (asked) wanted.insert(asked->begin(), asked->end());
    const auto want = [&](std::string_view f) { return !asked || wanted.contains(f); };
    const std::set<std::string, std::less<>> judged(keep.fields.begin(), keep.fields.end());
    const auto judge = [&](std::string_view f) { return judged.contains(f); };
    s.records.clear();
    s.geometries.clear();
    s.fids.clear();
    s.plot.clear();

    // The measures wanted (every known one for every field). A filter's read lists only the
    // names it needs; all_fields looks for the others when asked. Two threads, one half of the
    // fids each, while this one reads the other tables.
    const std::vector<std::string> site_columns = db.columns(report::layer::sites);
    const auto is_site_column = [&](const std::string& f) {
        return std::find(site_columns.begin(), site_columns.end(), f) != site_columns.end();
    };
    std::vector<Value> names;
    for (const auto& f : wanted) {
        if (f != "objet" && !is_site_column(f)) names.emplace_back(f);  // a site's column, when wanted, wins
    }
    io::Condition which = io::Condition::compare(field::etat, "=", std::string("known"));
    if (asked) which = io::Condition::all_of({std::move(which), io::Condition::is_in(field::measure, names)});
    const std::int64_t last = db.max_fid(report::layer::measures), middle = last / 2;
    const std::function<bool(std::string_view)> wanted_measure = want;
    auto lower_half = std::async(std::launch::async, [&] { return scan_measures(gpkg_of(s), which, 1, middle, wanted_measure); });
    auto upper_half = std::async(std::launch::async, [&] { return scan_measures(gpkg_of(s), which, middle + 1, last, wanted_measure); });

    // Sites: the columns wanted, and what surf_ha and fret are worked out from; with a filter,
    // first only those it judges, the others then for the sites it keeps.
    const auto site_columns_for = [&](const auto& wanted_field) {
        std::vector<std::string> out;
        for (const auto& c : site_columns) {
            if (wanted_field(c) || c == field::site_id || (c == field::surf_m2 && wanted_field(field::surf_ha)) ||
                (c == field::park_id && wanted_field(field::fret))) {
                out.push_back(c);
            }
        }
        return out;
    };
    Rows sites;
    sites.columns = keep.accepts ? site_columns_for(judge) : site_columns_for(want);
    db.scan(report::layer::sites, sites.columns, [&](std::int64_t fid, std::span<const io::ValueView> v) {
        sites.fids.push_back(fid);
        for (const auto& x : v) sites.values.push_back(value_of(x));
    });
    // Parks: what plots take from their park, and the sites in a park their rail access.
    std::map<std::string, Record> parks;
    const bool has_parks = db.has_table(report::layer::parks);
    if (has_parks) {
        std::vector<std::string> park_columns{field::park_id};
        for (const auto& c : db.columns(report::layer::parks)) {
            if (want(c) && std::find(std::begin(k_park_fields), std::end(k_park_fields), c) != std::end(k_park_fields)) {
                park_columns.push_back(c);
            }
        }
        db.scan(report::layer::parks, park_columns, [&](std::int64_t, std::span<const io::ValueView> v) {
            Record r;
            for (std::size_t i = 0; i < park_columns.size(); ++i) r.emplace(park_columns[i], value_of(v[i]));
            parks.emplace(to_text(r[field::park_id]), std::move(r));
        });
    }
    // Available plots.
    Rows plots;
    plots.columns = {field::plot_id, field::park_id, field::surf_ha, field::occup, field::commerc, field::dispo};
    if (db.has_table(report::layer::plots)) {
        // SQLite skips the plots surely not available (dispo is 1 as a number, or a text judged here).
        const io::Condition maybe = io::Condition::any_of({io::Condition::compare(field::dispo, "=", std::int64_t{1}),
                                                           io::Condition::is_text(field::dispo)});
        db.scan_where(report::layer::plots, plots.columns, maybe, [&](std::int64_t fid, std::span<const io::ValueView> v) {
            if (to_text(value_of(v[5])) != "1") return;
            plots.fids.push_back(fid);
            for (std::size_t i = 0; i < 5; ++i) plots.values.push_back(value_of(v[i]));
        });
    }

    // Each site's measures, in fid order; a site_id given twice gets them on its first site.
    const std::size_t n_sites = sites.fids.size(), width = sites.columns.size();
    const auto id_column = static_cast<std::size_t>(
        std::find(sites.columns.begin(), sites.columns.end(), field::site_id) - sites.columns.begin());
    std::unordered_map<std::string, std::size_t> by_site;
    for (std::size_t i = 0; i < n_sites; ++i) {
        by_site.emplace(id_column < width ? to_text(sites.values[i * width + id_column]) : std::string(), i);
    }
    MeasureScan lower = lower_half.get();
    MeasureScan higher = upper_half.get();
    std::vector<std::pair<std::size_t, const MeasureScan::Row*>> measures;
    for (const MeasureScan* half : {&lower, &higher}) {
        for (const auto& row : half->rows) {
            if (auto it = by_site.find(row.site); it != by_site.end()) measures.emplace_back(it->second, &row);
        }
    }
    std::stable_sort(measures.begin(), measures.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    lower.known.insert(higher.known.begin(), higher.known.end());
    // A listed measure not wanted, hence not read: known if one row says so (found early).
    const std::vector<std::string> columns = fields_of(db, {});
    for (const auto& f : s.fields) {
        if (!want(f) && !lower.known.contains(f) && !std::binary_search(columns.begin(), columns.end(), f) &&
            db.any(report::layer::measures, io::Condition::all_of({io::Condition::compare(field::measure, "=", f),
                                                                    io::Condition::compare(field::etat, "=", std::string("known"))}))) {
            lower.known.insert(f);
        }
    }
    s.fields = fields_of(db, lower.known);

    // A record as the commands see it, with the fields `wanted_field` gives, from row `row` of
    // `table` (site i): the filters judge one with their fields only, and only the records they
    // keep are built whole.
    const auto site_record = [&](const Rows& table, std::size_t row, std::size_t i, const auto& wanted_field) {
        Record r;
        const std::size_t n = table.columns.size();
        for (std::size_t c = 0; c < n; ++c) {
            const std::string& name = table.columns[c];
            if (wanted_field(name) || name == field::site_id || (name == field::surf_m2 && wanted_field(field::surf_ha)) ||
                (name == field::park_id && wanted_field(field::fret))) {
                r.emplace(name, table.values[row * n + c]);
            }
        }
        r["objet"] = std::string("site");
        if (auto m2 = to_number(r[field::surf_m2])) r[field::surf_ha] = round_to(*m2 / 1e4, 4);
        auto m = std::lower_bound(measures.begin(), measures.end(), i, [](const auto& a, std::size_t b) { return a.first < b; });
        for (; m != measures.end() && m->first == i; ++m) {
            if (wanted_field(m->second->measure)) r.emplace(m->second->measure, m->second->value);  // a site's field keeps its value
        }
        if (has_parks && wanted_field(field::fret)) {
            if (auto p = parks.find(to_text(r[field::park_id])); p != parks.end()) {
                auto f = p->second.find(field::fret);
                r[field::fret] = f == p->second.end() ? Value{} : f->second;
            }
        }
        return r;
    };
    const auto plot_record = [&](std::size_t j, const auto& wanted_field) {
        const Value* v = &plots.values[j * 5];
        Record r;
        r["objet"] = std::string("plot");
        r[field::site_id] = v[0];
        for (std::size_t i = 1; i < 5; ++i) {
            if (wanted_field(plots.columns[i])) r[plots.columns[i]] = v[i];
        }
        if (auto p = parks.find(to_text(v[1])); p != parks.end()) {
            for (const char* k : k_park_fields) {
                if (!wanted_field(k)) continue;
                auto f = p->second.find(k);
                r[k] = f == p->second.end() ? Value{} : f->second;
            }
        }
        return r;
    };
    std::vector<std::size_t> kept;
    for (std::size_t i = 0; i < n_sites; ++i) {
        if (!keep.accepts || keep.accepts(site_record(sites, i, i, judge), false, sites.fids[i])) kept.push_back(i);
    }
    // The other columns of the sites kept: by fid when they are few, else in one pass.
    Rows whole;
    whole.columns = site_columns_for(want);
    const bool judged_whole = whole.columns == sites.columns;
    if (!judged_whole && kept.size() * 8 <= n_sites) {
        std::vector<std::int64_t> fids;
        for (const std::size_t i : kept) fids.push_back(sites.fids[i]);
        auto rows = db.select_fids(report::layer::sites, whole.columns, fids);
        if (rows.fids != fids) throw IoError("'" + gpkg_of(s) + "': the sites changed while being read; run the command again");
        whole.values = std::move(rows.values);
    } else if (!judged_whole) {
        std::size_t k = 0;
        db.scan(report::layer::sites, whole.columns, [&](std::int64_t fid, std::span<const io::ValueView> v) {
            if (k >= kept.size() || sites.fids[kept[k]] != fid) return;
            for (const auto& x : v) whole.values.push_back(value_of(x));
            ++k;
        });
        if (k != kept.size()) throw IoError("'" + gpkg_of(s) + "': the sites changed while being read; run the command again");
    }
    for (std::size_t k = 0; k < kept.size(); ++k) {
        const std::size_t i = kept[k];
        s.records.push_back(judged_whole ? site_record(sites, i, i, want) : site_record(whole, k, i, want));
        s.fids.push_back(sites.fids[i]);
        s.plot.push_back(0);
    }
    for (std::size_t j = 0; j < plots.fids.size(); ++j) {
        if (!keep.accepts || keep.accepts(plot_record(j, judge), true, plots.fids[j])) {
            s.records.push_back(plot_record(j, want));
            s.fids.push_back(plots.fids[j]);
            s.plot.push_back(1);
        }
    }
    s.total = n_sites + plots.fids.size();
    s.fields_complete = !asked.has_value();
    s.every_field = !asked.has_value();
    if (geometries) s.geometries = read_geometries(s, {});
}

std::vector<std::string> all_fields(const Supply& s) {
    if (s.fields_complete) return s.fields;
    const io::GeoPackageSelect db(gpkg_of(s));
    std::vector<Value> listed(s.fields.begin(), s.fields.end());
    std::set<std::string> out(s.fields.begin(), s.fields.end());
    db.scan_where(report::layer::measures, {field::site_id, field::measure},
                  io::Condition::all_of({io::Condition::compare(field::etat, "=", std::string("known")),
                                         io::Condition::negate(io::Condition::is_in(field::measure, listed))}),
                  [&](std::int64_t, std::span<const io::ValueView> v) {
                      const auto* site = std::get_if<std::string_view>(&v[0]);
                      const auto* measure = std::get_if<std::string_view>(&v[1]);
                      if (site != nullptr && measure != nullptr) out.emplace(*measure);
                  });
    return {out.begin(), out.end()};
}

std::vector<geom::Geometry> read_geometries(const Supply& s, const std::vector<std::size_t>& rows) {
    const io::GeoPackageSelect db(gpkg_of(s));
    std::vector<std::int64_t> site_fids, plot_fids;
    std::vector<std::size_t> order;
    const std::size_t n = rows.empty() ? s.fids.size() : rows.size();
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t i = rows.empty() ? k : rows[k];
        (s.plot[i] != 0 ? plot_fids : site_fids).push_back(s.fids[i]);
    }
    auto sites = db.geometries(report::layer::sites, site_fids);
    auto plots = plot_fids.empty() ? std::vector<geom::Geometry>{} : db.geometries(report::layer::plots, plot_fids);
    std::vector<geom::Geometry> out;
    out.reserve(n);
    std::size_t a = 0, b = 0;
    for (std::size_t k = 0; k < n; ++k) {
        const std::size_t i = rows.empty() ? k : rows[k];
        out.push_back(std::move(s.plot[i] != 0 ? plots[b++] : sites[a++]));
    }
    return out;
}

Supply load_supply(const std::string& config_path, const std::string& out_dir) {
    Supply s = open_supply(config_path, out_dir);
    read_supply(s, std::nullopt, true);
    return s;
}

}  // namespace foncier::screen
