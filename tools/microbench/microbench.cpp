// Google Benchmark micro-benchmarks of foncier's hot paths, on generated data (no files):
// index build, overlay share, nearest feature, site -> commune, GeoPackage write and read.
// Run by tools/bench; numbers go to its report, never into a test.

#include <benchmark/benchmark.h>

#include <cmath>
#include <filesystem>
#include <numbers>
#include <random>

#include "foncier/analysis/assign.hpp"
#include "foncier/geom/operations.hpp"
#include "foncier/index/spatial_index.hpp"
#include "foncier/io/reader.hpp"
#include "foncier/io/writer.hpp"

namespace an = foncier::analysis;
using foncier::geom::Geometry;

namespace {

// A square grid of `n` x `n` 1 km communes, and `sites` small squares scattered over it.
struct World {
    std::vector<an::Commune> communes;
    std::vector<an::Site> sites;
    std::vector<an::Feature> zones;
    std::vector<an::Feature> points;
};

Geometry square(double x, double y, double side) {
    return foncier::geom::polygonal_parts(Geometry::from_wkt(
        "POLYGON((" + std::to_string(x) + " " + std::to_string(y) + "," + std::to_string(x + side) + " " +
        std::to_string(y) + "," + std::to_string(x + side) + " " + std::to_string(y + side) + "," + std::to_string(x) +
        " " + std::to_string(y + side) + "," + std::to_string(x) + " " + std::to_string(y) + "))"));
}

World world(int n, int sites) {
    World w;
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> u(0.0, n * 1000.0);
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j) {
            an::Commune c;
            c.insee = std::to_string(10000 + i * n + j);
            c.geometry = square(i * 1000.0, j * 1000.0, 1000.0);
            w.communes.push_back(std::move(c));
        }
    }
    for (int s = 0; s < sites; ++s) {
        an::Site site;
        site.site_id = std::to_string(s);
        site.geometry = square(u(rng), u(rng), 150.0);
        w.sites.push_back(std::move(site));
    }
    for (int z = 0; z < n; ++z) {  // long bands with many vertices, like flood zones
        std::vector<foncier::XY> walk;
        for (int k = 0; k <= 400; ++k) walk.push_back({k * n * 2.5, z * 1000.0 + 300 * std::sin(k * 0.1)});
        w.zones.push_back({std::to_string(z), "", foncier::geom::polygonal_parts(foncier::geom::buffer(foncier::geom::line(walk), 120, 4)), {}});
    }
    for (int p = 0; p < n * 4; ++p) w.points.push_back({std::to_string(p), "", Geometry::point(u(rng), u(rng)), {}});
    return w;
}

void BM_IndexBuild(benchmark::State& state) {
    const World w = world(60, static_cast<int>(state.range(0)));
    std::vector<foncier::geom::Envelope> boxes;
    for (const auto& s : w.sites) boxes.push_back(s.geometry.envelope());
    for (auto _ : state) benchmark::DoNotOptimize(foncier::index::SpatialIndex(boxes).size());
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_IndexBuild)->Arg(10000)->Arg(100000);

void BM_OverlayShare(benchmark::State& state) {
    const World w = world(60, static_cast<int>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(an::coverage_shares(w.sites, w.zones));
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_OverlayShare)->Arg(2000)->Unit(benchmark::kMillisecond);

void BM_Nearest(benchmark::State& state) {
    const World w = world(60, static_cast<int>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(an::nearest_features(w.sites, w.points));
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Nearest)->Arg(2000)->Unit(benchmark::kMillisecond);

void BM_AssignCommunes(benchmark::State& state) {
    const World w = world(60, static_cast<int>(state.range(0)));
    for (auto _ : state) benchmark::DoNotOptimize(an::assign_communes(w.sites, w.communes));
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_AssignCommunes)->Arg(2000)->Unit(benchmark::kMillisecond);

void BM_WriteReadGeoPackage(benchmark::State& state) {
    const World w = world(10, static_cast<int>(state.range(0)));
    foncier::io::Table t{"sites", foncier::io::GeometryType::multipolygon,
                         {{"site_id", foncier::io::FieldType::string, 20, 0, ""}}, {}};
    for (const auto& s : w.sites) t.rows.push_back({{foncier::Value{s.site_id}}, s.geometry.clone()});
    const auto path = (std::filesystem::temp_directory_path() / "foncier-microbench.gpkg").string();
    for (auto _ : state) {
        std::filesystem::remove(path);
        foncier::io::write_geopackage(path, {&t}, "EPSG:2154");
        benchmark::DoNotOptimize(foncier::io::read_layer(path).features.size());
    }
    std::filesystem::remove(path);
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_WriteReadGeoPackage)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
