#include "foncier/ingest/config.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "foncier/core/error.hpp"
#include "foncier/geom/transformer.hpp"
#include "foncier/ingest/measure_specs.hpp"

namespace foncier::ingest {

namespace fs = std::filesystem;

std::vector<std::pair<std::string, std::string>> DatasetSpec::parts() const {
    std::vector<std::pair<std::string, std::string>> out;
    const std::vector<std::string> all_files = files.empty() ? std::vector<std::string>{path} : files;
    const std::vector<std::string> all_layers = layers.empty() ? std::vector<std::string>{layer} : layers;
    for (const auto& f : all_files) {
        for (const auto& l : all_layers) out.emplace_back(f, l);
    }
    return out;
}

std::string LayerUse::field(const std::string& role) const {
    auto it = fields.find(role);
    return it == fields.end() ? std::string{} : it->second;
}

namespace {

toml::table parse(const std::string& path, const char* what) {
    if (!fs::exists(path)) throw ConfigError(std::string(what) + " '" + path + "' does not exist");
    try {
        return toml::parse_file(path);
    } catch (const toml::parse_error& e) {
        std::ostringstream msg;
        msg << what << " '" << path << "', line " << e.source().begin.line << ", column " << e.source().begin.column
            << ": " << e.description() << "; fix the TOML syntax";
        throw ConfigError(msg.str());
    }
}

std::string where(const std::string& path, const toml::node& node) {
    return "'" + path + "', line " + std::to_string(node.source().begin.line);
}

// Reads an optional string key; a key of the wrong type is an error naming its line.
std::string get_string(const toml::table& t, const std::string& key, const std::string& path,
                       const std::string& section, const std::string& fallback = {}) {
    const toml::node* node = t.get(key);
    if (node == nullptr) return fallback;
    if (auto v = node->value<std::string>()) return *v;
    throw ConfigError(where(path, *node) + ": [" + section + "] " + key + " must be a string");
}

std::string number_text(double v) {
    std::ostringstream s;
    s << v;
    return s.str();
}

// Reads an optional number and checks it at load time: finite (TOML allows nan and inf) and
// within [lo, hi] (the range documented in geodata/README.md), an integer when asked.
double get_number(const toml::table& t, const std::string& key, const std::string& path, const std::string& section,
                  double fallback, double lo, double hi, bool integer = false) {
    const toml::node* node = t.get(key);
    if (node == nullptr) return fallback;
    const auto v = node->value<double>();
    if (!v) throw ConfigError(where(path, *node) + ": [" + section + "] " + key + " must be a number");
    const bool whole = std::isfinite(*v) && std::floor(*v) == *v;
    if (!std::isfinite(*v) || *v < lo || *v > hi || (integer && !whole)) {
        throw ConfigError(where(path, *node) + ": [" + section + "] " + key + " = " + number_text(*v) + " must be " +
                          (integer ? "a whole number" : "a finite number") + " from " + number_text(lo) + " to " +
                          number_text(hi));
    }
    return *v;
}

// The working CRS: known to PROJ and projected in metres (areas in m², distances in m).
void check_working_crs(const std::string& crs, const std::string& path) {
    geom::CrsInfo info;
    try {
        info = geom::describe_crs(crs);
    } catch (const CrsError& e) {
        throw ConfigError("'" + path + "': crs = \"" + crs + "\" is not a CRS PROJ knows (" + e.what() +
                          "); use a projected CRS such as \"EPSG:2154\"");
    }
    if (!info.projected || info.metres_per_unit != 1.0) {
        throw ConfigError("'" + path + "': crs = \"" + crs + "\" (" + info.name + ") is " +
                          (info.projected ? "not in metres" : "not a projected CRS") +
                          ": foncier measures areas in m² and distances in m; use a projected CRS in metres such "
                          "as \"EPSG:2154\" (Lambert-93)");
    }
}

std::map<std::string, std::string> get_fields(const toml::table& t, const std::string& path,
                                              const std::string& section) {
    std::map<std::string, std::string> out;
    const toml::node* node = t.get("fields");
    if (node == nullptr) return out;
    const toml::table* fields = node->as_table();
    if (fields == nullptr) throw ConfigError(where(path, *node) + ": [" + section + ".fields] must be a table");
    for (const auto& [role, value] : *fields) {
        auto v = value.value<std::string>();
        if (!v) {
            throw ConfigError(where(path, value) + ": [" + section + ".fields] " + std::string(role.str()) +
                              " must be a field name (a string)");
        }
        out[std::string(role.str())] = *v;
    }
    return out;
}

void check_keys(const toml::table& t, const std::set<std::string>& allowed, const std::string& path,
                const std::string& section) {
    for (const auto& [key, node] : t) {
        if (!allowed.contains(std::string(key.str()))) {
            std::string list;
            for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
            throw ConfigError(where(path, node) + ": unknown key '" + std::string(key.str()) + "' in [" + section +
                              "]; known keys: " + list);
        }
    }
}

std::string resolve(const std::string& base_dir, const std::string& p) {
    if (p.empty() || fs::path(p).is_absolute() || p.find(':') != std::string::npos) return p;
    return (fs::path(base_dir) / p).lexically_normal().string();
}

const std::set<std::string> k_dataset_keys = {
    "title", "file", "mirror", "layer", "source_crs", "x_field", "y_field", "wkt_field", "geometry_fields", "schema", "publisher", "licence",
    "vintage", "url", "sha256", "derived_from", "synthetic", "fields", "note", "attribution", "files", "layers",
    "explode"};

// A file name with * or ? (in its last component only): the matching files, sorted; none
// matching is left to the reader, whose error names the pattern.
std::vector<std::string> expand_glob(const std::string& pattern) {
    const fs::path p(pattern);
    const std::string name = p.filename().string();
    if (name.find_first_of("*?") == std::string::npos) return {pattern};
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(p.parent_path(), ec)) {
        const std::string candidate = entry.path().filename().string();
        if (entry.is_regular_file() && fnmatch(name.c_str(), candidate.c_str(), 0) == 0) out.push_back(entry.path().string());
    }
    std::sort(out.begin(), out.end());
    if (out.empty()) out.push_back(pattern);
    return out;
}

std::vector<std::string> get_list(const toml::table& t, const std::string& key, const std::string& path,
                                  const std::string& section) {
    std::vector<std::string> out;
    const toml::node* g = t.get(key);
    if (g == nullptr) return out;
    const toml::array* list = g->as_array();
    if (list == nullptr) throw ConfigError(where(path, *g) + ": [" + section + "] " + key + " must be a list");
    for (const auto& item : *list) {
        auto v = item.value<std::string>();
        if (!v) throw ConfigError(where(path, item) + ": [" + section + "] " + key + " must list strings");
        out.push_back(*v);
    }
    return out;
}

DatasetSpec read_dataset(const toml::table& t, const std::string& key, const std::string& path,
                         const std::string& section, const std::string& base_dir) {
    DatasetSpec d;
    d.key = key;
    d.title = get_string(t, "title", path, section);
    d.path = resolve(base_dir, get_string(t, "file", path, section));
    d.layer = get_string(t, "layer", path, section);
    d.source_crs = get_string(t, "source_crs", path, section);
    d.x_field = get_string(t, "x_field", path, section);
    d.y_field = get_string(t, "y_field", path, section);
    d.wkt_field = get_string(t, "wkt_field", path, section);
    d.fields = get_fields(t, path, section);
    d.geometry_fields = get_list(t, "geometry_fields", path, section);
    for (const auto& f : get_list(t, "files", path, section)) {
        for (auto& file : expand_glob(resolve(base_dir, f))) d.files.push_back(std::move(file));
    }
    d.layers = get_list(t, "layers", path, section);
    d.explode = get_string(t, "explode", path, section);
    if (!d.files.empty()) {
        if (t.contains("file")) {
            throw ConfigError(where(path, *t.get("files")) + ": [" + section + "] give 'file' or 'files', not both");
        }
        d.path = d.files.front();
    }
    if (!d.layers.empty() && t.contains("layer")) {
        throw ConfigError(where(path, *t.get("layers")) + ": [" + section + "] give 'layer' or 'layers', not both");
    }
    d.schema = get_string(t, "schema", path, section);
    if (!d.schema.empty() && d.schema != "cnig-friches") {
        throw ConfigError(where(path, *t.get("schema")) + ": [" + section + "] schema must be \"cnig-friches\"");
    }
    if (d.schema == "cnig-friches") {
        // The standard's columns: roles, geometry columns, WGS 84 unless said otherwise.
        for (const auto& [role, field] : std::map<std::string, std::string>{
                 {"id", "site_id"}, {"nom", "site_nom"}, {"type", "site_type"}, {"statut", "site_statut"},
                 {"insee", "comm_insee"}, {"pollution", "sol_pollution_existe"}, {"zonage", "urba_zone_type"},
                 {"catpro3", "proprio_type"}, {"parcelles", "unite_fonciere_refcad"}}) {
            d.fields.emplace(role, field);
        }
        if (d.geometry_fields.empty() && d.wkt_field.empty() && d.x_field.empty()) {
            d.geometry_fields = {"geomsurf", "geompoint"};
        }
        if (d.source_crs.empty()) d.source_crs = "EPSG:4326";
    }
    d.publisher = get_string(t, "publisher", path, section);
    d.licence = get_string(t, "licence", path, section);
    d.vintage = get_string(t, "vintage", path, section);
    // With `files`, url and sha256 may list one value per file (tools/fetch-geodata uses them).
    auto string_or_list = [&](const char* name) {
        if (const toml::node* n = t.get(name); n != nullptr && n->is_array()) {
            std::string joined;
            for (const auto& v : get_list(t, name, path, section)) joined += (joined.empty() ? "" : " ") + v;
            return joined;
        }
        return get_string(t, name, path, section);
    };
    d.url = string_or_list("url");
    d.sha256 = string_or_list("sha256");
    d.derived_from = get_string(t, "derived_from", path, section);
    d.attribution = get_string(t, "attribution", path, section);
    if (const toml::node* s = t.get("synthetic")) {
        auto b = s->value<bool>();
        if (!b) throw ConfigError(where(path, *s) + ": [" + section + "] synthetic must be true or false");
        d.synthetic = *b;
    }
    return d;
}

}  // namespace

Catalogue load_catalogue(const std::string& path) {
    const toml::table root = parse(path, "catalogue");
    Catalogue c;
    c.path = path;
    const std::string dir = fs::path(path).parent_path().string();
    c.cache_dir = resolve(dir, get_string(root, "cache", path, "catalogue", "cache"));
    const toml::table* datasets = root["datasets"].as_table();
    if (datasets == nullptr) throw ConfigError("catalogue '" + path + "' has no [datasets.<key>] tables");
    for (const auto& [key, node] : *datasets) {
        const std::string k(key.str());
        const toml::table* t = node.as_table();
        if (t == nullptr) throw ConfigError(where(path, node) + ": datasets." + k + " must be a table");
        check_keys(*t, k_dataset_keys, path, "datasets." + k);
        DatasetSpec d = read_dataset(*t, k, path, "datasets." + k, c.cache_dir);
        if (d.path.empty()) throw ConfigError(where(path, node) + ": [datasets." + k + "] needs 'file'");
        c.datasets.emplace(k, std::move(d));
    }
    return c;
}

std::string resolve_profile(const TerritoryConfig& config, const std::string& name_or_file, const std::string& base) {
    // A bare name is a profile of geodata/profiles/ (next to the catalogue).
    const bool bare = name_or_file.find('/') == std::string::npos && fs::path(name_or_file).extension() != ".toml";
    if (bare) return (fs::path(config.profiles_dir) / (name_or_file + ".toml")).string();
    return resolve(base, name_or_file);
}

std::vector<std::string> input_paths(const TerritoryConfig& config) {
    std::vector<std::string> out{config.path, config.catalogue_path, config.profile};
    auto add_use = [&](const LayerUse& use) {
        out.push_back(use.dataset.path);
        out.insert(out.end(), use.dataset.files.begin(), use.dataset.files.end());
    };
    add_use(config.communes);
    for (const auto* use : {&config.membership, &config.population, &config.mergers, &config.friches,
                            &config.stations, &config.parks, &config.plots, &config.establishments}) {
        if (*use) add_use(**use);
    }
    for (const auto& c : config.constraints) add_use(c.use);
    for (const auto& c : config.access) add_use(c.use);
    std::erase(out, std::string{});
    return out;
}

TerritoryConfig load_territory(const std::string& path) {
    const toml::table root = parse(path, "territory config");
    check_keys(root,
               {"name", "crs", "output", "catalogue", "communes", "membership", "friches", "stations", "parks",
                "plots", "establishments", "zae", "constraints", "access", "profile", "footprint", "checks",
                "population", "mergers", "parcels"},
               path, "top level");
    TerritoryConfig cfg;
    cfg.path = path;
    const std::string dir = fs::path(path).parent_path().string();
    cfg.name = get_string(root, "name", path, "top level", fs::path(path).stem().string());
    cfg.crs = get_string(root, "crs", path, "top level", cfg.crs);
    check_working_crs(cfg.crs, path);
    cfg.output = resolve(dir, get_string(root, "output", path, "top level", "out/" + fs::path(path).stem().string()));

    std::optional<Catalogue> catalogue;
    auto catalogue_path = resolve(dir, get_string(root, "catalogue", path, "top level", "catalogue.toml"));

    auto layer_from = [&](const toml::node* node, const std::string& section,
                          const std::set<std::string>& extra_keys) -> LayerUse {
        const toml::table* t = node->as_table();
        if (t == nullptr) throw ConfigError(where(path, *node) + ": [" + section + "] must be a table");
        std::set<std::string> allowed = k_dataset_keys;
        allowed.insert({"dataset", "path", "filter"});
        allowed.insert(extra_keys.begin(), extra_keys.end());
        check_keys(*t, allowed, path, section);
        LayerUse use;
        const std::string key = get_string(*t, "dataset", path, section);
        const std::string inline_path = get_string(*t, "path", path, section);
        const bool inline_files = t->contains("files");
        if (!key.empty() + !inline_path.empty() + inline_files != 1) {
            throw ConfigError(where(path, *node) + ": [" + section +
                              "] needs exactly one of 'dataset' (a catalogue key), 'path' (a file) or 'files' "
                              "(files read as one)");
        }
        if (!key.empty()) {
            if (!catalogue) {
                catalogue = load_catalogue(catalogue_path);
                cfg.catalogue_path = catalogue_path;
            }
            auto it = catalogue->datasets.find(key);
            if (it == catalogue->datasets.end()) {
                std::string keys;
                for (const auto& [k, d] : catalogue->datasets) keys += (keys.empty() ? "" : ", ") + k;
                throw ConfigError(where(path, *t->get("dataset")) + ": [" + section + "] dataset '" + key +
                                  "' is not in the catalogue '" + catalogue_path + "' (keys: " + keys + ")");
            }
            use.dataset = it->second;
            // The territory may override how a catalogue dataset is read.
            for (const char* k : {"layer", "source_crs", "x_field", "y_field", "wkt_field"}) {
                const std::string v = get_string(*t, k, path, section);
                if (v.empty()) continue;
                std::string& slot = std::string(k) == "layer"        ? use.dataset.layer
                                    : std::string(k) == "source_crs" ? use.dataset.source_crs
                                    : std::string(k) == "x_field"    ? use.dataset.x_field
                                    : std::string(k) == "y_field"    ? use.dataset.y_field
                                                                     : use.dataset.wkt_field;
                slot = v;
            }
        } else {
            use.dataset = read_dataset(*t, section, path, section, dir);
            if (!inline_files) use.dataset.path = resolve(dir, inline_path);
        }
        use.fields = use.dataset.fields;
        for (auto& [role, field] : get_fields(*t, path, section)) use.fields[role] = field;
        use.filter = get_string(*t, "filter", path, section);
        if (const toml::node* m = t->get("measures")) {
            const toml::table* mt = m->as_table();
            if (mt == nullptr) throw ConfigError(where(path, *m) + ": [" + section + ".measures] must be a table");
            use.measures = read_measure_specs(*mt, path, section);
        }
        return use;
    };
    auto layer_use = [&](const std::string& section, bool required) -> std::optional<LayerUse> {
        const toml::node* node = root.get(section);
        if (node == nullptr) {
            if (required) throw ConfigError("territory config '" + path + "' needs a [" + section + "] section");
            return std::nullopt;
        }
        // Typed measures read from the sites' own fields, or from their commune's.
        const bool with_measures = section == "friches" || section == "communes";
        return layer_from(node, section, with_measures ? std::set<std::string>{"measures"} : std::set<std::string>{});
    };
    std::set<std::string> context_names;
    auto context_list = [&](const std::string& section) {
        std::vector<ContextUse> out;
        const toml::node* node = root.get(section);
        if (node == nullptr) return out;
        const toml::array* list = node->as_array();
        if (list == nullptr) {
            throw ConfigError(where(path, *node) + ": write each " + section + " layer as a [[" + section + "]] table");
        }
        for (const auto& item : *list) {
            const toml::table* t = item.as_table();
            if (t == nullptr) throw ConfigError(where(path, item) + ": [[" + section + "]] must be a table");
            ContextUse c;
            c.name = get_string(*t, "name", path, section);
            if (c.name.empty() || c.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos) {
                throw ConfigError(where(path, item) + ": [[" + section +
                                  "]] needs name = \"<lower-case word>\" (it names the measure, e.g. flood_share)");
            }
            if (!context_names.insert(c.name).second) {
                throw ConfigError(where(path, item) + ": the context layer name '" + c.name + "' is used twice");
            }
            c.label = get_string(*t, "label", path, section, c.name);
            const bool access = section == "access";
            c.use = layer_from(&item, section + " " + c.name,
                               access ? std::set<std::string>{"name", "label", "max_distance_m", "feeds"}
                                      : std::set<std::string>{"name", "label"});
            if (access && t->contains("max_distance_m")) {
                const double max = get_number(*t, "max_distance_m", path, section + " " + c.name, 0.0, 1.0, 1e6);
                if (!(max > 0)) {
                    throw ConfigError(where(path, *t->get("max_distance_m")) + ": [[access]] " + c.name +
                                      ": max_distance_m must be a positive distance in metres");
                }
                c.max_distance_m = max;
            }
            if (const toml::node* feeds = access ? t->get("feeds") : nullptr) {
                const toml::array* feed_list = feeds->as_array();
                bool ok = feed_list != nullptr;
                for (std::size_t i = 0; ok && i < feed_list->size(); ++i) {
                    auto v = (*feed_list)[i].value<std::string>();
                    ok = v.has_value() && !v->empty();
                    if (ok) c.feeds.push_back(*v);
                }
                if (!ok) {
                    throw ConfigError(where(path, *feeds) + ": [[access]] " + c.name +
                                      ": feeds must list measure names, e.g. feeds = [\"distanceTransportCommun\"]");
                }
            }
            out.push_back(std::move(c));
        }
        return out;
    };

    cfg.communes = *layer_use("communes", true);
    cfg.membership = layer_use("membership", false);
    cfg.population = layer_use("population", false);
    cfg.mergers = layer_use("mergers", false);
    cfg.parcels = layer_use("parcels", false);
    cfg.friches = layer_use("friches", false);
    cfg.stations = layer_use("stations", false);
    cfg.parks = layer_use("parks", false);
    cfg.plots = layer_use("plots", false);
    cfg.establishments = layer_use("establishments", false);
    if ((cfg.plots || cfg.establishments) && !cfg.parks) {
        throw ConfigError("'" + path + "': [plots] and [establishments] need a [parks] section (the SITE-ECO layer)");
    }
    if (const toml::table* zae = root["zae"].as_table()) {
        check_keys(*zae, {"vacancy_rule"}, path, "zae");
        const std::string rule = get_string(*zae, "vacancy_rule", path, "zae", "etat");
        if (rule == "etat") {
            cfg.vacancy_rule = analysis::VacancyRule::occupancy;
        } else if (rule == "etablissements") {
            cfg.vacancy_rule = analysis::VacancyRule::establishments;
        } else {
            throw ConfigError(where(path, *zae->get("vacancy_rule")) +
                              ": [zae] vacancy_rule must be \"etat\" (terr_etat_occup vacant or friche) or "
                              "\"etablissements\" (no active establishment on the plot)");
        }
    }
    cfg.constraints = context_list("constraints");
    cfg.access = context_list("access");
    cfg.profiles_dir = (fs::path(catalogue_path).parent_path() / "profiles").string();
    if (const std::string profile = get_string(root, "profile", path, "top level"); !profile.empty()) {
        cfg.profile = resolve_profile(cfg, profile, dir);
    }

    if (const toml::table* fp = root["footprint"].as_table()) {
        check_keys(*fp, {"default_m2", "implausible_ha", "segments", "parcel_surface_ratio"}, path, "footprint");
        // Ranges: a footprint from 1 m² to 1 000 ha; a flag threshold from 0.01 ha to 100 000 ha;
        // 8 to 1 024 vertices per estimated disc (more only costs time and memory).
        cfg.default_footprint_m2 =
            get_number(*fp, "default_m2", path, "footprint", cfg.default_footprint_m2, 1.0, 1e7);
        cfg.implausible_ha = get_number(*fp, "implausible_ha", path, "footprint", cfg.implausible_ha, 0.01, 1e5);
        cfg.disc_segments =
            static_cast<int>(get_number(*fp, "segments", path, "footprint", cfg.disc_segments, 8, 1024, true));
        // A declared surface more than ratio times (or less than 1 / ratio) the parcels' area is
        // flagged; from 1.01 to 1 000.
        cfg.parcel_surface_ratio =
            get_number(*fp, "parcel_surface_ratio", path, "footprint", cfg.parcel_surface_ratio, 1.01, 1000.0);
    }
    if (const toml::table* checks = root["checks"].as_table()) {
        check_keys(*checks, {"swapped_axes"}, path, "checks");
        const std::string policy = get_string(*checks, "swapped_axes", path, "checks", "fix");
        if (policy == "fix") {
            cfg.swapped_axes = SwapPolicy::fix;
        } else if (policy == "refuse") {
            cfg.swapped_axes = SwapPolicy::refuse;
        } else {
            throw ConfigError(where(path, *checks->get("swapped_axes")) +
                              ": [checks] swapped_axes must be \"fix\" or \"refuse\", not \"" + policy + "\"");
        }
    }
    return cfg;
}

}  // namespace foncier::ingest
