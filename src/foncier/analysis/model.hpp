#pragma once
// The territory in memory after normalisation: every geometry valid, polygonal where it
// should be, in the working CRS (projected, metres; EPSG:2154 for metropolitan France).

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "foncier/core/value.hpp"
#include "foncier/geom/geometry.hpp"

namespace foncier::analysis {

struct Commune {
    std::string insee;
    std::string nom;
    std::string epci;      ///< SIREN of the EPCI the commune belongs to
    std::string epci_nom;
    std::optional<double> pop;  ///< legal population (inhabitants); nullopt when unknown
    geom::Geometry geometry;    ///< MultiPolygon
    /// Raw values of the config's [communes.measures], by measure name (e.g. a vacancy rate):
    /// each site takes its commune's.
    std::map<std::string, Value> values;
};

struct Epci {
    std::string siren;
    std::string nom;
    std::vector<std::size_t> communes;  ///< indexes into the commune list, ascending INSEE
    geom::Geometry geometry;            ///< dissolved from the communes
};

/// Where a site's footprint comes from, by precedence: the source's polygon, the union of its
/// cadastral parcels, a disc of its declared surface, a disc of the default surface.
enum class FootprintSource { polygon, estimated, default_size, cadastre };

[[nodiscard]] const char* to_string(FootprintSource s) noexcept;

struct Site {
    std::string site_id;
    std::string nom;
    std::string type;
    std::string statut;
    std::string insee_declared;        ///< commune code written in the source, may be empty
    std::optional<double> surf_decl;   ///< declared surface, m²
    FootprintSource source = FootprintSource::polygon;
    geom::Geometry geometry;           ///< MultiPolygon footprint
    /// Further source attributes by role (e.g. "pollution", "zonage"), for scoring.
    std::map<std::string, std::string> attributes;
    /// Every attribute of the source row, by field name (for standard exports): the row as
    /// read, kept alive with its layer's other rows rather than copied into every site.
    std::shared_ptr<const Attributes> source_row;
    /// The point the source gave, when it gave a point (working CRS).
    std::optional<XY> point;
};

/// A context feature: a station, an interchange (points), a park, a constraint zone (polygons).
struct Feature {
    std::string id;
    std::string nom;
    geom::Geometry geometry;  ///< Point, or MultiPolygon for zones and parks
    std::map<std::string, std::string> attributes;  ///< further mapped roles (e.g. "etat")

    [[nodiscard]] std::string attribute(const std::string& role) const {
        auto it = attributes.find(role);
        return it == attributes.end() ? std::string{} : it->second;
    }
};
using Station = Feature;

/// A context layer declared in the territory config (constraint zones, access points, parks).
struct ContextLayer {
    std::string name;     ///< e.g. "flood"; measures are named after it ("flood_share")
    std::string label;    ///< words for explanations, e.g. "zone inondable"
    std::string dataset;  ///< catalogue key
    bool synthetic = false;
    std::vector<Feature> features;
    /// Access layers: a nearest feature farther than this is "none found" (m, working CRS).
    std::optional<double> max_distance_m;
    /// Access layers: further measures the distance fills (e.g. "distanceTransportCommun").
    std::vector<std::string> feeds;
};

}  // namespace foncier::analysis
