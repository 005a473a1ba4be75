#pragma once
// Private to io: the GeoPackage R-tree spatial index (extension gpkg_rtree_index, OGC 12-128
// section F.3) built in bulk. GDAL 3.6 fills the index one INSERT per feature through SQLite's
// R*-tree module, a cost per feature that lies on the output's critical path (BENCHMARKS.md,
// design measurements). Here the tree is
// packed once, Sort-Tile-Recursive, and its nodes written straight into the R-tree's tables, in
// the format SQLite's rtree module reads and keeps updating afterwards (ext/rtree/rtree.c):
//   <name>_node(nodeno INTEGER PRIMARY KEY, data BLOB)   node 1 is the root
//   <name>_parent(nodeno INTEGER PRIMARY KEY, parentnode) every node but the root
//   <name>_rowid(rowid INTEGER PRIMARY KEY, nodeno)       every entry's leaf
// A node blob: 2 bytes tree depth (root only; leaves are depth 0), 2 bytes cell count, then
// cells of an 8-byte id (feature id, or child node number) and minx, maxx, miny, maxy as
// 32-bit floats, all big-endian. Floats round outward, as SQLite rounds the values it is given.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "foncier/geom/geometry.hpp"

struct sqlite3;

namespace foncier::io::detail {

/// One indexed feature: its id (the layer's fid) and bounding box, rounded outward to float.
struct RtreeEntry {
    std::int64_t id = 0;
    float minx = 0, maxx = 0, miny = 0, maxy = 0;
};

/// The entry of feature `id` with envelope `e` (working CRS units): the float box contains e.
[[nodiscard]] RtreeEntry rtree_entry(std::int64_t id, const geom::Envelope& e);

/// One spatial layer of a GeoPackage and the entries of its non-empty geometries.
struct RtreeLayer {
    std::string table;
    std::string column;
    std::vector<RtreeEntry> entries;
    /// Written to gpkg_contents when set: the rows came by a copy GDAL did not see.
    std::optional<geom::Envelope> contents_extent;
};

/// Adds the R-tree index of every layer in `layers` to the GeoPackage open as `db`, in one
/// transaction: the virtual table rtree_<table>_<column> filled in bulk, the standard's
/// triggers that keep it current on later edits, its gpkg_extensions row, and the extent in
/// gpkg_contents if given. The layers must
/// have no spatial index yet. `path` names the file in errors. Throws IoError.
void add_rtree_indexes(sqlite3* db, const std::string& path, std::vector<RtreeLayer> layers);

}  // namespace foncier::io::detail
