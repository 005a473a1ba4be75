#include "foncier/ingest/fields.hpp"

#include <algorithm>

#include "foncier/cnig/schema.hpp"
#include "foncier/core/error.hpp"

namespace foncier::ingest::detail {

// The mapped field for `role`, checked to exist in the layer. Required roles throw a
// ConfigError that names the file, the layer, the field and the fix.
std::string mapped_field(const io::LayerData& data, const LayerUse& use, const TerritoryConfig& config,
                         const std::string& section, const std::string& role, bool required) {
    const std::string field = use.field(role);
    if (field.empty()) {
        if (!required) return {};
        throw ConfigError("no field is mapped to '" + role + "' for [" + section + "] (dataset '" +
                          use.dataset.key + "'); add " + role + " = \"<field>\" under [" + section +
                          ".fields] in '" + config.path + "'");
    }
    if (!data.has_field(field)) {
        std::string list;
        for (const auto& f : data.fields) list += (list.empty() ? "" : ", ") + f;
        throw ConfigError("field '" + field + "' (mapped to '" + role + "') is not in layer '" + data.layer +
                          "' of '" + data.path + "' (fields: " + list + "); fix [" + section + ".fields] " + role +
                          " in '" + config.path + "' or the catalogue entry '" + use.dataset.key + "'");
    }
    return field;
}

std::string text(const io::Feature& f, const std::string& field) {
    if (field.empty()) return {};
    return trim(to_text(f.get(field)));  // CSV exports often pad values
}

// INSEE codes read as numbers lose their leading zero (01001 -> 1001).
std::string insee_code(const io::Feature& f, const std::string& field) {
    std::string code = text(f, field);
    if (code.size() == 4 && std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        code = "0" + code;
    }
    return code;
}

std::optional<double> number(const io::Feature& f, const std::string& field) {
    if (field.empty()) return std::nullopt;
    return to_number(f.get(field));
}

std::string feature_id(const io::Feature& f, const std::string& field) {
    std::string id = text(f, field);
    return id.empty() ? "#" + std::to_string(f.fid) : id;
}

// Cartofriches v1 columns take their CNIG Friches names (standard §6.1), unless the file
// already has the standard's column.
void rename_legacy_columns(io::LayerData& data) {
    for (const auto& [legacy, name] : cnig::friches_legacy_names()) {
        if (!data.has_field(legacy) || data.has_field(name)) continue;
        std::replace(data.fields.begin(), data.fields.end(), legacy, name);
        for (auto& f : data.features) {
            auto it = f.attributes.find(legacy);
            if (it == f.attributes.end()) continue;
            Value value = std::move(it->second);
            f.attributes.erase(it);
            f.attributes.emplace(name, std::move(value));
        }
    }
}

// Every field of [<section>.measures] must be in the layer: a typo would make a criterion
// silently unknown for every site.
void check_measure_fields(const io::LayerData& data, const LayerUse& use, const TerritoryConfig& config,
                          const std::string& section) {
    for (const auto& m : use.measures) {
        if (data.has_field(m.field)) continue;
        std::string list;
        for (const auto& f : data.fields) list += (list.empty() ? "" : ", ") + f;
        throw ConfigError("field '" + m.field + "' of measure '" + m.name + "' is not in layer '" + data.layer +
                          "' of '" + data.path + "' (fields: " + list + "); fix [" + section + ".measures] " +
                          m.name + " in '" + config.path + "'");
    }
}

}  // namespace foncier::ingest::detail
