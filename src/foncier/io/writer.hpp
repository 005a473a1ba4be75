#pragma once
// Writes output tables. The GeoPackage is written first, with OGR, in the working CRS; the
// GeoJSON and Shapefile copies are made from it with GDALVectorTranslate (ogr2ogr's engine),
// so every format carries the same fields, values and order.

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "foncier/core/progress.hpp"
#include "foncier/io/table.hpp"

namespace foncier::io {

struct LayerStyle;
class SqliteTableWriter;
namespace detail {
struct RtreeLayer;
}

/// A GeoPackage written one table at a time, so a caller can start on a table while the others
/// are still being built. Created, written and closed on one thread (GDAL's per-thread options
/// and error handler), but for the row calls after begin_rows(). Not closed (an error, or
/// destroyed first): the file is incomplete, and the caller discards it.
class GeoPackageWriter {
public:
    /// Creates `path` (must not exist), CRS `crs` (e.g. "EPSG:2154"). Throws IoError / CrsError.
    GeoPackageWriter(const std::string& path, const std::string& crs);
    ~GeoPackageWriter();
    GeoPackageWriter(const GeoPackageWriter&) = delete;
    GeoPackageWriter& operator=(const GeoPackageWriter&) = delete;

    /// One layer, every row in one transaction, through OGR. Throws IoError naming the file,
    /// layer and field. Not after rows were added by the calls below.
    void write(const Table& table);
    // The calls below add rows to tables write() created, through a SQLite connection of this
    // writer's own: GDAL's handle on the file is closed at the first (write() and
    // write_styles() come before). A spatial layer's index gets the rows' boxes, until
    // build_indexes(). The fids must not clash. A failed call leaves the file incomplete, like
    // any failure here: the caller discards it.

    /// Closes GDAL's handle on the file (the first call below does it otherwise). After it,
    /// the calls below and build_indexes() may come from any thread, one at a time (the caller
    /// serialises them): they use the writer's own SQLite connection only. Throws IoError.
    void begin_rows();
    /// Appends every row of attribute table `name` of the SQLite file `other` (a GeoPackage,
    /// or a file of SqliteTableWriter) to this file's table `name` of the same schema. One SQL
    /// statement, which SQLite runs as a bulk copy of the stored records (much faster than
    /// through OGR). Throws IoError.
    void copy_rows(const std::string& other, const std::string& name);
    /// The same for the closed `side`, spatial or not (its blobs must carry this file's
    /// srs_id). Throws IoError.
    void copy_rows(const SqliteTableWriter& side);
    /// Appends rows to table `schema.name`, of this schema: `fill` adds them to the writer it
    /// is given, which encodes them straight into this file (no OGR feature, no side file),
    /// with the fids first_fid, first_fid + 1, ... Throws IoError.
    void append_rows(const Table& schema, const std::function<void(SqliteTableWriter&)>& fill,
                     std::int64_t first_fid = 1);
    /// The same with every row of `table`.
    void append_rows(const Table& table);
    /// The GeoPackage's number (srs_id) of the spatial reference system of spatial layer
    /// `layer`, which write() created: the one SqliteTableWriter's blobs must carry for
    /// copy_rows. Throws IoError.
    [[nodiscard]] int srs_id(const std::string& layer) const;
    /// The `layer_styles` table QGIS reads (and writes), with these rows.
    void write_styles(const std::vector<LayerStyle>& styles);
    /// Builds the spatial indexes now, the spatial layers being complete: attribute rows may
    /// still be added (copy_rows, append_rows), nothing else. Lets the indexes be built while another
    /// thread prepares the last attribute rows. Throws IoError.
    void build_indexes();
    /// Builds the spatial indexes (unless built) and flushes. Throws IoError.
    void close();

private:
    void copy_table(const std::string& other, const std::string& name);
    /// Checks that rows may be added to table `name` (spatial or not) and returns its index
    /// (nullptr for an attribute table); closes GDAL's handle first.
    detail::RtreeLayer* rows_target(const std::string& name, bool spatial);
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

/// Creates `path` (must not exist) with one layer per table, CRS `crs` (e.g. "EPSG:2154").
/// Throws IoError naming the file, layer and field on failure.
void write_geopackage(const std::string& path, const std::vector<const Table*>& tables, const std::string& crs);

/// Field values to set on the features of one layer, by the value of a key field.
using FieldUpdates = std::map<std::string, std::vector<std::pair<std::string, Value>>>;

/// Updates existing fields of `layer` in the GeoPackage `gpkg` in one transaction: for each
/// feature whose `key_field` value is in `updates`, sets the listed fields. Throws IoError
/// naming the file, layer and field.
void update_fields(const std::string& gpkg, const std::string& layer, const std::string& key_field,
                   const FieldUpdates& updates);

struct CsvOptions {
    bool bom = true;   ///< spreadsheets need it to read UTF-8
    bool crlf = true;  ///< CRLF line ends (the CNIG reference file's dialect)
};

/// Writes one attribute table (its geometry, if any, is ignored) as CSV: UTF-8, comma
/// separator, a header line, values quoted only when needed. `path` must not exist.
void write_csv(const std::string& path, const Table& table, const CsvOptions& options = {});

/// A row of the QGIS `layer_styles` table of a GeoPackage.
struct LayerStyle {
    std::string layer;        ///< f_table_name
    std::string name;         ///< styleName
    std::string qml;
    std::string sld;
    bool default_style = false;  ///< useAsDefault: QGIS applies it when the layer is added
    std::string description;
};

/// Writes the tables into a PostGIS schema through GDAL's PG driver. `connection` is a GDAL
/// "PG:..." string whose active_schema=NAME names the target schema. The tables are written
/// into a staging schema first, then, in one transaction, the staging schema replaces the
/// target: a failure leaves the previous tables untouched. Without `overwrite`, an existing
/// target schema is refused. Throws IoError / ConfigError naming the schema and table.
void write_postgis(const std::string& connection, const std::vector<const Table*>& tables, const std::string& crs,
                   bool overwrite);

enum class ExportFormat {
    geojson,   ///< RFC 7946: WGS 84 lon/lat, 7 decimals, right-hand rings, no `crs` member
    shapefile  ///< .shp/.shx/.dbf/.prj plus a .cpg reading UTF-8
};

/// Writes `table` (working CRS `crs`) as a GeoJSON or Shapefile file: the same fields, values
/// and order as export_layer copies from the GeoPackage, without reading it back, so the
/// copies can be written while the GeoPackage is. `destination` must not exist.
void export_table(const Table& table, const std::string& destination, ExportFormat format, const std::string& crs);

/// Copies layer `layer` of the GeoPackage `gpkg` to `destination` (a file path); a GeoJSON
/// gets `description` as its layer description.
void export_layer(const std::string& gpkg, const std::string& layer, const std::string& destination,
                  ExportFormat format, const std::string& description = {});

}  // namespace foncier::io
