#include "foncier/ingest/sources.hpp"

#include <algorithm>
#include <filesystem>

#include "foncier/core/error.hpp"

namespace foncier::ingest {

SourceRead read_source(const LayerUse& use) {
    SourceRead out;
    bool first = true;
    for (const auto& [file, layer] : use.dataset.parts()) {
        io::ReadOptions options{layer,          use.dataset.x_field, use.dataset.y_field,
                                use.dataset.wkt_field, use.filter,   use.dataset.geometry_fields,
                                use.dataset.explode};
        // Etalab publishes its cadastre files gzipped: GDAL reads them through /vsigzip/.
        const bool gz = file.size() > 3 && file.compare(file.size() - 3, 3, ".gz") == 0;
        if (gz && !std::filesystem::exists(file)) {
            throw IoError("cannot open '" + file + "': the file does not exist; run tools/fetch-geodata, or fix the "
                          "path in the catalogue");
        }
        io::LayerData part = io::read_layer(gz ? "/vsigzip/" + file : file, options);
        out.features.push_back(part.features.size());
        if (first) {
            out.data = std::move(part);
            first = false;
            continue;
        }
        if (part.crs != out.data.crs) {
            throw ConfigError("dataset '" + use.dataset.key + "': '" + file + "' (layer '" + part.layer +
                              "') and '" + out.data.path + "' (layer '" + out.data.layer +
                              "') declare different CRS; the files read as one dataset must share one: "
                              "reproject one of them (ogr2ogr -t_srs) or declare them as separate datasets");
        }
        for (const auto& f : part.fields) {
            if (!out.data.has_field(f)) out.data.fields.push_back(f);
        }
        for (auto& report : part.text) {
            // Its example feature, counted among every part's features.
            if (report.example_feature < part.features.size()) report.example_feature += out.data.features.size();
            out.data.text.push_back(std::move(report));
        }
        out.data.features.reserve(out.data.features.size() + part.features.size());
        for (auto& f : part.features) out.data.features.push_back(std::move(f));
    }
    if (out.features.size() > 1) {
        // Messages name every file read as this dataset.
        std::string paths, layers;
        for (const auto& [file, layer] : use.dataset.parts()) {
            paths += (paths.empty() ? "" : " + ") + file;
            if (!layer.empty() && layers.find(layer) == std::string::npos) layers += (layers.empty() ? "" : " + ") + layer;
        }
        out.data.path = paths;
        if (!layers.empty()) out.data.layer = layers;
    }
    return out;
}

std::map<std::string, std::string> merger_map(const io::LayerData& table, const std::string& f_insee,
                                              const std::string& f_parent, const std::string& f_former) {
    std::map<std::string, std::string> out;
    auto text = [](const io::Feature& f, const std::string& field) {
        return field.empty() ? std::string{} : trim(to_text(f.get(field)));
    };
    for (const auto& f : table.features) {
        const std::string code = text(f, f_insee);
        if (code.empty()) continue;
        const std::string parent = text(f, f_parent);
        if (!parent.empty() && parent != code) out.emplace(code, parent);
        std::string former = text(f, f_former);
        // Former codes as "a|b" (JSON arrays read as text) or "a,b".
        std::replace(former.begin(), former.end(), ',', '|');
        for (std::size_t at = 0; at <= former.size();) {
            const std::size_t end = std::min(former.find('|', at), former.size());
            const std::string old = trim(former.substr(at, end - at));
            if (!old.empty() && old != code) out.emplace(old, code);
            at = end + 1;
        }
    }
    return out;
}

}  // namespace foncier::ingest
