#include "foncier/io/dataset_info.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>

#include "foncier/core/error.hpp"
#include "foncier/io/detail/gdal_util.hpp"

namespace foncier::io {

DatasetInfo describe_dataset(const std::string& path) {
    detail::ensure_gdal();
    detail::ErrorScope errors;
    if (path.find(':') == std::string::npos && !std::filesystem::exists(path)) {
        throw IoError("cannot open '" + path + "': the file does not exist");
    }
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_VERBOSE_ERROR));
    if (!ds) {
        throw IoError("cannot open '" + path + "' as a vector dataset: " +
                      errors.explain("no GDAL driver recognises it"));
    }
    DatasetInfo info;
    info.path = path;
    info.driver = ds->GetDriver() != nullptr ? ds->GetDriver()->GetDescription() : "";
    for (OGRLayer* layer : ds->GetLayers()) {
        LayerInfo li;
        li.name = layer->GetName();
        li.geometry_type = OGRGeometryTypeToName(layer->GetGeomType());
        if (const OGRSpatialReference* srs = layer->GetSpatialRef()) {
            li.crs_name = srs->GetName() != nullptr ? srs->GetName() : "";
            const char* auth = srs->GetAuthorityName(nullptr);
            const char* code = srs->GetAuthorityCode(nullptr);
            if (auth != nullptr && code != nullptr) li.crs_id = std::string(auth) + ":" + code;
        }
        li.feature_count = layer->GetFeatureCount(TRUE);
        OGRFeatureDefn* defn = layer->GetLayerDefn();
        for (int i = 0; i < defn->GetFieldCount(); ++i) {
            const OGRFieldDefn* fd = defn->GetFieldDefn(i);
            li.fields.push_back({fd->GetNameRef(), OGRFieldDefn::GetFieldTypeName(fd->GetType())});
        }
        info.layers.push_back(std::move(li));
    }
    return info;
}

std::string gdal_version() { return GDALVersionInfo("RELEASE_NAME"); }

}  // namespace foncier::io
