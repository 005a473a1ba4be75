#include "foncier/io/detail/gpkg_rtree.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>

#include "foncier/core/error.hpp"
#include "foncier/io/detail/sql_text.hpp"

namespace foncier::io::detail {

namespace {

constexpr std::size_t k_cell_bytes = 8 + 4 * 4;  // id, then minx, maxx, miny, maxy (2 dimensions)

// The float nearest below (above) d: SQLite stores float boxes that contain the given values.
float float_down(double d) {
    float f = static_cast<float>(d);
    if (static_cast<double>(f) > d) f = std::nextafter(f, -std::numeric_limits<float>::infinity());
    return f;
}
float float_up(double d) {
    float f = static_cast<float>(d);
    if (static_cast<double>(f) < d) f = std::nextafter(f, std::numeric_limits<float>::infinity());
    return f;
}

void put16(std::uint8_t* p, unsigned v) {
    p[0] = static_cast<std::uint8_t>(v >> 8);
    p[1] = static_cast<std::uint8_t>(v);
}
void put64(std::uint8_t* p, std::int64_t v) {
    const auto u = static_cast<std::uint64_t>(v);
    for (int i = 0; i < 8; ++i) p[i] = static_cast<std::uint8_t>(u >> (56 - 8 * i));
}
void put_float(std::uint8_t* p, float f) {
    std::uint32_t u = 0;
    std::memcpy(&u, &f, sizeof u);
    for (int i = 0; i < 4; ++i) p[i] = static_cast<std::uint8_t>(u >> (24 - 8 * i));
}

class Statement {
public:
    Statement(sqlite3* db, const std::string& sql, const std::string& path) : m_db(db), m_path(path) {
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &m_stmt, nullptr) != SQLITE_OK) fail("preparing " + sql);
    }
    ~Statement() { sqlite3_finalize(m_stmt); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    /// Binds the arguments, runs the statement to completion and resets it.
    void run(std::int64_t a, std::int64_t b) {
        sqlite3_bind_int64(m_stmt, 1, a);
        sqlite3_bind_int64(m_stmt, 2, b);
        step();
    }
    void run(std::int64_t a, const std::vector<std::uint8_t>& blob) {
        sqlite3_bind_int64(m_stmt, 1, a);
        sqlite3_bind_blob(m_stmt, 2, blob.data(), static_cast<int>(blob.size()), SQLITE_STATIC);
        step();
    }
    /// The first column of the single row the statement returns.
    std::int64_t single_int() {
        if (sqlite3_step(m_stmt) != SQLITE_ROW) fail("reading");
        const std::int64_t v = sqlite3_column_int64(m_stmt, 0);
        sqlite3_reset(m_stmt);
        return v;
    }

private:
    void step() {
        if (sqlite3_step(m_stmt) != SQLITE_DONE) fail("writing");
        sqlite3_reset(m_stmt);
    }
    [[noreturn]] void fail(const std::string& what) {
        throw IoError("cannot build the spatial index of '" + m_path + "' (" + what + "): " + sqlite3_errmsg(m_db));
    }
    sqlite3* m_db;
    std::string m_path;
    sqlite3_stmt* m_stmt = nullptr;
};

void exec(sqlite3* db, const std::string& sql, const std::string& path) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        const std::string text = message != nullptr ? message : sqlite3_errmsg(db);
        sqlite3_free(message);
        throw IoError("cannot build the spatial index of '" + path + "': " + text);
    }
}

RtreeEntry bounds(const std::vector<RtreeEntry>& cells, std::int64_t id) {
    RtreeEntry b{id, cells[0].minx, cells[0].maxx, cells[0].miny, cells[0].maxy};
    for (const auto& c : cells) {
        b.minx = std::min(b.minx, c.minx);
        b.maxx = std::max(b.maxx, c.maxx);
        b.miny = std::min(b.miny, c.miny);
        b.maxy = std::max(b.maxy, c.maxy);
    }
    return b;
}

using Node = std::vector<RtreeEntry>;

// Sort-Tile-Recursive packing of one level: sqrt(#nodes) vertical slices by x centre, each
// cut into nodes of `capacity` cells by y centre. Neighbours share a node: few nodes overlap.
std::vector<Node> pack(std::vector<RtreeEntry> cells, std::size_t capacity) {
    const std::size_t n_nodes = (cells.size() + capacity - 1) / capacity;
    const auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(n_nodes))));
    const std::size_t per_slice = slices * capacity;
    auto cx = [](const RtreeEntry& e) { return double(e.minx) + double(e.maxx); };
    auto cy = [](const RtreeEntry& e) { return double(e.miny) + double(e.maxy); };
    std::sort(cells.begin(), cells.end(), [&](const auto& a, const auto& b) { return cx(a) < cx(b); });
    std::vector<Node> nodes;
    for (std::size_t start = 0; start < cells.size(); start += per_slice) {
        const auto first = cells.begin() + static_cast<std::ptrdiff_t>(start);
        const auto last = cells.begin() + static_cast<std::ptrdiff_t>(std::min(cells.size(), start + per_slice));
        std::sort(first, last, [&](const auto& a, const auto& b) { return cy(a) < cy(b); });
        for (auto it = first; it != last;) {
            const auto end = it + std::min<std::ptrdiff_t>(static_cast<std::ptrdiff_t>(capacity), last - it);
            nodes.emplace_back(it, end);
            it = end;
        }
    }
    return nodes;
}

void write_tree(sqlite3* db, const std::string& path, const std::string& rtree, std::vector<RtreeEntry> entries) {
    if (entries.empty()) return;  // CREATE VIRTUAL TABLE left an empty root: an empty index
    // The node size the module chose at creation (page size - 64, at most 51 cells); every
    // node blob must have exactly this size.
    const auto node_size = static_cast<std::size_t>(
        Statement(db, "SELECT length(data) FROM " + sql_identifier(rtree + "_node") + " WHERE nodeno = 1", path).single_int());
    const std::size_t capacity = node_size > 4 ? (node_size - 4) / k_cell_bytes : 0;
    if (capacity < 2) throw IoError("cannot build the spatial index of '" + path + "': R-tree nodes too small");

    // levels[0]: the leaves (cells: feature ids); levels[k]: cells are indexes into levels[k-1].
    std::vector<std::vector<Node>> levels{pack(std::move(entries), capacity)};
    while (levels.back().size() > 1) {
        std::vector<RtreeEntry> cells;
        for (std::size_t i = 0; i < levels.back().size(); ++i) cells.push_back(bounds(levels.back()[i], std::int64_t(i)));
        levels.push_back(pack(std::move(cells), capacity));
    }
    // Node numbers: the root is 1, the others follow level by level from the top.
    std::vector<std::vector<std::int64_t>> number(levels.size());
    std::int64_t next = 1;
    for (std::size_t k = levels.size(); k-- > 0;) {
        for (std::size_t i = 0; i < levels[k].size(); ++i) number[k].push_back(next++);
    }

    Statement node(db, "INSERT OR REPLACE INTO " + sql_identifier(rtree + "_node") + "(nodeno, data) VALUES (?, ?)", path);
    Statement parent(db, "INSERT INTO " + sql_identifier(rtree + "_parent") + "(nodeno, parentnode) VALUES (?, ?)", path);
    Statement rowid(db, "INSERT INTO " + sql_identifier(rtree + "_rowid") + "(rowid, nodeno) VALUES (?, ?)", path);
    std::vector<std::uint8_t> blob(node_size);
    std::vector<std::pair<std::int64_t, std::int64_t>> leaf_of;  // (feature id, leaf node)
    for (std::size_t k = 0; k < levels.size(); ++k) {
        for (std::size_t i = 0; i < levels[k].size(); ++i) {
            const Node& cells = levels[k][i];
            const std::int64_t nodeno = number[k][i];
            std::fill(blob.begin(), blob.end(), std::uint8_t{0});
            if (nodeno == 1) put16(blob.data(), static_cast<unsigned>(levels.size() - 1));  // the tree's depth
            put16(blob.data() + 2, static_cast<unsigned>(cells.size()));
            std::uint8_t* p = blob.data() + 4;
            for (const auto& c : cells) {
                const std::int64_t id = k == 0 ? c.id : number[k - 1][static_cast<std::size_t>(c.id)];
                put64(p, id);
                put_float(p + 8, c.minx);
                put_float(p + 12, c.maxx);
                put_float(p + 16, c.miny);
                put_float(p + 20, c.maxy);
                p += k_cell_bytes;
                if (k == 0) {
                    leaf_of.emplace_back(id, nodeno);
                } else {
                    parent.run(id, nodeno);
                }
            }
            node.run(nodeno, blob);
        }
    }
    // In feature-id order: SQLite then appends to the rowid table's B-tree instead of
    // inserting at random places.
    std::sort(leaf_of.begin(), leaf_of.end());
    for (const auto& [id, leaf] : leaf_of) rowid.run(id, leaf);
}

}  // namespace

RtreeEntry rtree_entry(std::int64_t id, const geom::Envelope& e) {
    return {id, float_down(e.minx), float_up(e.maxx), float_down(e.miny), float_up(e.maxy)};
}

void add_rtree_indexes(sqlite3* db, const std::string& path, std::vector<RtreeLayer> layers) {
    exec(db, "BEGIN", path);
    try {
        exec(db,
             "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT "
             "NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, "
             "extension_name))",
             path);
        for (auto& layer : layers) {
            const std::string rtree = "rtree_" + layer.table + "_" + layer.column;
            const std::string r = sql_identifier(rtree), t = sql_identifier(layer.table), c = sql_identifier(layer.column);
            const std::string id = "\"fid\"";  // the primary key GeoPackageWriter gives every layer
            exec(db, "CREATE VIRTUAL TABLE " + r + " USING rtree(id, minx, maxx, miny, maxy)", path);
            write_tree(db, path, rtree, std::move(layer.entries));
            // The triggers of the standard (OGC 12-128, F.3): later edits keep the index current.
            // ST_IsEmpty and ST_MinX... are the functions GeoPackage readers register.
            const std::string box = "(NEW." + id + ", ST_MinX(NEW." + c + "), ST_MaxX(NEW." + c + "), ST_MinY(NEW." + c +
                                    "), ST_MaxY(NEW." + c + "))";
            const std::string filled = "(NEW." + c + " NOTNULL AND NOT ST_IsEmpty(NEW." + c + "))";
            const std::string blank = "(NEW." + c + " ISNULL OR ST_IsEmpty(NEW." + c + "))";
            auto trigger = [&](const std::string& suffix, const std::string& body) {
                exec(db, "CREATE TRIGGER " + sql_identifier(rtree + "_" + suffix) + " " + body, path);
            };
            trigger("insert", "AFTER INSERT ON " + t + " WHEN " + filled + " BEGIN INSERT OR REPLACE INTO " + r +
                                  " VALUES " + box + "; END");
            trigger("update1", "AFTER UPDATE OF " + c + " ON " + t + " WHEN OLD." + id + " = NEW." + id + " AND " +
                                   filled + " BEGIN INSERT OR REPLACE INTO " + r + " VALUES " + box + "; END");
            trigger("update2", "AFTER UPDATE OF " + c + " ON " + t + " WHEN OLD." + id + " = NEW." + id + " AND " +
                                   blank + " BEGIN DELETE FROM " + r + " WHERE id = OLD." + id + "; END");
            trigger("update3", "AFTER UPDATE ON " + t + " WHEN OLD." + id + " != NEW." + id + " AND " + filled +
                                   " BEGIN DELETE FROM " + r + " WHERE id = OLD." + id + "; INSERT OR REPLACE INTO " +
                                   r + " VALUES " + box + "; END");
            trigger("update4", "AFTER UPDATE ON " + t + " WHEN OLD." + id + " != NEW." + id + " AND " + blank +
                                   " BEGIN DELETE FROM " + r + " WHERE id IN (OLD." + id + ", NEW." + id + "); END");
            trigger("delete", "AFTER DELETE ON " + t + " WHEN OLD." + c + " NOT NULL BEGIN DELETE FROM " + r +
                                  " WHERE id = OLD." + id + "; END");
            if (const auto& e = layer.contents_extent) {
                char extent[200];
                std::snprintf(extent, sizeof extent, "min_x = %.17g, min_y = %.17g, max_x = %.17g, max_y = %.17g", e->minx,
                              e->miny, e->maxx, e->maxy);
                exec(db, std::string("UPDATE gpkg_contents SET ") + extent + " WHERE table_name = " + sql_literal(layer.table),
                     path);
            }
            exec(db,
                 "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) VALUES (" +
                     sql_literal(layer.table) + ", " + sql_literal(layer.column) +
                     ", 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
                 path);
        }
        exec(db, "COMMIT", path);
    } catch (...) {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

}  // namespace foncier::io::detail
