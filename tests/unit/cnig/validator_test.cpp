// The CNIG validator against the standards' own reference files and a corpus of broken
// variants (tests/data/cnig/broken, one defect each, written by tools/make-cnig-cases).

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "foncier/cnig/validator.hpp"
#include "test_support.hpp"

namespace cn = foncier::cnig;

namespace {

std::string data(const std::string& rel) { return (foncier::test::source_dir() / "tests/data/cnig" / rel).string(); }

bool reported(const cn::Report& r, const std::string& rule, std::size_t line) {
    for (const auto& p : r.problems) {
        if (p.rule == rule && p.line == line) return true;
    }
    return false;
}

}  // namespace

TEST(CnigSchemas, EmbeddedSchemasHaveTheStandardsShape) {
    const auto& friches = cn::schema(cn::Standard::friches);
    EXPECT_EQ(friches.version, "v1.0.6");
    EXPECT_EQ(friches.fields.size(), 51u);
    std::size_t required = 0;
    for (const auto& f : friches.fields) required += f.required ? 1U : 0U;
    EXPECT_EQ(required, 10u);
    EXPECT_EQ(friches.field("urba_zaer")->enumeration, (std::vector<std::string>{"oui", "non", "inconnu"}));
    EXPECT_EQ(cn::schema(cn::Standard::site_eco).fields.size(), 62u);
    EXPECT_EQ(cn::friches_shapefile_name("sol_pollution_existe"), "SOLPOLEXIS");
    EXPECT_EQ(cn::friches_shapefile_name("urba_zaer"), "URBAZAER");
}

TEST(CnigValidator, TheFrichesReferenceFileIsValid) {
    const auto r = cn::validate(data("reference/friches.csv"));
    EXPECT_EQ(r.standard, cn::Standard::friches);
    EXPECT_TRUE(r.valid()) << cn::format_text(r);
    EXPECT_EQ(r.rows, 1u);
    EXPECT_FALSE(r.dialect.bom);
    EXPECT_EQ(r.dialect.separator, ',');
    EXPECT_EQ(r.dialect.line_ending, "CRLF");
    // Its own defects are reported as warnings: POINT(lat lon), a perimeter written "...".
    EXPECT_TRUE(reported(r, "geom.axis_order", 2));
    EXPECT_TRUE(reported(r, "geom.parse", 2));
    EXPECT_NE(cn::format_text(r).find("valid (0 errors"), std::string::npos);
}

// The dialect names each kind of line end: CR alone (classic Mac OS) was called "LF".
TEST(CnigValidator, NamesEveryKindOfLineEnd) {
    std::string lf = foncier::test::read_file(data("reference/friches.csv"));
    for (std::size_t at = lf.find("\r\n"); at != std::string::npos; at = lf.find("\r\n", at)) lf.erase(at, 1);
    ASSERT_EQ(lf.find('\r'), std::string::npos);
    auto with = [&](const std::string& end) {
        std::string out;
        for (const char c : lf) out += c == '\n' ? end : std::string(1, c);
        return out;
    };
    const foncier::test::TempDir dir;
    const std::string mixed = with("\r\n") + "\n";
    for (const auto& [text, expected] : std::vector<std::pair<std::string, std::string>>{
             {with("\n"), "LF"}, {with("\r\n"), "CRLF"}, {with("\r"), "CR"}, {mixed, "mixed (CRLF, LF)"}}) {
        const std::string path = foncier::test::write_file((dir.path() / "f.csv").string(), text);
        const auto r = cn::validate(path);
        EXPECT_EQ(r.dialect.line_ending, expected);
        EXPECT_EQ(r.rows, 1u) << expected;
        EXPECT_EQ(r.dialect.separator, ',') << expected;
    }
}

TEST(CnigValidator, SitesEconomiquesReferenceFiles) {
    for (const char* name : {"pole-eco", "site-eco", "terrain-eco"}) {
        const auto r = cn::validate(data(std::string("reference/") + name + ".csv"));
        EXPECT_EQ(cn::to_string(r.standard), std::string(name));
        EXPECT_TRUE(r.valid()) << cn::format_text(r);
    }
    // The ETABLISSEMENT example of schema v1.0.1 has two real defects, which we report:
    // a space inside a terr_id, and a geometry that is not JSON ({type: MultiPoint, ...}).
    const auto r = cn::validate(data("reference/etablissement.csv"));
    EXPECT_EQ(r.count(foncier::Severity::error), 2u) << cn::format_text(r);
    EXPECT_TRUE(reported(r, "row.id_format", 2));
    EXPECT_TRUE(reported(r, "geom.parse", 2));
}

TEST(CnigValidator, EveryBrokenVariantIsReportedWithTheRightRuleAndLine) {
    std::ifstream cases(data("broken/cases.tsv"));
    std::string line;
    std::getline(cases, line);  // header
    std::size_t n = 0;
    while (std::getline(cases, line)) {
        std::istringstream fields(line);
        std::string file, rule, line_no, severity;
        std::getline(fields, file, '\t');
        std::getline(fields, rule, '\t');
        std::getline(fields, line_no, '\t');
        std::getline(fields, severity, '\t');
        const auto r = cn::validate(data("broken/" + file));
        ++n;
        if (rule == "none") {
            EXPECT_TRUE(r.problems.empty()) << file << "\n" << cn::format_text(r);
            continue;
        }
        EXPECT_TRUE(reported(r, rule, std::stoul(line_no))) << file << " should report " << rule << " on line "
                                                            << line_no << "\n" << cn::format_text(r);
        EXPECT_EQ(r.valid(), severity != "error") << file;
        for (const auto& p : r.problems) {
            EXPECT_EQ(p.rule, rule) << file << ": only the planted defect is expected";
            EXPECT_FALSE(p.fix.empty()) << file;
        }
    }
    EXPECT_GE(n, 32u);
}

TEST(CnigValidator, SuggestsTheExactEnumerationString) {
    const auto r = cn::validate(data("broken/06-urba_zone_type-ZC.csv"));
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].fix, "write exactly \"Zc\"");
    const auto missing = cn::validate(data("broken/02-missing-urba_zaer.csv"));
    EXPECT_NE(missing.problems[0].fix.find("\"inconnu\""), std::string::npos);
}

TEST(CnigValidator, JsonReportCarriesEveryProblem) {
    const auto r = cn::validate(data("broken/19-duplicate-site_id.csv"));
    const std::string json = cn::format_json(r);
    EXPECT_NE(json.find("\"valid\": false"), std::string::npos);
    EXPECT_NE(json.find("\"rule\": \"table.duplicate_id\""), std::string::npos);
    EXPECT_NE(json.find("\"line\": 3"), std::string::npos);
}
