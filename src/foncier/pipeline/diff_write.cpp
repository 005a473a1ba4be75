// diff(): compares two sides and publishes diff.gpkg, its copies and diff.json atomically.

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "foncier/core/error.hpp"
#include "foncier/core/version.hpp"
#include "foncier/io/writer.hpp"
#include "foncier/pipeline/diff.hpp"
#include "foncier/output/publish.hpp"
#include "foncier/report/schema.hpp"
#include "foncier/report/styles.hpp"

namespace foncier::pipeline {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

namespace {

ordered_json side_json(const DiffSide& side) {
    ordered_json run = ordered_json::parse(side.manifest, nullptr, false);
    if (run.is_discarded()) run = ordered_json::object();
    ordered_json inputs = ordered_json::array();
    for (const auto& i : run.value("inputs", ordered_json::array())) {
        ordered_json item;
        for (const char* key : {"role", "dataset", "path", "sha256", "features", "synthetic", "publisher", "licence",
                                "vintage"}) {
            if (i.contains(key)) item[key] = i[key];
        }
        inputs.push_back(item);
    }
    double ha = 0.0;
    std::size_t inside = 0;
    for (const auto& s : side.sites) {
        if (!s.in_territory) continue;
        ++inside;
        ha += s.surf_m2.value_or(0.0) / 1e4;
    }
    ordered_json j;
    j["given"] = side.given;
    j["outputs"] = fs::absolute(side.out_dir).lexically_normal().string();
    j["territory"] = side.territory;
    j["config"] = side.config_path;
    j["config_sha256"] = run.value("config_sha256", "");
    j["foncier"] = run.value("foncier", "");
    j["crs"] = side.crs;
    j["profile"] = run.contains("profile") ? run["profile"] : ordered_json();
    j["inputs"] = inputs;
    j["sites"] = side.sites.size();
    j["sites_in_territory"] = inside;
    j["sites_ha"] = round_to(ha, 4);
    return j;
}

ordered_json delta_json(const AreaDelta& d, bool epci) {
    ordered_json j;
    j[epci ? "siren" : "insee"] = d.code;
    j["nom"] = d.nom;
    j["n_avant"] = d.n_old;
    j["n_apres"] = d.n_new;
    j["ha_avant"] = d.ha_old;
    j["ha_apres"] = d.ha_new;
    j["n_nouv"] = d.n_added;
    j["ha_nouv"] = d.ha_added;
    j["n_disp"] = d.n_removed;
    j["ha_disp"] = d.ha_removed;
    j["n_reconv"] = d.n_reconverted;
    j["ha_reconv"] = d.ha_reconverted;
    j["n_reid"] = d.n_reidentified;
    j["n_statut"] = d.n_status;
    return j;
}

void write_text(const fs::path& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.close();
    if (!out) throw IoError("cannot write '" + path.string() + "'");
}

std::string default_out_dir(const Comparison& cmp) {
    const fs::path old_dir = fs::absolute(cmp.old_side.out_dir).lexically_normal();
    const fs::path new_dir = fs::absolute(cmp.new_side.out_dir).lexically_normal();
    auto name = [](const fs::path& p) { return (p.has_filename() ? p : p.parent_path()).filename().string(); };
    const fs::path parent = (new_dir.has_filename() ? new_dir : new_dir.parent_path()).parent_path();
    return (parent / ("diff_" + name(old_dir) + "_" + name(new_dir))).string();
}

}  // namespace

std::string diff_json(const Comparison& cmp, const std::vector<std::string>& files) {
    ordered_json j;
    j["foncier"] = version();
    j["old"] = side_json(cmp.old_side);
    j["new"] = side_json(cmp.new_side);
    j["match"] = {{"distance_m", cmp.match.max_centre_distance_m},
                  {"min_overlap", cmp.match.min_overlap},
                  {"rule", "same site_id; then one to one by place: polygon footprints overlapping by at least "
                           "min_overlap of the smaller one, or, for sites known by a point, centres within "
                           "distance_m; closest first, ties by name similarity then id"}};
    const std::size_t changed = cmp.changes.size() - cmp.unchanged;
    j["counts"] = {{"old_sites", cmp.old_side.sites.size()},
                   {"new_sites", cmp.new_side.sites.size()},
                   {"kept_by_id", cmp.kept_by_id},
                   {"reidentified", cmp.reidentified},
                   {"removed", cmp.removed},
                   {"new", cmp.added},
                   {"unchanged", cmp.unchanged},
                   {"changed", changed}};
    ordered_json kinds;
    for (ChangeKind k : all_change_kinds()) kinds[std::string(to_string(k))] = cmp.kind_counts.at(k);
    j["kinds"] = kinds;
    j["scores_compared"] = cmp.scores_compared;
    j["profile_note"] = cmp.profile_note;
    ordered_json ha;
    double added = 0, removed = 0, reconverted = 0;
    for (const auto& e : cmp.epcis) {
        added += e.ha_added;
        removed += e.ha_removed;
        reconverted += e.ha_reconverted;
    }
    j["hectares_in_territory"] = {{"old", side_json(cmp.old_side)["sites_ha"]},
                                  {"new", side_json(cmp.new_side)["sites_ha"]},
                                  {"new_sites", round_to(added, 4)},
                                  {"removed_sites", round_to(removed, 4)},
                                  {"reconverted", round_to(reconverted, 4)}};
    ordered_json transitions = ordered_json::array();
    for (const auto& t : cmp.transitions) {
        transitions.push_back({{"from", t.from}, {"to", t.to}, {"sites", t.sites}, {"ha", t.ha}});
    }
    j["transitions"] = transitions;
    ordered_json epci = ordered_json::array();
    for (const auto& e : cmp.epcis) epci.push_back(delta_json(e, true));
    j["epci"] = epci;
    j["files"] = files;
    // A path from a folder named in Latin-1 is not UTF-8: JSON must be (U+FFFD in its place).
    return j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

DiffResult diff(const DiffOptions& options) {
    if (options.old_side.empty() || options.new_side.empty()) {
        throw ConfigError("foncier diff needs two sides: an output folder or a territory config each");
    }
    analysis::MatchOptions match;
    match.max_centre_distance_m = options.match_distance_m;
    // Refuse an existing output folder before running anything.
    // Its inputs are the two sides (output folders or configs): the diff's folder must hold neither.
    const std::vector<std::string> inputs{options.old_side, options.new_side};
    std::optional<output::StagingFolder> staging;
    if (!options.out_dir.empty()) staging.emplace(options.out_dir, options.overwrite, inputs, "diff");

    DiffResult result;
    result.comparison = compare(load_side(options.old_side), load_side(options.new_side), match);
    const Comparison& cmp = result.comparison;
    result.out_dir = options.out_dir.empty() ? default_out_dir(cmp) : options.out_dir;
    for (const DiffSide* side : {&cmp.old_side, &cmp.new_side}) {
        if (fs::weakly_canonical(side->out_dir) == fs::weakly_canonical(result.out_dir)) {
            throw ConfigError("--out '" + result.out_dir + "' is the output folder of a side of the diff: choose "
                              "another folder");
        }
    }
    if (!staging) staging.emplace(result.out_dir, options.overwrite, inputs, "diff");
    const fs::path dir = staging->path();

    const std::vector<io::Table> tables = diff_tables(cmp);
    result.files = {"diff.gpkg", "diff.json"};
    if (options.formats.geojson) result.files.emplace_back("geojson/<layer>.geojson");
    if (options.formats.shapefile) result.files.emplace_back("shp/<layer>.{shp,shx,dbf,prj,cpg,qml}");
    std::vector<io::LayerStyle> styles;
    for (const auto& t : tables) {
        if (const auto style = report::default_style(t.name)) {
            styles.push_back({t.name, std::string(style->name), std::string(style->qml), std::string(style->sld), true,
                              "foncier default style"});
        }
    }
    {
        io::GeoPackageWriter gpkg((dir / "diff.gpkg").string(), cmp.new_side.crs);
        for (const auto& t : tables) gpkg.write(t);
        gpkg.write_styles(styles);
        gpkg.close();
    }
    for (const auto& t : tables) {
        if (!report::exported(t.name)) continue;
        const auto style = report::default_style(t.name);
        for (const auto& [wanted, folder, ext, format] :
             {std::tuple{options.formats.geojson, "geojson", ".geojson", io::ExportFormat::geojson},
              std::tuple{options.formats.shapefile, "shp", ".shp", io::ExportFormat::shapefile}}) {
            if (!wanted) continue;
            fs::create_directories(dir / folder);
            io::export_table(t, (dir / folder / (t.name + ext)).string(), format, cmp.new_side.crs);
            if (style) write_text(dir / folder / (t.name + ".qml"), std::string(style->qml));
        }
    }
    write_text(dir / "diff.json", diff_json(cmp, result.files));
    staging->publish();
    return result;
}

}  // namespace foncier::pipeline
