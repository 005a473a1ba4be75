#include "foncier/ingest/typed_measures.hpp"

#include "foncier/ingest/measure_specs.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "foncier/core/error.hpp"

namespace foncier::ingest {

using scoring::Input;

namespace {

std::string at(const std::string& path, const toml::node& node) {
    return "'" + path + "', line " + std::to_string(node.source().begin.line);
}

std::vector<std::string> strings(const toml::table& t, const char* key, const std::string& ctx) {
    std::vector<std::string> out;
    const toml::node* n = t.get(key);
    if (n == nullptr) return out;
    const toml::array* a = n->as_array();
    if (a == nullptr) throw ConfigError(ctx + ": '" + key + "' must be a list of strings");
    for (const auto& item : *a) {
        auto v = item.value<std::string>();
        if (!v) throw ConfigError(ctx + ": '" + key + "' must be a list of strings");
        out.push_back(*v);
    }
    return out;
}

// Source unit -> factor to foncier's unit: m2 for surfaces, m for distances, percent for rates.
std::optional<double> unit_scale(const std::string& unit) {
    static const std::map<std::string, double> units = {{"", 1.0},  {"m2", 1.0}, {"ha", 1e4},      {"m", 1.0},
                                                        {"km", 1e3}, {"percent", 1.0}, {"ratio", 100.0}};
    const auto it = units.find(unit);
    return it == units.end() ? std::nullopt : std::optional<double>(it->second);
}

bool listed(const std::vector<std::string>& list, const std::string& v) {
    return std::find(list.begin(), list.end(), v) != list.end();
}

}  // namespace

std::vector<MeasureSpec> read_measure_specs(const toml::table& measures, const std::string& path,
                                            const std::string& section) {
    std::vector<MeasureSpec> out;
    for (const auto& [name, node] : measures) {
        MeasureSpec m;
        m.name = std::string(name.str());
        m.line = static_cast<int>(node.source().begin.line);
        const std::string ctx = at(path, node) + ": [" + section + ".measures] " + m.name;
        const toml::table* t = node.as_table();
        if (t == nullptr) {
            throw ConfigError(ctx + " must be a table { field = \"...\", type = \"number\", unit = \"m2\" }");
        }
        static const std::set<std::string> keys = {"field", "type", "unit", "values", "none_found", "unknown",
                                                   "prefer", "note"};
        for (const auto& [k, v] : *t) {
            if (!keys.contains(std::string(k.str()))) {
                throw ConfigError(at(path, v) + ": unknown key '" + std::string(k.str()) + "' in [" + section +
                                  ".measures] " + m.name + "; known keys: field, type, unit, values, none_found, "
                                  "unknown, prefer");
            }
        }
        auto field = (*t)["field"].value<std::string>();
        if (!field || field->empty()) throw ConfigError(ctx + " needs field = \"<source field>\"");
        m.field = *field;
        const std::string type = (*t)["type"].value<std::string>().value_or("text");
        static const std::map<std::string, MeasureType> types = {{"number", MeasureType::number},
                                                                 {"integer", MeasureType::integer},
                                                                 {"boolean", MeasureType::boolean},
                                                                 {"text", MeasureType::text},
                                                                 {"enumeration", MeasureType::enumeration}};
        const auto ty = types.find(type);
        if (ty == types.end()) {
            throw ConfigError(ctx + ": type must be number, integer, boolean, text or enumeration, not \"" + type + "\"");
        }
        m.type = ty->second;
        m.unit = (*t)["unit"].value<std::string>().value_or("");
        const auto scale = unit_scale(m.unit);
        if (!scale) throw ConfigError(ctx + ": unit must be m2, ha, m, km, percent or ratio, not \"" + m.unit + "\"");
        if (!m.unit.empty() && m.type != MeasureType::number && m.type != MeasureType::integer) {
            throw ConfigError(ctx + ": a unit applies to a number or an integer only");
        }
        m.scale = *scale;
        if (const toml::node* values = t->get("values")) {
            const toml::table* vt = values->as_table();
            if (vt == nullptr || m.type != MeasureType::enumeration) {
                throw ConfigError(ctx + ": 'values' is a table { \"source value\" = \"measure value\" } of an "
                                        "enumeration (type = \"enumeration\")");
            }
            for (const auto& [from, to] : *vt) {
                auto v = to.value<std::string>();
                if (!v) throw ConfigError(at(path, to) + ": [" + section + ".measures] " + m.name + " values: \"" +
                                          std::string(from.str()) + "\" must map to a text value");
                m.values[std::string(from.str())] = *v;
            }
        }
        if (m.type == MeasureType::enumeration && m.values.empty()) {
            throw ConfigError(ctx + ": an enumeration needs values = { \"source value\" = \"measure value\", ... }");
        }
        m.none_found = strings(*t, "none_found", ctx);
        m.unknown = strings(*t, "unknown", ctx);
        const std::string prefer = (*t)["prefer"].value<std::string>().value_or("site");
        if (prefer != "site" && prefer != "computed") {
            throw ConfigError(ctx + ": prefer must be \"site\" (the default: the site's value first) or \"computed\"");
        }
        m.prefer_computed = prefer == "computed";
        out.push_back(std::move(m));
    }
    return out;
}

std::optional<Input> typed_measure(const MeasureSpec& spec, const Value& raw, std::string& error) {
    const std::string text = trim(to_text(raw));
    const std::string note = "given (field " + spec.field + ")";
    if (text.empty()) return Input::unknown("empty field " + spec.field);
    if (listed(spec.unknown, text)) return Input::unknown("'" + text + "' in field " + spec.field);
    if (listed(spec.none_found, text)) return Input::none("'" + text + "' in field " + spec.field + ": none found");
    switch (spec.type) {
    case MeasureType::number:
    case MeasureType::integer: {
        const std::optional<double> v = to_number(raw);
        if (!v || !std::isfinite(*v)) {
            error = "is not a number";
            return std::nullopt;
        }
        if (spec.type == MeasureType::integer && *v != std::floor(*v)) {
            error = "is not an integer";
            return std::nullopt;
        }
        return Input::of(*v * spec.scale, note);
    }
    case MeasureType::boolean: {
        const std::string key = fold(text);
        static const std::set<std::string> yes = {"true", "1", "oui", "o", "yes", "vrai", "t"};
        static const std::set<std::string> no = {"false", "0", "non", "n", "no", "faux", "f"};
        if (yes.contains(key)) return Input::of(std::string("true"), note);
        if (no.contains(key)) return Input::of(std::string("false"), note);
        error = "is not a boolean (true/false, oui/non, 1/0)";
        return std::nullopt;
    }
    case MeasureType::text: return Input::of(text, note);
    case MeasureType::enumeration: {
        const auto it = spec.values.find(text);
        if (it == spec.values.end()) {
            std::string known;
            for (const auto& [k, v] : spec.values) known += (known.empty() ? "" : ", ") + ("\"" + k + "\"");
            error = "is not one of the enumeration's values (" + known + ")";
            return std::nullopt;
        }
        return Input::of(it->second, note + ": '" + text + "'");
    }
    }
    return Input::unknown("");
}

}  // namespace foncier::ingest
