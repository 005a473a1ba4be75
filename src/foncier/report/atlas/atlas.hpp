#pragma once
// The decision makers' atlas: an offline HTML report of one run (territory page, one page per
// EPCI, one sheet per site, data as .js files, Leaflet and our CSS/JS copied in). Nothing is
// fetched from the network and nothing depends on the clock: the same outputs give the same
// bytes.

#include <cstddef>
#include <string>
#include <vector>

#include "foncier/report/atlas/model.hpp"

namespace foncier::report::atlas {

/// Which sites get a sheet and appear on the maps and in the tables.
struct Selection {
    enum class Kind { all, top, classes };
    Kind kind = Kind::all;
    std::size_t top = 0;               ///< Kind::top: ranks 1..top
    std::vector<std::string> classes;  ///< Kind::classes: these class names ("exclu" allowed)
};

/// Parses "all", "top:N" or "class:A,B". Throws ConfigError with the accepted forms.
[[nodiscard]] Selection parse_selection(const std::string& text);

/// Sets model.shown (ranked sites first by rank, then the others by site_id),
/// model.with_sheet and model.selection. Throws ConfigError naming the profile's classes
/// when a class of the selection is not one of them.
void select_sites(Model& model, const Selection& selection);

struct AtlasOptions {
    /// Where Debian's libjs-leaflet installs Leaflet; $FONCIER_LEAFLET_DIR overrides it.
    std::string leaflet_dir = "/usr/share/javascript/leaflet";
};

struct AtlasFiles {
    std::string index;                    ///< index.html
    std::vector<std::string> epci_pages;  ///< epci/<siren>.html, EPCI order
    std::vector<std::string> sheets;      ///< sites/<id>.html, in the order of model.shown
    std::size_t bytes = 0;                ///< everything written
    std::size_t index_bytes = 0;          ///< index.html, its data file and the assets
};

/// Writes the atlas into `dir` (created; files in it are replaced). Throws IoError naming the
/// file that cannot be written, and naming the libjs-leaflet package when Leaflet is missing.
AtlasFiles write_atlas(const Model& model, const std::string& dir, const AtlasOptions& options = {});

}  // namespace foncier::report::atlas
