#include "foncier/io/detail/json_records.hpp"

#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <vector>

#include "foncier/core/error.hpp"

namespace foncier::io::detail {

namespace {

using nlohmann::json;

// Scalar text of a JSON value; arrays of scalars joined by "|" (the CNIG list separator).
std::string text_of(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_array()) {
        std::string out;
        for (const auto& item : v) {
            if (item.is_object() || item.is_array()) continue;
            if (!out.empty()) out += '|';
            out += text_of(item);
        }
        return out;
    }
    return v.dump();
}

struct Column {
    std::string name;
    OGRFieldType type = OFTString;
    bool typed = false;  // decided from its first non-null value
};

// The rows, each a list of (column name, value), in the order of the file.
using Row = std::vector<std::pair<std::string, const json*>>;

void add_scalars(const json& object, const std::string& prefix, const std::string& skip, Row& row) {
    for (const auto& [key, value] : object.items()) {
        if (key == skip || value.is_object()) continue;
        if (value.is_array() && !value.empty() && (value.front().is_object() || value.front().is_array())) continue;
        row.emplace_back(prefix + key, &value);
    }
}

}  // namespace

bool is_json_records(const std::string& path) {
    namespace fs = std::filesystem;
    if (path.find(':') != std::string::npos || path.rfind("/vsi", 0) == 0) return false;
    auto ext = fs::path(path).extension().string();
    for (auto& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (ext != ".json") return false;
    std::ifstream in(path, std::ios::binary);
    char c = 0;
    while (in.get(c)) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
        return c == '[';
    }
    return false;
}

GDALDatasetUniquePtr json_records_dataset(const std::string& path, const std::string& explode) {
    json doc;
    try {
        std::ifstream in(path, std::ios::binary);
        doc = json::parse(in);
    } catch (const json::exception& e) {
        throw IoError("cannot read '" + path + "' as JSON: " + e.what() + "; fetch the file again");
    }
    std::vector<Row> rows;
    std::size_t index = 0;
    for (const auto& record : doc) {
        ++index;
        if (!record.is_object()) {
            throw IoError("'" + path + "': element " + std::to_string(index) +
                          " of the array is not an object; a records file is an array of objects");
        }
        Row parent;
        add_scalars(record, "", explode, parent);
        if (explode.empty()) {
            rows.push_back(std::move(parent));
            continue;
        }
        const auto members = record.find(explode);
        if (members == record.end() || !members->is_array()) {
            throw IoError("'" + path + "': object " + std::to_string(index) + " has no array '" + explode +
                          "'; fix 'explode' in the catalogue (the array member to give one row per element)");
        }
        for (const auto& member : *members) {
            Row row = parent;
            if (member.is_object()) {
                add_scalars(member, explode + ".", "", row);
            } else {
                row.emplace_back(explode, &member);
            }
            rows.push_back(std::move(row));
        }
    }

    // Columns in order of first appearance, typed by their first non-null value.
    std::vector<Column> columns;
    std::map<std::string, std::size_t> column_of;
    for (const auto& row : rows) {
        for (const auto& [name, value] : row) {
            auto [it, added] = column_of.emplace(name, columns.size());
            if (added) columns.push_back({name});
            Column& col = columns[it->second];
            if (col.typed || value->is_null()) continue;
            col.typed = true;
            col.type = value->is_number_integer() || value->is_number_unsigned() ? OFTInteger64
                       : value->is_number_float()                              ? OFTReal
                                                                               : OFTString;
        }
    }

    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("Memory");
    if (driver == nullptr) throw IoError("GDAL has no Memory driver: cannot hold '" + path + "'");
    GDALDatasetUniquePtr ds(driver->Create("", 0, 0, 0, GDT_Unknown, nullptr));
    const std::string name = std::filesystem::path(path).stem().string();
    OGRLayer* layer = ds->CreateLayer(name.c_str(), nullptr, wkbNone, nullptr);
    for (const auto& col : columns) {
        OGRFieldDefn defn(col.name.c_str(), col.type);
        layer->CreateField(&defn);
    }
    for (const auto& row : rows) {
        OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
        for (const auto& [col, value] : row) {
            if (value->is_null()) continue;
            const int i = static_cast<int>(column_of.at(col));
            const Column& c = columns[static_cast<std::size_t>(i)];
            if (c.type == OFTInteger64 && (value->is_number_integer() || value->is_number_unsigned())) {
                f->SetField(i, static_cast<GIntBig>(value->get<std::int64_t>()));
            } else if (c.type == OFTReal && value->is_number()) {
                f->SetField(i, value->get<double>());
            } else {
                f->SetField(i, text_of(*value).c_str());
            }
        }
        if (layer->CreateFeature(f.get()) != OGRERR_NONE) {
            throw IoError("cannot hold the records of '" + path + "' in memory");
        }
    }
    return ds;
}

}  // namespace foncier::io::detail
