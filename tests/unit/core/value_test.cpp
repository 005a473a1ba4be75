#include <gtest/gtest.h>

#include "foncier/core/issue.hpp"
#include "foncier/core/value.hpp"

using foncier::Value;

TEST(Value, TextOfEveryAlternative) {
    EXPECT_EQ(foncier::to_text(Value{}), "");
    EXPECT_EQ(foncier::to_text(Value{std::int64_t{54430}}), "54430");
    EXPECT_EQ(foncier::to_text(Value{2.5}), "2.5");
    EXPECT_EQ(foncier::to_text(Value{std::string("Pompey")}), "Pompey");
}

TEST(Value, NumberAcceptsFrenchDecimalsAndRejectsText) {
    EXPECT_DOUBLE_EQ(*foncier::to_number(Value{std::string("1 234,5")}), 1234.5);
    EXPECT_DOUBLE_EQ(*foncier::to_number(Value{std::int64_t{7}}), 7.0);
    EXPECT_FALSE(foncier::to_number(Value{std::string("n/a")}));
    EXPECT_FALSE(foncier::to_number(Value{std::string("")}));
    EXPECT_FALSE(foncier::to_number(Value{}));
}

TEST(IssueLog, CountsBySeverityAndKind) {
    foncier::IssueLog log;
    log.report({"friches", "1", foncier::IssueKind::swapped_axes, foncier::Severity::warning, "m", "a", {}});
    log.report({"friches", "2", foncier::IssueKind::swapped_axes, foncier::Severity::warning, "m", "a", {}});
    log.report({"communes", "54430", foncier::IssueKind::duplicate_id, foncier::Severity::error, "m", "a", {}});
    EXPECT_EQ(log.size(), 3u);
    EXPECT_EQ(log.count(foncier::Severity::warning), 2u);
    EXPECT_EQ(log.count(foncier::Severity::info), 0u);
    EXPECT_EQ(log.count_by_kind().at("swapped_axes"), 2u);
}
