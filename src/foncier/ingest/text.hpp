#pragma once
// Private to ingest: the text problems of a source as issues (io decodes and records them, it
// cannot report), and ids made safe for every output format.

#include <cstddef>
#include <string>

#include "foncier/core/issue.hpp"
#include "foncier/ingest/config.hpp"
#include "foncier/io/reader.hpp"

namespace foncier::ingest::detail {

/// The longest id every output format keeps whole: a Shapefile's .dbf character field holds
/// 254 bytes, and an id must be the same in the GeoPackage, the GeoJSON and the Shapefile.
inline constexpr std::size_t k_max_id_bytes = 254;

/// One `encoding` issue per file of `data` whose text was not valid UTF-8 or contradicted its
/// declared encoding (a count and the first value concerned, not one issue per value: a badly
/// declared file has thousands), and one per file holding NUL bytes (naming its lines).
void report_text(const io::LayerData& data, const LayerUse& use, IssueSink& sink);

/// An id as outputs can carry it, and what was changed ("" when nothing was).
struct SafeId {
    std::string id;
    std::string change;
};

/// `id` with its control characters (U+0000..U+001F, U+007F: tabs, line ends, escapes that
/// break CSV and terminal output) written \xNN, then, when longer than k_max_id_bytes, cut
/// to its first bytes + "~" + 16 hex digits of a hash of the whole id: distinct long ids
/// stay distinct, and the id is the same in every format.
[[nodiscard]] SafeId safe_id(const std::string& id);

/// `id` shortened as safe_id does when it is longer than k_max_id_bytes (for renamed
/// duplicates: "<id>~2" of a 254-byte id).
[[nodiscard]] std::string shortened_id(const std::string& id);

}  // namespace foncier::ingest::detail
