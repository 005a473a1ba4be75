#pragma once
// Private to ingest: reading the mapped fields of a source row (roles -> field names of the
// territory config), with the errors that name the file, the layer, the field and the fix.

#include <optional>
#include <string>

#include "foncier/ingest/config.hpp"
#include "foncier/io/reader.hpp"

namespace foncier::ingest::detail {

/// The mapped field for `role`, checked to exist in the layer. Required roles throw a
/// ConfigError that names the file, the layer, the field and the fix; "" for an unmapped
/// optional role.
[[nodiscard]] std::string mapped_field(const io::LayerData& data, const LayerUse& use, const TerritoryConfig& config,
                                       const std::string& section, const std::string& role, bool required);

/// The field's value as trimmed text ("" for an empty field name).
[[nodiscard]] std::string text(const io::Feature& f, const std::string& field);

/// An INSEE code, its leading zero restored when it was read as a number (01001 -> 1001).
[[nodiscard]] std::string insee_code(const io::Feature& f, const std::string& field);

[[nodiscard]] std::optional<double> number(const io::Feature& f, const std::string& field);

/// Checks that every field of [<section>.measures] is in the layer (a typo would make a
/// criterion silently unknown for every site); throws ConfigError naming the field and the fix.
void check_measure_fields(const io::LayerData& data, const LayerUse& use, const TerritoryConfig& config,
                          const std::string& section);

/// The id in `field`, or "#<fid>" when it is empty.
[[nodiscard]] std::string feature_id(const io::Feature& f, const std::string& field);

/// Cartofriches v1 columns take their CNIG Friches names (standard §6.1), unless the file
/// already has the standard's column.
void rename_legacy_columns(io::LayerData& data);

}  // namespace foncier::ingest::detail
