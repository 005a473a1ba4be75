// The issue-kind registry is the single list of data problems: codes are unique and stable
// in form, and docs/issue-kinds.md lists exactly the registry (kind, severity, meaning, action).
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "foncier/core/issue.hpp"
#include "foncier/core/issue_kinds.hpp"
#include "test_support.hpp"

namespace {

/// The table of docs/issue-kinds.md as the registry says it should be.
std::string expected_table() {
    std::ostringstream out;
    out << "| kind | severity | what is wrong | what foncier does, what you can do |\n|---|---|---|---|\n";
    for (const auto& k : foncier::issue_kinds()) {
        out << "| `" << k.code << "` | " << foncier::to_string(k.severity) << " | " << k.meaning << " | " << k.action
            << " |\n";
    }
    return out.str();
}

}  // namespace

TEST(IssueKinds, CodesAreUniqueLowerCaseAndInEnumOrder) {
    std::set<std::string_view> seen;
    std::size_t i = 0;
    for (const auto& k : foncier::issue_kinds()) {
        EXPECT_EQ(static_cast<std::size_t>(k.kind), i++);
        EXPECT_TRUE(seen.insert(k.code).second) << k.code;
        EXPECT_EQ(k.code.find_first_not_of("abcdefghijklmnopqrstuvwxyz_"), std::string_view::npos) << k.code;
        EXPECT_FALSE(k.meaning.empty()) << k.code;
        EXPECT_FALSE(k.action.empty()) << k.code;
        EXPECT_EQ(foncier::code(k.kind), k.code);
    }
    EXPECT_EQ(i, static_cast<std::size_t>(foncier::IssueKind::kind_count));
}

TEST(IssueKinds, DocumentationListsEveryKind) {
    const auto path = foncier::test::source_dir() / "docs" / "issue-kinds.md";
    std::ifstream in(path);
    ASSERT_TRUE(in) << "missing " << path;
    std::stringstream text;
    text << in.rdbuf();
    const std::string table = expected_table();
    EXPECT_NE(text.str().find(table), std::string::npos)
        << path << " does not hold the registry's table (src/foncier/core/issue_kinds.cpp); replace its table with:\n"
        << table;
}
