// The output tables into a PostGIS schema through GDAL's PG driver (`foncier run --out PG:...`),
// replaced whole in one transaction.
#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <regex>

#include "foncier/core/error.hpp"
#include "foncier/io/detail/gdal_util.hpp"
#include "foncier/io/detail/ogr_table.hpp"
#include "foncier/io/writer.hpp"

namespace foncier::io {

namespace {

std::string pg_schema(const std::string& connection) {
    const std::regex key(R"(active_schema=([A-Za-z_][A-Za-z0-9_]*))");
    std::smatch m;
    if (!std::regex_search(connection, m, key)) {
        throw ConfigError("the PostGIS output '" + connection + "' names no schema: add active_schema=<name>");
    }
    return m[1];
}

bool execute(GDALDataset& ds, const std::string& sql, detail::ErrorScope& errors, std::string& failure) {
    OGRLayer* result = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (result != nullptr) ds.ReleaseResultSet(result);
    failure = errors.failures();
    return failure.empty();
}

}  // namespace

void write_postgis(const std::string& connection, const std::vector<const Table*>& tables, const std::string& crs,
                   bool overwrite) {
    detail::ensure_gdal();
    const std::string schema = pg_schema(connection);
    const std::string staging = schema + "_staging";
    const std::string staging_connection = std::regex_replace(connection, std::regex("active_schema=" + schema),
                                                              "active_schema=" + staging);
    {
        detail::ErrorScope errors;
        GDALDatasetUniquePtr ds(GDALDataset::Open(connection.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE | GDAL_OF_VERBOSE_ERROR));
        if (!ds) throw IoError("cannot connect to '" + connection + "': " + errors.explain("GDAL failure"));
        std::string failure;
        OGRLayer* exists = ds->ExecuteSQL(("SELECT 1 FROM pg_namespace WHERE nspname = '" + schema + "'").c_str(), nullptr, nullptr);
        const bool present = exists != nullptr && exists->GetFeatureCount() > 0;
        if (exists != nullptr) ds->ReleaseResultSet(exists);
        if (present && !overwrite) {
            throw ConfigError("schema '" + schema + "' already exists in the database; use --overwrite to replace it");
        }
        if (!execute(*ds, "DROP SCHEMA IF EXISTS " + staging + " CASCADE; CREATE SCHEMA " + staging, errors, failure)) {
            throw IoError("cannot create the staging schema '" + staging + "': " + failure);
        }
    }
    {
        detail::ErrorScope errors;
        GDALDatasetUniquePtr ds(
            GDALDataset::Open(staging_connection.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE | GDAL_OF_VERBOSE_ERROR));
        if (!ds) throw IoError("cannot connect to '" + staging_connection + "': " + errors.explain("GDAL failure"));
        OGRSpatialReference srs;
        srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        if (srs.SetFromUserInput(crs.c_str()) != OGRERR_NONE) throw CrsError("unknown working CRS '" + crs + "'");
        CPLStringList layer_options;
        layer_options.AddNameValue("SCHEMA", staging.c_str());
        layer_options.AddNameValue("GEOMETRY_NAME", "geom");
        layer_options.AddNameValue("FID", "fid");
        layer_options.AddNameValue("SPATIAL_INDEX", "GIST");
        for (const Table* table : tables) detail::write_table(*ds, *table, &srs, staging_connection, errors, layer_options);
        if (const std::string f = errors.failures(); !f.empty()) throw IoError("while writing to PostGIS: " + f);
    }
    detail::ErrorScope errors;
    GDALDatasetUniquePtr ds(GDALDataset::Open(connection.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE | GDAL_OF_VERBOSE_ERROR));
    if (!ds) throw IoError("cannot connect to '" + connection + "': " + errors.explain("GDAL failure"));
    std::string failure;
    // One transaction: readers see either the old schema or the new one, never half of it.
    if (!execute(*ds, "BEGIN; DROP SCHEMA IF EXISTS " + schema + " CASCADE; ALTER SCHEMA " + staging + " RENAME TO " +
                          schema + "; COMMIT",
                 errors, failure)) {
        throw IoError("cannot replace schema '" + schema + "': " + failure);
    }
}

}  // namespace foncier::io
