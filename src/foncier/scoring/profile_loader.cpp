// Reads a scoring profile from TOML and checks it thoroughly: a profile is configuration a
// planner edits by hand, so every mistake is reported with the file, the line and the
// criterion concerned.

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "foncier/core/error.hpp"
#include "foncier/scoring/profile.hpp"

namespace foncier::scoring {

namespace {

class Reader {
public:
    explicit Reader(std::string path) : m_path(std::move(path)) {}

    [[noreturn]] void fail(const toml::node* node, const std::string& what) const {
        std::string where = "profile '" + m_path + "'";
        if (node != nullptr) where += ", line " + std::to_string(node->source().begin.line);
        throw ConfigError(where + ": " + what);
    }

    std::string string(const toml::table& t, const char* key, const std::string& context, bool required = false,
                       std::string fallback = {}) const {
        const toml::node* n = t.get(key);
        if (n == nullptr) {
            if (required) fail(&t, context + " needs '" + key + "'");
            return fallback;
        }
        auto v = n->value<std::string>();
        if (!v) fail(n, context + ": '" + key + "' must be a string");
        return *v;
    }

    std::vector<std::string> strings(const toml::table& t, const char* key, const std::string& context) const {
        std::vector<std::string> out;
        const toml::node* n = t.get(key);
        if (n == nullptr) return out;
        const toml::array* a = n->as_array();
        if (a == nullptr) fail(n, context + ": '" + key + "' must be a list of strings");
        for (const auto& item : *a) {
            auto v = item.value<std::string>();
            if (!v) fail(&item, context + ": '" + key + "' must be a list of strings");
            out.push_back(*v);
        }
        return out;
    }

    std::vector<Impact> impacts(const toml::node& n, std::size_t n_uses, const std::string& context) const {
        auto text = n.value<std::string>();
        if (!text) fail(&n, context + ": impacts must be a string such as \"P N TN\"");
        std::istringstream in(*text);
        std::vector<Impact> out;
        for (std::string token; in >> token;) {
            auto impact = parse_impact(token);
            if (!impact) {
                fail(&n, context + ": unknown impact '" + token + "' (use TN NEG N P TP, or -- - 0 + ++)");
            }
            out.push_back(*impact);
        }
        if (out.size() != n_uses) {
            fail(&n, context + ": " + std::to_string(out.size()) + " impact(s) for " + std::to_string(n_uses) +
                         " use(s); give one per use, in the order of 'uses'");
        }
        return out;
    }

    Criterion criterion(const std::string& name, const toml::table& t, const std::vector<std::string>& uses) const {
        const std::string ctx = "criterion '" + name + "'";
        static const std::set<std::string> keys = {"label", "measure", "weight", "format", "bands", "values",
                                                   "unknown", "not_applicable", "none_found", "derive", "note"};
        for (const auto& [k, node] : t) {
            if (!keys.contains(std::string(k.str()))) fail(&node, ctx + ": unknown key '" + std::string(k.str()) + "'");
        }
        Criterion c;
        c.name = name;
        c.line = static_cast<int>(t.source().begin.line);
        c.label = string(t, "label", ctx, false, name);
        c.measure = string(t, "measure", ctx, false, name);
        const toml::node* w = t.get("weight");
        if (w == nullptr) fail(&t, ctx + " has no weight; add weight = <number>");
        auto weight = w->value<double>();
        if (!weight || !std::isfinite(*weight) || *weight <= 0 || *weight > 1e6) {
            fail(w, ctx + ": weight must be a positive finite number (up to 1e6)");
        }
        c.weight = *weight;

        const std::string format = string(t, "format", ctx, false, "number");
        static const std::vector<std::pair<std::string, Format>> formats = {
            {"number", Format::number}, {"ha", Format::ha},           {"km", Format::km},
            {"m", Format::m},           {"percent", Format::percent}, {"text", Format::text}};
        auto f = std::find_if(formats.begin(), formats.end(), [&](const auto& p) { return p.first == format; });
        if (f == formats.end()) fail(t.get("format"), ctx + ": format must be number, ha, km, m, percent or text");
        c.format = f->second;

        const toml::node* bands = t.get("bands");
        const toml::node* values = t.get("values");
        if ((bands == nullptr) == (values == nullptr)) {
            fail(&t, ctx + " needs either 'bands' (numeric) or a [criteria." + name + ".values] table (categorical)");
        }
        if (bands != nullptr) {
            c.numeric = true;
            const toml::array* list = bands->as_array();
            if (list == nullptr || list->empty()) fail(bands, ctx + ": 'bands' must be a non-empty list");
            for (std::size_t i = 0; i < list->size(); ++i) {
                const toml::table* b = (*list)[i].as_table();
                if (b == nullptr) fail(&(*list)[i], ctx + ": each band is a table { lt = ..., impacts = \"...\" }");
                Band band;
                const toml::node* lt = b->get("lt");
                const toml::node* le = b->get("le");
                const toml::node* other = b->get("otherwise");
                if ((lt != nullptr) + (le != nullptr) + (other != nullptr) != 1) {
                    fail(b, ctx + ": band " + std::to_string(i + 1) + " needs exactly one of lt, le, otherwise");
                }
                if (other != nullptr) {
                    if (i + 1 != list->size()) fail(b, ctx + ": 'otherwise' must be the last band");
                } else {
                    const toml::node* limit = lt != nullptr ? lt : le;
                    auto v = limit->value<double>();
                    if (!v || !std::isfinite(*v)) fail(limit, ctx + ": band limits must be finite numbers");
                    band.bound = lt != nullptr ? Band::Bound::lt : Band::Bound::le;
                    band.limit = *v;
                    if (!c.bands.empty()) {
                        const Band& prev = c.bands.back();
                        // Increasing limits; an equal limit only as "< x" then "<= x" (the value x).
                        const bool ok = band.limit > prev.limit ||
                                        (band.limit == prev.limit && prev.bound == Band::Bound::lt &&
                                         band.bound == Band::Bound::le);
                        if (!ok) {
                            fail(b, ctx + ": bands overlap or are not in increasing order (band " +
                                        std::to_string(i + 1) + " after a band ending at " +
                                        std::to_string(prev.limit) + ")");
                        }
                    }
                }
                const toml::node* imp = b->get("impacts");
                if (imp == nullptr) fail(b, ctx + ": band " + std::to_string(i + 1) + " has no impacts");
                band.impacts = impacts(*imp, uses.size(), ctx);
                c.bands.push_back(std::move(band));
            }
            if (c.bands.back().bound != Band::Bound::otherwise) {
                fail(bands, ctx + ": the last band must be { otherwise = true, ... } so every value has a band");
            }
        } else {
            const toml::table* table = values->as_table();
            if (table == nullptr || table->empty()) fail(values, ctx + ": 'values' must be a non-empty table");
            std::vector<std::pair<int, Category>> ordered;
            for (const auto& [value, node] : *table) {
                ordered.push_back({static_cast<int>(node.source().begin.line),
                                   {std::string(value.str()), impacts(node, uses.size(), ctx + " value '" +
                                                                                             std::string(value.str()) + "'")}});
            }
            std::stable_sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            for (auto& [line, cat] : ordered) c.categories.push_back(std::move(cat));
        }
        c.unknown_values = strings(t, "unknown", ctx);
        c.not_applicable_values = strings(t, "not_applicable", ctx);
        if (const toml::node* nf = t.get("none_found")) {
            if (auto num = nf->value<double>(); num && c.numeric && std::isfinite(*num)) {
                c.none_found_number = *num;
            } else if (auto s = nf->value<std::string>(); s && !c.numeric) {
                const bool known = std::any_of(c.categories.begin(), c.categories.end(),
                                               [&](const Category& cat) { return cat.value == *s; });
                if (!known) fail(nf, ctx + ": none_found = \"" + *s + "\" is not one of its values");
                c.none_found_value = *s;
            } else {
                fail(nf, ctx + ": none_found must be a number (numeric criterion) or one of its values");
            }
        }
        if (const toml::node* d = t.get("derive")) {
            const toml::table* dt = d->as_table();
            const std::string dctx = ctx + ": derive";
            if (dt == nullptr || c.numeric) {
                fail(d, dctx + " must be a table { measure = \"...\", gt = <number>, then = \"...\", otherwise = \"...\" }"
                            " on a categorical criterion");
            }
            Criterion::Derivation der;
            der.measure = string(*dt, "measure", dctx, true);
            auto gt = (*dt)["gt"].value<double>();
            if (!gt || !std::isfinite(*gt)) fail(dt, dctx + " needs gt = <finite number>");
            der.gt = *gt;
            der.then = string(*dt, "then", dctx, true);
            der.otherwise = string(*dt, "otherwise", dctx, true);
            for (const std::string* v : {&der.then, &der.otherwise}) {
                const bool listed = std::any_of(c.categories.begin(), c.categories.end(),
                                                [&](const Category& cat) { return cat.value == *v; });
                if (!listed) fail(d, dctx + ": '" + *v + "' is not one of its values");
            }
            c.derive = std::move(der);
        }
        return c;
    }

private:
    std::string m_path;
};

}  // namespace

Profile load_profile(const std::string& path) {
    if (!std::filesystem::exists(path)) throw ConfigError("profile '" + path + "' does not exist");
    toml::table root;
    try {
        root = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        throw ConfigError("profile '" + path + "', line " + std::to_string(e.source().begin.line) + ": " +
                          std::string(e.description()));
    }
    const Reader r(path);
    static const std::set<std::string> keys = {"name", "title", "version", "uses", "aggregation", "weight_step",
                                               "classes", "criteria", "exclusions", "unknown", "unlisted", "note"};
    for (const auto& [k, node] : root) {
        if (!keys.contains(std::string(k.str()))) r.fail(&node, "unknown key '" + std::string(k.str()) + "'");
    }
    Profile p;
    p.path = path;
    p.name = r.string(root, "name", "the profile", false, std::filesystem::path(path).stem().string());
    p.title = r.string(root, "title", "the profile");
    p.version = r.string(root, "version", "the profile");
    p.uses = r.strings(root, "uses", "the profile");
    if (p.uses.empty()) p.uses = {"score"};
    const std::string aggregation = r.string(root, "aggregation", "the profile", false, "pure");
    if (aggregation == "mutafriches") {
        p.aggregation = Aggregation::mutafriches;
    } else if (aggregation == "mean") {
        p.aggregation = Aggregation::mean;
    } else if (aggregation != "pure") {
        r.fail(root.get("aggregation"), "aggregation must be \"pure\", \"mean\" or \"mutafriches\"");
    }
    if (const toml::node* step = root.get("weight_step")) {
        auto v = step->value<double>();
        if (!v || !std::isfinite(*v) || *v <= 0 || *v > 1e6) {
            r.fail(step, "weight_step must be a positive finite number (up to 1e6)");
        }
        p.weight_step = *v;
    }

    // Values meaning "nobody knows" for every criterion (Mutafriches: "ne-sait-pas").
    const std::vector<std::string> unknown_everywhere = r.strings(root, "unknown", "the profile");
    const std::string unlisted = r.string(root, "unlisted", "the profile", false, "unknown");
    if (unlisted != "unknown" && unlisted != "known") {
        r.fail(root.get("unlisted"), "unlisted must be \"unknown\" (a value the profile does not list is unknown) or "
                                     "\"known\" (counted as known, not scored: Mutafriches)");
    }
    p.unlisted_known = unlisted == "known";
    const toml::table* criteria = root["criteria"].as_table();
    if (criteria == nullptr || criteria->empty()) r.fail(nullptr, "no [criteria.<name>] table");
    for (const auto& [name, node] : *criteria) {
        const toml::table* t = node.as_table();
        if (t == nullptr) r.fail(&node, "criteria." + std::string(name.str()) + " must be a table");
        Criterion c = r.criterion(std::string(name.str()), *t, p.uses);
        for (const auto& v : unknown_everywhere) {
            if (std::find(c.unknown_values.begin(), c.unknown_values.end(), v) == c.unknown_values.end()) {
                c.unknown_values.push_back(v);
            }
        }
        p.criteria.push_back(std::move(c));
    }
    std::sort(p.criteria.begin(), p.criteria.end(), [](const auto& a, const auto& b) { return a.line < b.line; });

    if (const toml::node* classes = root.get("classes")) {
        const toml::array* list = classes->as_array();
        if (list == nullptr) r.fail(classes, "classes must be a list of [[classes]] tables");
        for (const auto& item : *list) {
            const toml::table* t = item.as_table();
            if (t == nullptr) r.fail(&item, "each class is a table with name, min, label");
            ClassThreshold c;
            c.name = r.string(*t, "name", "class", true);
            c.label = r.string(*t, "label", "class '" + c.name + "'");
            auto min = (*t)["min"].value<double>();
            if (!min || !std::isfinite(*min) || *min < 0 || *min > 100) {
                r.fail(t, "class '" + c.name + "' needs min = <score 0..100>");
            }
            c.min = *min;
            if (!p.classes.empty() && c.min >= p.classes.back().min) {
                r.fail(t, "class '" + c.name + "': classes must be listed from the highest min to the lowest");
            }
            p.classes.push_back(std::move(c));
        }
        if (p.classes.empty() || p.classes.back().min > 0) {
            r.fail(classes, "the last class must have min = 0 so that every score has a class");
        }
    } else {
        p.classes = {{"A", 70, ""}, {"B", 60, ""}, {"C", 50, ""}, {"D", 40, ""}, {"E", 0, ""}};
    }

    if (const toml::node* exclusions = root.get("exclusions")) {
        const toml::array* list = exclusions->as_array();
        if (list == nullptr) r.fail(exclusions, "exclusions must be a list of [[exclusions]] tables");
        for (const auto& item : *list) {
            const toml::table* t = item.as_table();
            if (t == nullptr) r.fail(&item, "each exclusion is a table with label, when, uses");
            Exclusion e;
            e.label = r.string(*t, "label", "exclusion", true);
            e.uses = r.strings(*t, "uses", "exclusion '" + e.label + "'");
            for (const auto& use : e.uses) {
                if (p.use_index(use) == std::string::npos) r.fail(t, "exclusion '" + e.label + "': unknown use '" + use + "'");
            }
            const toml::table* when = (*t)["when"].as_table();
            if (when == nullptr || when->empty()) r.fail(t, "exclusion '" + e.label + "' needs when = { criterion = \"value\" }");
            for (const auto& [crit, v] : *when) {
                const Criterion* c = p.find(std::string(crit.str()));
                if (c == nullptr) r.fail(&v, "exclusion '" + e.label + "': unknown criterion '" + std::string(crit.str()) + "'");
                auto value = v.value<std::string>();
                const bool known = value && std::any_of(c->categories.begin(), c->categories.end(),
                                                        [&](const Category& cat) { return cat.value == *value; });
                if (!known) {
                    r.fail(&v, "exclusion '" + e.label + "': criterion '" + c->name + "' has no value '" +
                                   value.value_or("?") + "'");
                }
                e.when.emplace_back(c->name, *value);
            }
            p.exclusions.push_back(std::move(e));
        }
    }
    return p;
}

}  // namespace foncier::scoring
