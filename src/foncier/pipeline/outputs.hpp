#pragma once
// Writing the output folder's files: foncier.gpkg, then the GeoJSON and Shapefile copies of
// the exported layers, and run.json.

#include <atomic>
#include <filesystem>
#include <future>
#include <string>
#include <vector>

#include "foncier/analysis/analysis.hpp"
#include "foncier/core/progress.hpp"
#include "foncier/io/table.hpp"
#include "foncier/scoring/engine.hpp"

namespace foncier::pipeline {

/// Which copies of the GeoPackage layers a run writes. foncier.gpkg is always written: it is
/// the reference the copies are made from, and it holds the measures `foncier score` reuses.
struct Formats {
    bool geojson = true;
    bool shapefile = true;
};

/// Parses a comma-separated list of "gpkg", "geojson", "shp" (e.g. "gpkg,shp"). Throws
/// ConfigError on an unknown name or when "gpkg" is missing.
[[nodiscard]] Formats parse_formats(const std::string& list);

/// The copies an existing output folder holds (what `foncier run --formats` wrote there).
[[nodiscard]] Formats formats_in(const std::filesystem::path& dir);

/// The files a run with these formats writes, as listed in run.json.
[[nodiscard]] std::vector<std::string> output_files(const Formats& formats);

struct OutputOptions {
    std::string title;      ///< QGIS project title
    std::string crs;        ///< working CRS
    geom::Envelope extent;  ///< initial view of the project, working CRS
    Formats formats;
};

/// The measures table (a row per site and measure: 1.5 million on the national benchmark)
/// streamed on a thread of its own, as soon as the measures are known, into side SQLite files of
/// consecutive sites (chunks), while the sites are scored and the other layers written;
/// write_outputs() moves each chunk's rows into foncier.gpkg as soon as it is complete, in
/// between the other copies, so that little is left to copy when the thread ends.
/// `analysis` and `measures` must stay unchanged while the thread runs (until rows() or the
/// destructor).
class MeasuresThread {
public:
    /// Chunk k is `dir`/measures.<k>.side.sqlite.
    MeasuresThread(const std::filesystem::path& dir, const analysis::Analysis& analysis,
                   const std::vector<scoring::Inputs>& measures, std::size_t chunks = 16);
    /// Waits for the thread (an error of the run may come first; the thread's is then dropped).
    ~MeasuresThread();
    MeasuresThread(const MeasuresThread&) = delete;
    MeasuresThread& operator=(const MeasuresThread&) = delete;

    [[nodiscard]] std::size_t chunks() const noexcept { return m_files.size(); }
    [[nodiscard]] const std::filesystem::path& file(std::size_t k) const { return m_files.at(k); }
    /// Whether chunk k is complete (or failed), without waiting.
    [[nodiscard]] bool ready(std::size_t k) const;
    /// Waits until chunk k is complete; its row count. Rethrows the thread's error.
    std::size_t wait(std::size_t k);
    /// Waits for every chunk; the rows of all. Rethrows the thread's error.
    [[nodiscard]] std::size_t rows();
    /// Writes, on the calling thread, a chunk the thread has not started: a thread that would
    /// only wait for the chunks helps instead. False when every chunk is started.
    bool help();

private:
    void write_chunk(std::size_t k);

    const analysis::Analysis& m_analysis;
    const std::vector<scoring::Inputs>& m_measures;
    std::vector<std::filesystem::path> m_files;
    std::vector<std::size_t> m_first_site;   ///< chunk k: sites [m_first_site[k], m_first_site[k + 1])
    std::vector<std::int64_t> m_first_fid;   ///< chunk k's first fid (one row per site and measure)
    std::atomic<std::size_t> m_next{0};      ///< the next chunk nobody has started
    std::vector<std::promise<std::size_t>> m_promises;
    std::vector<std::shared_future<std::size_t>> m_chunks;
    std::future<void> m_thread;
};

/// foncier.gpkg (with its QGIS `layer_styles`), the GeoJSON and Shapefile copies with their
/// sibling .qml, foncier.qgs, and `csv_tables` as <name>.csv (the crosswalk also). With
/// `measures`, foncier.gpkg takes that thread's rows (and its files are removed); without,
/// the measures table is one of `tables`.
void write_outputs(const std::filesystem::path& dir, const std::vector<io::Table>& tables,
                   const std::vector<io::Table>& csv_tables, const OutputOptions& options, Progress& progress,
                   MeasuresThread* measures = nullptr);

/// GeoJSON and/or Shapefile copies of one layer of dir/foncier.gpkg, with the layer's .qml.
void export_copies(const std::filesystem::path& dir, const std::string& layer, const Formats& formats = {});

void write_manifest(const std::filesystem::path& dir, const std::string& json);

}  // namespace foncier::pipeline
