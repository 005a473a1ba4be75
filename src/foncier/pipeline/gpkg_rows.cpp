#include "foncier/pipeline/gpkg_rows.hpp"

#include <algorithm>
#include <chrono>
#include <system_error>

#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

#include "foncier/report/layers.hpp"
#include "foncier/report/schema.hpp"

namespace foncier::pipeline {

namespace fs = std::filesystem;

GeoPackageRows::GeoPackageRows(const fs::path& dir) : m_dir(dir) {
    m_helper = std::async(std::launch::async, [this] { helper(); });
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
        p.side = p.done.get_future();
        // for_each_measure_row writes one row per site and measure.
        for (std::size_t s = p.first_site; s < p.end_site; ++s) fid += static_cast<std::int64_t>(measures[s].size());
        m_queue.push_back(&p);
    }
    m_helper = std::async(std::launch::async, [this] { helper(); });
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
            p.side = p.done.get_future();
            m_queue.push_front(&p);
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
        *m_analysis, *m_measures, [&](std::span<const io::ValueView> row) { out.add(row); }, p.first_site, p.end_site);
}

GeoPackageRows::Piece* GeoPackageRows::claim(bool helper) {
    std::unique_lock lock(m_mutex);
    if (helper) m_wake.wait(lock, [this] { return m_stop || m_closed || !m_queue.empty(); });
    if ((helper && m_stop) || m_queue.empty()) return nullptr;
    Piece* p = m_queue.front();
    m_queue.pop_front();
    p->by_helper = helper;
    return p;
}

void GeoPackageRows::helper() {
    // Low priority: while the sites are scored and the layers built, which foncier.gpkg waits
    // for, this thread has time to spare. National benchmark: scoring + tables 1.0 s -> 0.7 s.
    // Linux: nice is per thread.
#ifdef __linux__
    (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
#endif
    while (Piece* p = claim(true)) {
        try {
            auto side = std::make_unique<io::SqliteTableWriter>(p->file.string(), schema(*p), p->srs_id, p->first_fid);
            fill(*p, *side);
            side->close();
            p->done.set_value(std::move(side));
        } catch (...) {
            // The owner writes this piece and the ones left (move()).
            p->done.set_exception(std::current_exception());
            return;
        }
    }
}

void GeoPackageRows::write_direct(io::GeoPackageWriter& gpkg, Piece& p) {
    std::size_t rows = 0;
    gpkg.append_rows(
        schema(p),
        [&](io::SqliteTableWriter& out) {
            fill(p, out);
            rows = out.rows();
        },
        p.first_fid);
    if (p.layer == nullptr) m_measure_rows += rows;
    p.moved = true;
}

void GeoPackageRows::move(io::GeoPackageWriter& gpkg, Piece& p) {
    std::unique_ptr<io::SqliteTableWriter> side;
    try {
        side = p.side.get();
    } catch (...) {
        // The helper could not write its file (and stopped): the piece goes in directly; an
        // error that is not about the side file comes back from there.
        std::error_code ignored;
        fs::remove(p.file, ignored);
        write_direct(gpkg, p);
        return;
    }
    gpkg.copy_rows(*side);
    if (p.layer == nullptr) m_measure_rows += side->rows();
    fs::remove(p.file);
    p.moved = true;
    ++m_helper_pieces;
}

void GeoPackageRows::write_into(io::GeoPackageWriter& gpkg) {
    {
        const std::lock_guard lock(m_mutex);
        m_closed = true;  // every piece is queued
    }
    m_wake.notify_all();
    // The helper's pieces, once complete, go in between the owner's. by_helper is read under
    // the lock: the helper sets it when it claims.
    auto helper_pieces = [this] {
        std::vector<Piece*> out;
        const std::lock_guard lock(m_mutex);
        for (auto& p : m_pieces) {
            if (p.by_helper && !p.moved) out.push_back(&p);
        }
        return out;
    };
    auto move_ready = [&] {
        for (Piece* p : helper_pieces()) {
            if (p->side.wait_for(std::chrono::seconds(0)) == std::future_status::ready) move(gpkg, *p);
        }
    };
    bool indexed = false;
    auto index_when_layers_in = [&] {
        if (indexed) return;
        if (std::any_of(m_pieces.begin(), m_pieces.end(), [](const Piece& p) { return p.layer != nullptr && !p.moved; })) {
            return;
        }
        gpkg.build_indexes();  // while the measures left are written
        indexed = true;
    };
    while (Piece* p = claim(false)) {
        move_ready();
        index_when_layers_in();
        write_direct(gpkg, *p);
    }
    // The queue is empty: what is left is the helper's, the layers first (the indexes wait).
    auto left = helper_pieces();
    std::stable_partition(left.begin(), left.end(), [](const Piece* p) { return p->layer != nullptr; });
    for (Piece* p : left) {
        move(gpkg, *p);
        index_when_layers_in();
    }
    index_when_layers_in();
}

}  // namespace foncier::pipeline
