#include "foncier/index/spatial_index.hpp"

#include <algorithm>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/iterator/function_output_iterator.hpp>

namespace foncier::index {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using Point = bg::model::point<double, 2, bg::cs::cartesian>;
using Box = bg::model::box<Point>;
using Entry = std::pair<Box, std::size_t>;

namespace {
Box to_box(const geom::Envelope& e) { return Box(Point(e.minx, e.miny), Point(e.maxx, e.maxy)); }
}  // namespace

struct SpatialIndex::Impl {
    bgi::rtree<Entry, bgi::rstar<16>> tree;
};

SpatialIndex::SpatialIndex(const std::vector<geom::Envelope>& envelopes) : m_impl(std::make_unique<Impl>()) {
    std::vector<Entry> entries;
    entries.reserve(envelopes.size());
    for (std::size_t i = 0; i < envelopes.size(); ++i) entries.emplace_back(to_box(envelopes[i]), i);
    // The range constructor bulk-loads with the packing algorithm (better trees than inserts).
    m_impl->tree = bgi::rtree<Entry, bgi::rstar<16>>(entries.begin(), entries.end());
}

SpatialIndex::SpatialIndex(SpatialIndex&&) noexcept = default;
SpatialIndex& SpatialIndex::operator=(SpatialIndex&&) noexcept = default;
SpatialIndex::~SpatialIndex() = default;

std::size_t SpatialIndex::size() const noexcept { return m_impl->tree.size(); }

std::vector<std::size_t> SpatialIndex::intersecting(const geom::Envelope& query) const {
    std::vector<std::size_t> ids;
    m_impl->tree.query(bgi::intersects(to_box(query)),
                       boost::make_function_output_iterator([&ids](const Entry& e) { ids.push_back(e.second); }));
    std::sort(ids.begin(), ids.end());
    return ids;
}

std::vector<std::pair<std::size_t, double>> SpatialIndex::nearest(const geom::Envelope& query, std::size_t k) const {
    const Box q = to_box(query);
    std::vector<std::pair<std::size_t, double>> out;
    m_impl->tree.query(bgi::nearest(q, static_cast<unsigned>(k)),
                       boost::make_function_output_iterator([&](const Entry& e) {
                           out.emplace_back(e.second, bg::distance(q, e.first));
                       }));
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
        return a.second < b.second || (a.second == b.second && a.first < b.first);
    });
    return out;
}

}  // namespace foncier::index
