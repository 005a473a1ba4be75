#include "foncier/ingest/mutafriches_input.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "foncier/core/error.hpp"

namespace foncier::ingest {

using scoring::Input;

namespace {

enum class Type { number, boolean, category };

// What Mutafriches makes of null: "searched, none found" (counted in its reliability), or
// nothing (Site.fromInput turns an enriched categorical null into undefined).
enum class Null { none_found, unknown };

struct Spec {
    const char* name;
    Type type;
    Null null;
};

// Mutafriches v1.19's evaluation input, criterion by criterion (raccordementEau is derived).
constexpr std::array<Spec, 31> k_fields = {{
    {"surfaceSite", Type::number, Null::none_found},
    {"surfaceBati", Type::number, Null::none_found},
    {"siteEnCentreVille", Type::boolean, Null::none_found},
    {"distanceAutoroute", Type::number, Null::none_found},
    {"distanceTransportCommun", Type::number, Null::none_found},
    {"proximiteCommercesServices", Type::boolean, Null::none_found},
    {"distanceRaccordementElectrique", Type::number, Null::none_found},
    {"distanceReseauChaleur", Type::number, Null::none_found},
    {"tauxLogementsVacants", Type::number, Null::none_found},
    {"presenceRisquesTechnologiques", Type::boolean, Null::none_found},
    {"siteEnQpv", Type::boolean, Null::none_found},
    {"saturationReseauEnr", Type::boolean, Null::none_found},
    {"siteEnZae", Type::boolean, Null::none_found},
    {"risqueRetraitGonflementArgile", Type::category, Null::unknown},
    {"risqueCavitesSouterraines", Type::category, Null::unknown},
    {"risqueInondation", Type::category, Null::unknown},
    {"zonageEnvironnemental", Type::category, Null::unknown},
    {"zonagePatrimonial", Type::category, Null::unknown},
    {"zonageReglementaire", Type::category, Null::unknown},
    {"zoneAccelerationEnr", Type::category, Null::unknown},
    {"zonageAbcLogement", Type::category, Null::unknown},
    {"distanceIte", Type::category, Null::unknown},
    {"typeProprietaire", Type::category, Null::none_found},
    {"etatBatiInfrastructure", Type::category, Null::none_found},
    {"presencePollution", Type::category, Null::none_found},
    {"valeurArchitecturaleHistorique", Type::category, Null::none_found},
    {"qualitePaysage", Type::category, Null::none_found},
    {"qualiteVoieDesserte", Type::category, Null::none_found},
    {"trameVerteEtBleue", Type::category, Null::none_found},
    {"presenceEspecesProtegees", Type::category, Null::none_found},
    {"presenceZoneHumide", Type::category, Null::none_found},
}};

// Fields of Mutafriches' input (or of a batch file) that feed no criterion: accepted, not read.
const std::set<std::string, std::less<>> k_not_read = {
    "id", "nom", "identifiantParcelle", "codeInsee", "commune", "coordonnees", "geometrie", "geometrieReglementaire",
    "nombreParcelles", "distanceIteMetres", "siteReferencePollue", "sourcesUtilisees", "champsManquants",
    "fiabilite", "raccordementEau"};

struct Value {
    enum class Kind { absent, null, number, boolean, text } kind = Kind::absent;
    double number = 0.0;
    bool boolean = false;
    std::string text;
};

std::string shown(const Value& v) {
    switch (v.kind) {
    case Value::Kind::absent: return "(none)";
    case Value::Kind::null: return "null";
    case Value::Kind::number: {
        std::ostringstream s;
        s << v.number;
        return s.str();
    }
    case Value::Kind::boolean: return v.boolean ? "true" : "false";
    case Value::Kind::text: return "'" + v.text + "'";
    }
    return "?";
}

std::string trimmed(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())) != 0) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())) != 0) s.remove_suffix(1);
    return std::string(s);
}

class Converter {
public:
    explicit Converter(std::string path) : m_path(std::move(path)) {}

    [[noreturn]] void fail(const std::string& where, const std::string& what) const {
        throw ConfigError("Mutafriches input '" + m_path + "', " + where + ": " + what);
    }

    // One field of one site, into `inputs` (Mutafriches' meaning of null and absent kept).
    void add(scoring::Inputs& inputs, const std::string& where, const std::string& name, const Value& v) const {
        const auto spec = std::find_if(k_fields.begin(), k_fields.end(), [&](const Spec& s) { return name == s.name; });
        if (spec == k_fields.end()) {
            if (k_not_read.contains(name)) return;
            fail(where, "field '" + name + "' is not a Mutafriches input field (check the spelling; the names are "
                        "those of Mutafriches' evaluation input, e.g. surfaceSite, distanceAutoroute)");
        }
        inputs[name] = convert(*spec, v, where).from(scoring::Origin::site);
    }

private:
    Input convert(const Spec& spec, const Value& v, const std::string& where) const {
        using K = Value::Kind;
        const std::string field = std::string("field '") + spec.name + "'";
        switch (v.kind) {
        case K::absent: return Input::unknown("not given in the input");
        case K::null:
            return spec.null == Null::none_found ? Input::none("null in the input: searched, none found")
                                                 : Input::unknown("null in the input (Mutafriches reads it as not given)");
        default: break;
        }
        if (v.kind == K::text && v.text == "ne-sait-pas") return Input::of(v.text, "given");
        switch (spec.type) {
        case Type::number: {
            if (v.kind == K::number) return Input::of(v.number, "given");
            if (v.kind == K::text) {
                const std::string t = trimmed(v.text);
                double x = 0.0;
                const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), x);
                if (ec == std::errc() && end == t.data() + t.size() && !t.empty()) return Input::of(x, "given");
            }
            fail(where, field + " must be a number (" + units(spec.name) + "), not " + shown(v));
        }
        case Type::boolean: {
            if (v.kind == K::boolean) return Input::of(v.boolean ? "true" : "false", "given");
            if (v.kind == K::text) {
                std::string t = trimmed(v.text);
                std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return std::tolower(c); });
                if (t == "true" || t == "false") return Input::of(t, "given");
            }
            fail(where, field + " must be true or false (or null), not " + shown(v));
        }
        case Type::category:
            if (v.kind != K::text) fail(where, field + " must be a text value such as Mutafriches', not " + shown(v));
            // Site.fromInput turns an empty enriched value into undefined.
            if (v.text.empty() && spec.null == Null::unknown) return Input::unknown("empty in the input");
            return Input::of(v.text, "given");
        }
        return Input::unknown("");
    }

    static std::string units(const char* name) {
        const std::string n = name;
        if (n == "surfaceSite" || n == "surfaceBati") return "m2";
        if (n == "tauxLogementsVacants") return "percent";
        return "metres";
    }

    std::string m_path;
};

Value from_json(const nlohmann::json& j) {
    Value v;
    if (j.is_null()) {
        v.kind = Value::Kind::null;
    } else if (j.is_boolean()) {
        v.kind = Value::Kind::boolean;
        v.boolean = j.get<bool>();
    } else if (j.is_number()) {
        v.kind = Value::Kind::number;
        v.number = j.get<double>();
    } else if (j.is_string()) {
        v.kind = Value::Kind::text;
        v.text = j.get<std::string>();
    } else {
        v.kind = Value::Kind::text;
        v.text = j.dump();  // an object or a list: refused by add() unless the field is not read
    }
    return v;
}

std::string id_of(const nlohmann::json& site, std::size_t n) {
    for (const char* key : {"id", "identifiantParcelle"}) {
        const auto it = site.find(key);
        if (it != site.end() && it->is_string() && !it->get<std::string>().empty()) return it->get<std::string>();
        if (it != site.end() && it->is_number()) return it->dump();
    }
    const auto e = site.find("donneesEnrichies");
    if (e != site.end() && e->is_object()) {
        const auto it = e->find("identifiantParcelle");
        if (it != e->end() && it->is_string() && !it->get<std::string>().empty()) return it->get<std::string>();
    }
    return "site-" + std::to_string(n);
}

std::vector<MutafrichesSite> read_json(const std::string& path, const Converter& conv) {
    std::ifstream in(path, std::ios::binary);
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(in);
    } catch (const nlohmann::json::parse_error& e) {
        conv.fail("byte " + std::to_string(e.byte), std::string("not valid JSON: ") + e.what());
    }
    const nlohmann::json* list = &doc;
    if (doc.is_object() && doc.contains("sites")) list = &doc["sites"];
    if (!list->is_array()) conv.fail("top level", "expected a list of sites, or { \"sites\": [...] }");
    std::vector<MutafrichesSite> out;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const nlohmann::json& site = (*list)[i];
        MutafrichesSite s;
        s.where = "site " + std::to_string(i + 1);
        if (!site.is_object()) conv.fail(s.where, "each site is an object of Mutafriches fields");
        s.id = id_of(site, i + 1);
        s.where += " ('" + s.id + "')";
        for (const auto& [key, value] : site.items()) {
            if (key == "donneesEnrichies" || key == "donneesComplementaires") {
                if (!value.is_object()) conv.fail(s.where, "'" + key + "' must be an object");
                for (const auto& [k, v] : value.items()) conv.add(s.inputs, s.where, k, from_json(v));
            } else {
                conv.add(s.inputs, s.where, key, from_json(value));
            }
        }
        out.push_back(std::move(s));
    }
    return out;
}

// RFC 4180 records: quoted cells may hold the separator, quotes ("") and line breaks.
std::vector<std::vector<std::string>> csv_records(const std::string& text, char sep, std::vector<std::size_t>& lines) {
    std::vector<std::vector<std::string>> out;
    std::vector<std::string> record;
    std::string cell;
    bool quoted = false;
    std::size_t line = 1;
    std::size_t record_line = 1;
    bool any = false;
    auto end_record = [&] {
        record.push_back(std::move(cell));
        cell.clear();
        if (!(record.size() == 1 && record[0].empty())) {
            out.push_back(std::move(record));
            lines.push_back(record_line);
        }
        record.clear();
        any = false;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (!any) record_line = line;
        any = true;
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                cell += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                if (c == '\n') ++line;
                cell += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == sep) {
            record.push_back(std::move(cell));
            cell.clear();
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            ++line;
            end_record();
        } else {
            cell += c;
        }
    }
    if (any) end_record();
    return out;
}

std::vector<MutafrichesSite> read_csv(const std::string& path, const Converter& conv) {
    std::ifstream in(path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
    const std::string first_line = text.substr(0, text.find('\n'));
    const char sep = std::count(first_line.begin(), first_line.end(), ';') >
                             std::count(first_line.begin(), first_line.end(), ',')
                         ? ';'
                         : ',';
    std::vector<std::size_t> lines;
    const auto records = csv_records(text, sep, lines);
    if (records.empty()) conv.fail("line 1", "no header line");
    const auto& header = records[0];
    std::vector<MutafrichesSite> out;
    for (std::size_t r = 1; r < records.size(); ++r) {
        const auto& cells = records[r];
        MutafrichesSite s;
        s.where = "line " + std::to_string(lines[r]);
        if (cells.size() != header.size()) {
            conv.fail(s.where, std::to_string(cells.size()) + " cells for " + std::to_string(header.size()) +
                                   " columns in the header");
        }
        for (std::size_t c = 0; c < header.size(); ++c) {
            if (header[c] == "id" || (header[c] == "identifiantParcelle" && s.id.empty())) s.id = cells[c];
        }
        if (s.id.empty()) s.id = "site-" + std::to_string(r);
        s.where += " ('" + s.id + "')";
        for (std::size_t c = 0; c < header.size(); ++c) {
            Value v;
            if (cells[c].empty()) {
                v.kind = Value::Kind::absent;
            } else if (cells[c] == "null") {
                v.kind = Value::Kind::null;
            } else {
                v.kind = Value::Kind::text;
                v.text = cells[c];
            }
            conv.add(s.inputs, s.where, trimmed(header[c]), v);
        }
        out.push_back(std::move(s));
    }
    return out;
}

}  // namespace

const std::vector<std::string>& mutafriches_input_fields() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const Spec& s : k_fields) out.emplace_back(s.name);
        return out;
    }();
    return names;
}

std::vector<MutafrichesSite> read_mutafriches_input(const std::string& path) {
    if (!std::filesystem::is_regular_file(path)) throw ConfigError("Mutafriches input '" + path + "' does not exist");
    const Converter conv(path);
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    std::vector<MutafrichesSite> sites;
    if (ext == ".json") {
        sites = read_json(path, conv);
    } else if (ext == ".csv") {
        sites = read_csv(path, conv);
    } else {
        throw ConfigError("Mutafriches input '" + path + "': give a .json or a .csv file");
    }
    std::map<std::string, std::string> seen;
    for (const auto& s : sites) {
        auto [it, fresh] = seen.emplace(s.id, s.where);
        if (!fresh) conv.fail(s.where, "site id '" + s.id + "' is also used by " + it->second);
    }
    return sites;
}

}  // namespace foncier::ingest
