// The measures the scoring reads from a site's attributes.
#include <gtest/gtest.h>

#include "foncier/pipeline/measures.hpp"

TEST(OwnerCategory, FromTheFirstLetterOfEachCatpro3Code) {
    using foncier::pipeline::owner_category;
    EXPECT_EQ(owner_category("{P1a}"), "public");
    EXPECT_EQ(owner_category("{F2b}"), "public");
    EXPECT_EQ(owner_category("{X1a}"), "prive");
    EXPECT_EQ(owner_category("{P1a, G1a}"), "mixte");
    EXPECT_EQ(owner_category("\"P4a\",\"F1\""), "public");
    EXPECT_EQ(owner_category(" , {}"), "");
    EXPECT_EQ(owner_category(""), "");
    EXPECT_EQ(owner_category("{ G1a,P}"), "mixte");
}
