#include "foncier/io/sqlite_table.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "foncier/core/error.hpp"
#include "foncier/core/utf8.hpp"
#include "foncier/io/detail/sql_text.hpp"
#include "foncier/io/detail/sqlite_layout.hpp"

namespace foncier::io {

namespace {

// The declared types GDAL's GeoPackage driver gives these fields: same column affinities, so
// SQLite's INSERT INTO ... SELECT between the two tables is a record transfer.
std::string sql_type(const FieldDef& f) {
    switch (f.type) {
    case FieldType::integer: return "MEDIUMINT";
    case FieldType::real: return "REAL";
    case FieldType::string: return f.width > 0 ? "TEXT(" + std::to_string(f.width) + ")" : "TEXT";
    }
    return "TEXT";
}

const char* geometry_sql_type(GeometryType t) {
    return t == GeometryType::point ? "POINT" : "MULTIPOLYGON";
}

void put_u32(std::vector<unsigned char>& out, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<unsigned char>(v >> (8 * i)));
}
void put_f64(std::vector<unsigned char>& out, double d) {
    std::uint64_t v = 0;
    std::memcpy(&v, &d, sizeof v);
    for (int i = 0; i < 8; ++i) out.push_back(static_cast<unsigned char>(v >> (8 * i)));
}

// The GeoPackage geometry blob of `g` (OGC 12-128 section 2.1.3) into `out`: little-endian
// header with spatial reference system `srs_id` and, but for points, the envelope `box` (none:
// `g` is empty); then the WKB, a polygon wrapped as a one-polygon multipolygon when
// `as_multipolygon`.
void gpkg_blob(const geom::Geometry& g, const std::optional<geom::Envelope>& box, int srs_id, bool as_multipolygon,
               std::vector<unsigned char>& out) {
    const bool empty = !box;
    const bool point = g.kind() == geom::GeometryKind::point;
    const bool with_envelope = !empty && !point;  // as GDAL writes them: points carry none
    out.assign({'G', 'P', 0});
    // Flags: bit 0 little-endian header, bits 1-3 envelope [minx, maxx, miny, maxy], bit 4 empty.
    out.push_back(static_cast<unsigned char>(0x01 | (with_envelope ? 0x02 : 0x00) | (empty ? 0x10 : 0x00)));
    put_u32(out, static_cast<std::uint32_t>(srs_id));
    if (with_envelope) {
        const geom::Envelope& e = *box;
        put_f64(out, e.minx);
        put_f64(out, e.maxx);
        put_f64(out, e.miny);
        put_f64(out, e.maxy);
    }
    const std::size_t header = out.size();
    g.append_wkb(out);
    // The WKB type (bytes 1-4, in the WKB's byte order): 3 is a Polygon.
    const unsigned char* wkb = out.data() + header;
    const bool polygon = out.size() >= header + 5 && (wkb[0] == 1 ? wkb[1] == 3 && wkb[2] == 0 && wkb[3] == 0 && wkb[4] == 0
                                                                  : wkb[4] == 3 && wkb[3] == 0 && wkb[2] == 0 && wkb[1] == 0);
    if (as_multipolygon && polygon) {
        // A little-endian MultiPolygon of one part, before the polygon.
        const unsigned char multi[9] = {1, 6, 0, 0, 0, 1, 0, 0, 0};
        out.insert(out.begin() + static_cast<std::ptrdiff_t>(header), multi, multi + 9);
    }
}

}  // namespace

namespace {

// Rows go in by INSERTs of this many rows at once: SQLite runs one statement per batch
// instead of one per row.
constexpr std::size_t k_batch = 32;

// A row waiting for its batch: the values copied (the caller's views die with the call), in
// buffers reused from batch to batch.
struct PendingValue {
    enum class Kind { null, integer, real, text } kind = Kind::null;
    std::int64_t integer = 0;
    double real = 0.0;
    std::string_view text;  // into `copy`, or into the caller's text (add_lasting)
    std::string copy;
};
struct PendingRow {
    std::int64_t fid = 0;
    std::vector<PendingValue> values;
    bool located = false;
    std::vector<unsigned char> blob;
};

}  // namespace

struct SqliteTableWriter::Impl {
    std::string path;
    std::string table;
    std::size_t n_fields = 0;
    GeometryType geometry_type = GeometryType::none;
    int srs_id = 0;
    std::int64_t first_fid = 1;
    sqlite3* db = nullptr;
    bool owns_db = false;  // a file of its own; else a caller's open connection
    bool in_transaction = false;
    sqlite3_stmt* insert = nullptr;        // one row
    sqlite3_stmt* insert_batch = nullptr;  // k_batch rows
    std::vector<detail::RtreeEntry> index;
    std::optional<geom::Envelope> extent;
    std::vector<PendingRow> pending = std::vector<PendingRow>(k_batch);
    std::size_t n_pending = 0;

    [[nodiscard]] bool spatial() const noexcept { return geometry_type != GeometryType::none; }
    [[noreturn]] void fail(const std::string& what) const {
        throw IoError("cannot write table '" + table + "' of '" + path + "' (" + what +
                      "): " + (db != nullptr ? sqlite3_errmsg(db) : "out of memory"));
    }
    void exec(const std::string& sql) const {
        if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(sql.substr(0, 40));
    }
    // Binds pending row r to the parameters of `stmt` from `first` (1-based); the pending
    // buffers outlive the step (SQLITE_STATIC).
    int bind(sqlite3_stmt* stmt, int first, const PendingRow& r) const {
        int column = first;
        sqlite3_bind_int64(stmt, column++, r.fid);
        if (spatial()) {
            if (r.located) {
                sqlite3_bind_blob(stmt, column, r.blob.data(), static_cast<int>(r.blob.size()), SQLITE_STATIC);
            } else {
                sqlite3_bind_null(stmt, column);
            }
            ++column;
        }
        for (const auto& v : r.values) {
            switch (v.kind) {
            case PendingValue::Kind::integer: sqlite3_bind_int64(stmt, column, v.integer); break;
            case PendingValue::Kind::real: sqlite3_bind_double(stmt, column, v.real); break;
            case PendingValue::Kind::text:
                sqlite3_bind_text(stmt, column, v.text.data(), static_cast<int>(v.text.size()), SQLITE_STATIC);
                break;
            case PendingValue::Kind::null: sqlite3_bind_null(stmt, column); break;
            }
            ++column;
        }
        return column;
    }
    void step(sqlite3_stmt* stmt) const {
        if (sqlite3_step(stmt) != SQLITE_DONE) fail("inserting rows");
        sqlite3_reset(stmt);
    }
    // Inserts the pending rows: a whole batch in one statement, fewer one by one.
    void flush() {
        if (n_pending == k_batch) {
            int column = 1;
            for (std::size_t r = 0; r < k_batch; ++r) column = bind(insert_batch, column, pending[r]);
            step(insert_batch);
        } else {
            for (std::size_t r = 0; r < n_pending; ++r) {
                (void)bind(insert, 1, pending[r]);
                step(insert);
            }
        }
        n_pending = 0;
    }
    ~Impl() {
        sqlite3_finalize(insert);
        sqlite3_finalize(insert_batch);
        if (owns_db) {
            sqlite3_close(db);
        } else if (in_transaction && db != nullptr) {
            // Not closed: the transaction ends, so that the caller's connection stays usable.
            sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        }
    }
};

namespace {

// The INSERT of one row into `schema`'s layout (fid, geometry if any, the fields).
std::string insert_sql(const Table& schema) {
    std::string insert = "INSERT INTO " + detail::sql_identifier(schema.name) + " VALUES (?";
    if (schema.geometry_type != GeometryType::none) insert += ", ?";
    for (std::size_t i = 0; i < schema.fields.size(); ++i) insert += ", ?";
    return insert + ")";
}

}  // namespace

void SqliteTableWriter::start(const Table& schema, int srs_id, std::int64_t first_fid) {
    Impl& w = *m_impl;
    w.table = schema.name;
    w.n_fields = schema.fields.size();
    w.geometry_type = schema.geometry_type;
    w.srs_id = srs_id;
    w.first_fid = first_fid;
}

void SqliteTableWriter::prepare(const Table& schema) {
    Impl& w = *m_impl;
    w.exec("BEGIN");
    w.in_transaction = true;
    const std::string insert = insert_sql(schema);
    std::string batch = insert;
    const std::string row = insert.substr(insert.find(" VALUES ") + 8);
    for (std::size_t r = 1; r < k_batch; ++r) batch += ", " + row;
    if (sqlite3_prepare_v2(w.db, insert.c_str(), -1, &w.insert, nullptr) != SQLITE_OK ||
        sqlite3_prepare_v2(w.db, batch.c_str(), -1, &w.insert_batch, nullptr) != SQLITE_OK) {
        w.fail("preparing");
    }
}

SqliteTableWriter::SqliteTableWriter(const std::string& path, const Table& schema, int srs_id, std::int64_t first_fid)
    : m_impl(std::make_unique<Impl>()) {
    Impl& w = *m_impl;
    w.path = path;
    start(schema, srs_id, first_fid);
    if (std::filesystem::exists(path)) throw IoError("refusing to overwrite '" + path + "'");
    // NOMUTEX: the connection is used by one thread at a time (the writer is not shared), so
    // SQLite's per-call connection mutex is pure cost: two lock/unlock pairs per bound value
    // and step.
    const int rc = sqlite3_open_v2(path.c_str(), &w.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                                   nullptr);
    w.owns_db = true;  // closed even when the open failed: SQLite hands out a handle for the message
    if (rc != SQLITE_OK) w.fail("creating the file");
    // A scratch file: no journal, no fsync (a crash leaves an incomplete file the run discards).
    w.exec("PRAGMA journal_mode = OFF");
    w.exec("PRAGMA synchronous = OFF");
    w.exec("PRAGMA page_size = " + std::to_string(detail::k_sqlite_page_size));  // before the first table
    // No AUTOINCREMENT (GDAL's tables have it): SQLite would read and write sqlite_sequence at
    // every INSERT; the fids are given instead (1, 2, ...). The record copy into GDAL's table
    // does not need AUTOINCREMENT on both sides.
    std::string create = "CREATE TABLE " + detail::sql_identifier(schema.name) + " (\"fid\" INTEGER PRIMARY KEY NOT NULL";
    if (spatial()) create += std::string(", \"geom\" ") + geometry_sql_type(schema.geometry_type);
    for (const auto& f : schema.fields) create += ", " + detail::sql_identifier(f.name) + " " + sql_type(f);
    w.exec(create + ")");
    prepare(schema);
}

SqliteTableWriter::SqliteTableWriter(sqlite3* db, const std::string& path, const Table& schema, int srs_id,
                                     std::int64_t first_fid)
    : m_impl(std::make_unique<Impl>()) {
    Impl& w = *m_impl;
    w.path = path;
    w.db = db;
    start(schema, srs_id, first_fid);
    prepare(schema);
}

SqliteTableWriter::~SqliteTableWriter() = default;

void SqliteTableWriter::add(std::span<const ValueView> values, const geom::Geometry* geometry) {
    add_row(values, geometry, false);
}

void SqliteTableWriter::add_lasting(std::span<const ValueView> values, const geom::Geometry* geometry) {
    add_row(values, geometry, true);
}

void SqliteTableWriter::add_row(std::span<const ValueView> values, const geom::Geometry* geometry, bool lasting) {
    Impl& w = *m_impl;
    if (w.insert == nullptr) throw IoError("'" + w.path + "' is already closed: cannot add a row to '" + w.table + "'");
    if (values.size() != w.n_fields) {
        throw IoError("a row of " + std::to_string(values.size()) + " values for the " + std::to_string(w.n_fields) +
                      " fields of table '" + w.table + "'");
    }
    const std::int64_t fid = w.first_fid + static_cast<std::int64_t>(m_rows);
    PendingRow& row = w.pending[w.n_pending];
    row.fid = fid;
    const bool located = geometry != nullptr && !geometry->is_null();
    row.located = spatial() && located;
    // The box serves the blob's header and the R-tree: taken once.
    std::optional<geom::Envelope> box;
    if (row.located && !geometry->is_empty()) box = geometry->envelope();
    if (row.located) gpkg_blob(*geometry, box, w.srs_id, w.geometry_type == GeometryType::multipolygon, row.blob);
    row.values.resize(values.size());
    for (std::size_t i = 0; i < values.size(); ++i) {
        PendingValue& v = row.values[i];
        if (const auto* n = std::get_if<std::int64_t>(&values[i])) {
            v.kind = PendingValue::Kind::integer;
            v.integer = *n;
        } else if (const auto* d = std::get_if<double>(&values[i])) {
            v.kind = PendingValue::Kind::real;
            v.real = *d;
        } else if (const auto* s = std::get_if<std::string_view>(&values[i])) {
            v.kind = PendingValue::Kind::text;
            // Every output is UTF-8 (see set_field in writer.cpp).
            if (!is_valid_utf8(*s)) {
                v.copy = windows1252_to_utf8(std::string(*s));
                v.text = v.copy;
            } else if (lasting) {
                v.text = *s;
            } else {
                v.copy.assign(*s);
                v.text = v.copy;
            }
        } else {
            v.kind = PendingValue::Kind::null;
        }
    }
    if (++w.n_pending == k_batch) w.flush();
    ++m_rows;
    if (box) {
        const geom::Envelope& e = *box;
        w.index.push_back(detail::rtree_entry(fid, e));
        w.extent = w.extent ? geom::Envelope{std::min(w.extent->minx, e.minx), std::min(w.extent->miny, e.miny),
                                             std::max(w.extent->maxx, e.maxx), std::max(w.extent->maxy, e.maxy)}
                            : e;
    }
}

void SqliteTableWriter::add_rows(const Table& table) {
    std::vector<ValueView> views;
    for (const auto& row : table.rows) {
        views.clear();
        for (const auto& v : row.cells()) {
            if (const auto* n = std::get_if<std::int64_t>(&v)) {
                views.emplace_back(*n);
            } else if (const auto* d = std::get_if<double>(&v)) {
                views.emplace_back(*d);
            } else if (const auto* s = std::get_if<std::string>(&v)) {
                views.emplace_back(std::string_view(*s));
            } else {
                views.emplace_back();
            }
        }
        views.resize(m_impl->n_fields);  // rows shorter than the schema: null fields
        add_lasting(views, &row.shape());  // the table outlives the writer's batches
    }
}

void SqliteTableWriter::close() {
    Impl& w = *m_impl;
    if (w.insert == nullptr) return;
    w.flush();
    sqlite3_finalize(w.insert);
    sqlite3_finalize(w.insert_batch);
    w.insert = nullptr;
    w.insert_batch = nullptr;
    w.exec("COMMIT");
    w.in_transaction = false;
    if (w.owns_db && sqlite3_close(w.db) != SQLITE_OK) w.fail("closing");
    w.db = nullptr;
}

const std::string& SqliteTableWriter::path() const noexcept { return m_impl->path; }
const std::string& SqliteTableWriter::name() const noexcept { return m_impl->table; }
bool SqliteTableWriter::spatial() const noexcept { return m_impl->geometry_type != GeometryType::none; }
int SqliteTableWriter::srs_id() const noexcept { return m_impl->srs_id; }
const std::vector<detail::RtreeEntry>& SqliteTableWriter::index() const noexcept { return m_impl->index; }
const std::optional<geom::Envelope>& SqliteTableWriter::extent() const noexcept { return m_impl->extent; }

}  // namespace foncier::io
