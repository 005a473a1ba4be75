#pragma once
// CNIG Friches export of the analysed sites: the 51 columns of schema v1.0.6 in its order,
// values taken from the source row (CNIG or Cartofriches v1 names), converted to the
// standard's forms (pipe lists, ISO dates, years, integers, exact enumerations), the point
// and, for drawn perimeters only, the polygon as WKT in WGS 84 (x = longitude). Estimated
// footprints are never exported as perimeters.

#include <map>
#include <string>
#include <vector>

#include "foncier/analysis/model.hpp"
#include "foncier/io/table.hpp"

namespace foncier::cnig {

struct ExportNote {
    std::string site_id;
    std::string field;
    std::string message;
    bool excluded = false;  ///< the site is not in the file
};

struct FrichesExport {
    io::Table table;  ///< "friches_cnig": string fields in schema order (+ extra columns), Point geometry
    std::vector<ExportNote> notes;
};

/// `extras[i]` are computed columns for site i, written prefixed "foncier_" after the 51
/// standard columns (empty maps: none). Geometries are in `working_crs`.
[[nodiscard]] FrichesExport friches_export(const std::vector<const analysis::Site*>& sites,
                                           const std::vector<std::map<std::string, std::string>>& extras,
                                           const std::string& working_crs);

/// The same table with the standard's 10-character shapefile names.
[[nodiscard]] io::Table with_shapefile_names(const io::Table& table);

}  // namespace foncier::cnig
