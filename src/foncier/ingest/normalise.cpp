#include "foncier/ingest/normalise.hpp"

#include <cmath>
#include <cstdio>

#include "foncier/core/error.hpp"
#include "foncier/core/parallel.hpp"
#include "foncier/geom/operations.hpp"

namespace foncier::ingest {

namespace {

// Whole m2; an area beyond a long long (coordinates of 1e300) or not finite printed as such
// rather than converted (undefined behaviour).
std::string square_metres(double m2) {
    char buf[32];
    std::snprintf(buf, sizeof buf, std::isfinite(m2) && std::abs(m2) < 1e18 ? "%.0f" : "%g", m2);
    return buf;
}

}  // namespace

LayerNormaliser::LayerNormaliser(const io::LayerData& data, const LayerUse& use, const TerritoryConfig& config,
                                 IssueSink& sink)
    : m_data(data), m_use(use), m_config(config), m_sink(sink) {
    const std::string source = !data.crs.empty() ? data.crs : use.dataset.source_crs;
    if (source.empty()) {
        throw ConfigError("layer '" + data.layer + "' of '" + data.path +
                          "' declares no CRS; set source_crs (e.g. \"EPSG:4326\" for longitude/latitude, "
                          "\"EPSG:2154\" for Lambert-93) for dataset '" + use.dataset.key + "' in '" +
                          config.path + "' or the catalogue");
    }
    try {
        m_transformer.emplace(source, config.crs);
    } catch (const CrsError& e) {
        // PROJ names the two CRS only: say which layer and which setting.
        throw ConfigError("layer '" + data.layer + "' of '" + data.path + "' (dataset '" + use.dataset.key +
                          "'): " + e.what() + (data.crs.empty() ? " or in '" + config.path + "'"
                                                                : " (this CRS is the one the file declares: fix "
                                                                  "its .prj or reproject it)"));
    }
}

void LayerNormaliser::report(const std::string& feat_id, IssueKind kind, Severity severity,
                             std::string message, std::string action, std::optional<XY> where) {
    m_sink.report({m_use.dataset.key, feat_id, kind, severity, std::move(message), std::move(action), where});
}

std::optional<geom::Geometry> LayerNormaliser::normalise(const io::Feature& feature, const std::string& feat_id,
                                                         Expect expect) {
    return guarded(feature, nullptr, feat_id, expect);
}

std::optional<geom::Geometry> LayerNormaliser::take_normalised(io::Feature& feature, const std::string& feat_id,
                                                               Expect expect) {
    return guarded(feature, &feature.geometry, feat_id, expect);
}

// A GEOS or PROJ failure on one feature's geometry is that feature's problem: an issue, and
// the run goes on (a GeometryError would otherwise stop it naming no file or feature).
std::optional<geom::Geometry> LayerNormaliser::guarded(const io::Feature& feature, geom::Geometry* own,
                                                       const std::string& feat_id, Expect expect) {
    try {
        return normalise(feature, own, feat_id, expect);
    } catch (const GeometryError& e) {
        report(feat_id, IssueKind::invalid_geometry, Severity::error,
               "feature #" + std::to_string(feature.fid) + " of layer '" + m_data.layer + "' in '" + m_data.path +
                   "': the geometry cannot be processed: " + e.what(),
               "feature dropped; fix the geometry in the source");
        return std::nullopt;
    }
}

// `own`: the feature's geometry, to move out when it is kept as read (nullptr: copy it).
std::optional<geom::Geometry> LayerNormaliser::normalise(const io::Feature& feature, geom::Geometry* own,
                                                         const std::string& feat_id, Expect expect) {
    const std::string origin = "feature " + feat_id + " of layer '" + m_data.layer + "' in '" + m_data.path + "'";
    if (!feature.geometry_error.empty()) {
        report(feat_id, IssueKind::unreadable_geometry, Severity::error, "the geometry cannot be read: " + feature.geometry_error,
               "feature dropped; fix the geometry in the source");
        return std::nullopt;
    }
    if (feature.geometry.is_null() || feature.geometry.is_empty()) {
        report(feat_id, IssueKind::missing_geometry, Severity::error, "the feature has no geometry",
               "feature dropped; add a geometry (or x/y columns) in the source");
        return std::nullopt;
    }
    // The geometry as read, until an axis swap or a reprojection makes a new one.
    geom::Geometry changed;
    auto current = [&]() -> const geom::Geometry& { return changed.is_null() ? feature.geometry : changed; };
    // The result when the geometry stays as it is: moved out of the feature, or copied.
    auto kept = [&]() { return own != nullptr ? std::move(*own) : feature.geometry.clone(); };
    const geom::GeometryKind kind = feature.geometry.kind();
    const bool polygonal = kind == geom::GeometryKind::polygon || kind == geom::GeometryKind::collection;
    if ((expect == Expect::polygon && !polygonal) ||
        (expect != Expect::polygon && !polygonal && kind != geom::GeometryKind::point)) {
        report(feat_id, IssueKind::wrong_geometry_type, Severity::error,
               "a " + feature.geometry.type_name() + " was found where a " +
                   (expect == Expect::polygon ? std::string("polygon") : std::string("polygon or point")) +
                   " is expected",
               "feature dropped");
        return std::nullopt;
    }

    if (kind == geom::GeometryKind::point && feature.geometry.type_name() == "MultiPoint") {
        // One site, one point: a MultiPoint (a site drawn as several points) becomes the
        // centroid of its points, so that the footprint and the joins see one place.
        const int n = feature.geometry.num_coordinates();
        changed = feature.geometry.centroid();
        report(feat_id, IssueKind::wrong_geometry_type, Severity::warning,
               "a MultiPoint of " + std::to_string(n) + " point" + (n == 1 ? "" : "s") +
                   " was found where a polygon or a point is expected",
               n == 1 ? std::string("its single point used") : "the centroid of its points used as the feature's point; "
                                                               "draw the site as a polygon or one point in the source");
    }

    // Swapped axes: the CNIG reference file itself writes POINT(lat lon).
    const XY centre = current().envelope().centre();
    switch (m_transformer->check_axes(centre)) {
    case geom::AxisCheck::plausible: break;
    case geom::AxisCheck::swapped:
        if (m_config.swapped_axes == SwapPolicy::refuse) {
            throw ConfigError(origin + " has its x and y (longitude and latitude) swapped: (" +
                              std::to_string(centre.x) + ", " + std::to_string(centre.y) +
                              "); exchange the columns in the source, or set [checks] swapped_axes = \"fix\" in '" +
                              m_config.path + "'");
        }
        changed = current().swapped_xy();
        report(feat_id, IssueKind::swapped_axes, Severity::warning,
               "coordinates given as (y, x) / (latitude, longitude): (" + std::to_string(centre.x) + ", " +
                   std::to_string(centre.y) + ")",
               "axes exchanged before reprojection; fix the column order in the source");
        break;
    case geom::AxisCheck::outside:
        report(feat_id, IssueKind::outside_crs_area, Severity::error,
               "coordinates (" + std::to_string(centre.x) + ", " + std::to_string(centre.y) +
                   ") fall outside the area of use of " + m_config.crs + ", whichever the axis order",
               "feature dropped; check source_crs for dataset '" + m_use.dataset.key + "'");
        return std::nullopt;
    }
    try {
        if (!m_transformer->identity()) changed = m_transformer->apply(current());
    } catch (const CrsError& e) {
        report(feat_id, IssueKind::reprojection_failed, Severity::error, e.what(), "feature dropped");
        return std::nullopt;
    }

    if (kind == geom::GeometryKind::point) return changed.is_null() ? kept() : std::move(changed);

    const geom::Geometry& g = current();
    const geom::Validity validity = geom::check_validity(g);
    if (validity.valid) {
        geom::Geometry parts = geom::polygonal_parts(changed.is_null() ? kept() : std::move(changed));
        if (!parts.is_empty()) return parts;
        // A collection of points or lines only: nothing of it can be a footprint.
        report(feat_id, IssueKind::wrong_geometry_type, Severity::error,
               "a " + feature.geometry.type_name() + " with no polygon was found where a " +
                   (expect == Expect::polygon ? std::string("polygon") : std::string("polygon or point")) +
                   " is expected",
               "feature dropped");
        return std::nullopt;
    }
    geom::Geometry repaired = geom::make_valid_polygonal(g);
    if (repaired.is_empty()) {
        report(feat_id, IssueKind::invalid_geometry, Severity::error, "invalid geometry (" + validity.reason +
               ") with no area left after repair", "feature dropped; redraw it in the source", validity.location);
        return std::nullopt;
    }
    const double before = geom::polygonal_parts(g).area();
    const double after = repaired.area();
    report(feat_id, IssueKind::repaired_geometry, Severity::warning,
           "invalid geometry: " + validity.reason + " (area " + square_metres(before) + " m2 as drawn, " +
               square_metres(after) + " m2 once repaired)",
           "repaired with GEOS MakeValid (structure), polygonal parts kept", validity.location);
    return repaired;
}

ParallelNormaliser::ParallelNormaliser(io::LayerData& data, const LayerUse& use, const TerritoryConfig& config,
                                       IssueSink& sink, Expect expect)
    : m_data(data), m_expect(expect), m_sink(sink), m_sequential(data, use, config, sink), m_results(data.features.size()) {
    const std::size_t n = data.features.size();
    std::vector<BufferSink> sinks(worker_count(n));
    std::vector<std::optional<LayerNormaliser>> normalisers(sinks.size());
    parallel_for_workers(n, [&](std::size_t w, std::size_t i) {
        if (!normalisers[w]) normalisers[w].emplace(data, use, config, sinks[w]);  // built in its own thread
        Result& r = m_results[i];
        sinks[w].target = &r.issues;
        try {
            // The id is a placeholder: take() puts the loop's id on the issues.
            r.geometry = normalisers[w]->take_normalised(data.features[i], {}, expect);
        } catch (const std::exception&) {
            r.failed = true;
            r.issues.clear();
        }
    });
}

std::optional<geom::Geometry> ParallelNormaliser::take(std::size_t i, const std::string& feat_id) {
    Result& r = m_results[i];
    if (r.failed) return m_sequential.normalise(m_data.features[i], feat_id, m_expect);
    for (auto& issue : r.issues) {
        issue.feat_id = feat_id;
        m_sink.report(std::move(issue));
    }
    r.issues.clear();
    return std::move(r.geometry);
}

}  // namespace foncier::ingest
