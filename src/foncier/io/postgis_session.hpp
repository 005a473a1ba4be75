#pragma once
// A private scratch schema on a PostGIS server, for pushing spatial joins down to it
// (`foncier run --engine postgis`): tables are uploaded through GDAL's PG driver (COPY, GiST
// index), SQL runs on the server, result rows come back as Values. The schema is dropped when
// the session ends, whatever happened.

#include <memory>
#include <string>
#include <vector>

#include "foncier/core/value.hpp"
#include "foncier/io/table.hpp"

namespace foncier::io {

class PostgisSession {
public:
    /// `connection` is a GDAL "PG:..." string ("PG:" alone takes PGHOST, PGPORT, PGDATABASE,
    /// PGUSER from the environment); the database needs the postgis extension. `crs` is the
    /// working CRS of the uploaded geometries. Throws IoError naming the connection.
    PostgisSession(const std::string& connection, const std::string& crs);
    PostgisSession(const PostgisSession&) = delete;
    PostgisSession& operator=(const PostgisSession&) = delete;
    PostgisSession(PostgisSession&&) = delete;
    PostgisSession& operator=(PostgisSession&&) = delete;
    ~PostgisSession();

    /// The scratch schema's name; SQL refers to uploaded tables as <schema>.<table>.
    [[nodiscard]] const std::string& schema() const noexcept;

    /// Creates <schema>.<table.name> with the table's fields, `geom` and a GiST index on it.
    void upload(const Table& table);

    /// Runs SQL that returns no rows (CREATE TABLE ... AS, CREATE INDEX, ANALYZE).
    void execute(const std::string& sql);

    /// Runs a query; each row's values in column order.
    [[nodiscard]] std::vector<std::vector<Value>> query(const std::string& sql);

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace foncier::io
