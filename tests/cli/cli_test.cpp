// Golden tests of the foncier executable: help texts and `info` output are compared with
// tests/cli/golden/*.txt (FONCIER_UPDATE_GOLDEN=1 rewrites them); exit codes are checked
// for every class of failure.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>

#include "test_support.hpp"

using foncier::test::TempDir;
using foncier::test::write_file;

namespace {

struct Outcome {
    int code = -1;
    std::string out;  // stdout
    std::string err;  // stderr
};

Outcome foncier_cli(const std::string& args, const std::string& cwd = ".") {
    TempDir capture;
    const std::string cmd = "cd '" + cwd + "' && '" FONCIER_EXE "' " + args + " >'" + (capture / "out") + "' 2>'" +
                            (capture / "err") + "'";
    const int status = std::system(cmd.c_str());
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, foncier::test::read_file(capture / "out"),
            foncier::test::read_file(capture / "err")};
}

void expect_golden(const std::string& name, const std::string& actual) {
    const auto path = (foncier::test::source_dir() / "tests/cli/golden" / name).string();
    if (std::getenv("FONCIER_UPDATE_GOLDEN") != nullptr) write_file(path, actual);
    EXPECT_EQ(actual, foncier::test::read_file(path)) << "golden file " << path;
}

constexpr const char* k_communes = R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"insee":"54430","nom":"Pompey","epci":"245400601","pop":5000},
 "geometry":{"type":"Polygon","coordinates":[[[6.10,48.76],[6.13,48.76],[6.13,48.78],[6.10,48.78],[6.10,48.76]]]}},
{"type":"Feature","properties":{"insee":"54215","nom":"Frouard","epci":"245400601","pop":6500},
 "geometry":{"type":"Polygon","coordinates":[[[6.13,48.76],[6.16,48.76],[6.16,48.78],[6.13,48.78],[6.13,48.76]]]}}]})";

constexpr const char* k_friches = "site_id,nom,surface,lon,lat\n54430_1,Ancienne usine,12000,6.115,48.77\n";

std::string territory(const TempDir& dir) {
    write_file(dir / "communes.geojson", k_communes);
    write_file(dir / "friches.csv", k_friches);
    return write_file(dir / "t.toml", R"(
name = "CLI fixture"
output = "out"
[communes]
path = "communes.geojson"
fields = { insee = "insee", nom = "nom", epci = "epci", pop = "pop" }
[friches]
path = "friches.csv"
source_crs = "EPSG:4326"
x_field = "lon"
y_field = "lat"
fields = { id = "site_id", nom = "nom", surface = "surface" }
)");
}

constexpr const char* k_profile = R"(
name = "cli"
uses = ["activite"]
aggregation = "mean"
[[classes]]
name = "A"
min = 60
label = "haute"
[[classes]]
name = "B"
min = 0
label = "basse"
[criteria.surface]
label = "surface"
measure = "surf_m2"
weight = 2
format = "ha"
bands = [ { lt = 5000, impacts = "NEG" }, { otherwise = true, impacts = "P" } ]
[criteria.inondation]
label = "en zone inondable"
measure = "flood_share"
weight = 1
format = "percent"
bands = [ { le = 0, impacts = "N" }, { otherwise = true, impacts = "TN" } ]
[criteria.pollution]
label = "pollution"
measure = "pollution"
weight = 1
format = "text"
unknown = ["inconnu"]
[criteria.pollution.values]
"pollution avérée" = "TN"
"pollution inexistante" = "P"
)";

// The territory above plus a flood zone over the west half of Pompey and a profile.
std::string scored_territory(const TempDir& dir) {
    territory(dir);
    write_file(dir / "friches.csv",
               "site_id,nom,surface,lon,lat,pollution\n54430_1,Ancienne usine,12000,6.115,48.77,inconnu\n"
               "54215_2,Dépôt,3000,6.145,48.77,pollution avérée\n");
    write_file(dir / "flood.geojson", R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"Z1"},
 "geometry":{"type":"Polygon","coordinates":[[[6.10,48.76],[6.115,48.76],[6.115,48.78],[6.10,48.78],[6.10,48.76]]]}}]})");
    write_file(dir / "profile.toml", k_profile);
    std::string t = foncier::test::read_file(dir / "t.toml");
    const std::string old_fields = "fields = { id = \"site_id\", nom = \"nom\", surface = \"surface\" }";
    t.replace(t.find(old_fields), old_fields.size(),
              "fields = { id = \"site_id\", nom = \"nom\", surface = \"surface\", pollution = \"pollution\" }");
    t.insert(t.find("[communes]"), "profile = \"profile.toml\"\n");
    t += "[[constraints]]\nname = \"flood\"\npath = \"flood.geojson\"\nfields = { id = \"id\" }\n";
    return write_file(dir / "t.toml", t);
}

}  // namespace

TEST(Cli, ExplainPrintsTheCriterionTable) {
    TempDir dir;
    scored_territory(dir);
    const auto first = foncier_cli("run t.toml --quiet", dir.path().string());
    ASSERT_EQ(first.code, 0) << first.err;
    const auto e = foncier_cli("explain t.toml 54430_1", dir.path().string());
    EXPECT_EQ(e.code, 0) << e.err;
    expect_golden("explain_54430_1.txt", e.out);
    const auto missing = foncier_cli("explain t.toml 99999_9", dir.path().string());
    EXPECT_EQ(missing.code, 2);
    EXPECT_NE(missing.err.find("no site '99999_9'"), std::string::npos) << missing.err;
}

TEST(Cli, ScoreReusesUpToDateOutputsAndReadsChangedSources) {
    TempDir dir;
    scored_territory(dir);
    const auto first = foncier_cli("run t.toml --quiet", dir.path().string());
    ASSERT_EQ(first.code, 0) << first.err;
    const auto reuse = foncier_cli("score t.toml", dir.path().string());
    EXPECT_EQ(reuse.code, 0) << reuse.err;
    EXPECT_NE(reuse.err.find("measures reused from the existing outputs"), std::string::npos) << reuse.err;
    EXPECT_NE(reuse.out.find("profile cli: 2 sites; B 2"), std::string::npos) << reuse.out;

    // A changed source: the whole job runs again.
    write_file(dir / "friches.csv", "site_id,nom,surface,lon,lat,pollution\n54430_1,Ancienne usine,12000,6.115,48.77,"
                                    "pollution inexistante\n");
    const auto rerun = foncier_cli("score t.toml", dir.path().string());
    EXPECT_EQ(rerun.code, 0) << rerun.err;
    EXPECT_NE(rerun.err.find("friches.csv' changed"), std::string::npos) << rerun.err;
    EXPECT_NE(rerun.out.find("profile cli: 1 sites; B 1"), std::string::npos) << rerun.out;

    const auto sensitivity = foncier_cli("score t.toml --sensitivity --quiet", dir.path().string());
    EXPECT_EQ(sensitivity.code, 0) << sensitivity.err;
    EXPECT_NE(sensitivity.out.find("max rank change"), std::string::npos) << sensitivity.out;
    EXPECT_NE(sensitivity.out.find("inondation"), std::string::npos) << sensitivity.out;

    write_file(dir / "bad.toml", "uses = [\"a\"]\n[criteria.s]\nmeasure = \"surf_m2\"\n");
    const auto bad = foncier_cli("score t.toml --profile bad.toml", dir.path().string());
    EXPECT_EQ(bad.code, 2);
    EXPECT_NE(bad.err.find("bad.toml', line 2: criterion 's' has no weight"), std::string::npos) << bad.err;
}

// A batch of sites already described for Mutafriches, scored without a territory.
TEST(Cli, ScoreInputPrintsEveryUseOfEverySite) {
    TempDir dir;
    write_file(dir / "sites.csv",
               "id;surfaceSite;surfaceBati;siteEnCentreVille;distanceAutoroute;zoneAccelerationEnr;"
               "presenceZoneHumide;presenceEspecesProtegees;typeProprietaire\n"
               "A;12000;3000;false;1500;non;non;non;prive\n"
               "B;60000;null;true;null;exclusion;oui;oui;ne-sait-pas\n");
    const std::string profile = (foncier::test::source_dir() / "geodata/profiles/mutafriches-1.19.toml").string();
    const auto r = foncier_cli("score --input sites.csv --profile '" + profile + "' --usages", dir.path().string());
    EXPECT_EQ(r.code, 0) << r.err;
    expect_golden("score_input_usages.txt", r.out);
    write_file(dir / "bad.csv", "id;distanceAutoroute\nC;1,5 km\n");
    const auto bad = foncier_cli("score --input bad.csv --profile '" + profile + "'", dir.path().string());
    EXPECT_EQ(bad.code, 2);
    EXPECT_NE(bad.err.find("line 2 ('C'): field 'distanceAutoroute' must be a number (metres), not '1,5 km'"),
              std::string::npos)
        << bad.err;
    const auto neither = foncier_cli("score --profile '" + profile + "'", dir.path().string());
    EXPECT_EQ(neither.code, 2);
}

TEST(Cli, ValidateExitCodesAndReports) {
    const std::string data = (foncier::test::source_dir() / "tests/data/cnig").string();
    const auto ok = foncier_cli("validate '" + data + "/reference/friches.csv'");
    EXPECT_EQ(ok.code, 0) << ok.err;
    EXPECT_NE(ok.out.find("\nvalid (0 errors"), std::string::npos) << ok.out;
    const auto bad = foncier_cli("validate '" + data + "/broken/06-urba_zone_type-ZC.csv'");
    EXPECT_EQ(bad.code, 3);
    EXPECT_NE(bad.out.find("error value.enum"), std::string::npos) << bad.out;
    EXPECT_NE(bad.out.find("line 2, urba_zone_type = \"ZC\""), std::string::npos) << bad.out;
    EXPECT_NE(bad.out.find("fix: write exactly \"Zc\""), std::string::npos) << bad.out;
    TempDir dir;
    const auto json = foncier_cli("validate --json --issues issues.gpkg '" + data + "/broken/19-duplicate-site_id.csv'",
                                  dir.path().string());
    EXPECT_EQ(json.code, 3);
    EXPECT_NE(json.out.find("\"rule\": \"table.duplicate_id\""), std::string::npos) << json.out;
    EXPECT_TRUE(std::filesystem::exists(dir / "issues.gpkg"));
    EXPECT_EQ(foncier_cli("validate --standard nonsense '" + data + "/reference/friches.csv'").code, 2);
}

TEST(Cli, QueryAndMatchOnTheValDeLorraine) {
    TempDir dir;
    const std::string config = (foncier::test::source_dir() / "geodata/val-de-lorraine.toml").string();
    const std::string needs = (foncier::test::source_dir() / "geodata/needs/logistique.toml").string();
    const std::string outputs = " --outputs '" + (dir / "out") + "'";
    const auto first = foncier_cli("query '" + config + "'" + outputs + " --where \"surf_ha >= 3 and flood_share <= 0\""
                                   " --epci 'Bassin de Pompey' --sort surf_ha --out '" + (dir / "q.gpkg") + "'");
    EXPECT_EQ(first.code, 0) << first.err;
    EXPECT_NE(first.err.find("the job ran first"), std::string::npos) << first.err;  // no outputs yet
    expect_golden("query_pompey.txt", first.out.substr(0, first.out.find("written:")));
    EXPECT_TRUE(std::filesystem::exists(dir / "q.gpkg"));
    const auto again = foncier_cli("query '" + config + "'" + outputs + " --classe B --limit 3");
    EXPECT_EQ(again.code, 0) << again.err;
    EXPECT_EQ(again.err, "");  // outputs up to date: no re-analysis
    const auto match = foncier_cli("match '" + config + "' '" + needs + "'" + outputs);
    EXPECT_EQ(match.code, 0) << match.err;
    expect_golden("match_logistique.txt", match.out);
    const auto bad = foncier_cli("query '" + config + "'" + outputs + " --where \"surf >= 3\"");
    EXPECT_EQ(bad.code, 2);
    EXPECT_NE(bad.err.find("unknown field 'surf' (valid fields: "), std::string::npos) << bad.err;
    EXPECT_NE(bad.err.find("\n  surf >= 3\n  ^"), std::string::npos) << bad.err;
}

TEST(Cli, HelpTexts) {
    const auto top = foncier_cli("--help");
    EXPECT_EQ(top.code, 0);
    expect_golden("help.txt", top.out);
    const auto run = foncier_cli("run --help");
    EXPECT_EQ(run.code, 0);
    expect_golden("run_help.txt", run.out);
    const auto info = foncier_cli("info --help");
    EXPECT_EQ(info.code, 0);
    expect_golden("info_help.txt", info.out);
    const auto score = foncier_cli("score --help");
    EXPECT_EQ(score.code, 0);
    expect_golden("score_help.txt", score.out);
    const auto diff = foncier_cli("diff --help");
    EXPECT_EQ(diff.code, 0);
    expect_golden("diff_help.txt", diff.out);
    const auto exporter = foncier_cli("export --help");
    EXPECT_EQ(exporter.code, 0);
    expect_golden("export_help.txt", exporter.out);
    for (const char* cmd : {"query", "match"}) {
        const auto help = foncier_cli(std::string(cmd) + " --help");
        EXPECT_EQ(help.code, 0);
        expect_golden(std::string(cmd) + "_help.txt", help.out);
    }
    const auto validate = foncier_cli("validate --help");
    EXPECT_EQ(validate.code, 0);
    expect_golden("validate_help.txt", validate.out);
    const auto explain = foncier_cli("explain --help");
    EXPECT_EQ(explain.code, 0);
    expect_golden("explain_help.txt", explain.out);
    const auto report = foncier_cli("report --help");
    EXPECT_EQ(report.code, 0);
    expect_golden("report_help.txt", report.out);
}

// The atlas's sheet shows the numbers `foncier explain` prints (French decimals).
TEST(Cli, ReportSheetsCarryTheNumbersOfExplain) {
    TempDir dir;
    scored_territory(dir);
    const auto r = foncier_cli("report t.toml --quiet", dir.path().string());
    ASSERT_EQ(r.code, 0) << r.err;
    const auto atlas = dir.path() / "out" / "rapport";
    EXPECT_EQ(r.out, (atlas / "index.html").lexically_normal().string() + "\n");
    EXPECT_TRUE(std::filesystem::exists(atlas / "sites" / "54215_2.html"));
    const std::string sheet = foncier::test::read_file((atlas / "sites" / "54430_1.html").string());
    const auto e = foncier_cli("explain t.toml 54430_1", dir.path().string());
    ASSERT_EQ(e.code, 0) << e.err;
    auto french = [](std::string s) {
        for (auto& c : s) c = c == '.' ? ',' : c;
        return s;
    };
    const std::regex score(R"(Score ([0-9.]+) / 100)"), sums(R"(A \(advantages\) = ([0-9.]+), C \(constraints\) = ([0-9.]+))");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(e.out, m, score)) << e.out;
    EXPECT_NE(sheet.find(">" + french(m[1]) + "</span>"), std::string::npos) << m[1];
    ASSERT_TRUE(std::regex_search(e.out, m, sums)) << e.out;
    EXPECT_NE(sheet.find("A (avantages) = " + french(m[1]) + ", C (contraintes) = " + french(m[2])), std::string::npos);
    // Only the first of the ranking, then a class that the profile does not have.
    const auto top = foncier_cli("report t.toml --quiet --sites top:1 --out top", dir.path().string());
    ASSERT_EQ(top.code, 0) << top.err;
    std::size_t sheets = 0;
    for (const auto& f : std::filesystem::directory_iterator(dir.path() / "top" / "sites")) sheets += f.path().extension() == ".html";
    EXPECT_EQ(sheets, 1U);
    const auto bad = foncier_cli("report t.toml --sites class:Z --out bad", dir.path().string());
    EXPECT_EQ(bad.code, 2);
    EXPECT_NE(bad.err.find("no class 'Z' in the profile"), std::string::npos) << bad.err;
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "bad"));
}

TEST(Cli, Version) {
    const auto v = foncier_cli("--version");
    EXPECT_EQ(v.code, 0);
    EXPECT_EQ(v.out.rfind("foncier 0.1.0 (GDAL 3.", 0), 0u) << v.out;
}

TEST(Cli, InfoDescribesLayersCrsCountsFields) {
    TempDir dir;
    territory(dir);
    const auto info = foncier_cli("info communes.geojson", dir.path().string());
    EXPECT_EQ(info.code, 0) << info.err;
    expect_golden("info_communes.txt", info.out);
}

TEST(Cli, RunWritesOutputsAndPrintsTheirFolder) {
    TempDir dir;
    territory(dir);
    const auto r = foncier_cli("run t.toml --quiet", dir.path().string());
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.err, "");  // --quiet
    EXPECT_EQ(r.out, (dir.path() / "out").string() + "\n");
    expect_golden("run_sites.geojson", foncier::test::read_file(dir / "out/geojson/sites.geojson"));
}

// Two inventories of the fixture territory: one site re-identified at the same point, one
// with a larger surface, one new.
TEST(Cli, DiffPrintsTheSummaryAndRefusesBadSides) {
    TempDir dir;
    territory(dir);
    write_file(dir / "friches.csv", "site_id,nom,surface,lon,lat\n54430_1,Ancienne usine,12000,6.115,48.77\n"
                                    "54215_2,Dépôt,3000,6.145,48.77\n");
    ASSERT_EQ(foncier_cli("run t.toml --out before --quiet", dir.path().string()).code, 0);
    write_file(dir / "friches.csv", "site_id,nom,surface,lon,lat\n54430_9,ANCIENNE USINE,12000,6.115,48.77\n"
                                    "54215_2,Dépôt,3300,6.145,48.77\n54430_3,Garage,2000,6.105,48.765\n");
    ASSERT_EQ(foncier_cli("run t.toml --out after --quiet", dir.path().string()).code, 0);
    const auto d = foncier_cli("diff before after --out d", dir.path().string());
    ASSERT_EQ(d.code, 0) << d.err;
    // The last line is the absolute output folder: not part of the golden text.
    const std::string summary = d.out.substr(0, d.out.rfind('\n', d.out.size() - 2) + 1);
    expect_golden("diff_fixture.txt", summary);
    EXPECT_TRUE(std::filesystem::exists(dir.path() / "d" / "diff.gpkg"));
    const auto again = foncier_cli("diff before after --out d", dir.path().string());
    EXPECT_EQ(again.code, 2);
    EXPECT_NE(again.err.find("use --overwrite"), std::string::npos) << again.err;
    const auto nowhere = foncier_cli("diff nowhere after --out d2", dir.path().string());
    EXPECT_EQ(nowhere.code, 2);
    EXPECT_NE(nowhere.err.find("'nowhere' does not exist"), std::string::npos) << nowhere.err;
    EXPECT_EQ(foncier_cli("diff before after --out d3 --match-distance -5", dir.path().string()).code, 2);
}

TEST(Cli, ExitCodes) {
    TempDir dir;
    territory(dir);
    EXPECT_EQ(foncier_cli("").code, 2);                 // no command
    EXPECT_EQ(foncier_cli("frobnicate").code, 2);       // unknown command
    EXPECT_EQ(foncier_cli("run").code, 2);              // missing argument
    const auto missing = foncier_cli("run nowhere.toml", dir.path().string());
    EXPECT_EQ(missing.code, 2);
    EXPECT_NE(missing.err.find("'nowhere.toml' does not exist"), std::string::npos) << missing.err;

    EXPECT_EQ(foncier_cli("run t.toml --quiet", dir.path().string()).code, 0);
    const auto again = foncier_cli("run t.toml", dir.path().string());
    EXPECT_EQ(again.code, 2);
    EXPECT_NE(again.err.find("use --overwrite"), std::string::npos) << again.err;
    EXPECT_EQ(foncier_cli("run t.toml --overwrite --quiet", dir.path().string()).code, 0);

    // A friche without surface gets a default footprint and a warning: --strict fails with 3.
    write_file(dir / "friches.csv", "site_id,nom,surface,lon,lat\n54430_1,Sans surface,,6.115,48.77\n");
    const auto strict = foncier_cli("run t.toml --overwrite --strict", dir.path().string());
    EXPECT_EQ(strict.code, 3);
    EXPECT_NE(strict.err.find("missing_surface"), std::string::npos) << strict.err;

    write_file(dir / "communes.geojson", R"({"type":"FeatureCollection","features":[{"type":)");
    const auto broken = foncier_cli("run t.toml --overwrite", dir.path().string());
    EXPECT_EQ(broken.code, 1);
    EXPECT_NE(broken.err.find("communes.geojson"), std::string::npos) << broken.err;
    EXPECT_EQ(foncier_cli("info communes.geojson", dir.path().string()).code, 1);
}
