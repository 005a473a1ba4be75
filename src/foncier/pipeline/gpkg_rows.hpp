#pragma once
// The rows of foncier.gpkg, in pieces written on two threads. SQLite writes a file from one
// thread only: a helper thread encodes pieces into side SQLite files (SqliteTableWriter) while
// the thread that owns foncier.gpkg writes the pieces it claims straight into it and moves the
// helper's files in (GeoPackageWriter::copy_rows, a bulk record copy). Both claim from one
// queue, so neither waits while a piece is left, and a piece is written twice only when the
// helper took it.
// The measures (a row per site and measure: 1.5 million on the national benchmark) are known
// first: they are queued in chunks of consecutive sites as soon as the analysis ends, and the
// helper starts on them while the sites are scored. The layers join at the head of the queue
// once built (add_layers).
// Before, the helper encoded every layer into side files (160 MB written twice on the national
// benchmark) while the owner only copied them in, or waited. National benchmark, alternating
// runs: about the same time (3.55 s against 3.57 s), with the layers the owner claims written
// once; the gain came with the GeoPackage's journal off (GeoPackageWriter).

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "foncier/analysis/analysis.hpp"
#include "foncier/io/sqlite_table.hpp"
#include "foncier/io/table.hpp"
#include "foncier/io/writer.hpp"
#include "foncier/scoring/engine.hpp"

namespace foncier::pipeline {

class GeoPackageRows {
public:
    /// The rows of the layers add_layers() queues; the side files go into `dir`.
    explicit GeoPackageRows(const std::filesystem::path& dir);
    /// And, queued at once, the measures table's rows in `chunks` pieces of consecutive sites.
    /// `analysis` and `measures` must stay unchanged until write_into() or the destructor.
    GeoPackageRows(const std::filesystem::path& dir, const analysis::Analysis& analysis,
                   const std::vector<scoring::Inputs>& measures, std::size_t chunks = 16);
    /// Stops the helper after its current piece and waits for it (a failed run: its side files
    /// stay in `dir`, which the run discards).
    ~GeoPackageRows();
    GeoPackageRows(const GeoPackageRows&) = delete;
    GeoPackageRows& operator=(const GeoPackageRows&) = delete;

    /// Queues every row of each table of `tables` (which must outlive this object), one piece
    /// per table, ahead of the measures left. `srs_id`: their geometries' spatial reference
    /// system as foncier.gpkg numbers it (GeoPackageWriter::srs_id).
    void add_layers(const std::vector<io::Table>& tables, int srs_id);
    /// Writes every piece into `gpkg`, whose tables write() created, and builds its spatial
    /// indexes as soon as the layers are in; `gpkg` is then only closed. Runs on the thread
    /// that owns `gpkg`. A piece the helper failed to write (its side file) is written here
    /// instead. Throws IoError.
    void write_into(io::GeoPackageWriter& gpkg);
    /// The measures rows written (after write_into()).
    [[nodiscard]] std::size_t measure_rows() const noexcept { return m_measure_rows; }
    /// The number of pieces the helper wrote into side files (after write_into()).
    [[nodiscard]] std::size_t helper_pieces() const noexcept { return m_helper_pieces; }

private:
    struct Piece {
        const io::Table* layer = nullptr;  ///< every row of this layer; else a measures chunk
        std::size_t first_site = 0;        ///< a measures chunk: sites [first_site, end_site)
        std::size_t end_site = 0;
        std::int64_t first_fid = 1;
        int srs_id = 0;
        std::filesystem::path file;  ///< the helper's side file
        bool by_helper = false;
        bool moved = false;  ///< in foncier.gpkg
        std::promise<std::unique_ptr<io::SqliteTableWriter>> done;
        std::future<std::unique_ptr<io::SqliteTableWriter>> side;
    };

    [[nodiscard]] const io::Table& schema(const Piece& p) const;
    void fill(const Piece& p, io::SqliteTableWriter& out) const;
    /// The next piece nobody has claimed, marked for the helper or the owner; none: nullptr.
    /// The helper waits for one (or the end of the queue).
    Piece* claim(bool helper);
    void helper();
    /// The owner writes piece p into `gpkg` itself.
    void write_direct(io::GeoPackageWriter& gpkg, Piece& p);
    /// The owner moves the helper's piece p into `gpkg` (waits for it); writes it itself if
    /// the helper failed.
    void move(io::GeoPackageWriter& gpkg, Piece& p);

    std::filesystem::path m_dir;
    const analysis::Analysis* m_analysis = nullptr;
    const std::vector<scoring::Inputs>* m_measures = nullptr;
    io::Table m_measures_schema;
    std::deque<Piece> m_pieces;  // stable addresses
    std::deque<Piece*> m_queue;  // unclaimed, in the order to claim them
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_closed = false;  // no piece will be queued any more
    bool m_stop = false;    // the helper stops after its current piece
    std::size_t m_measure_rows = 0;
    std::size_t m_helper_pieces = 0;
    std::future<void> m_helper;
};

}  // namespace foncier::pipeline
