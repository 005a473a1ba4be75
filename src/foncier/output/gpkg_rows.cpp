#include "foncier/output/gpkg_rows.hpp"

#include <algorithm>
#include <system_error>

#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

#include "foncier/report/layers.hpp"
#include "foncier/report/schema.hpp"

namespace foncier::output {

namespace fs = std::filesystem;

GeoPackageRows::GeoPackageRows(const fs::path& dir) : m_dir(dir) {
    m_helper = std::async(std::launch::async, [this] { work(false); });
}

GeoPackageRows::GeoPackageRows(const fs::path& dir, const analysis::Analysis& analysis,
                               const std::vector<scoring::Inputs>& measures, std::size_t chunks)
    : m_dir(dir),
      m_analysis(&analysis),
      m_measures(&measures),
      m_measures_schema(report::empty_table(report::layer::measures)) {
    const std::size_t n = std::min(analysis.territory.sites.size(), measures.size());
    const std::size_t k_max = std::max<std::size_t>(1, chunks);
    std::int64_t fid = 1;
    for (std::size_t k = 0; k < k_max; ++k) {
        Piece& p = m_pieces.emplace_back();
        p.first_site = n * k / k_max;
        p.end_site = n * (k + 1) / k_max;
        p.first_fid = fid;
        p.file = dir / ("measures." + std::to_string(k) + ".side.sqlite");
        // for_each_measure_row writes one row per site and measure.
        for (std::size_t s = p.first_site; s < p.end_site; ++s) fid += static_cast<std::int64_t>(measures[s].size());
        m_queue.push_back(&p);
    }
    m_helper = std::async(std::launch::async, [this] { work(false); });
}

GeoPackageRows::~GeoPackageRows() {
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    if (m_helper.valid()) m_helper.wait();
}

void GeoPackageRows::add_layers(const std::vector<io::Table>& tables, int srs_id) {
    {
        const std::lock_guard lock(m_mutex);
        // At the head of the queue, in table order: the layers are the largest pieces, and the
        // spatial indexes wait for them.
        for (auto t = tables.rbegin(); t != tables.rend(); ++t) {
            Piece& p = m_pieces.emplace_back();
            p.layer = &*t;
            p.srs_id = srs_id;
            p.file = m_dir / (t->name + ".side.sqlite");
            m_queue.push_front(&p);
            ++m_layers_out;
        }
    }
    m_wake.notify_all();
}

const io::Table& GeoPackageRows::schema(const Piece& p) const { return p.layer != nullptr ? *p.layer : m_measures_schema; }

void GeoPackageRows::fill(const Piece& p, io::SqliteTableWriter& out) const {
    if (p.layer != nullptr) {
        out.add_rows(*p.layer);
        return;
    }
    report::for_each_measure_row(
        *m_analysis, *m_measures, [&](std::span<const io::ValueView> row) { out.add_lasting(row); }, p.first_site,
        p.end_site);  // the analysis and the measures outlive the writing
}

GeoPackageRows::Task GeoPackageRows::gpkg_task() {
    if (m_gpkg == nullptr || m_gpkg_busy) return {};
    if (!m_side.empty()) {
        auto it = std::find_if(m_side.begin(), m_side.end(), [](const Piece* p) { return p->layer != nullptr; });
        if (it == m_side.end()) it = m_side.begin();
        Piece* p = *it;
        m_side.erase(it);
        return {Task::Kind::move, p};
    }
    if (!m_indexed && m_layers_out == 0 && m_closed) return {Task::Kind::index, nullptr};
    if (!m_queue.empty()) {
        Piece* p = m_queue.front();
        m_queue.pop_front();
        return {Task::Kind::direct, p};
    }
    return {};
}

std::size_t GeoPackageRows::run(const Task& task) {
    io::GeoPackageWriter& gpkg = *m_gpkg;
    if (task.kind == Task::Kind::index) {
        gpkg.build_indexes();
        return 0;
    }
    Piece& p = *task.piece;
    switch (task.kind) {
    case Task::Kind::move: {
        gpkg.copy_rows(*p.side);
        const std::size_t rows = p.side->rows();
        p.side.reset();
        fs::remove(p.file);
        return p.layer == nullptr ? rows : 0;
    }
    case Task::Kind::direct: {
        std::size_t rows = 0;
        gpkg.append_rows(
            schema(p),
            [&](io::SqliteTableWriter& out) {
                fill(p, out);
                rows = out.rows();
            },
            p.first_fid);
        return p.layer == nullptr ? rows : 0;
    }
    case Task::Kind::index:
    case Task::Kind::none: break;
    }
    return 0;
}

bool GeoPackageRows::write_side(Piece& p) const {
    try {
        auto side = std::make_unique<io::SqliteTableWriter>(p.file.string(), schema(p), p.srs_id, p.first_fid);
        fill(p, *side);
        side->close();
        p.side = std::move(side);
        return true;
    } catch (...) {
        // The side file is the problem (a full or missing folder...): the piece goes in
        // directly; an error that is not about the side file comes back from there.
        std::error_code ignored;
        fs::remove(p.file, ignored);
        return false;
    }
}

void GeoPackageRows::record_error(std::exception_ptr error) {
    if (!m_error) m_error = std::move(error);
    m_stop = true;
}

void GeoPackageRows::work(bool owner) {
    // The helper runs at a lower priority: while the sites are scored and the layers built,
    // which foncier.gpkg waits for, it has time to spare, and the critical path should get the
    // core first (BENCHMARKS.md, design measurements). Linux: nice is per thread.
#ifdef __linux__
    if (!owner) (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
#endif
    std::unique_lock lock(m_mutex);
    while (!m_stop) {
        if (const Task task = gpkg_task(); task.kind != Task::Kind::none) {
            m_gpkg_busy = true;
            lock.unlock();
            std::size_t rows = 0;
            std::exception_ptr error;
            try {
                rows = run(task);
            } catch (...) {
                error = std::current_exception();
            }
            lock.lock();
            m_gpkg_busy = false;
            if (error) {
                record_error(error);
            } else {
                m_measure_rows += rows;
                if (task.kind == Task::Kind::move) ++m_side_pieces;
                if (task.kind == Task::Kind::index) m_indexed = true;
                if (task.piece != nullptr && task.piece->layer != nullptr) --m_layers_out;
            }
            m_wake.notify_all();
            continue;
        }
        if (!m_no_side && !m_queue.empty()) {
            Piece* p = m_queue.front();
            m_queue.pop_front();
            ++m_writing;
            lock.unlock();
            const bool written = write_side(*p);
            lock.lock();
            --m_writing;
            if (written) {
                m_side.push_back(p);
            } else {
                m_no_side = true;
                m_queue.push_front(p);
            }
            m_wake.notify_all();
            continue;
        }
        // Nothing this thread can do now. The helper leaves once every piece is queued and
        // written or being written (the thread holding foncier.gpkg moves the rest in); the
        // owner when every piece is in (or waits for the helper's last piece).
        const bool queued = m_closed && m_queue.empty();
        if (!owner && queued && (m_gpkg == nullptr || m_gpkg_busy || m_side.empty())) return;
        if (owner && queued && m_writing == 0 && m_side.empty() && !m_gpkg_busy) return;
        m_wake.wait(lock);
    }
}

void GeoPackageRows::write_into(io::GeoPackageWriter& gpkg) {
    gpkg.begin_rows();  // GDAL's handle closed on this thread: the helper may write too
    {
        const std::lock_guard lock(m_mutex);
        m_gpkg = &gpkg;
        m_closed = true;  // every piece is queued
    }
    m_wake.notify_all();
    work(true);
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;  // the helper leaves after what it is doing; nothing touches gpkg after
    }
    m_wake.notify_all();
    m_helper.get();
    if (m_error) std::rethrow_exception(m_error);
    if (!m_indexed) gpkg.build_indexes();  // no layer was queued
    m_gpkg = nullptr;
}

}  // namespace foncier::output
