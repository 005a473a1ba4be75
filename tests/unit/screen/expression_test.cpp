#include <gtest/gtest.h>

#include "foncier/screen/expression.hpp"

namespace q = foncier::screen;
using foncier::Value;

namespace {

const std::vector<std::string> k_fields = {"surf_ha", "statut", "epci", "flood_share", "classe", "score"};

q::Record site(double surf, const char* statut, const char* epci, double flood) {
    return {{"surf_ha", Value{surf}}, {"statut", Value{std::string(statut)}}, {"epci", Value{std::string(epci)}},
            {"flood_share", Value{flood}}};
}

bool eval(const std::string& text, const q::Record& r) { return q::Expression(text, k_fields).matches(r); }

std::size_t error_column(const std::string& text) {
    try {
        (void)q::Expression(text, k_fields);
    } catch (const q::ExpressionError& e) {
        return e.column();
    }
    return 0;
}

}  // namespace

TEST(Expression, ComparisonsOnNumbersAndText) {
    const auto r = site(4.2, "friche sans projet", "245400601", 0.0);
    EXPECT_TRUE(eval("surf_ha >= 3", r));
    EXPECT_FALSE(eval("surf_ha > 4.2", r));
    EXPECT_TRUE(eval("surf_ha = 4.2 and flood_share <= 0", r));
    EXPECT_TRUE(eval("statut = 'Friche SANS projet'", r));  // text compares without case
    EXPECT_TRUE(eval("statut != \"friche avec projet\"", r));
    EXPECT_TRUE(eval("epci in ('200041515', '245400601')", r));
    EXPECT_FALSE(eval("epci in ('200041515')", r));
    EXPECT_TRUE(eval("surf_ha > -1", r));
}

TEST(Expression, PrecedenceNotBindsTighterThanAndThanOr) {
    const auto r = site(1.0, "friche potentielle", "1", 0.5);
    // or(surf_ha > 3, and(statut = potentielle, flood_share > 0.4))
    EXPECT_TRUE(eval("surf_ha > 3 or statut = 'friche potentielle' and flood_share > 0.4", r));
    EXPECT_FALSE(eval("(surf_ha > 3 or statut = 'friche potentielle') and flood_share > 0.6", r));
    EXPECT_FALSE(eval("not surf_ha < 2", r));
    EXPECT_TRUE(eval("not (surf_ha > 2 and flood_share > 0)", r));
}

TEST(Expression, NullComparesFalseEitherWay) {
    q::Record r = site(1.0, "x", "1", 0.0);
    EXPECT_FALSE(eval("score >= 50", r));
    EXPECT_FALSE(eval("score < 50", r));
    EXPECT_TRUE(eval("not score >= 50", r));
}

TEST(Expression, ErrorsPointAtTheColumnAndListTheFields) {
    EXPECT_EQ(error_column("surf_ha >= 3 and echang_m <= 5000"), 18u);
    try {
        (void)q::Expression("surf_ha >= 3 and echang_m <= 5000", k_fields);
        FAIL();
    } catch (const q::ExpressionError& e) {
        EXPECT_NE(std::string(e.what()).find("unknown field 'echang_m'"), std::string::npos);
        EXPECT_NE(std::string(e.what()).find("flood_share"), std::string::npos);  // the valid fields
    }
    EXPECT_EQ(error_column("surf_ha >="), 11u);          // ends too early
    EXPECT_EQ(error_column("(surf_ha >= 3"), 14u);       // missing ')'
    EXPECT_EQ(error_column("surf_ha >= 'abc"), 12u);     // unterminated string
    EXPECT_EQ(error_column("surf_ha >= 3 3"), 14u);      // two values
    EXPECT_EQ(error_column("epci in 1, 2"), 9u);         // in needs a list
}

TEST(Expression, InjectionAttemptsAreJustSyntaxErrors) {
    EXPECT_EQ(error_column("1=1; drop table sites"), 4u);
    EXPECT_EQ(error_column("surf_ha >= 3 -- comment"), 14u);
    EXPECT_GT(error_column("statut = '' or 1=1 union select * from sites"), 0u);
    EXPECT_EQ(error_column("sqlite_master = 1"), 1u);  // not a field
}

TEST(Expression, GapOfASingleFailedComparison) {
    const q::Expression e("flood_share <= 0.1", k_fields);
    const auto gap = e.gap(site(1, "x", "1", 0.15));
    ASSERT_TRUE(gap.has_value());
    EXPECT_EQ(gap->field, "flood_share");
    EXPECT_DOUBLE_EQ(gap->value, 0.15);
    EXPECT_DOUBLE_EQ(gap->limit, 0.1);
    EXPECT_FALSE(e.gap(site(1, "x", "1", 0.05)).has_value());  // met: no gap
    EXPECT_FALSE(q::Expression("flood_share <= 0.1 and surf_ha > 1", k_fields).gap(site(1, "x", "1", 0.5)));
}

TEST(Expression, NestingIsBoundedWithAClearError) {
    const auto r = site(4.2, "friche", "245400601", 0.0);
    // 64 levels are fine; 8 000 once overflowed the stack (SIGSEGV).
    EXPECT_TRUE(eval(std::string(64, '(') + "surf_ha > 3" + std::string(64, ')'), r));
    for (const std::size_t depth : {65UL, 8000UL, 200000UL}) {
        const std::string text = std::string(depth, '(') + "surf_ha > 3" + std::string(depth, ')');
        try {
            (void)q::Expression(text, k_fields);
            FAIL() << depth << " levels accepted";
        } catch (const q::ExpressionError& e) {
            EXPECT_NE(std::string(e.what()).find("nesting deeper than 64"), std::string::npos) << e.what();
            EXPECT_EQ(e.column(), 65u);
        }
    }
    std::string nots;
    for (int i = 0; i < 100000; ++i) nots += "not ";
    EXPECT_THROW((void)q::Expression(nots + "surf_ha > 3", k_fields), q::ExpressionError);
    // A long flat chain is not nesting: it is one node, evaluated and freed without recursion.
    std::string chain = "surf_ha > 3";
    for (int i = 0; i < 100000; ++i) chain += i % 2 == 0 ? " and surf_ha > 1" : " or flood_share < 1";
    EXPECT_TRUE(eval(chain, r));
    EXPECT_EQ(error_column("surf_ha > 1.2.3"), 11u);  // a number is read whole or refused
}
