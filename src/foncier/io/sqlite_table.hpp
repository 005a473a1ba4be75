#pragma once
// A table streamed straight into a new SQLite file, row by row through one prepared INSERT: no
// OGR feature, no copy of the text. Its layout is the one GDAL gives a GeoPackage table (fid,
// the geometry column `geom` holding GeoPackage geometry blobs, then the fields, with GDAL's
// declared column types), so GeoPackageWriter::copy_rows moves its rows into a GeoPackage table
// of the same schema as one bulk record copy, and, for a spatial table, packs its R-tree from
// the boxes gathered here. Several such files can be written at once, one per thread, while
// the GeoPackage itself is written: SQLite writes one file from one thread only. Streaming
// rows here avoids building an io::Table and going through OGR, both slower on the measures.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "foncier/io/detail/gpkg_rtree.hpp"
#include "foncier/io/table.hpp"

struct sqlite3;

namespace foncier::io {

/// A field value that refers to its text: valid for the call it is passed to.
using ValueView = std::variant<std::monostate, std::int64_t, double, std::string_view>;

/// One table `schema.name` with `schema.fields` (and a geometry column if `schema` has a
/// geometry type) in a new SQLite file, or appended to that table of an open GeoPackage.
/// Written and closed on one thread. Not closed: the file is incomplete (the caller discards
/// it).
class SqliteTableWriter {
public:
    /// Creates `path` (must not exist). `srs_id`: the spatial reference system of the
    /// geometries as the target GeoPackage numbers it (GeoPackageWriter::srs_id); unused
    /// without geometry. The rows get the fids first_fid, first_fid + 1, ... (a table written
    /// in several files: each continues the previous one's). Throws IoError.
    SqliteTableWriter(const std::string& path, const Table& schema, int srs_id = 0, std::int64_t first_fid = 1);
    /// Appends to table `schema.name` of the database open as `db` instead (it must have this
    /// layout, as GDAL creates it; `path` names it in errors), in one transaction that close()
    /// commits; destroyed unclosed, the transaction is ended (the file is then incomplete). `db`
    /// stays open, used by this writer only until then. Private to io: GeoPackageWriter::append_rows.
    SqliteTableWriter(sqlite3* db, const std::string& path, const Table& schema, int srs_id, std::int64_t first_fid);
    ~SqliteTableWriter();
    SqliteTableWriter(const SqliteTableWriter&) = delete;
    SqliteTableWriter& operator=(const SqliteTableWriter&) = delete;

    /// Appends one row: a value per field, in schema order, and its geometry (null allowed).
    /// Throws IoError.
    void add(std::span<const ValueView> values, const geom::Geometry* geometry = nullptr);
    /// As add, for text that outlives close() (a table's cells, the run's measures): the rows
    /// wait for their batch with views of it instead of copies.
    void add_lasting(std::span<const ValueView> values, const geom::Geometry* geometry = nullptr);
    /// Appends every row of `table`, whose schema is this writer's.
    void add_rows(const Table& table);
    /// Commits and closes. Throws IoError.
    void close();

    [[nodiscard]] const std::string& path() const noexcept;
    [[nodiscard]] const std::string& name() const noexcept;
    [[nodiscard]] bool spatial() const noexcept;
    [[nodiscard]] int srs_id() const noexcept;
    [[nodiscard]] std::size_t rows() const noexcept { return m_rows; }
    /// The R-tree entries (fid, box) of the non-empty geometries written.
    [[nodiscard]] const std::vector<detail::RtreeEntry>& index() const noexcept;
    /// The extent of the non-empty geometries written, if any.
    [[nodiscard]] const std::optional<geom::Envelope>& extent() const noexcept;

private:
    void add_row(std::span<const ValueView> values, const geom::Geometry* geometry, bool lasting);
    void start(const Table& schema, int srs_id, std::int64_t first_fid);
    void prepare(const Table& schema);
    struct Impl;
    std::unique_ptr<Impl> m_impl;
    std::size_t m_rows = 0;
};

}  // namespace foncier::io
