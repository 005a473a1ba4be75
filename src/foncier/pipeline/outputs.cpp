#include "foncier/pipeline/outputs.hpp"

#include <algorithm>
#include <fstream>
#include <future>

#include "foncier/core/error.hpp"
#include "foncier/io/writer.hpp"
#include "foncier/report/project.hpp"
#include "foncier/report/schema.hpp"
#include "foncier/report/styles.hpp"

namespace foncier::pipeline {

namespace fs = std::filesystem;

namespace {

void write_text(const fs::path& path, std::string_view text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
    out.close();
    if (!out) throw IoError("cannot write '" + path.string() + "'");
}

}  // namespace

Formats parse_formats(const std::string& list) {
    Formats f{false, false};
    bool gpkg = false;
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t end = std::min(list.find(',', start), list.size());
        const std::string name = list.substr(start, end - start);
        if (name == "gpkg") {
            gpkg = true;
        } else if (name == "geojson") {
            f.geojson = true;
        } else if (name == "shp") {
            f.shapefile = true;
        } else {
            throw ConfigError("unknown output format '" + name + "' in --formats '" + list +
                              "': use gpkg, geojson and shp, separated by commas");
        }
        start = end + 1;
    }
    if (!gpkg) {
        throw ConfigError("--formats '" + list + "' leaves out gpkg: foncier.gpkg is always written (the copies "
                          "and `foncier score` read it); write e.g. --formats gpkg,shp");
    }
    return f;
}

std::vector<std::string> output_files(const Formats& formats) {
    std::vector<std::string> files{"foncier.gpkg"};
    if (formats.geojson) files.emplace_back("geojson/<layer>.geojson");
    if (formats.shapefile) files.emplace_back("shp/<layer>.{shp,shx,dbf,prj,cpg}");
    return files;
}

void export_copies(const fs::path& dir, const std::string& layer, const Formats& formats) {
    const std::string gpkg = (dir / "foncier.gpkg").string();
    const auto style = report::default_style(layer);
    // QGIS applies a sibling <name>.qml to any format: field names are identical in all of them.
    if (formats.geojson) {
        fs::create_directories(dir / "geojson");
        io::export_layer(gpkg, layer, (dir / "geojson" / (layer + ".geojson")).string(), io::ExportFormat::geojson);
        if (style) write_text(dir / "geojson" / (layer + ".qml"), style->qml);
    }
    if (formats.shapefile) {
        fs::create_directories(dir / "shp");
        io::export_layer(gpkg, layer, (dir / "shp" / (layer + ".shp")).string(), io::ExportFormat::shapefile);
        if (style) write_text(dir / "shp" / (layer + ".qml"), style->qml);
    }
}

void write_outputs(const fs::path& dir, const std::vector<io::Table>& tables, const std::vector<io::Table>& csv_tables,
                   const OutputOptions& options, Progress& progress) {
    progress.stage("write foncier.gpkg");
    std::vector<const io::Table*> ptrs;
    for (const auto& t : tables) ptrs.push_back(&t);
    io::write_geopackage((dir / "foncier.gpkg").string(), ptrs, options.crs);
    std::vector<io::LayerStyle> styles;
    for (const auto& t : tables) {
        if (const auto style = report::default_style(t.name)) {
            styles.push_back({t.name, std::string(style->name), std::string(style->qml), std::string(style->sld), true,
                              "foncier default style"});
        }
        for (const auto& alt : report::alternative_styles(t.name)) {
            styles.push_back({t.name, std::string(alt.name), std::string(alt.qml), std::string(alt.sld), false,
                              "foncier alternative style"});
        }
    }
    io::write_layer_styles((dir / "foncier.gpkg").string(), styles);
    write_text(dir / "foncier.qgs", report::qgis_project({options.title, options.crs, options.extent, "foncier.gpkg"}));
    progress.finish(std::to_string(tables.size()) + " layers, " + std::to_string(styles.size()) +
                    " styles, foncier.qgs");

    const Formats formats = options.formats;
    progress.stage(formats.geojson && formats.shapefile ? "write GeoJSON and Shapefile copies"
                   : formats.geojson                    ? "write GeoJSON copies"
                   : formats.shapefile                  ? "write Shapefile copies"
                                                        : "write CSV tables");
    // The copies are independent files read from the finished GeoPackage: two at a time
    // (GDAL handles separate datasets in separate threads; its error handlers are per thread).
    std::vector<std::future<void>> running;
    std::size_t done = 0;
    for (const auto& t : tables) {
        if (report::exported(t.name) && (formats.geojson || formats.shapefile)) {
            running.push_back(
                std::async(std::launch::async, [&dir, name = t.name, formats] { export_copies(dir, name, formats); }));
        }
        if (t.name == report::layer::crosswalk) io::write_csv((dir / (t.name + ".csv")).string(), t);
        if (running.size() >= 2) {
            running.front().get();
            running.erase(running.begin());
            progress.advance(static_cast<double>(++done) / static_cast<double>(tables.size()));
        }
    }
    for (auto& r : running) r.get();
    for (const auto& t : csv_tables) io::write_csv((dir / (t.name + ".csv")).string(), t);
    progress.finish(std::string(formats.geojson ? "geojson/, " : "") + (formats.shapefile ? "shp/, " : "") +
                    "CSV tables");
}

void write_manifest(const fs::path& dir, const std::string& json) {
    std::ofstream out(dir / "run.json");
    out << json;
    out.close();
    if (!out) throw IoError("cannot write '" + (dir / "run.json").string() + "'");
}

}  // namespace foncier::pipeline
