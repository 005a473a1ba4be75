#pragma once
// The rows of foncier.gpkg, in pieces written on two threads. SQLite writes a file from one
// thread at a time: whichever thread holds foncier.gpkg writes into it (the pieces others
// wrote, then pieces straight from the queue, and the spatial indexes once the layers are
// in), while the other encodes the next piece into a side SQLite file (SqliteTableWriter) that
// the holder later moves in (GeoPackageWriter::copy_rows, a bulk record copy, about half the
// cost of writing the piece). Neither thread waits while a piece is left.
// The measures (a row per site and measure, the largest table) are known first: they are
// queued in chunks of consecutive sites as soon as the analysis ends, and the helper thread
// starts on them while the sites are scored. The layers join at the head of the queue once
// built (add_layers).
// Whichever thread holds foncier.gpkg writes into it: when only its owner did, the helper sat
// idle at the end while the owner wrote the largest layer, moved the side files in and built
// the indexes (BENCHMARKS.md, design measurements).

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
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

namespace foncier::output {

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
    /// indexes as soon as the layers are in; `gpkg` is then only closed. Called on the thread
    /// that created `gpkg`; the helper writes into it too until this returns. A piece whose
    /// side file cannot be written goes in directly (and so do all the pieces after it).
    /// Throws IoError.
    void write_into(io::GeoPackageWriter& gpkg);
    /// The measures rows written (after write_into()).
    [[nodiscard]] std::size_t measure_rows() const noexcept { return m_measure_rows; }
    /// The number of pieces moved in from side files (after write_into()).
    [[nodiscard]] std::size_t side_pieces() const noexcept { return m_side_pieces; }

private:
    struct Piece {
        const io::Table* layer = nullptr;  ///< every row of this layer; else a measures chunk
        std::size_t first_site = 0;        ///< a measures chunk: sites [first_site, end_site)
        std::size_t end_site = 0;
        std::int64_t first_fid = 1;
        int srs_id = 0;
        std::filesystem::path file;                ///< its side file
        std::unique_ptr<io::SqliteTableWriter> side;  ///< written and closed, not moved in yet
    };
    /// What the thread holding foncier.gpkg does next.
    struct Task {
        enum class Kind { none, move, index, direct } kind = Kind::none;
        Piece* piece = nullptr;
    };

    [[nodiscard]] const io::Table& schema(const Piece& p) const;
    void fill(const Piece& p, io::SqliteTableWriter& out) const;
    /// The next thing to do in foncier.gpkg (under the lock): a side file to move in (layers
    /// first), the indexes once the layers are in, or a piece from the queue.
    Task gpkg_task();
    /// Runs `task` in foncier.gpkg (without the lock); returns the measure rows it added.
    std::size_t run(const Task& task);
    /// Writes piece p into a side file: false if it cannot (the file is removed).
    bool write_side(Piece& p) const;
    /// The loop both threads run: hold foncier.gpkg when it is free and has a task, else write
    /// the next piece into a side file. The helper (`owner` false) leaves when neither is left
    /// for it; the owner when every piece is in.
    void work(bool owner);
    void record_error(std::exception_ptr error);

    std::filesystem::path m_dir;
    const analysis::Analysis* m_analysis = nullptr;
    const std::vector<scoring::Inputs>* m_measures = nullptr;
    io::Table m_measures_schema;
    std::deque<Piece> m_pieces;    // stable addresses
    std::deque<Piece*> m_queue;    // not written, in the order to write them
    std::vector<Piece*> m_side;    // in side files, to move in
    std::size_t m_layers_out = 0;  // layer pieces not in foncier.gpkg yet
    std::size_t m_writing = 0;     // pieces being written into side files
    io::GeoPackageWriter* m_gpkg = nullptr;  // set by write_into: rows may go in
    bool m_gpkg_busy = false;  // a thread holds m_gpkg
    bool m_indexed = false;
    bool m_no_side = false;  // a side file failed: the pieces left go in directly
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_closed = false;  // no piece will be queued any more
    bool m_stop = false;    // the helper stops after its current piece
    std::exception_ptr m_error;  // the first failure in foncier.gpkg, on either thread
    std::size_t m_measure_rows = 0;
    std::size_t m_side_pieces = 0;
    std::future<void> m_helper;
};

}  // namespace foncier::output
