#pragma once
// `foncier run --engine postgis`: the analysis's spatial joins pushed down to a PostGIS
// server as SQL, the way a PostGIS expert writes them (GiST indexes, ST_Subdivide of the large
// constraint polygons, index-assisted nearest neighbour). The normalised layers are uploaded
// to a scratch schema (io::PostgisSession), the joins run on the server, the rows come back
// and the rest of the job (EPCI, ZAE inventory, totals, scoring, outputs) runs in process.
// Same contracts as the in-process joins (analysis/assign.hpp), ties broken the same way.

#include <map>
#include <memory>
#include <string>

#include "foncier/analysis/joins.hpp"
#include "foncier/io/postgis_session.hpp"

namespace foncier::postgis {

class PostgisJoins final : public analysis::SpatialJoins {
public:
    /// `connection`: GDAL "PG:..." string; `crs`: the working CRS (EPSG:2154).
    PostgisJoins(const std::string& connection, const std::string& crs);

    [[nodiscard]] const char* name() const noexcept override { return "postgis"; }
    [[nodiscard]] std::vector<analysis::Assignment> assign_communes(
        const std::vector<analysis::Site>& sites, const std::vector<analysis::Commune>& communes) override;
    [[nodiscard]] std::vector<analysis::Nearest> nearest_features(
        const std::vector<analysis::Site>& sites, const std::vector<analysis::Feature>& features) override;
    [[nodiscard]] std::vector<double> coverage_shares(const std::vector<analysis::Site>& sites,
                                                      const std::vector<analysis::Feature>& zones) override;
    [[nodiscard]] std::vector<analysis::ZoneLink> largest_zone(const std::vector<analysis::Site>& sites,
                                                               const std::vector<analysis::Feature>& zones) override;

private:
    // Uploads a layer once (keyed by its address and size) and returns its qualified name.
    template <class T>
    std::string table_of(const std::vector<T>& items, bool with_insee = false);

    io::PostgisSession m_session;
    std::map<std::pair<const void*, std::size_t>, std::string> m_tables;
};

}  // namespace foncier::postgis
