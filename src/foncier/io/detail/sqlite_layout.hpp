#pragma once
// The page size of the SQLite files foncier writes (foncier.gpkg and its side files).
//
// Why not SQLite's 4 KiB default: a national run writes hundreds of MB of rows that are
// hundreds of bytes to a few KiB each (multipolygons, the measures). With 64 KiB pages SQLite
// splits, balances and writes 16 times fewer pages (BENCHMARKS.md, design measurements; 32 KiB
// did as well). Readers are unaffected: the page size is in
// the file header, the R-tree nodes keep their size (51 cells at any page size ≥ 1 292 B),
// and GDAL's validate_gpkg accepts the file.

namespace foncier::io::detail {

inline constexpr int k_sqlite_page_size = 65536;  // bytes, SQLite's maximum

}  // namespace foncier::io::detail
