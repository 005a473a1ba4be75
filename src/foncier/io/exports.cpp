// The CSV tables and the GeoJSON / Shapefile copies of the output layers, through GDAL's
// drivers: from the tables in memory (write_csv, export_table) or from foncier.gpkg
// (export_layer, ogr2ogr's engine), so that every format carries the same fields and values.
#include <cpl_string.h>
#include <gdal_priv.h>
#include <gdal_utils.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <memory>

#include "foncier/core/error.hpp"
#include "foncier/io/detail/gdal_util.hpp"
#include "foncier/io/detail/ogr_table.hpp"
#include "foncier/io/writer.hpp"

namespace foncier::io {

void write_csv(const std::string& path, const Table& table, const CsvOptions& options) {
    detail::ensure_gdal();
    detail::ErrorScope errors;
    if (std::filesystem::exists(path)) throw IoError("refusing to overwrite '" + path + "'");
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("CSV");
    if (driver == nullptr) throw IoError("the GDAL CSV driver is missing");
    GDALDatasetUniquePtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw IoError("cannot create '" + path + "': " + errors.explain("GDAL failure"));
    CPLStringList layer_options;
    layer_options.AddNameValue("WRITE_BOM", options.bom ? "YES" : "NO");
    layer_options.AddNameValue("LINEFORMAT", options.crlf ? "CRLF" : "LF");
    layer_options.AddNameValue("STRING_QUOTING", "IF_NEEDED");  // GDAL 3.6 would quote integers too
    detail::write_table(*ds, table, nullptr, path, errors, layer_options);
    ds.reset();
    if (const std::string f = errors.failures(); !f.empty()) throw IoError("while writing '" + path + "': " + f);
}

void export_table(const Table& table, const std::string& destination, ExportFormat format, const std::string& crs) {
    detail::ensure_gdal();
    detail::ErrorScope errors;
    const bool geojson = format == ExportFormat::geojson;
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(geojson ? "GeoJSON" : "ESRI Shapefile");
    if (driver == nullptr) throw IoError("the GDAL driver for '" + destination + "' is missing");
    OGRSpatialReference srs;
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (srs.SetFromUserInput(crs.c_str()) != OGRERR_NONE) throw CrsError("unknown working CRS '" + crs + "'");
    GDALDatasetUniquePtr ds(driver->Create(destination.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw IoError("cannot create '" + destination + "': " + errors.explain("GDAL failure"));
    // The options of export_layer: RFC 7946 (the driver reprojects to WGS 84 lon/lat), 7
    // decimals; Shapefile in UTF-8 with its .cpg.
    CPLStringList options;
    if (geojson) {
        options.AddNameValue("RFC7946", "YES");
        options.AddNameValue("COORDINATE_PRECISION", "7");
    } else {
        options.AddNameValue("ENCODING", "UTF-8");
    }
    detail::write_table(*ds, table, &srs, destination, errors, options, true);
    ds.reset();
    if (const std::string f = errors.failures(); !f.empty()) throw IoError("while writing '" + destination + "': " + f);
}

void export_layer(const std::string& gpkg, const std::string& layer, const std::string& destination,
                  ExportFormat format, const std::string& description) {
    detail::ensure_gdal();
    detail::ErrorScope errors;
    GDALDatasetUniquePtr src(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_VERBOSE_ERROR));
    if (!src) throw IoError("cannot reopen '" + gpkg + "': " + errors.explain("GDAL failure"));

    CPLStringList args;
    if (format == ExportFormat::geojson) {
        for (const char* a : {"-f", "GeoJSON", "-lco", "RFC7946=YES", "-lco", "COORDINATE_PRECISION=7"}) {
            args.AddString(a);
        }
        if (!description.empty()) {
            args.AddString("-lco");
            args.AddString(("DESCRIPTION=" + description).c_str());
        }
    } else {
        // Without ENCODING=UTF-8 GDAL writes Latin-1 and no .cpg: accents would be lost.
        for (const char* a : {"-f", "ESRI Shapefile", "-lco", "ENCODING=UTF-8"}) args.AddString(a);
    }
    args.AddString(layer.c_str());
    std::unique_ptr<GDALVectorTranslateOptions, decltype(&GDALVectorTranslateOptionsFree)> options(
        GDALVectorTranslateOptionsNew(args.List(), nullptr), &GDALVectorTranslateOptionsFree);
    if (!options) throw IoError("invalid translate options for layer '" + layer + "': " + errors.explain("?"));
    GDALDatasetH in = GDALDataset::ToHandle(src.get());
    int usage_error = 0;
    GDALDatasetH out = GDALVectorTranslate(destination.c_str(), nullptr, 1, &in, options.get(), &usage_error);
    if (out == nullptr || usage_error != 0) {
        throw IoError("cannot write layer '" + layer + "' to '" + destination + "': " + errors.explain("GDAL failure"));
    }
    GDALClose(out);
    if (const std::string f = errors.failures(); !f.empty()) {
        throw IoError("while writing '" + destination + "': " + f);
    }
}

}  // namespace foncier::io
