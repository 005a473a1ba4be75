#include "foncier/output/outputs.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <future>
#include <memory>
#include <optional>

#include "foncier/core/error.hpp"
#include "foncier/io/writer.hpp"
#include "foncier/report/layers.hpp"
#include "foncier/report/project.hpp"
#include "foncier/report/schema.hpp"
#include "foncier/report/styles.hpp"

namespace foncier::output {


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

Formats formats_in(const fs::path& dir) {
    return {fs::exists(dir / "geojson" / "sites.geojson"), fs::exists(dir / "shp" / "sites.shp")};
}

namespace {

// QGIS applies a sibling <name>.qml to any format: field names are identical in all of them.
void write_sibling_style(const fs::path& copy, const std::string& layer) {
    if (const auto style = report::default_style(layer)) write_text(copy.parent_path() / (layer + ".qml"), style->qml);
}

}  // namespace

void export_copies(const fs::path& dir, const std::string& layer, const Formats& formats) {
    const std::string gpkg = (dir / "foncier.gpkg").string();
    if (formats.geojson) {
        fs::create_directories(dir / "geojson");
        const fs::path file = dir / "geojson" / (layer + ".geojson");
        io::export_layer(gpkg, layer, file.string(), io::ExportFormat::geojson);
        write_sibling_style(file, layer);
    }
    if (formats.shapefile) {
        fs::create_directories(dir / "shp");
        const fs::path file = dir / "shp" / (layer + ".shp");
        io::export_layer(gpkg, layer, file.string(), io::ExportFormat::shapefile);
        write_sibling_style(file, layer);
    }
}

void write_outputs(const fs::path& dir, const std::vector<io::Table>& tables, const std::vector<io::Table>& csv_tables,
                   const OutputOptions& options, Progress& progress, GeoPackageRows* rows) {
    // The GeoJSON and Shapefile copies are written from the same tables as the GeoPackage, so
    // they carry the same fields, values and order. A second thread starts on them while this
    // one writes the GeoPackage (one SQLite connection: one thread), then both share what is
    // left. GDAL handles separate datasets in separate threads; its error handlers are per thread.
    const Formats formats = options.formats;
    struct Copy {
        const io::Table* table;
        io::ExportFormat format;
        fs::path file;
    };
    std::vector<Copy> copies;
    for (const auto& t : tables) {
        if (!report::exported(t.name)) continue;
        if (formats.geojson) copies.push_back({&t, io::ExportFormat::geojson, dir / "geojson" / (t.name + ".geojson")});
        if (formats.shapefile) copies.push_back({&t, io::ExportFormat::shapefile, dir / "shp" / (t.name + ".shp")});
    }
    if (formats.geojson) fs::create_directories(dir / "geojson");
    if (formats.shapefile) fs::create_directories(dir / "shp");
    std::atomic<std::size_t> next{0};
    auto copy_until_done = [&] {
        for (std::size_t i = next++; i < copies.size(); i = next++) {
            io::export_table(*copies[i].table, copies[i].file.string(), copies[i].format, options.crs);
        }
    };
    auto helper = std::async(std::launch::async, copy_until_done);
    // If the GeoPackage fails, the helper stops after its current copy; the staging folder goes.
    struct StopHelper {
        std::atomic<std::size_t>* next;
        std::size_t n;
        std::future<void>* helper;
        ~StopHelper() {
            if (helper->valid()) {
                *next = n;
                helper->wait();
            }
        }
    } stop{&next, copies.size(), &helper};

    progress.stage("write foncier.gpkg");
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
    {
        io::GeoPackageWriter gpkg((dir / "foncier.gpkg").string(), options.crs);
        for (const auto& t : tables) gpkg.write(io::Table{t.name, t.geometry_type, t.fields, {}, t.description});
        if (rows != nullptr) gpkg.write(report::empty_table(report::layer::measures));  // the chunks' schema
        gpkg.write_styles(styles);
        const auto spatial = std::find_if(tables.begin(), tables.end(),
                                          [](const io::Table& t) { return t.geometry_type != io::GeometryType::none; });
        const int srs_id = spatial == tables.end() ? 0 : gpkg.srs_id(spatial->name);
        std::optional<GeoPackageRows> own;
        GeoPackageRows& pieces = rows != nullptr ? *rows : own.emplace(dir);
        pieces.add_layers(tables, srs_id);
        pieces.write_into(gpkg);
        gpkg.close();
    }
    write_text(dir / "foncier.qgs",
               report::qgis_project({options.title, options.crs, options.extent, "foncier.gpkg", options.attribution}));
    progress.finish(std::to_string(tables.size() + (rows != nullptr ? 1 : 0)) + " layers, " + std::to_string(styles.size()) +
                    " styles, foncier.qgs");

    progress.stage(formats.geojson && formats.shapefile ? "write GeoJSON and Shapefile copies"
                   : formats.geojson                    ? "write GeoJSON copies"
                   : formats.shapefile                  ? "write Shapefile copies"
                                                        : "write CSV tables");
    copy_until_done();
    helper.get();  // rethrows the helper's failure
    for (const auto& c : copies) write_sibling_style(c.file, c.table->name);
    for (const auto& t : tables) {
        if (t.name == report::layer::crosswalk) io::write_csv((dir / (t.name + ".csv")).string(), t);
    }
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

}  // namespace foncier::output
