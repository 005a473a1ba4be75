#pragma once
// The map data of the atlas pages as JavaScript files (data/*.js): pages opened from
// file:// cannot fetch JSON, but they can load a <script>. Each file assigns one object,
//   window.FONCIER_DATA["<key>"] = {...};
// geometries as GeoJSON in WGS 84 lon/lat, simplified for the scale of the page, colours
// already chosen (style.hpp) so that maps and legends agree.

#include <optional>
#include <string>
#include <vector>

#include "foncier/geom/geometry.hpp"
#include "foncier/geom/transformer.hpp"
#include "foncier/report/atlas/model.hpp"

namespace foncier::report::atlas {

/// GeoJSON geometries from EPSG:2154, simplified with `tolerance` metres, `decimals` decimals
/// of a degree (5: about 1 m).
class GeoJson {
public:
    GeoJson(double tolerance_m, int decimals);
    [[nodiscard]] std::string geometry(const geom::Geometry& l93) const;  ///< "null" when null or empty
    [[nodiscard]] std::string lonlat(XY l93) const;                         ///< "[lon,lat]"
    /// Leaflet bounds "[[south,west],[north,east]]".
    [[nodiscard]] std::string bounds(const geom::Envelope& l93) const;

private:
    [[nodiscard]] std::string text(const geom::Geometry& simple) const;  ///< as it is, no simplification

    const geom::Transformer* m_to_wgs84;  ///< one per thread, shared by every map (PROJ's set-up is slow)
    double m_tolerance;
    int m_decimals;
};

/// Which part of the territory a map shows.
struct MapScope {
    std::string key;             ///< "territoire", "epci-245400601"
    std::optional<std::string> epci;  ///< one EPCI's siren, or the whole territory
    std::string root;            ///< from the page to the atlas root: "" or "../"
};

/// The data of a territory or EPCI map: communes, EPCI outlines, parks, the sites shown,
/// and the context layers clipped to the extent.
[[nodiscard]] std::string map_data_js(const Model& model, const MapScope& scope);

/// The data of one site sheet's map: the footprint, its park, the context zones around it,
/// the nearest station and interchange.
[[nodiscard]] std::string site_data_js(const Model& model, std::size_t site, const std::string& key);

/// Path of a site's sheet from the atlas root: "sites/<stem>.html".
[[nodiscard]] std::string sheet_href(const Model& model, std::size_t site);
/// Whether the site has a sheet (it is among the sites shown).
[[nodiscard]] bool has_sheet(const Model& model, std::size_t site);

/// The nearest item of a context layer to a geometry, with its distance (m); none when empty.
struct Nearest {
    const ContextLayer::Item* item = nullptr;
    double distance = 0.0;
};
[[nodiscard]] Nearest nearest(const ContextLayer& layer, const geom::Geometry& l93);

}  // namespace foncier::report::atlas
