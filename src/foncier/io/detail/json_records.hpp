#pragma once
// Private to io: a JSON file holding an array of records (the etalab decoupage-administratif
// files: communes.json, epci.json with its nested "membres") as an in-memory OGR layer, so
// that filters and field reading work as for any other source.

#include <gdal_priv.h>

#include <string>

namespace foncier::io::detail {

/// Is `path` a local .json file whose first non-blank character opens an array?
[[nodiscard]] bool is_json_records(const std::string& path);

/// One feature per object of the array, or, with `explode`, one per element of the object's
/// array member `explode` (its keys prefixed "<explode>.", beside the object's own scalars).
/// Arrays of scalars become text joined by "|"; nested objects are left out. Integer fields
/// are Integer64, other numbers Real, everything else String. No geometry. Throws IoError
/// naming the file and what is wrong.
[[nodiscard]] GDALDatasetUniquePtr json_records_dataset(const std::string& path, const std::string& explode);

}  // namespace foncier::io::detail
