#pragma once
// Reading one dataset of a territory, whatever its shape on disk: one file, several files or
// layers read as one (one file per département), or a JSON array of records; and the commune
// mergers table that maps old INSEE codes to the current ones.

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "foncier/ingest/config.hpp"
#include "foncier/io/reader.hpp"

namespace foncier::ingest {

struct SourceRead {
    io::LayerData data;                 ///< every part's features, fields united in order of appearance
    std::vector<std::size_t> features;  ///< features read from each part of DatasetSpec::parts()
};

/// Reads every part of `use` with its filter. Parts must share one CRS (or all have none):
/// otherwise a ConfigError names the two files.
[[nodiscard]] SourceRead read_source(const LayerUse& use);

/// Old INSEE code -> current code, from a mergers table: rows with `parent` (a commune
/// déléguée or associée and its chef-lieu; a row whose parent is itself is skipped) and rows
/// with `former` (a current commune and its former codes, "a|b"). Empty field names are
/// roles not mapped.
[[nodiscard]] std::map<std::string, std::string> merger_map(const io::LayerData& table, const std::string& f_insee,
                                                            const std::string& f_parent,
                                                            const std::string& f_former);

}  // namespace foncier::ingest
