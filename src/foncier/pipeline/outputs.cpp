#include "foncier/pipeline/outputs.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <future>
#include <memory>

#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

#include "foncier/core/error.hpp"
#include "foncier/io/sqlite_table.hpp"
#include "foncier/io/writer.hpp"
#include "foncier/report/layers.hpp"
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

namespace {

// The tables of foncier.gpkg, streamed one after the other into side SQLite files by a helper
// thread while the main thread creates foncier.gpkg; the main thread then copies each file's
// rows in as soon as it is ready (GeoPackageWriter::copy_rows). SQLite writes a file from one
// thread only: this is how the encoding of the rows leaves the main thread. One helper: the
// measures thread runs meanwhile. National benchmark: 1.1 s of OGR writes on the main thread
// for sites, sites_pt and communes; now 0.5 s of copies; the run 6.7 s -> 6.3 s.
class SideTables {
public:
    SideTables(const fs::path& dir, const std::vector<io::Table>& tables, int srs_id)
        : m_tables(tables), m_results(tables.size()) {
        for (std::size_t i = 0; i < tables.size(); ++i) {
            m_files.push_back(dir / (tables[i].name + ".side.sqlite"));
            m_futures.push_back(m_results[i].get_future());
        }
        m_helper = std::async(std::launch::async, [this, srs_id] {
            for (std::size_t i = 0; i < m_tables.size() && !m_stop; ++i) {
                try {
                    auto side = std::make_unique<io::SqliteTableWriter>(m_files[i].string(), m_tables[i], srs_id);
                    side->add_rows(m_tables[i]);
                    side->close();
                    m_results[i].set_value(std::move(side));
                } catch (...) {
                    m_results[i].set_exception(std::current_exception());
                }
            }
        });
    }
    /// Stops the helper after its current table (the run failed) and waits for it.
    ~SideTables() {
        m_stop = true;
        if (m_helper.valid()) m_helper.wait();
    }
    SideTables(const SideTables&) = delete;
    SideTables& operator=(const SideTables&) = delete;

    /// Whether table i's file is complete (or failed), without waiting.
    [[nodiscard]] bool ready(std::size_t i) const {
        return m_futures[i].wait_for(std::chrono::seconds(0)) == std::future_status::ready;
    }
    /// Waits at most `d` for table i's file.
    void wait_for(std::size_t i, std::chrono::milliseconds d) const { (void)m_futures[i].wait_for(d); }

    /// Waits for table i's file, copies its rows into `gpkg`, removes the file.
    void copy_into(io::GeoPackageWriter& gpkg, std::size_t i) {
        const auto side = m_futures[i].get();  // rethrows the helper's error
        gpkg.copy_rows(*side);
        fs::remove(m_files[i]);
    }

private:
    const std::vector<io::Table>& m_tables;
    std::vector<fs::path> m_files;
    std::vector<std::promise<std::unique_ptr<io::SqliteTableWriter>>> m_results;
    std::vector<std::future<std::unique_ptr<io::SqliteTableWriter>>> m_futures;
    std::atomic<bool> m_stop{false};
    std::future<void> m_helper;
};

}  // namespace

MeasuresThread::MeasuresThread(const fs::path& dir, const analysis::Analysis& analysis,
                               const std::vector<scoring::Inputs>& measures, std::size_t chunks)
    : m_analysis(analysis), m_measures(measures), m_promises(std::max<std::size_t>(1, chunks)) {
    const std::size_t n = analysis.territory.sites.size(), k_max = m_promises.size();
    std::int64_t fid = 1;
    for (std::size_t k = 0; k < k_max; ++k) {
        m_files.push_back(dir / ("measures." + std::to_string(k) + ".side.sqlite"));
        m_chunks.push_back(m_promises[k].get_future().share());
        m_first_site.push_back(n * k / k_max);
        m_first_fid.push_back(fid);
        // for_each_measure_row writes one row per site and measure.
        for (std::size_t s = n * k / k_max; s < n * (k + 1) / k_max && s < measures.size(); ++s) {
            fid += static_cast<std::int64_t>(measures[s].size());
        }
    }
    m_first_site.push_back(n);
    m_thread = std::async(std::launch::async, [this] {
        // Low priority for this thread: it has time to spare, the scoring and the other tables,
        // which foncier.gpkg waits for, do not. National benchmark: scoring + tables 1.0 s ->
        // 0.7 s. Linux: nice is per thread.
#ifdef __linux__
        (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
#endif
        for (std::size_t k = m_next++; k < m_files.size(); k = m_next++) write_chunk(k);
    });
}

void MeasuresThread::write_chunk(std::size_t k) {
    try {
        // Streamed: no table of 1.5 million rows in memory, no OGR feature per row.
        io::SqliteTableWriter side(m_files[k].string(), report::empty_table(report::layer::measures), 0, m_first_fid[k]);
        report::for_each_measure_row(
            m_analysis, m_measures, [&](std::span<const io::ValueView> row) { side.add(row); }, m_first_site[k],
            m_first_site[k + 1]);
        side.close();
        m_promises[k].set_value(side.rows());
    } catch (...) {
        m_promises[k].set_exception(std::current_exception());
    }
}

bool MeasuresThread::help() {
    const std::size_t k = m_next++;
    if (k >= m_files.size()) return false;
    write_chunk(k);
    return true;
}

MeasuresThread::~MeasuresThread() {
    if (m_thread.valid()) m_thread.wait();
}

bool MeasuresThread::ready(std::size_t k) const {
    return m_chunks.at(k).wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

std::size_t MeasuresThread::wait(std::size_t k) { return m_chunks.at(k).get(); }

std::size_t MeasuresThread::rows() {
    std::size_t total = 0;
    for (std::size_t k = 0; k < m_chunks.size(); ++k) total += wait(k);
    return total;
}

void write_outputs(const fs::path& dir, const std::vector<io::Table>& tables, const std::vector<io::Table>& csv_tables,
                   const OutputOptions& options, Progress& progress, MeasuresThread* measures) {
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
        if (measures != nullptr) gpkg.write(report::empty_table(report::layer::measures));  // the chunks' schema
        gpkg.write_styles(styles);
        // The rows come from side files, whose geometry blobs carry the GeoPackage's own
        // number for the working CRS. While a table's file is not ready, the measures chunks
        // that are go in: the copies fill the waits.
        std::size_t next_chunk = 0;
        auto copy_chunk = [&] {
            (void)measures->wait(next_chunk);  // rethrows the thread's error
            gpkg.copy_rows(measures->file(next_chunk).string(), report::layer::measures);
            fs::remove(measures->file(next_chunk));
            ++next_chunk;
        };
        const auto spatial = std::find_if(tables.begin(), tables.end(),
                                          [](const io::Table& t) { return t.geometry_type != io::GeometryType::none; });
        SideTables sides(dir, tables, spatial == tables.end() ? 0 : gpkg.srs_id(spatial->name));
        for (std::size_t i = 0; i < tables.size(); ++i) {
            while (!sides.ready(i)) {
                if (measures != nullptr && next_chunk < measures->chunks() && measures->ready(next_chunk)) {
                    copy_chunk();
                } else {
                    sides.wait_for(i, std::chrono::milliseconds(5));
                }
            }
            sides.copy_into(gpkg, i);
        }
        // The layers are in: their spatial indexes are built while the measures thread writes
        // on; then, rather than wait for it, this thread writes the chunks it has not started
        // (national benchmark: the last 0.3 s ran on one core).
        gpkg.build_indexes();
        while (measures != nullptr && next_chunk < measures->chunks()) {
            if (!measures->ready(next_chunk) && measures->help()) continue;
            copy_chunk();
        }
        gpkg.close();
    }
    write_text(dir / "foncier.qgs", report::qgis_project({options.title, options.crs, options.extent, "foncier.gpkg"}));
    progress.finish(std::to_string(tables.size() + (measures != nullptr ? 1 : 0)) + " layers, " + std::to_string(styles.size()) +
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

}  // namespace foncier::pipeline
