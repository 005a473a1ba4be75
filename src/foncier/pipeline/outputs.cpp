#include "foncier/pipeline/outputs.hpp"

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

void export_copies(const fs::path& dir, const std::string& layer) {
    const std::string gpkg = (dir / "foncier.gpkg").string();
    fs::create_directories(dir / "geojson");
    fs::create_directories(dir / "shp");
    io::export_layer(gpkg, layer, (dir / "geojson" / (layer + ".geojson")).string(), io::ExportFormat::geojson);
    io::export_layer(gpkg, layer, (dir / "shp" / (layer + ".shp")).string(), io::ExportFormat::shapefile);
    // QGIS applies a sibling <name>.qml to any format: field names are identical in all of them.
    if (const auto style = report::default_style(layer)) {
        write_text(dir / "geojson" / (layer + ".qml"), style->qml);
        write_text(dir / "shp" / (layer + ".qml"), style->qml);
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

    progress.stage("write GeoJSON and Shapefile copies");
    // The copies are independent files read from the finished GeoPackage: two at a time
    // (GDAL handles separate datasets in separate threads; its error handlers are per thread).
    fs::create_directories(dir / "geojson");
    fs::create_directories(dir / "shp");
    std::vector<std::future<void>> running;
    std::size_t done = 0;
    for (const auto& t : tables) {
        if (report::exported(t.name)) {
            running.push_back(std::async(std::launch::async, [&dir, name = t.name] { export_copies(dir, name); }));
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
    progress.finish("geojson/, shp/ and CSV tables");
}

void write_manifest(const fs::path& dir, const std::string& json) {
    std::ofstream out(dir / "run.json");
    out << json;
    out.close();
    if (!out) throw IoError("cannot write '" + (dir / "run.json").string() + "'");
}

}  // namespace foncier::pipeline
