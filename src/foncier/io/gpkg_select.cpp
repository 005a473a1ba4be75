#include "foncier/io/gpkg_select.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <span>

#include "foncier/core/error.hpp"
#include "foncier/io/detail/sql_text.hpp"

namespace foncier::io {

namespace {

using detail::sql_identifier;

// A prepared statement, finalized on scope exit.
class Statement {
public:
    Statement(sqlite3* db, const std::string& sql, const std::string& path) {
        if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &m_stmt, nullptr) != SQLITE_OK) {
            const std::string why = sqlite3_errmsg(db);
            sqlite3_finalize(m_stmt);
            throw IoError("'" + path + "': cannot read (" + why + "); is it a foncier.gpkg written by foncier run?");
        }
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    sqlite3_stmt* get() const noexcept { return m_stmt; }

private:
    sqlite3_stmt* m_stmt = nullptr;
};

ValueView column_view(sqlite3_stmt* stmt, int i) {
    switch (sqlite3_column_type(stmt, i)) {
    case SQLITE_INTEGER: return ValueView{static_cast<std::int64_t>(sqlite3_column_int64(stmt, i))};
    case SQLITE_FLOAT: return ValueView{sqlite3_column_double(stmt, i)};
    case SQLITE_TEXT: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
        return ValueView{std::string_view(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt, i)))};
    }
    default: return ValueView{};
    }
}

Value to_value(const ValueView& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return Value{*i};
    if (const auto* d = std::get_if<double>(&v)) return Value{*d};
    if (const auto* t = std::get_if<std::string_view>(&v)) return Value{std::string(*t)};
    return Value{};
}

void bind(sqlite3_stmt* stmt, int i, const Value& v) {
    if (const auto* n = std::get_if<std::int64_t>(&v)) {
        sqlite3_bind_int64(stmt, i, *n);
    } else if (const auto* d = std::get_if<double>(&v)) {
        sqlite3_bind_double(stmt, i, *d);
    } else if (const auto* t = std::get_if<std::string>(&v)) {
        sqlite3_bind_text(stmt, i, t->c_str(), static_cast<int>(t->size()), SQLITE_TRANSIENT);
    } else {
        sqlite3_bind_null(stmt, i);
    }
}

void columns_of(const Condition& c, std::vector<std::string>& out) {
    if (!c.column.empty()) out.push_back(c.column);
    for (const auto& child : c.children) columns_of(child, out);
}

std::string column_list(const std::vector<std::string>& columns) {
    std::string out = "fid";
    for (const auto& c : columns) out += ", " + sql_identifier(c);
    return out;
}

// The WKB inside a GeoPackage geometry blob (OGC 12-128 section 2.1.3): after the magic, the
// version, the flags, the srs_id and the envelope the flags announce. Empty span: not a blob.
std::span<const unsigned char> wkb_of(const unsigned char* blob, std::size_t size) {
    if (size < 8 || blob[0] != 'G' || blob[1] != 'P') return {};
    static constexpr std::size_t envelope_bytes[8] = {0, 32, 48, 48, 64, 0, 0, 0};
    const std::size_t header = 8 + envelope_bytes[(blob[3] >> 1) & 0x07];
    if (size <= header) return {};
    return {blob + header, size - header};
}

}  // namespace

GeoPackageSelect::GeoPackageSelect(const std::string& path) : m_path(path) {
    if (sqlite3_open_v2(path.c_str(), &m_db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        const std::string why = m_db != nullptr ? sqlite3_errmsg(m_db) : "out of memory";
        sqlite3_close(m_db);
        throw IoError("cannot open '" + path + "' (" + why + "): run `foncier run` to write the outputs");
    }
}

GeoPackageSelect::~GeoPackageSelect() { sqlite3_close(m_db); }

std::vector<std::string> GeoPackageSelect::columns(const std::string& table) const {
    check_table(table);
    Statement stmt(m_db, "SELECT name, pk FROM pragma_table_info(?1)", m_path);
    sqlite3_bind_text(stmt.get(), 1, table.c_str(), static_cast<int>(table.size()), SQLITE_TRANSIENT);
    std::vector<std::string> out;
    while (sqlite3_step(stmt.get()) == SQLITE_ROW) {
        const std::string name = reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), 0));
        if (sqlite3_column_int(stmt.get(), 1) != 0 || name == "geom") continue;
        out.push_back(name);
    }
    return out;
}

bool GeoPackageSelect::has_table(const std::string& table) const {
    Statement stmt(m_db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1", m_path);
    sqlite3_bind_text(stmt.get(), 1, table.c_str(), static_cast<int>(table.size()), SQLITE_TRANSIENT);
    return sqlite3_step(stmt.get()) == SQLITE_ROW;
}

void GeoPackageSelect::check_table(const std::string& table) const {
    if (!has_table(table)) {
        throw IoError("'" + m_path + "' has no table '" + table + "': rerun `foncier run` to rewrite the outputs");
    }
}

void GeoPackageSelect::check_columns(const std::string& table, const std::vector<std::string>& wanted) const {
    const auto have = columns(table);
    for (const auto& c : wanted) {
        if (std::find(have.begin(), have.end(), c) == have.end()) {
            throw IoError("'" + m_path + "', table '" + table + "': no column '" + c + "'");
        }
    }
}

void GeoPackageSelect::scan(const std::string& table, const std::vector<std::string>& columns,
                            const std::function<void(std::int64_t, std::span<const ValueView>)>& visit,
                            const std::string& where_column, const std::vector<std::string>& where_values) const {
    std::vector<std::string> checked = columns;
    if (!where_column.empty()) checked.push_back(where_column);
    check_columns(table, checked);
    std::string sql = "SELECT " + column_list(columns) + " FROM " + sql_identifier(table);
    if (!where_column.empty()) {
        if (where_values.empty()) return;
        sql += " WHERE " + sql_identifier(where_column) + " IN (";
        for (std::size_t i = 0; i < where_values.size(); ++i) sql += i ? ", ?" : "?";
        sql += ")";
    }
    Statement stmt(m_db, sql + " ORDER BY fid", m_path);
    for (std::size_t i = 0; i < where_values.size(); ++i) {
        sqlite3_bind_text(stmt.get(), static_cast<int>(i + 1), where_values[i].c_str(),
                          static_cast<int>(where_values[i].size()), SQLITE_TRANSIENT);
    }
    step_all(stmt.get(), columns.size(), visit, table);
}

void GeoPackageSelect::scan_range(const std::string& table, const std::vector<std::string>& columns,
                                  std::int64_t first_fid, std::int64_t last_fid,
                                  const std::function<void(std::int64_t, std::span<const ValueView>)>& visit) const {
    check_columns(table, columns);
    Statement stmt(m_db, "SELECT " + column_list(columns) + " FROM " + sql_identifier(table) +
                             " WHERE fid BETWEEN ?1 AND ?2 ORDER BY fid", m_path);
    sqlite3_bind_int64(stmt.get(), 1, first_fid);
    sqlite3_bind_int64(stmt.get(), 2, last_fid);
    step_all(stmt.get(), columns.size(), visit, table);
}

void GeoPackageSelect::step_all(sqlite3_stmt* stmt, std::size_t n,
                                const std::function<void(std::int64_t, std::span<const ValueView>)>& visit,
                                const std::string& table) const {
    std::vector<ValueView> row(n);
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
        for (std::size_t i = 0; i < n; ++i) row[i] = column_view(stmt, static_cast<int>(i) + 1);
        visit(sqlite3_column_int64(stmt, 0), row);
    }
    if (rc != SQLITE_DONE) throw IoError("'" + m_path + "', table '" + table + "': " + sqlite3_errmsg(m_db));
}

Condition Condition::compare(std::string column, std::string op, Value value) {
    return {Kind::compare, std::move(column), std::move(op), {std::move(value)}, {}};
}
Condition Condition::is_in(std::string column, std::vector<Value> values) {
    return {Kind::is_in, std::move(column), {}, std::move(values), {}};
}
Condition Condition::is_text(std::string column) { return {Kind::is_text, std::move(column), {}, {}, {}}; }
Condition Condition::all_of(std::vector<Condition> children) { return {Kind::all_of, {}, {}, {}, std::move(children)}; }
Condition Condition::any_of(std::vector<Condition> children) { return {Kind::any_of, {}, {}, {}, std::move(children)}; }
Condition Condition::negate(Condition child) { return {Kind::negate, {}, {}, {}, {std::move(child)}}; }

std::string GeoPackageSelect::where_sql(const std::string& table, const Condition& where,
                                        std::vector<const Value*>& bound) const {
    std::vector<std::string> used;
    columns_of(where, used);
    check_columns(table, used);
    // Every value becomes a numbered parameter; only checked names and fixed words are text.
    const std::function<std::string(const Condition&)> render = [&](const Condition& c) -> std::string {
        auto parameter = [&](const Value& v) {
            bound.push_back(&v);
            return "?" + std::to_string(bound.size());
        };
        switch (c.kind) {
        case Condition::Kind::all_of:
        case Condition::Kind::any_of: {
            if (c.children.empty()) return c.kind == Condition::Kind::all_of ? "1" : "0";
            std::string out;
            for (const auto& child : c.children) {
                out += (out.empty() ? "(" : (c.kind == Condition::Kind::all_of ? " AND " : " OR ")) + render(child);
            }
            return out + ")";
        }
        case Condition::Kind::negate: return "NOT (" + render(c.children.at(0)) + ")";
        case Condition::Kind::compare: {
            static constexpr const char* ops[] = {"=", "!=", "<", "<=", ">", ">="};
            if (std::find(std::begin(ops), std::end(ops), c.op) == std::end(ops) || c.values.size() != 1) {
                throw Error("io: not a comparison: '" + c.op + "'");
            }
            return sql_identifier(c.column) + " " + c.op + " " + parameter(c.values[0]);
        }
        case Condition::Kind::is_in: {
            if (c.values.empty()) return "0";
            std::string out = sql_identifier(c.column) + " IN (";
            for (std::size_t i = 0; i < c.values.size(); ++i) out += (i ? ", " : "") + parameter(c.values[i]);
            return out + ")";
        }
        case Condition::Kind::is_text: return "typeof(" + sql_identifier(c.column) + ") = 'text'";
        }
        return "0";
    };
    return render(where);
}

void GeoPackageSelect::scan_where(const std::string& table, const std::vector<std::string>& columns, const Condition& where,
                                  const std::function<void(std::int64_t, std::span<const ValueView>)>& visit,
                                  std::int64_t first_fid, std::int64_t last_fid) const {
    check_columns(table, columns);
    std::vector<const Value*> bound;
    const std::string condition = where_sql(table, where, bound);
    const std::string range = " AND fid BETWEEN ?" + std::to_string(bound.size() + 1) + " AND ?" + std::to_string(bound.size() + 2);
    Statement stmt(m_db, "SELECT " + column_list(columns) + " FROM " + sql_identifier(table) + " WHERE " + condition + range +
                             " ORDER BY fid", m_path);
    for (std::size_t i = 0; i < bound.size(); ++i) bind(stmt.get(), static_cast<int>(i + 1), *bound[i]);
    sqlite3_bind_int64(stmt.get(), static_cast<int>(bound.size() + 1), first_fid);
    sqlite3_bind_int64(stmt.get(), static_cast<int>(bound.size() + 2), last_fid);
    step_all(stmt.get(), columns.size(), visit, table);
}

bool GeoPackageSelect::any(const std::string& table, const Condition& where) const {
    std::vector<const Value*> bound;
    const std::string condition = where_sql(table, where, bound);
    Statement stmt(m_db, "SELECT 1 FROM " + sql_identifier(table) + " WHERE " + condition + " LIMIT 1", m_path);
    for (std::size_t i = 0; i < bound.size(); ++i) bind(stmt.get(), static_cast<int>(i + 1), *bound[i]);
    return sqlite3_step(stmt.get()) == SQLITE_ROW;
}

std::int64_t GeoPackageSelect::max_fid(const std::string& table) const {
    check_table(table);
    Statement stmt(m_db, "SELECT max(fid) FROM " + sql_identifier(table), m_path);
    return sqlite3_step(stmt.get()) == SQLITE_ROW ? sqlite3_column_int64(stmt.get(), 0) : 0;
}

GeoPackageSelect::Rows GeoPackageSelect::select(const std::string& table, const std::vector<std::string>& columns,
                                                const std::string& where_column,
                                                const std::vector<std::string>& where_values) const {
    Rows out;
    scan(table, columns, [&](std::int64_t fid, std::span<const ValueView> values) {
        out.fids.push_back(fid);
        for (const auto& v : values) out.values.push_back(to_value(v));
    }, where_column, where_values);
    return out;
}

std::vector<std::string> GeoPackageSelect::distinct(const std::string& table, const std::string& column,
                                                    const std::string& where_column, const std::string& where_value) const {
    std::vector<std::string> checked{column};
    if (!where_column.empty()) checked.push_back(where_column);
    check_columns(table, checked);
    std::string sql = "SELECT DISTINCT " + sql_identifier(column) + " FROM " + sql_identifier(table);
    if (!where_column.empty()) sql += " WHERE " + sql_identifier(where_column) + " = ?1";
    Statement stmt(m_db, sql + " ORDER BY 1", m_path);
    if (!where_column.empty()) {
        sqlite3_bind_text(stmt.get(), 1, where_value.c_str(), static_cast<int>(where_value.size()), SQLITE_TRANSIENT);
    }
    std::vector<std::string> out;
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
        if (const auto* text = sqlite3_column_text(stmt.get(), 0)) out.emplace_back(reinterpret_cast<const char*>(text));
    }
    if (rc != SQLITE_DONE) throw IoError("'" + m_path + "', table '" + table + "': " + sqlite3_errmsg(m_db));
    return out;
}

GeoPackageSelect::Rows GeoPackageSelect::select_fids(const std::string& table, const std::vector<std::string>& columns,
                                                     const std::vector<std::int64_t>& fids) const {
    check_columns(table, columns);
    Statement stmt(m_db, "SELECT " + column_list(columns) + " FROM " + sql_identifier(table) + " WHERE fid = ?1", m_path);
    Rows out;
    const int n = static_cast<int>(columns.size());
    for (const std::int64_t fid : fids) {
        sqlite3_reset(stmt.get());
        sqlite3_bind_int64(stmt.get(), 1, fid);
        if (sqlite3_step(stmt.get()) != SQLITE_ROW) continue;
        out.fids.push_back(fid);
        for (int i = 0; i < n; ++i) out.values.push_back(to_value(column_view(stmt.get(), i + 1)));
    }
    return out;
}

std::vector<geom::Geometry> GeoPackageSelect::geometries(const std::string& table,
                                                         const std::vector<std::int64_t>& fids) const {
    check_columns(table, {});
    Statement stmt(m_db, "SELECT geom FROM " + sql_identifier(table) + " WHERE fid = ?1", m_path);
    std::vector<geom::Geometry> out;
    out.reserve(fids.size());
    for (const std::int64_t fid : fids) {
        sqlite3_reset(stmt.get());
        sqlite3_bind_int64(stmt.get(), 1, fid);
        if (sqlite3_step(stmt.get()) != SQLITE_ROW || sqlite3_column_type(stmt.get(), 0) != SQLITE_BLOB) {
            out.emplace_back();
            continue;
        }
        const auto* blob = static_cast<const unsigned char*>(sqlite3_column_blob(stmt.get(), 0));
        const auto wkb = wkb_of(blob, static_cast<std::size_t>(sqlite3_column_bytes(stmt.get(), 0)));
        if (wkb.empty()) {
            throw IoError("'" + m_path + "', table '" + table + "', fid " + std::to_string(fid) +
                          ": not a GeoPackage geometry; rerun `foncier run` to rewrite the outputs");
        }
        out.push_back(geom::Geometry::from_wkb(wkb));
    }
    return out;
}

}  // namespace foncier::io
