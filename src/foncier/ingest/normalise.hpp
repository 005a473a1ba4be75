#pragma once
// Normalisation of one input layer's geometries: CRS check, swapped-axes detection,
// reprojection to the working CRS, validity check and repair. Every problem becomes an
// Issue; a feature that cannot be saved is dropped with an error-severity Issue.

#include <optional>
#include <string>
#include <vector>

#include "foncier/core/issue.hpp"
#include "foncier/geom/transformer.hpp"
#include "foncier/io/reader.hpp"
#include "foncier/ingest/config.hpp"

namespace foncier::ingest {

enum class Expect { polygon, point, polygon_or_point };

class LayerNormaliser {
public:
    /// Throws ConfigError when the layer has no CRS and the config gives none.
    LayerNormaliser(const io::LayerData& data, const LayerUse& use, const TerritoryConfig& config, IssueSink& sink);

    /// The feature's geometry in the working CRS, valid, of the expected kind (polygons as
    /// MultiPolygon); nullopt when the feature has to be dropped (an Issue says why).
    /// Throws ConfigError under SwapPolicy::refuse when the axes are swapped.
    [[nodiscard]] std::optional<geom::Geometry> normalise(const io::Feature& feature, const std::string& feat_id,
                                                          Expect expect);
    /// The same, moving the feature's geometry out instead of copying it when it is kept as
    /// read (valid, in the working CRS already: the national communes and flood bands, 7
    /// million vertices). The feature keeps its geometry whenever this throws.
    [[nodiscard]] std::optional<geom::Geometry> take_normalised(io::Feature& feature, const std::string& feat_id,
                                                                Expect expect);

private:
    std::optional<geom::Geometry> guarded(const io::Feature& feature, geom::Geometry* own, const std::string& feat_id,
                                          Expect expect);
    std::optional<geom::Geometry> normalise(const io::Feature& feature, geom::Geometry* own, const std::string& feat_id,
                                            Expect expect);
    void report(const std::string& feat_id, IssueKind kind, Severity severity, std::string message,
                std::string action, std::optional<XY> where = {});

    const io::LayerData& m_data;
    const LayerUse& m_use;
    const TerritoryConfig& m_config;
    IssueSink& m_sink;
    std::optional<geom::Transformer> m_transformer;
};

/// Collects issues into the vector `target` points to (set it before each feature): a worker's
/// issues for the feature at hand, replayed in feature order afterwards.
class BufferSink final : public IssueSink {
public:
    std::vector<Issue>* target = nullptr;
    void report(Issue issue) override { target->push_back(std::move(issue)); }
};

/// Every feature of a layer normalised up front on all cores (one LayerNormaliser per worker:
/// PROJ and GEOS contexts are per thread); the load loops then take the results in their own
/// order with take(), which reports each feature's issues under the id the loop gives it, so
/// the issue list is the one a sequential loop makes. A feature whose normalisation threw
/// (e.g. swapped axes under "refuse") is normalised again at take() time, which throws the
/// same error with the right id.
class ParallelNormaliser {
public:
    /// Throws ConfigError when the layer has no CRS and the config gives none. The features'
    /// geometries are moved out where they are kept as read (LayerNormaliser::take_normalised).
    ParallelNormaliser(io::LayerData& data, const LayerUse& use, const TerritoryConfig& config, IssueSink& sink,
                       Expect expect);

    /// The geometry of feature `i` (see LayerNormaliser::normalise); its issues go to the sink
    /// with `feat_id`. Call at most once per feature.
    [[nodiscard]] std::optional<geom::Geometry> take(std::size_t i, const std::string& feat_id);

private:
    struct Result {
        std::optional<geom::Geometry> geometry;
        std::vector<Issue> issues;
        bool failed = false;
    };
    const io::LayerData& m_data;
    Expect m_expect;
    IssueSink& m_sink;
    LayerNormaliser m_sequential;  ///< for features whose parallel normalisation threw
    std::vector<Result> m_results;
};

}  // namespace foncier::ingest
