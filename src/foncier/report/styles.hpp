#pragma once
// The QGIS styles of the output layers (styles/*.qml and *.sld, generated with QGIS by
// tools/make-styles), embedded in the library at build time so that an installed foncier
// writes them into every output without looking for files.

#include <optional>
#include <string_view>
#include <vector>

namespace foncier::report {

struct Style {
    std::string_view name;  ///< file stem: the layer name, or <layer>_<variant> ("sites_statut")
    std::string_view qml;
    std::string_view sld;
};

/// Every embedded style, in file-name order.
[[nodiscard]] const std::vector<Style>& styles();

/// The default style of an output layer (the style named after it), if any.
[[nodiscard]] std::optional<Style> default_style(std::string_view layer);

/// Alternative styles of a layer ("sites" -> sites_statut).
[[nodiscard]] std::vector<Style> alternative_styles(std::string_view layer);

}  // namespace foncier::report
