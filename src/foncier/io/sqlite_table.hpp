#pragma once
// An attribute table streamed straight into a new SQLite file, row by row through one prepared
// INSERT: no OGR feature, no copy of the text. Its layout (fid, then the fields, with the
// column types GDAL gives a GeoPackage table) lets GeoPackageWriter::copy_rows move the rows
// into a GeoPackage table of the same schema as one bulk record copy. National benchmark
// (1.5 million measure rows): 0.96 s to build an io::Table then 1.67 s through OGR, against
// ~0.6 s streamed here.

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "foncier/io/table.hpp"

namespace foncier::io {

/// A field value that refers to its text: valid for the call it is passed to.
using ValueView = std::variant<std::monostate, std::int64_t, double, std::string_view>;

/// One table `schema.name` with `schema.fields` (the geometry type is ignored) in a new SQLite
/// file. Written and closed on one thread. Not closed: the file is incomplete (the caller
/// discards it).
class SqliteTableWriter {
public:
    /// Creates `path` (must not exist). Throws IoError.
    SqliteTableWriter(const std::string& path, const Table& schema);
    ~SqliteTableWriter();
    SqliteTableWriter(const SqliteTableWriter&) = delete;
    SqliteTableWriter& operator=(const SqliteTableWriter&) = delete;

    /// Appends one row: a value per field, in schema order. Throws IoError.
    void add(std::span<const ValueView> values);
    [[nodiscard]] std::size_t rows() const noexcept { return m_rows; }
    /// Commits and closes. Throws IoError.
    void close();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::size_t m_rows = 0;
};

}  // namespace foncier::io
