#pragma once
// Reads parts of a GeoPackage's tables straight through SQLite, read-only: the columns asked
// for, all rows or the rows of given fids, the geometries of given fids, and the R-tree's
// boxes. For screening (`query`, `match`) on a national run's outputs, where reading whole
// layers through OGR (every field, every geometry, an OGR feature per row) took seconds and
// gigabytes. Table and column names are checked against the file's schema and quoted; values
// are bound as parameters: no caller text becomes SQL.

#include <cstdint>
#include <limits>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "foncier/core/value.hpp"
#include "foncier/geom/geometry.hpp"
#include "foncier/io/sqlite_table.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace foncier::io {

/// A condition on the columns of one table, for GeoPackageSelect::scan_where: column names
/// (checked against the table and quoted) and values (bound as parameters) put together by
/// the caller, so a filter can run inside SQLite without any caller text becoming SQL.
struct Condition {
    enum class Kind { all_of, any_of, negate, compare, is_in, is_text };
    Kind kind = Kind::all_of;  ///< an empty all_of holds for every row
    std::string column;        ///< compare, is_in, is_text
    std::string op;            ///< compare: =, !=, <, <=, >, >=
    std::vector<Value> values;  ///< compare: one; is_in: the list
    std::vector<Condition> children;  ///< all_of, any_of, negate (one)

    [[nodiscard]] static Condition compare(std::string column, std::string op, Value value);
    [[nodiscard]] static Condition is_in(std::string column, std::vector<Value> values);
    /// The column holds text (SQLite's storage class, whatever the declared type).
    [[nodiscard]] static Condition is_text(std::string column);
    [[nodiscard]] static Condition all_of(std::vector<Condition> children);
    [[nodiscard]] static Condition any_of(std::vector<Condition> children);
    [[nodiscard]] static Condition negate(Condition child);
};

class GeoPackageSelect {
public:
    /// Opens `path` read-only. Throws IoError naming the file when it is not a SQLite file.
    explicit GeoPackageSelect(const std::string& path);
    ~GeoPackageSelect();
    GeoPackageSelect(const GeoPackageSelect&) = delete;
    GeoPackageSelect& operator=(const GeoPackageSelect&) = delete;

    /// Does the file hold a table named `table`?
    [[nodiscard]] bool has_table(const std::string& table) const;
    /// The attribute columns of `table`, in order (not the fid, not the geometry column).
    /// Throws IoError when the file has no such table.
    [[nodiscard]] std::vector<std::string> columns(const std::string& table) const;

    struct Rows {
        std::vector<std::int64_t> fids;
        std::vector<Value> values;  ///< row-major: columns.size() values per row
    };
    /// Columns `columns` (each one of columns(table)) of the rows of `table`: all of them, or,
    /// when `where_column` is given, those whose `where_column` equals one of `where_values`.
    /// In fid order. Throws IoError for an unknown table or column.
    [[nodiscard]] Rows select(const std::string& table, const std::vector<std::string>& columns,
                              const std::string& where_column = {},
                              const std::vector<std::string>& where_values = {}) const;
    /// The same, streamed: visit(fid, values) for each row, the values (one per column) valid
    /// during the call only. For long tables (the 1.5 million rows of a national run's
    /// measures), which select would hold whole.
    void scan(const std::string& table, const std::vector<std::string>& columns,
              const std::function<void(std::int64_t, std::span<const ValueView>)>& visit,
              const std::string& where_column = {}, const std::vector<std::string>& where_values = {}) const;
    /// The same for the rows whose fid lies in [first_fid, last_fid], in fid order (a range
    /// of the table's primary key: one thread can read each half of a long table).
    void scan_range(const std::string& table, const std::vector<std::string>& columns, std::int64_t first_fid,
                    std::int64_t last_fid, const std::function<void(std::int64_t, std::span<const ValueView>)>& visit) const;
    /// The same for the rows that meet `where` (SQLite's semantics: a comparison with a null
    /// is not met), in fid order, within [first_fid, last_fid] when given.
    void scan_where(const std::string& table, const std::vector<std::string>& columns, const Condition& where,
                    const std::function<void(std::int64_t, std::span<const ValueView>)>& visit,
                    std::int64_t first_fid = 1, std::int64_t last_fid = std::numeric_limits<std::int64_t>::max()) const;
    /// Does any row of `table` meet `where`? Stops at the first.
    [[nodiscard]] bool any(const std::string& table, const Condition& where) const;
    /// The largest fid of `table` (0 when empty).
    [[nodiscard]] std::int64_t max_fid(const std::string& table) const;
    /// The distinct values of `column` of `table` (text form), sorted; only of the rows whose
    /// `where_column` is `where_value` when given.
    [[nodiscard]] std::vector<std::string> distinct(const std::string& table, const std::string& column,
                                                    const std::string& where_column = {},
                                                    const std::string& where_value = {}) const;
    /// The same for the rows whose fid is in `fids`, in the order given (a fid not found is
    /// skipped: Rows::fids says which were).
    [[nodiscard]] Rows select_fids(const std::string& table, const std::vector<std::string>& columns,
                                   const std::vector<std::int64_t>& fids) const;

    /// The geometries (column `geom`) of the rows `fids` of `table`, in that order; null for a
    /// missing row or geometry. Throws IoError for a blob that is not a GeoPackage geometry.
    [[nodiscard]] std::vector<geom::Geometry> geometries(const std::string& table,
                                                         const std::vector<std::int64_t>& fids) const;

private:
    void check_table(const std::string& table) const;
    void step_all(sqlite3_stmt* stmt, std::size_t n, const std::function<void(std::int64_t, std::span<const ValueView>)>& visit,
                  const std::string& table) const;
    void check_columns(const std::string& table, const std::vector<std::string>& columns) const;
    [[nodiscard]] std::string where_sql(const std::string& table, const Condition& where, std::vector<const Value*>& bound) const;
    std::string m_path;
    sqlite3* m_db = nullptr;
};

}  // namespace foncier::io
