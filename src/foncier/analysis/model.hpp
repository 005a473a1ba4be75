#pragma once
// The territory in memory after normalisation: every geometry valid, polygonal where it
// should be, in the working CRS (projected, metres; EPSG:2154 for metropolitan France).

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "foncier/geom/geometry.hpp"

namespace foncier::analysis {

struct Commune {
    std::string insee;
    std::string nom;
    std::string epci;      ///< SIREN of the EPCI the commune belongs to
    std::string epci_nom;
    std::optional<double> pop;  ///< legal population (inhabitants); nullopt when unknown
    geom::Geometry geometry;    ///< MultiPolygon
};

struct Epci {
    std::string siren;
    std::string nom;
    std::vector<std::size_t> communes;  ///< indexes into the commune list, ascending INSEE
    geom::Geometry geometry;            ///< dissolved from the communes
};

enum class FootprintSource { polygon, estimated, default_size };

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
};

struct Station {
    std::string id;
    std::string nom;
    geom::Geometry geometry;  ///< Point
};

}  // namespace foncier::analysis
