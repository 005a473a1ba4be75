// jemalloc's settings for the foncier executable, read by jemalloc at its start (its
// `malloc_conf` symbol; linked only with FONCIER_JEMALLOC). Transparent huge pages for the
// heap and jemalloc's own metadata: a national run touches about a gigabyte, and with 4 KiB
// pages a share of its time went to page faults (BENCHMARKS.md). Where the kernel offers huge
// pages only on request (Debian: "madvise"), jemalloc asks; where it offers none, nothing
// changes. A user's MALLOC_CONF still overrides these.

extern "C" {
// NOLINTNEXTLINE(readability-identifier-naming): the name jemalloc looks for
extern const char* malloc_conf;
const char* malloc_conf = "thp:always,metadata_thp:always";
}
