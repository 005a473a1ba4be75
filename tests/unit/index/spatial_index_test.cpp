#include <gtest/gtest.h>

#include "foncier/index/spatial_index.hpp"

using foncier::geom::Envelope;

TEST(SpatialIndex, IntersectingReturnsSortedCandidates) {
    std::vector<Envelope> boxes;
    for (int i = 0; i < 100; ++i) boxes.push_back({i * 10.0, 0, i * 10.0 + 5, 5});
    const foncier::index::SpatialIndex tree(boxes);
    EXPECT_EQ(tree.size(), 100u);
    EXPECT_EQ(tree.intersecting({12, 1, 31, 2}), (std::vector<std::size_t>{1, 2, 3}));
    EXPECT_TRUE(tree.intersecting({6, 6, 9, 9}).empty());
}

TEST(SpatialIndex, NearestIsOrderedWithBoxDistances) {
    const foncier::index::SpatialIndex tree({{0, 0, 1, 1}, {10, 0, 11, 1}, {3, 0, 4, 1}});
    const auto near = tree.nearest({5, 0, 5, 0}, 2);
    ASSERT_EQ(near.size(), 2u);
    EXPECT_EQ(near[0].first, 2u);
    EXPECT_DOUBLE_EQ(near[0].second, 1.0);
    EXPECT_EQ(near[1].first, 0u);
    EXPECT_DOUBLE_EQ(near[1].second, 4.0);
}
