#include "foncier/pipeline/outputs.hpp"

#include <fstream>

#include "foncier/core/error.hpp"
#include "foncier/io/writer.hpp"
#include "foncier/report/schema.hpp"

namespace foncier::pipeline {

namespace fs = std::filesystem;

void export_copies(const fs::path& dir, const std::string& layer) {
    const std::string gpkg = (dir / "foncier.gpkg").string();
    fs::create_directories(dir / "geojson");
    fs::create_directories(dir / "shp");
    io::export_layer(gpkg, layer, (dir / "geojson" / (layer + ".geojson")).string(), io::ExportFormat::geojson);
    io::export_layer(gpkg, layer, (dir / "shp" / (layer + ".shp")).string(), io::ExportFormat::shapefile);
}

void write_outputs(const fs::path& dir, const std::vector<io::Table>& tables, const std::vector<io::Table>& csv_tables,
                   const std::string& crs, Progress& progress) {
    progress.stage("write foncier.gpkg");
    std::vector<const io::Table*> ptrs;
    for (const auto& t : tables) ptrs.push_back(&t);
    io::write_geopackage((dir / "foncier.gpkg").string(), ptrs, crs);
    progress.finish(std::to_string(tables.size()) + " layers");

    progress.stage("write GeoJSON and Shapefile copies");
    std::size_t done = 0;
    for (const auto& t : tables) {
        if (report::exported(t.name)) export_copies(dir, t.name);
        if (t.name == report::layer::crosswalk) io::write_csv((dir / (t.name + ".csv")).string(), t);
        progress.advance(static_cast<double>(++done) / static_cast<double>(tables.size()));
    }
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
