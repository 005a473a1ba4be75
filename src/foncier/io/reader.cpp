#include "foncier/io/reader.hpp"

#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

#include "foncier/core/error.hpp"
#include "foncier/io/detail/gdal_util.hpp"
#include "foncier/io/detail/json_records.hpp"
#include "foncier/io/detail/ogr_table.hpp"

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


bool is_csv(const std::string& path) {
    auto ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext == ".csv" || ext == ".tsv";
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
    const bool records = local && detail::is_json_records(path);
    if (!records && !options.explode.empty()) {
        throw IoError("'" + path + "' is not a JSON array of records: 'explode' applies to those only; remove it "
                      "from the catalogue");
    }
    GDALDatasetUniquePtr ds = records ? detail::json_records_dataset(path, options.explode)
                                      : GDALDatasetUniquePtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR |
                                                                               GDAL_OF_VERBOSE_ERROR, nullptr,
                                                                               open_options.List(), nullptr));
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

    LayerData out;
    out.path = path;
    out.layer = layer->GetName();
    if (const OGRSpatialReference* srs = layer->GetSpatialRef()) {
        char* wkt = nullptr;
        const char* wkt_options[] = {"FORMAT=WKT2_2019", nullptr};
        if (srs->exportToWkt(&wkt, wkt_options) == OGRERR_NONE && wkt != nullptr) out.crs = wkt;
        CPLFree(wkt);
    }
    OGRFeatureDefn* defn = layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i) out.fields.emplace_back(defn->GetFieldDefn(i)->GetNameRef());

    for (const auto& field : options.geometry_fields) {
        if (std::find(out.fields.begin(), out.fields.end(), field) == out.fields.end()) {
            throw IoError("layer '" + out.layer + "' of '" + path + "' has no field '" + field +
                          "'; fix geometry_fields in the catalogue or the territory config");
        }
    }
    if (!options.attribute_filter.empty() && layer->SetAttributeFilter(options.attribute_filter.c_str()) != OGRERR_NONE) {
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
    for (auto& f : *layer) {
        Feature feature;
        feature.fid = f->GetFID();
        feature.attributes.reserve(by_name.size());
        for (const int i : by_name) {
            feature.attributes.emplace_hint(feature.attributes.end(), out.fields[static_cast<std::size_t>(i)],
                                            detail::read_field(*f, i));
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
            std::vector<unsigned char> wkb(geometry->WkbSize());
            geometry->exportToWkb(wkbNDR, wkb.data(), wkbVariantIso);
            try {
                feature.geometry = geom::Geometry::from_wkb(wkb);
            } catch (const GeometryError& e) {
                feature.geometry_error = e.what();
            }
        }
        out.features.push_back(std::move(feature));
    }
    if (const std::string failed = errors.failures(); !failed.empty()) {
        throw IoError("error while reading layer '" + out.layer + "' of '" + path + "': " + failed +
                      "; the file may be truncated or corrupt, fetch it again (tools/fetch-geodata)");
    }
    return out;
}

}  // namespace foncier::io
