// Parity with Mutafriches v1.19: every case of tests/data/mutafriches/cases-v1.19.json (inputs
// with Mutafriches' own field names, outputs of Mutafriches' own CalculService, written by
// tools/make-mutafriches-cases) goes through ordinary inputs — a Mutafriches input file, JSON
// and CSV, read by `foncier score --input` — and the shipped profile, and must agree to 0.1
// point on the seven indices, the best use, the exclusions and the reliability. No node.

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "foncier/core/error.hpp"
#include "foncier/ingest/mutafriches_input.hpp"
#include "foncier/pipeline/score_input.hpp"
#include "test_support.hpp"

namespace {

using nlohmann::json;
namespace ft = foncier::test;

json cases() {
    return json::parse(ft::read_file((ft::source_dir() / "tests/data/mutafriches/cases-v1.19.json").string()));
}

std::string profile() { return (ft::source_dir() / "geodata/profiles/mutafriches-1.19.toml").string(); }

// Every case's input, with its id, as a Mutafriches input file in their nested form.
std::string json_file(const json& doc, const ft::TempDir& dir) {
    json sites = json::array();
    for (const auto& c : doc["cases"]) {
        json site = c["input"];
        site["id"] = c["id"];
        sites.push_back(site);
    }
    return ft::write_file(dir / "sites.json", json{{"sites", sites}}.dump());
}

// The same inputs as a flat CSV: an empty cell is a field left out, `null` is null.
std::string csv_file(const json& doc, const ft::TempDir& dir) {
    std::vector<std::string> columns;
    std::set<std::string> seen;
    for (const auto& c : doc["cases"]) {
        for (const char* part : {"donneesEnrichies", "donneesComplementaires"}) {
            for (const auto& [k, v] : c["input"][part].items()) {
                if (seen.insert(k).second) columns.push_back(k);
            }
        }
    }
    std::string out = "id";
    for (const auto& col : columns) out += ";" + col;
    out += "\r\n";
    for (const auto& c : doc["cases"]) {
        out += c["id"].get<std::string>();
        for (const auto& col : columns) {
            out += ";";
            for (const char* part : {"donneesEnrichies", "donneesComplementaires"}) {
                const auto& obj = c["input"][part];
                if (!obj.contains(col)) continue;
                const json& v = obj[col];
                out += v.is_string() ? v.get<std::string>() : v.dump();  // numbers, true/false, null
            }
        }
        out += "\r\n";
    }
    return ft::write_file(dir / "sites.csv", out);
}

// Compares every site of `r` with the expected outputs; returns how many cases agree.
int check(const foncier::pipeline::ScoreResult& r, const json& doc, const std::string& form) {
    const auto& profile = r.results->profile;
    int agree = 0;
    std::size_t i = 0;
    for (const auto& c : doc["cases"]) {
        const std::string id = c["id"];
        SCOPED_TRACE(form + " case " + id + ": " + c["description"].get<std::string>());
        EXPECT_EQ(r.sites.at(i).site_id, id);
        const auto& score = r.results->scores.at(i++);
        const json& e = c["expected"];
        bool ok = true;
        for (std::size_t u = 0; u < profile.uses.size(); ++u) {
            const double expected = e["indices"][profile.uses[u]];
            const bool near = std::abs(score.uses[u].index - expected) <= 0.1 + 1e-9;
            EXPECT_TRUE(near) << profile.uses[u] << ": foncier " << score.uses[u].index << ", Mutafriches " << expected;
            ok = ok && near;
            const bool excluded = e["exclusions"].contains(profile.uses[u]);
            EXPECT_EQ(score.uses[u].excluded(), excluded) << profile.uses[u];
            ok = ok && score.uses[u].excluded() == excluded;
        }
        EXPECT_EQ(score.best_use().use, e["best"].get<std::string>());
        EXPECT_DOUBLE_EQ(score.reliability, e["reliability"].get<double>());
        ok = ok && score.best_use().use == e["best"].get<std::string>() &&
             score.reliability == e["reliability"].get<double>();
        agree += ok ? 1 : 0;
    }
    return agree;
}

TEST(MutafrichesParity, EveryCaseAgreesThroughAJsonInputFile) {
    const json doc = cases();
    ASSERT_GE(doc["cases"].size(), 40U);
    ft::TempDir dir;
    const auto r = foncier::pipeline::score_input({json_file(doc, dir), profile()});
    ASSERT_EQ(r.sites.size(), doc["cases"].size());
    const int agree = check(r, doc, "json");
    std::printf("Mutafriches v1.19 parity (JSON input): %d of %zu cases agree\n", agree, doc["cases"].size());
    EXPECT_EQ(agree, static_cast<int>(doc["cases"].size()));
}

TEST(MutafrichesParity, EveryCaseAgreesThroughACsvInputFile) {
    const json doc = cases();
    ft::TempDir dir;
    const auto r = foncier::pipeline::score_input({csv_file(doc, dir), profile()});
    ASSERT_EQ(r.sites.size(), doc["cases"].size());
    const int agree = check(r, doc, "csv");
    std::printf("Mutafriches v1.19 parity (CSV input): %d of %zu cases agree\n", agree, doc["cases"].size());
    EXPECT_EQ(agree, static_cast<int>(doc["cases"].size()));
}

TEST(MutafrichesParity, TheCasesCoverEveryCriterionAndBothExclusionRules) {
    const json doc = cases();
    std::set<std::string> given;
    std::set<std::string> excluded;
    for (const auto& c : doc["cases"]) {
        for (const char* part : {"donneesEnrichies", "donneesComplementaires"}) {
            for (const auto& [k, v] : c["input"][part].items()) given.insert(k);
        }
        for (const auto& [use, criteria] : c["expected"]["exclusions"].items()) excluded.insert(use);
    }
    for (const auto& f : foncier::ingest::mutafriches_input_fields()) EXPECT_TRUE(given.contains(f)) << f;
    EXPECT_EQ(excluded, (std::set<std::string>{"industrie", "photovoltaique", "tertiaire"}));
}

TEST(MutafrichesInput, BadValuesAreRefusedNamingTheSiteTheFieldAndTheValue) {
    ft::TempDir dir;
    auto message = [&](const std::string& name, const std::string& content) {
        try {
            (void)foncier::ingest::read_mutafriches_input(ft::write_file(dir / name, content));
        } catch (const foncier::ConfigError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    const std::string num = message("a.csv", "id,surfaceBati\nS1,3000\nS2,3 000 m2\n");
    EXPECT_NE(num.find("line 3 ('S2')"), std::string::npos) << num;
    EXPECT_NE(num.find("surfaceBati"), std::string::npos) << num;
    EXPECT_NE(num.find("'3 000 m2'"), std::string::npos) << num;
    const std::string boolean = message("b.json", R"([{"id": "X", "siteEnZae": "oui"}])");
    EXPECT_NE(boolean.find("site 1 ('X')"), std::string::npos) << boolean;
    EXPECT_NE(boolean.find("siteEnZae"), std::string::npos) << boolean;
    const std::string typo = message("c.json", R"([{"id": "X", "surfaceSites": 100}])");
    EXPECT_NE(typo.find("'surfaceSites' is not a Mutafriches input field"), std::string::npos) << typo;
    const std::string twice = message("d.csv", "id;surfaceSite\nA;1\nA;2\n");
    EXPECT_NE(twice.find("site id 'A' is also used by line 2"), std::string::npos) << twice;
}

}  // namespace
