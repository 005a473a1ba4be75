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

// What one pass over a range of the measures table gives: the names of the measures known for
// some site, and the known values of the measures wanted.
struct MeasureScan {
    struct Row {
        std::string site, measure;
        Value value;
    };
    std::vector<Row> rows;
    std::set<std::string, std::less<>> known;
};

MeasureScan scan_measures(const std::string& gpkg, std::int64_t first_fid, std::int64_t last_fid,
                          const std::function<bool(std::string_view)>& want) {
    MeasureScan out;
    const io::GeoPackageSelect db(gpkg);
    db.scan_range(report::layer::measures, {field::site_id, field::measure, field::etat, field::num, field::texte}, first_fid, last_fid,
                  [&](std::int64_t, std::span<const io::ValueView> v) {
                      const auto* etat = std::get_if<std::string_view>(&v[2]);
                      const auto* site = std::get_if<std::string_view>(&v[0]);
                      const auto* measure = std::get_if<std::string_view>(&v[1]);
                      if (etat == nullptr || *etat != "known" || site == nullptr || measure == nullptr) return;
                      if (!out.known.contains(*measure)) out.known.emplace(*measure);
                      if (!want(*measure)) return;
                      out.rows.push_back({std::string(*site), std::string(*measure),
                                          value_of(std::holds_alternative<std::monostate>(v[3]) ? v[4] : v[3])});
                  });
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

void read_supply(Supply& s, const std::optional<std::vector<std::string>>& asked, bool geometries) {
    const io::GeoPackageSelect db(gpkg_of(s));
    std::set<std::string, std::less<>> wanted(shown().begin(), shown().end());
    if (asked) wanted.insert(asked->begin(), asked->end());
    const auto want = [&](std::string_view f) { return !asked || wanted.contains(f); };
    s.records.clear();
    s.geometries.clear();
    s.fids.clear();
    s.plot.clear();

    // Sites: the columns wanted, and what surf_ha and fret are worked out from.
    std::vector<std::string> columns;
    for (const auto& c : db.columns(report::layer::sites)) {
        if (want(c) || c == field::site_id || (c == field::surf_m2 && want(field::surf_ha)) || (c == field::park_id && want(field::fret))) {
            columns.push_back(c);
        }
    }
    std::unordered_map<std::string, std::size_t> by_site;
    db.scan(report::layer::sites, columns, [&](std::int64_t fid, std::span<const io::ValueView> v) {
        Record r;
        for (std::size_t i = 0; i < columns.size(); ++i) r.emplace(columns[i], value_of(v[i]));
        r["objet"] = std::string("site");
        if (auto m2 = to_number(r[field::surf_m2])) r[field::surf_ha] = round_to(*m2 / 1e4, 4);
        by_site.emplace(to_text(r[field::site_id]), s.records.size());
        s.records.push_back(std::move(r));
        s.fids.push_back(fid);
        s.plot.push_back(0);
    });
    // The sites' measures become fields (interchange_m, flood_share, pollution, ...): only
    // those wanted are kept. The table (1.9 million rows nationally) is read in two halves
    // of its fids on two threads, each with its own connection; the halves are applied in
    // fid order, so the first known value of a measure wins, as in one pass.
    const std::int64_t last = db.max_fid(report::layer::measures), middle = last / 2;
    const std::function<bool(std::string_view)> wanted_measure = want;
    auto upper = std::async(std::launch::async, [&] { return scan_measures(gpkg_of(s), middle + 1, last, wanted_measure); });
    MeasureScan lower = scan_measures(gpkg_of(s), 1, middle, wanted_measure);
    MeasureScan higher = upper.get();
    for (const MeasureScan* half : {&lower, &higher}) {
        for (const auto& row : half->rows) {
            auto it = by_site.find(row.site);
            if (it != by_site.end()) s.records[it->second].emplace(row.measure, row.value);  // a site's field keeps its value
        }
    }
    lower.known.insert(higher.known.begin(), higher.known.end());
    s.fields = fields_of(db, lower.known);
    // Available plots of the parks, with their park's commune and EPCI; sites in a park get
    // the park's rail freight access.
    std::map<std::string, Record> parks;
    if (db.has_table(report::layer::parks)) {
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
        if (want(field::fret)) {
            for (auto& r : s.records) {
                if (auto p = parks.find(to_text(r[field::park_id])); p != parks.end()) r[field::fret] = p->second[field::fret];
            }
        }
    }
    if (db.has_table(report::layer::plots)) {
        const std::vector<std::string> plot_columns = {field::plot_id, field::park_id, field::surf_ha, field::occup, field::commerc, field::dispo};
        db.scan(report::layer::plots, plot_columns, [&](std::int64_t fid, std::span<const io::ValueView> v) {
            if (to_text(value_of(v[5])) != "1") return;
            Record r;
            r["objet"] = std::string("plot");
            r[field::site_id] = value_of(v[0]);
            for (std::size_t i = 1; i < 5; ++i) {
                if (want(plot_columns[i])) r[plot_columns[i]] = value_of(v[i]);
            }
            if (auto p = parks.find(to_text(value_of(v[1]))); p != parks.end()) {
                for (const char* k : k_park_fields) {
                    if (want(k)) r[k] = p->second[k];
                }
            }
            s.records.push_back(std::move(r));
            s.fids.push_back(fid);
            s.plot.push_back(1);
        });
    }
    s.every_field = !asked.has_value();
    if (geometries) s.geometries = read_geometries(s, {});
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
