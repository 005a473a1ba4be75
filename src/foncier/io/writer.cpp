#include "foncier/io/writer.hpp"

#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <utility>

#include "foncier/core/error.hpp"
#include "foncier/core/utf8.hpp"
#include "foncier/io/detail/gdal_util.hpp"
#include "foncier/io/detail/ogr_table.hpp"
#include "foncier/io/detail/sql_text.hpp"
#include "foncier/io/detail/sqlite_layout.hpp"
#include "foncier/io/sqlite_table.hpp"

namespace foncier::io {

namespace {

OGRFieldType ogr_type(FieldType t) {
    switch (t) {
    case FieldType::integer: return OFTInteger;  // counts and populations fit in 32 bits
    case FieldType::real: return OFTReal;
    case FieldType::string: return OFTString;
    }
    return OFTString;
}

OGRwkbGeometryType ogr_geometry(GeometryType t) {
    switch (t) {
    case GeometryType::none: return wkbNone;
    case GeometryType::point: return wkbPoint;
    case GeometryType::multipolygon: return wkbMultiPolygon;
    }
    return wkbUnknown;
}

void set_field(OGRFeature& f, int i, const Value& v) {
    if (is_null(v)) {
        f.SetFieldNull(i);
    } else if (const auto* n = std::get_if<std::int64_t>(&v)) {
        f.SetField(i, static_cast<int>(*n));
    } else if (const auto* d = std::get_if<double>(&v)) {
        f.SetField(i, *d);
    } else if (const std::string& text = std::get<std::string>(v); is_valid_utf8(text)) {
        f.SetField(i, text.c_str());
    } else {
        // Every output is UTF-8. read_layer decodes the data; what else reaches a row (a file
        // path in an issue's message, from a folder named in Latin-1) is decoded here.
        f.SetField(i, windows1252_to_utf8(text).c_str());
    }
}

}  // namespace

namespace detail {

void write_table(GDALDataset& ds, const Table& table, OGRSpatialReference* srs, const std::string& path,
                 detail::ErrorScope& errors, CPLStringList& layer_options, bool driver_number_widths,
                 std::vector<RtreeEntry>* index) {
    const bool spatial = table.geometry_type != GeometryType::none && srs != nullptr;
    CPLStringList options(layer_options);
    if (!table.description.empty() && ds.GetDriver() != nullptr &&
        std::string(ds.GetDriver()->GetDescription()) == "GPKG") {
        options.SetNameValue("DESCRIPTION", table.description.c_str());
    }
    OGRLayer* layer = ds.CreateLayer(table.name.c_str(), spatial ? srs : nullptr,
                                     spatial ? ogr_geometry(table.geometry_type) : wkbNone, options.List());
    if (layer == nullptr) {
        throw IoError("cannot create layer '" + table.name + "' in '" + path + "': " + errors.explain("GDAL failure"));
    }
    for (const auto& field : table.fields) {
        OGRFieldDefn defn(field.name.c_str(), ogr_type(field.type));
        const bool sized = !driver_number_widths || field.type == FieldType::string;
        if (sized && field.width > 0) defn.SetWidth(field.width);
        if (sized && field.precision > 0) defn.SetPrecision(field.precision);
        if (!field.description.empty()) defn.SetAlternativeName(field.description.c_str());
        if (layer->CreateField(&defn) != OGRERR_NONE) {
            throw IoError("cannot create field '" + field.name + "' in layer '" + table.name + "' of '" + path +
                          "': " + errors.explain("GDAL failure"));
        }
    }
    // One transaction per layer: GeoPackage inserts are ~100x faster than autocommit.
    if (layer->StartTransaction() != OGRERR_NONE) {
        throw IoError("cannot start a transaction on layer '" + table.name + "' of '" + path + "'");
    }
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    // One feature object for the whole layer (millions of rows for the measures table): every
    // field and the geometry are set again for each row, and the FID cleared.
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(defn));
    for (const auto& row : table.rows) {
        f->SetFID(OGRNullFID);
        for (std::size_t i = 0; i < table.fields.size(); ++i) {
            if (i < row.cells().size()) {
                set_field(*f, static_cast<int>(i), row.cells()[i]);
            } else {
                f->SetFieldNull(static_cast<int>(i));
            }
        }
        if (spatial) {
            OGRGeometry* g = nullptr;
            if (!row.shape().is_null()) {
                const auto wkb = row.shape().to_wkb();
                if (OGRGeometryFactory::createFromWkb(wkb.data(), srs, &g, wkb.size()) != OGRERR_NONE) {
                    throw IoError("cannot convert a geometry of layer '" + table.name + "' for '" + path + "'");
                }
                if (table.geometry_type == GeometryType::multipolygon) g = OGRGeometryFactory::forceToMultiPolygon(g);
            }
            f->SetGeometryDirectly(g);
        }
        if (layer->CreateFeature(f.get()) != OGRERR_NONE) {
            throw IoError("cannot write a feature to layer '" + table.name + "' of '" + path +
                          "': " + errors.explain("GDAL failure"));
        }
        if (index != nullptr && spatial && !row.shape().is_null() && !row.shape().is_empty()) {
            index->push_back(rtree_entry(f->GetFID(), row.shape().envelope()));
        }
    }
    if (layer->CommitTransaction() != OGRERR_NONE) {
        throw IoError("cannot commit layer '" + table.name + "' of '" + path + "': " + errors.explain("GDAL failure"));
    }
}

}  // namespace detail

struct GeoPackageWriter::Impl {
    detail::ErrorScope errors;
    std::string path;
    OGRSpatialReference srs;
    CPLStringList layer_options;
    GDALDatasetUniquePtr ds;
    std::vector<detail::RtreeLayer> indexes;  // built in bulk at close (gpkg_rtree.hpp)
    // After GDAL has closed the file (the layers and styles are in): a connection of our own,
    // for the spatial indexes and the last row copies.
    std::unique_ptr<sqlite3, int (*)(sqlite3*)> raw{nullptr, sqlite3_close};
    bool indexed = false;
    // The file, for syncing it: close() waits for it to be on disk; each commit before starts
    // the write-back (Linux), so that close() waits for the last commits only.
    int sync_fd = -1;

    void start_writeback() const {
#ifdef __linux__
        if (sync_fd >= 0) (void)::sync_file_range(sync_fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#endif
    }
    ~Impl() {
        if (sync_fd >= 0) ::close(sync_fd);
    }

    // The first column of the first row of `sql` on our own connection, as text; none
    // without a row.
    [[nodiscard]] std::optional<std::string> query(const std::string& sql) const {
        sqlite3_stmt* stmt = nullptr;
        std::optional<std::string> value;
        if (sqlite3_prepare_v2(raw.get(), sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
            const unsigned char* text = sqlite3_column_text(stmt, 0);
            value = text != nullptr ? reinterpret_cast<const char*>(text) : "";
        }
        sqlite3_finalize(stmt);
        return value;
    }
    void exec(const std::string& sql, const std::string& what) const {
        char* message = nullptr;
        if (sqlite3_exec(raw.get(), sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
            const std::string m = message != nullptr ? message : "SQLite failure";
            sqlite3_free(message);
            throw IoError("cannot " + what + " in '" + path + "': " + m);
        }
    }
};

GeoPackageWriter::GeoPackageWriter(const std::string& path, const std::string& crs) : m_impl(std::make_unique<Impl>()) {
    detail::ensure_gdal();
    Impl& w = *m_impl;
    w.path = path;
    if (std::filesystem::exists(path)) throw IoError("refusing to overwrite '" + path + "'");
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (driver == nullptr) throw IoError("the GDAL GPKG driver is missing; install gdal-bin / libgdal32");
    w.srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (w.srs.SetFromUserInput(crs.c_str()) != OGRERR_NONE) {
        throw CrsError("unknown working CRS '" + crs + "'; fix 'crs' in the territory config");
    }
    // No gpkg_ogr_contents: its feature-count triggers would turn copy_rows' bulk copy into a
    // row-by-row insert (3x slower). Readers then count with COUNT(*), which SQLite answers in
    // milliseconds at these sizes; QGIS and ogrinfo show the same counts.
    CPLStringList creation;
    creation.AddNameValue("ADD_GPKG_OGR_CONTENTS", "NO");
    {
        // The page size must be set before GDAL creates its first table: GDAL runs the
        // statements of OGR_SQLITE_PRAGMA right after opening the new file (a user's own
        // pragmas are kept, after ours). Thread-local: other threads' datasets are untouched.
        const char* user = CPLGetConfigOption("OGR_SQLITE_PRAGMA", nullptr);
        const std::string pragmas = "page_size=" + std::to_string(detail::k_sqlite_page_size) +
                                    (user != nullptr && *user != '\0' ? std::string(",") + user : std::string());
        CPLConfigOptionSetter page_size("OGR_SQLITE_PRAGMA", pragmas.c_str(), false);
        w.ds.reset(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, creation.List()));
    }
    if (!w.ds) throw IoError("cannot create '" + path + "': " + w.errors.explain("GDAL failure"));
    w.layer_options.AddNameValue("FID", "fid");
    w.layer_options.AddNameValue("GEOMETRY_NAME", "geom");
    w.layer_options.AddNameValue("GEOMETRY_NULLABLE", "YES");
}

GeoPackageWriter::~GeoPackageWriter() = default;

void GeoPackageWriter::write(const Table& table) {
    Impl& w = *m_impl;
    if (!w.ds) throw IoError("'" + w.path + "' is already closed: cannot add layer '" + table.name + "'");
    if (table.geometry_type == GeometryType::none) {
        detail::write_table(*w.ds, table, &w.srs, w.path, w.errors, w.layer_options);
        return;
    }
    // No R-tree from GDAL (one SQLite R*-tree insert per feature): close() packs it in bulk
    // from the boxes gathered here.
    CPLStringList options(w.layer_options);
    options.SetNameValue("SPATIAL_INDEX", "NO");
    detail::RtreeLayer index{table.name, "geom", {}, std::nullopt};
    index.entries.reserve(table.rows.size());
    detail::write_table(*w.ds, table, &w.srs, w.path, w.errors, options, false, &index.entries);
    w.indexes.push_back(std::move(index));
}

detail::RtreeLayer* GeoPackageWriter::rows_target(const std::string& name, bool spatial) {
    Impl& w = *m_impl;
    if (!w.ds && !w.raw) throw IoError("'" + w.path + "' is already closed: cannot add rows to '" + name + "'");
    begin_rows();
    const auto type = w.query("SELECT data_type FROM gpkg_contents WHERE table_name = " + detail::sql_literal(name));
    if (!type || (*type == "features") != spatial) {
        throw IoError("cannot add rows to '" + name + "' of '" + w.path + "': " +
                      (!type ? "no such table (write() creates it)" : "one table is spatial, the other not"));
    }
    if (!spatial) return nullptr;
    auto index = std::find_if(w.indexes.begin(), w.indexes.end(), [&](const auto& i) { return i.table == name; });
    if (w.indexed || index == w.indexes.end()) {
        throw IoError("cannot add rows to '" + name + "' of '" + w.path + "': its spatial index is built");
    }
    return &*index;
}

namespace {

// Adds the boxes and the extent of rows just added to a layer's index.
void extend(detail::RtreeLayer& index, const SqliteTableWriter& rows) {
    index.entries.insert(index.entries.end(), rows.index().begin(), rows.index().end());
    if (const auto& e = rows.extent()) {
        const auto& c = index.contents_extent;
        index.contents_extent = c ? geom::Envelope{std::min(c->minx, e->minx), std::min(c->miny, e->miny),
                                                   std::max(c->maxx, e->maxx), std::max(c->maxy, e->maxy)}
                                  : *e;
    }
}

}  // namespace

void GeoPackageWriter::copy_rows(const std::string& other, const std::string& name) {
    // Attribute tables only: a spatial layer's R-tree needs its boxes (the SqliteTableWriter
    // overload has them).
    (void)rows_target(name, false);
    copy_table(other, name);
}

void GeoPackageWriter::copy_rows(const SqliteTableWriter& side) {
    detail::RtreeLayer* index = rows_target(side.name(), side.spatial());
    // The blobs carry the side file's spatial reference system: it must be the layer's.
    if (index != nullptr) {
        if (const int srs_id = this->srs_id(side.name()); srs_id != side.srs_id()) {
            throw IoError("cannot copy rows into '" + side.name() + "' of '" + m_impl->path +
                          "': its geometries are in srs_id " + std::to_string(srs_id) + ", those of '" + side.path() +
                          "' in " + std::to_string(side.srs_id()));
        }
    }
    copy_table(side.path(), side.name());
    if (index != nullptr) extend(*index, side);
}

int GeoPackageWriter::srs_id(const std::string& layer) const {
    Impl& w = *m_impl;
    if (!w.ds && !w.raw) throw IoError("'" + w.path + "' is already closed: cannot read the CRS of '" + layer + "'");
    const std::string query = "SELECT srs_id FROM gpkg_geometry_columns WHERE table_name = " + detail::sql_literal(layer);
    long long id = -1;
    if (w.ds) {
        OGRLayer* result = w.ds->ExecuteSQL(query.c_str(), nullptr, nullptr);
        if (result != nullptr) {
            if (OGRFeatureUniquePtr f(result->GetNextFeature()); f) id = f->GetFieldAsInteger64(0);
            w.ds->ReleaseResultSet(result);
        }
    } else if (const auto value = w.query(query)) {
        id = std::stoll(*value);
    }
    if (id < 0) throw IoError("'" + layer + "' of '" + w.path + "' is not a spatial layer (write() creates it)");
    return static_cast<int>(id);
}

void GeoPackageWriter::append_rows(const Table& schema, const std::function<void(SqliteTableWriter&)>& fill,
                                   std::int64_t first_fid) {
    const bool spatial = schema.geometry_type != GeometryType::none;
    detail::RtreeLayer* index = rows_target(schema.name, spatial);
    SqliteTableWriter out(m_impl->raw.get(), m_impl->path, schema, spatial ? srs_id(schema.name) : 0, first_fid);
    fill(out);
    out.close();
    m_impl->start_writeback();
    if (index != nullptr) extend(*index, out);
}

void GeoPackageWriter::append_rows(const Table& table) {
    append_rows(table, [&](SqliteTableWriter& out) { out.add_rows(table); });
}

void GeoPackageWriter::copy_table(const std::string& other, const std::string& name) {
    Impl& w = *m_impl;
    const std::string table = detail::sql_identifier(name);
    w.exec("ATTACH DATABASE " + detail::sql_literal(other) + " AS side", "attach '" + other + "'");
    try {
        w.exec("BEGIN; INSERT INTO " + table + " SELECT * FROM side." + table + "; COMMIT",
               "copy the rows of '" + name + "' from '" + other + "'");
    } catch (...) {
        sqlite3_exec(w.raw.get(), "ROLLBACK; DETACH DATABASE side", nullptr, nullptr, nullptr);
        throw;
    }
    w.exec("DETACH DATABASE side", "detach '" + other + "'");
    w.start_writeback();
}

void GeoPackageWriter::begin_rows() {
    Impl& w = *m_impl;
    if (!w.ds) return;
    w.ds.reset();  // flushes; a failure here is a failure of the whole file
    if (const std::string f = w.errors.failures(); !f.empty()) throw IoError("while writing '" + w.path + "': " + f);
    // GDAL has closed the file: the rows and spatial indexes go in through a connection of our
    // own, used by one thread at a time (NOMUTEX: the caller serialises the calls).
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(w.path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr);
    w.raw.reset(db);
    if (rc != SQLITE_OK) {
        throw IoError("cannot reopen '" + w.path + "' to add its rows and spatial indexes: " +
                      (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    }
    // No rollback journal and no sync per transaction: a file that fails half-way is discarded
    // whole (the class's contract), so the journal protects nothing, and with it SQLite synced
    // the journal at every spill of its page cache (national benchmark: 142 fdatasync calls
    // for the rows of foncier.gpkg). close() syncs the file once.
    w.exec("PRAGMA journal_mode = OFF", "turn the rollback journal off");
    w.exec("PRAGMA synchronous = OFF", "turn the per-transaction sync off");
    w.sync_fd = ::open(w.path.c_str(), O_RDONLY | O_CLOEXEC);
    if (w.sync_fd < 0) throw IoError("cannot open '" + w.path + "' to sync it: " + std::strerror(errno));
}

void GeoPackageWriter::build_indexes() {
    Impl& w = *m_impl;
    if (!w.ds && !w.raw) throw IoError("'" + w.path + "' is already closed: cannot index it");
    begin_rows();
    if (!w.indexed && !w.indexes.empty()) detail::add_rtree_indexes(w.raw.get(), w.path, std::move(w.indexes));
    w.start_writeback();
    w.indexes.clear();
    w.indexed = true;
}

void GeoPackageWriter::close() {
    Impl& w = *m_impl;
    if (!w.ds && !w.raw) return;
    build_indexes();
    if (sqlite3_close(w.raw.release()) != SQLITE_OK) throw IoError("cannot close '" + w.path + "'");
    // On disk before the run publishes the folder (synchronous = OFF above).
    const int fd = std::exchange(w.sync_fd, -1);
    const bool synced = ::fsync(fd) == 0;
    const int error = errno;
    ::close(fd);
    if (!synced) throw IoError("cannot flush '" + w.path + "' to disk: " + std::strerror(error));
}

void write_geopackage(const std::string& path, const std::vector<const Table*>& tables, const std::string& crs) {
    GeoPackageWriter writer(path, crs);
    for (const Table* table : tables) writer.write(*table);
    writer.close();
}

namespace {

// The QGIS layer_styles table, in the schema QGIS creates (QgsOgrProviderUtils /
// saveStyleToDatabase), added to an open GeoPackage.
void add_layer_styles(GDALDataset& ds, const std::string& gpkg, const std::vector<LayerStyle>& styles,
                      const detail::ErrorScope& errors) {
    OGRLayer* layer = ds.CreateLayer("layer_styles", nullptr, wkbNone, nullptr);
    if (layer == nullptr) throw IoError("cannot create layer_styles in '" + gpkg + "': " + errors.explain("GDAL failure"));
    for (const char* name : {"f_table_catalog", "f_table_schema", "f_table_name", "f_geometry_column", "styleName",
                             "styleQML", "styleSLD"}) {
        OGRFieldDefn f(name, OFTString);
        if (std::string(name) == "styleName") f.SetWidth(30);
        layer->CreateField(&f);
    }
    OGRFieldDefn use("useAsDefault", OFTInteger);
    use.SetSubType(OFSTBoolean);
    layer->CreateField(&use);
    for (const char* name : {"description", "owner", "ui"}) {
        OGRFieldDefn f(name, OFTString);
        layer->CreateField(&f);
    }
    OGRFieldDefn time("update_time", OFTDateTime);
    layer->CreateField(&time);
    if (layer->StartTransaction() != OGRERR_NONE) throw IoError("cannot write layer_styles in '" + gpkg + "'");
    for (const auto& style : styles) {
        OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
        f->SetField("f_table_catalog", "");
        f->SetField("f_table_schema", "");
        f->SetField("f_table_name", style.layer.c_str());
        f->SetField("f_geometry_column", "geom");
        f->SetField("styleName", style.name.c_str());
        f->SetField("styleQML", style.qml.c_str());
        f->SetField("styleSLD", style.sld.c_str());
        f->SetField("useAsDefault", style.default_style ? 1 : 0);
        f->SetField("description", style.description.c_str());
        f->SetField("owner", "foncier");
        f->SetField("ui", "");
        if (layer->CreateFeature(f.get()) != OGRERR_NONE) {
            throw IoError("cannot write the style of '" + style.layer + "' in '" + gpkg + "'");
        }
    }
    if (layer->CommitTransaction() != OGRERR_NONE) throw IoError("cannot commit layer_styles in '" + gpkg + "'");
}

}  // namespace

void GeoPackageWriter::write_styles(const std::vector<LayerStyle>& styles) {
    Impl& w = *m_impl;
    if (!w.ds) throw IoError("'" + w.path + "' is already closed: cannot add its styles");
    add_layer_styles(*w.ds, w.path, styles, w.errors);
}

void update_fields(const std::string& gpkg, const std::string& layer_name, const std::string& key_field,
                   const FieldUpdates& updates) {
    detail::ensure_gdal();
    detail::ErrorScope errors;
    GDALDatasetUniquePtr ds(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE | GDAL_OF_VERBOSE_ERROR));
    if (!ds) throw IoError("cannot open '" + gpkg + "' for update: " + errors.explain("GDAL failure"));
    OGRLayer* layer = ds->GetLayerByName(layer_name.c_str());
    if (layer == nullptr) throw IoError("'" + gpkg + "' has no layer '" + layer_name + "'");
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    const int key = defn->GetFieldIndex(key_field.c_str());
    if (key < 0) throw IoError("layer '" + layer_name + "' of '" + gpkg + "' has no field '" + key_field + "'");
    if (ds->StartTransaction() != OGRERR_NONE) throw IoError("cannot start a transaction on '" + gpkg + "'");
    // Collect first, then rewrite: changing features while iterating the layer is undefined.
    std::vector<OGRFeatureUniquePtr> changed;
    for (auto& f : *layer) {
        auto it = updates.find(f->GetFieldAsString(key));
        if (it == updates.end()) continue;
        for (const auto& [field, v] : it->second) {
            const int i = defn->GetFieldIndex(field.c_str());
            if (i < 0) throw IoError("layer '" + layer_name + "' of '" + gpkg + "' has no field '" + field + "'");
            set_field(*f, i, v);
        }
        changed.emplace_back(f->Clone());
    }
    for (auto& f : changed) {
        if (layer->SetFeature(f.get()) != OGRERR_NONE) {
            ds->RollbackTransaction();
            throw IoError("cannot update layer '" + layer_name + "' of '" + gpkg + "': " + errors.explain("GDAL failure"));
        }
    }
    if (ds->CommitTransaction() != OGRERR_NONE) throw IoError("cannot commit the update of '" + gpkg + "'");
}

}  // namespace foncier::io
