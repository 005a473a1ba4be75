#include "foncier/io/postgis_session.hpp"

#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <atomic>

#include "foncier/core/error.hpp"
#include "foncier/io/detail/gdal_util.hpp"
#include "foncier/io/detail/ogr_table.hpp"

namespace foncier::io {

struct PostgisSession::Impl {
    std::string connection;
    std::string schema;
    GDALDatasetUniquePtr ds;
    OGRSpatialReference srs;
};

namespace {

// Runs `sql` on the server (GDAL's PG driver passes non-OGR SQL through). Throws IoError with
// the server's message.
OGRLayer* run(GDALDataset& ds, const std::string& sql, const std::string& schema) {
    detail::ErrorScope errors;
    OGRLayer* result = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (const std::string f = errors.failures(); !f.empty()) {
        if (result != nullptr) ds.ReleaseResultSet(result);
        throw IoError("PostGIS engine (schema " + schema + "): " + f + " in: " + sql.substr(0, 300));
    }
    return result;
}

}  // namespace

PostgisSession::PostgisSession(const std::string& connection, const std::string& crs) : m_impl(std::make_unique<Impl>()) {
    detail::ensure_gdal();
    static std::atomic<int> counter{0};
    m_impl->connection = connection;
    m_impl->schema = "foncier_scratch_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    detail::ErrorScope errors;
    m_impl->ds.reset(GDALDataset::Open(connection.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE | GDAL_OF_VERBOSE_ERROR));
    if (!m_impl->ds) {
        throw IoError("the PostGIS engine cannot connect to '" + connection + "': " + errors.explain("GDAL failure") +
                      "; give a server with --database \"PG:host=... dbname=...\" (the database needs CREATE "
                      "EXTENSION postgis)");
    }
    m_impl->srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (m_impl->srs.SetFromUserInput(crs.c_str()) != OGRERR_NONE) throw CrsError("unknown working CRS '" + crs + "'");
    OGRLayer* r = run(*m_impl->ds, "SELECT postgis_lib_version()", m_impl->schema);
    if (r == nullptr) throw IoError("the database of '" + connection + "' has no postgis extension: CREATE EXTENSION postgis");
    m_impl->ds->ReleaseResultSet(r);
    (void)run(*m_impl->ds, "CREATE SCHEMA " + m_impl->schema, m_impl->schema);
}

PostgisSession::~PostgisSession() {
    if (!m_impl || !m_impl->ds) return;
    try {
        detail::ErrorScope errors;  // a failed clean-up must not throw from a destructor
        OGRLayer* r = m_impl->ds->ExecuteSQL(("DROP SCHEMA IF EXISTS " + m_impl->schema + " CASCADE").c_str(), nullptr, nullptr);
        if (r != nullptr) m_impl->ds->ReleaseResultSet(r);
    } catch (...) {
    }
}

const std::string& PostgisSession::schema() const noexcept { return m_impl->schema; }

void PostgisSession::upload(const Table& table) {
    detail::ErrorScope errors;
    CPLStringList options;
    options.AddNameValue("SCHEMA", m_impl->schema.c_str());
    options.AddNameValue("GEOMETRY_NAME", "geom");
    options.AddNameValue("FID", "fid");
    options.AddNameValue("SPATIAL_INDEX", "GIST");
    options.AddNameValue("OVERWRITE", "YES");
    detail::write_table(*m_impl->ds, table, &m_impl->srs, m_impl->connection, errors, options);
    if (const std::string f = errors.failures(); !f.empty()) {
        throw IoError("PostGIS engine: cannot upload '" + table.name + "' into schema " + m_impl->schema + ": " + f);
    }
    execute("ANALYZE " + m_impl->schema + "." + table.name);
}

void PostgisSession::execute(const std::string& sql) {
    OGRLayer* r = run(*m_impl->ds, sql, m_impl->schema);
    if (r != nullptr) m_impl->ds->ReleaseResultSet(r);
}

std::vector<std::vector<Value>> PostgisSession::query(const std::string& sql) {
    OGRLayer* r = run(*m_impl->ds, sql, m_impl->schema);
    std::vector<std::vector<Value>> rows;
    if (r == nullptr) return rows;
    r->ResetReading();
    for (OGRFeatureUniquePtr f(r->GetNextFeature()); f; f.reset(r->GetNextFeature())) {
        std::vector<Value> row;
        for (int i = 0; i < f->GetFieldCount(); ++i) row.push_back(detail::read_field(*f, i));
        rows.push_back(std::move(row));
    }
    m_impl->ds->ReleaseResultSet(r);
    return rows;
}

}  // namespace foncier::io
