#include "foncier/io/reader.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <tuple>
#include <utility>

#include "foncier/core/error.hpp"
#include "foncier/core/parallel.hpp"
#include "foncier/io/detail/gdal_util.hpp"
#include "foncier/io/detail/json_records.hpp"
#include "foncier/io/detail/ogr_table.hpp"
#include "foncier/io/detail/text_encoding.hpp"

namespace foncier::io {

namespace {

const Value k_null{};

std::string layer_names(GDALDataset& ds) {
    std::string out;
    for (auto* layer : ds.GetLayers()) {
        if (!out.empty()) out.append(", ");
        out.append("'").append(layer->GetName()).append("'");
    }
    return out.empty() ? "none" : out;
}


std::string extension(const std::string& path) {
    auto ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext;
}

bool is_csv(const std::string& path) {
    const std::string ext = extension(path);
    return ext == ".csv" || ext == ".tsv";
}

bool is_shapefile(const std::string& path) {
    const std::string ext = extension(path);
    return ext == ".shp" || ext == ".dbf";
}

// The encoding a Shapefile declares (GDAL's name; "" for none) and where: the .cpg first,
// then the language driver byte (offset 29) of the .dbf, as GDAL itself reads them.
std::pair<std::string, std::string> declared_encoding(OGRLayer& layer) {
    if (const char* cpg = layer.GetMetadataItem("ENCODING_FROM_CPG", "SHAPEFILE"); cpg != nullptr && *cpg != 0) {
        return {cpg, "its .cpg file"};
    }
    if (const char* cpg = layer.GetMetadataItem("CPG_VALUE", "SHAPEFILE"); cpg != nullptr && *cpg != 0) {
        return {cpg, "its .cpg file"};
    }
    if (const char* ldid = layer.GetMetadataItem("ENCODING_FROM_LDID", "SHAPEFILE"); ldid != nullptr && *ldid != 0) {
        const char* value = layer.GetMetadataItem("LDID_VALUE", "SHAPEFILE");
        return {ldid, std::string("the language driver byte of its .dbf (LDID ") + (value != nullptr ? value : "?") + ")"};
    }
    return {};
}

// GDAL opens a .shp whose .dbf is missing or unreadable as a layer without any field, and
// says nothing: the run would then stop on a field-mapping error with the wrong fix.
void check_dbf(const std::string& path, OGRLayer& layer) {
    const std::string expected = CPLResetExtension(path.c_str(), "dbf");
    std::string dbf;
    for (const char* ext : {"dbf", "DBF", "Dbf"}) {
        const std::string candidate = CPLResetExtension(path.c_str(), ext);
        VSIStatBufL st;
        if (VSIStatL(candidate.c_str(), &st) == 0) {
            dbf = candidate;
            break;
        }
    }
    if (dbf.empty()) {
        throw IoError("'" + path + "' has no .dbf beside it ('" + expected + "' does not exist): a Shapefile's " +
                      "attributes (ids, names, surfaces) are in its .dbf; copy the .dbf of the same name beside " +
                      "the .shp (with its .shx, .prj and .cpg)");
    }
    if (layer.GetLayerDefn()->GetFieldCount() > 0) return;
    // No field: a sound dBASE header declaring none is accepted (rare, but valid).
    unsigned char header[32] = {};
    std::size_t got = 0;
    if (VSILFILE* fp = VSIFOpenL(dbf.c_str(), "rb")) {
        got = VSIFReadL(header, 1, sizeof header, fp);
        VSIFCloseL(fp);
    }
    const unsigned header_bytes = static_cast<unsigned>(header[8]) | (static_cast<unsigned>(header[9]) << 8U);
    if (got == sizeof header && header_bytes == 33 && header[0] != 0) return;
    throw IoError("'" + dbf + "', the attribute table of '" + path + "', cannot be read (damaged, truncated or " +
                  "not a dBASE file): no field can be read from it; copy a sound .dbf of the same name beside " +
                  "the .shp (export or fetch the Shapefile again)");
}

// Counts what `decoder` did to one text into `report`, keeping the first value concerned.
void fix_text(const detail::TextDecoder& decoder, std::string& text, TextReport& report, std::size_t feature,
              const std::string& field) {
    using Outcome = detail::TextDecoder::Outcome;
    const Outcome outcome = decoder.fix(text);
    if (outcome == Outcome::recoded) {
        ++report.recoded;
    } else if (outcome == Outcome::kept_utf8) {
        ++report.kept_utf8;
    } else {
        return;
    }
    if (report.recoded + report.kept_utf8 == 1) {
        report.example_feature = feature;
        report.example_field = field;
        report.example_value = text;
    }
}

// The CSV column named `wkt_field` (as GDAL matches GEOM_POSSIBLE_NAMES: whatever the case),
// when it is the layer's only geometry source: GDAL then need not parse it (parse_wkt_column
// does, on both cores); "" otherwise (X/Y columns, a pattern, several matches: GDAL reads).
std::string wkt_column(OGRLayer& layer, const std::vector<std::string>& fields, const ReadOptions& options) {
    if (options.wkt_field.empty() || !options.x_field.empty() || !options.y_field.empty() ||
        !options.geometry_fields.empty() || options.wkt_field.find_first_of("*?") != std::string::npos ||
        layer.GetLayerDefn()->GetGeomFieldCount() != 1) {
        return {};
    }
    std::string found;
    for (const auto& f : fields) {
        if (!EQUAL(f.c_str(), options.wkt_field.c_str())) continue;
        if (!found.empty()) return {};
        found = f;
    }
    return found;
}

}  // namespace

namespace detail {

Value read_field(OGRFeature& f, int i) {
    if (!f.IsFieldSetAndNotNull(i)) return k_null;
    switch (f.GetFieldDefnRef(i)->GetType()) {
    case OFTInteger:
    case OFTInteger64: return static_cast<std::int64_t>(f.GetFieldAsInteger64(i));
    case OFTReal: return f.GetFieldAsDouble(i);
    case OFTDate:
    case OFTDateTime: {
        // ISO 8601 (GDAL's own text form is YYYY/MM/DD).
        int y = 0, m = 0, d = 0, hh = 0, mm = 0, tz = 0;
        float ss = 0;
        f.GetFieldAsDateTime(i, &y, &m, &d, &hh, &mm, &ss, &tz);
        char buf[32];
        if (f.GetFieldDefnRef(i)->GetType() == OFTDate) {
            std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
        } else {
            std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", y, m, d, hh, mm, static_cast<int>(ss));
        }
        return std::string(buf);
    }
    default: return std::string(f.GetFieldAsString(i));
    }
}

}  // namespace detail

namespace {

// The feature's geometry from GDAL's (not empty): through WKB into GEOS; a geometry GEOS
// refuses is the feature's error, not the read's.
void set_geometry(Feature& feature, const OGRGeometry& geometry) {
    std::vector<unsigned char> wkb(geometry.WkbSize());
    geometry.exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
    try {
        feature.geometry = geom::Geometry::from_wkb(wkb);
    } catch (const GeometryError& e) {
        feature.geometry_error = e.what();
    }
}

// Each feature's geometry from the text of `column`, on both cores: the parser GDAL's CSV
// driver uses (OGRGeometryFactory::createFromWkt), so text it cannot read gives no geometry,
// as it did; then the path of every other geometry (set_geometry).
void parse_wkt_column(LayerData& out, const std::string& column) {
    parallel_for(out.features.size(), [&](std::size_t i) {
        Feature& feature = out.features[i];
        const auto* text = std::get_if<std::string>(&feature.get(column));
        if (text == nullptr || text->empty()) return;
        OGRGeometry* parsed = nullptr;
        CPLPushErrorHandler(CPLQuietErrorHandler);  // per thread; GDAL's CSV driver is silent too
        const OGRErr err = OGRGeometryFactory::createFromWkt(text->c_str(), nullptr, &parsed);
        CPLPopErrorHandler();
        const std::unique_ptr<OGRGeometry> geometry(parsed);
        if (err != OGRERR_NONE || geometry == nullptr || geometry->IsEmpty()) return;
        set_geometry(feature, *geometry);
    });
}

}  // namespace

const Value& Feature::get(const std::string& field) const {
    auto it = attributes.find(field);
    return it == attributes.end() ? k_null : it->second;
}

bool LayerData::has_field(const std::string& name) const {
    return std::find(fields.begin(), fields.end(), name) != fields.end();
}

LayerData read_layer(const std::string& path, const ReadOptions& options) {
    detail::ensure_gdal();
    detail::ErrorScope errors;

    const bool local = path.find(':') == std::string::npos && path.rfind("/vsi", 0) != 0;
    if (local && !std::filesystem::exists(path)) {
        throw IoError("cannot open '" + path + "': the file does not exist; run tools/fetch-geodata, or fix the " +
                      "path in the catalogue");
    }

    CPLStringList open_options;
    if (is_csv(path)) {
        if (!options.x_field.empty()) open_options.AddNameValue("X_POSSIBLE_NAMES", options.x_field.c_str());
        if (!options.y_field.empty()) open_options.AddNameValue("Y_POSSIBLE_NAMES", options.y_field.c_str());
        if (!options.wkt_field.empty()) open_options.AddNameValue("GEOM_POSSIBLE_NAMES", options.wkt_field.c_str());
        open_options.AddNameValue("KEEP_GEOM_COLUMNS", "YES");
    }
    // Raw bytes: foncier decodes the .dbf itself (fix_text), so that text that contradicts
    // its declaration is detected and reported instead of copied as invalid UTF-8 or mojibake.
    bool shapefile = is_shapefile(path);
    if (shapefile) open_options.AddNameValue("ENCODING", "");
    const bool records = local && detail::is_json_records(path);
    if (!records && !options.explode.empty()) {
        throw IoError("'" + path + "' is not a JSON array of records: 'explode' applies to those only; remove it "
                      "from the catalogue");
    }
    auto open = [&] {
        return GDALDatasetUniquePtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_VERBOSE_ERROR, nullptr,
                                                      open_options.List(), nullptr));
    };
    GDALDatasetUniquePtr ds = records ? detail::json_records_dataset(path, options.explode) : open();
    if (ds && !records && !shapefile && ds->GetDriver() != nullptr &&
        std::string(ds->GetDriver()->GetDescription()) == "ESRI Shapefile") {
        // A Shapefile not named .shp (a folder of them, a .zip): opened again, raw.
        shapefile = true;
        open_options.AddNameValue("ENCODING", "");
        ds = open();
    }
    if (!ds && local && detail::looks_utf16(path)) {
        throw IoError("cannot open '" + path + "': it is UTF-16 text (a spreadsheet's \"Unicode text\" export), " +
                      "which GDAL does not read; save it as UTF-8 (\"CSV UTF-8\"), or convert it: iconv -f UTF-16 " +
                      "-t UTF-8");
    }
    if (!ds) {
        throw IoError("cannot open '" + path + "' as a vector dataset: " +
                      errors.explain("no GDAL driver recognises it") +
                      "; check that the file is complete and in a format GDAL reads (GeoPackage, "
                      "Shapefile, GeoJSON, CSV, ...)");
    }
    OGRLayer* layer = nullptr;
    if (options.layer.empty()) {
        layer = ds->GetLayerCount() > 0 ? ds->GetLayer(0) : nullptr;
        if (layer == nullptr) throw IoError("'" + path + "' holds no vector layer");
    } else {
        layer = ds->GetLayerByName(options.layer.c_str());
        if (layer == nullptr) {
            throw IoError("'" + path + "' has no layer '" + options.layer + "' (layers: " + layer_names(*ds) +
                          "); fix 'layer' in the catalogue");
        }
    }

    if (shapefile && extension(path) == ".shp") check_dbf(path, *layer);

    LayerData out;
    out.path = path;
    out.layer = layer->GetName();
    TextReport report;
    report.path = path;
    report.recoded_from = detail::TextDecoder::fallback();
    report.shapefile = shapefile;
    if (shapefile) std::tie(report.declared, report.declared_by) = declared_encoding(*layer);
    const detail::TextDecoder decoder(report.declared);
    if (const OGRSpatialReference* srs = layer->GetSpatialRef()) {
        char* wkt = nullptr;
        const char* wkt_options[] = {"FORMAT=WKT2_2019", nullptr};
        if (srs->exportToWkt(&wkt, wkt_options) == OGRERR_NONE && wkt != nullptr) out.crs = wkt;
        CPLFree(wkt);
    }
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
        std::string name = defn->GetFieldDefn(i)->GetNameRef();
        fix_text(decoder, name, report, static_cast<std::size_t>(-1), name);
        out.fields.push_back(std::move(name));
    }

    // A CSV's WKT column: GDAL finds it (GEOM_POSSIBLE_NAMES) but leaves its text unparsed.
    const std::string wkt_text = wkt_column(*layer, out.fields, options);
    if (!wkt_text.empty()) {
        const char* ignored[] = {"OGR_GEOMETRY", nullptr};
        layer->SetIgnoredFields(ignored);
    }
    for (const auto& field : options.geometry_fields) {
        if (std::find(out.fields.begin(), out.fields.end(), field) == out.fields.end()) {
            throw IoError("layer '" + out.layer + "' of '" + path + "' has no field '" + field +
                          "'; fix geometry_fields in the catalogue or the territory config");
        }
    }
    std::string filter = options.attribute_filter;
    if (decoder.legacy() && !filter.empty()) {
        // The .dbf's field names and values are in its own encoding (read without recoding).
        std::unique_ptr<char, decltype(&CPLFree)> encoded(CPLRecode(filter.c_str(), CPL_ENC_UTF8, report.declared.c_str()),
                                                          &CPLFree);
        if (encoded) filter = encoded.get();
    }
    if (!filter.empty() && layer->SetAttributeFilter(filter.c_str()) != OGRERR_NONE) {
        throw IoError("invalid attribute filter \"" + options.attribute_filter + "\" on layer '" + out.layer +
                      "' of '" + path + "': " + errors.explain("OGR SQL syntax error") +
                      "; fix 'filter' in the territory config");
    }
    layer->ResetReading();
    // The fields in name order, so that each feature's attributes are appended in order.
    std::vector<int> by_name(static_cast<std::size_t>(defn->GetFieldCount()));
    for (std::size_t i = 0; i < by_name.size(); ++i) by_name[i] = static_cast<int>(i);
    std::stable_sort(by_name.begin(), by_name.end(), [&](int a, int b) {
        return out.fields[static_cast<std::size_t>(a)] < out.fields[static_cast<std::size_t>(b)];
    });
    // Where reading first failed: after the last feature read before GDAL reported a failure.
    std::string failed_after = "before its first feature";
    bool failed = errors.failure_count() > 0;
    for (auto& f : *layer) {
        failed = failed || errors.failure_count() > 0;
        if (!failed && !out.features.empty()) failed_after = "after feature #" + std::to_string(out.features.back().fid);
        Feature feature;
        feature.fid = f->GetFID();
        feature.attributes.reserve(by_name.size());
        for (const int i : by_name) {
            const std::string& name = out.fields[static_cast<std::size_t>(i)];
            auto at = feature.attributes.emplace_hint(feature.attributes.end(), name, detail::read_field(*f, i));
            if (auto* value = std::get_if<std::string>(&at->second)) fix_text(decoder, *value, report, out.features.size(), name);
        }
        if (!options.geometry_fields.empty()) {
            for (const auto& field : options.geometry_fields) {
                const std::string text = trim(to_text(feature.get(field)));
                if (text.empty()) continue;
                try {
                    feature.geometry = text.front() == '{' ? geom::Geometry::from_geojson(text)
                                                            : geom::Geometry::from_wkt(text);
                    feature.geometry_error.clear();
                    break;
                } catch (const GeometryError& e) {
                    // Keep trying the next column; report this one if none can be read.
                    if (feature.geometry_error.empty()) feature.geometry_error = "field '" + field + "': " + e.what();
                }
            }
        } else if (const OGRGeometry* geometry = f->GetGeometryRef(); geometry != nullptr && !geometry->IsEmpty()) {
            set_geometry(feature, *geometry);
        }
        out.features.push_back(std::move(feature));
    }
    if (const std::string failures = errors.failures(); !failures.empty()) {
        if (!failed && !out.features.empty()) failed_after = "after feature #" + std::to_string(out.features.back().fid);
        throw IoError("error while reading layer '" + out.layer + "' of '" + path + "' (failed " + failed_after +
                      "): " + failures +
                      "; the file may be truncated or corrupt, fetch it again (tools/fetch-geodata)");
    }
    if (!wkt_text.empty()) parse_wkt_column(out, wkt_text);
    const std::string ext = extension(path);
    if (is_csv(path) || ext == ".json" || ext == ".geojson") {
        report.nul_lines = detail::nul_lines(path, ext != ".csv" && ext != ".tsv", 20, report.nul_count);
    }
    if (!report.empty()) out.text.push_back(std::move(report));
    return out;
}

}  // namespace foncier::io
