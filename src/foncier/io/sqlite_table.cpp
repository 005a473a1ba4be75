#include "foncier/io/sqlite_table.hpp"

#include <sqlite3.h>

#include <filesystem>

#include "foncier/core/error.hpp"
#include "foncier/io/detail/sql_text.hpp"

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

}  // namespace

struct SqliteTableWriter::Impl {
    std::string path;
    std::string table;
    std::size_t n_fields = 0;
    sqlite3* db = nullptr;
    sqlite3_stmt* insert = nullptr;

    [[noreturn]] void fail(const std::string& what) const {
        throw IoError("cannot write table '" + table + "' of '" + path + "' (" + what +
                      "): " + (db != nullptr ? sqlite3_errmsg(db) : "out of memory"));
    }
    void exec(const std::string& sql) const {
        if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(sql.substr(0, 40));
    }
    ~Impl() {
        sqlite3_finalize(insert);
        sqlite3_close(db);
    }
};

SqliteTableWriter::SqliteTableWriter(const std::string& path, const Table& schema) : m_impl(std::make_unique<Impl>()) {
    Impl& w = *m_impl;
    w.path = path;
    w.table = schema.name;
    w.n_fields = schema.fields.size();
    if (std::filesystem::exists(path)) throw IoError("refusing to overwrite '" + path + "'");
    if (sqlite3_open_v2(path.c_str(), &w.db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
        w.fail("creating the file");
    }
    // A scratch file: no journal, no fsync (a crash leaves an incomplete file the run discards).
    w.exec("PRAGMA journal_mode = OFF");
    w.exec("PRAGMA synchronous = OFF");
    // No AUTOINCREMENT (GDAL's tables have it): SQLite would read and write sqlite_sequence at
    // every INSERT; the fids are given instead (1, 2, ...). The record copy into GDAL's table
    // does not need AUTOINCREMENT on both sides.
    std::string create = "CREATE TABLE " + detail::sql_identifier(schema.name) + " (\"fid\" INTEGER PRIMARY KEY NOT NULL";
    std::string insert = "INSERT INTO " + detail::sql_identifier(schema.name) + " VALUES (?";
    for (const auto& f : schema.fields) {
        create += ", " + detail::sql_identifier(f.name) + " " + sql_type(f);
        insert += ", ?";
    }
    w.exec(create + ")");
    w.exec("BEGIN");
    if (sqlite3_prepare_v2(w.db, (insert + ")").c_str(), -1, &w.insert, nullptr) != SQLITE_OK) w.fail("preparing");
}

SqliteTableWriter::~SqliteTableWriter() = default;

void SqliteTableWriter::add(std::span<const ValueView> values) {
    Impl& w = *m_impl;
    if (w.insert == nullptr) throw IoError("'" + w.path + "' is already closed: cannot add a row to '" + w.table + "'");
    if (values.size() != w.n_fields) {
        throw IoError("a row of " + std::to_string(values.size()) + " values for the " + std::to_string(w.n_fields) +
                      " fields of table '" + w.table + "'");
    }
    sqlite3_bind_int64(w.insert, 1, static_cast<std::int64_t>(m_rows) + 1);  // the fid
    for (std::size_t i = 0; i < values.size(); ++i) {
        const int column = static_cast<int>(i) + 2;
        if (const auto* n = std::get_if<std::int64_t>(&values[i])) {
            sqlite3_bind_int64(w.insert, column, *n);
        } else if (const auto* d = std::get_if<double>(&values[i])) {
            sqlite3_bind_double(w.insert, column, *d);
        } else if (const auto* s = std::get_if<std::string_view>(&values[i])) {
            sqlite3_bind_text(w.insert, column, s->data(), static_cast<int>(s->size()), SQLITE_STATIC);
        } else {
            sqlite3_bind_null(w.insert, column);
        }
    }
    if (sqlite3_step(w.insert) != SQLITE_DONE) w.fail("inserting a row");
    sqlite3_reset(w.insert);
    ++m_rows;
}

void SqliteTableWriter::close() {
    Impl& w = *m_impl;
    if (w.insert == nullptr) return;
    sqlite3_finalize(w.insert);
    w.insert = nullptr;
    w.exec("COMMIT");
    if (sqlite3_close(w.db) != SQLITE_OK) w.fail("closing");
    w.db = nullptr;
}

}  // namespace foncier::io
