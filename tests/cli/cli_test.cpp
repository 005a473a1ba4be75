// Golden tests of the foncier executable: help texts and `info` output are compared with
// tests/cli/golden/*.txt (FONCIER_UPDATE_GOLDEN=1 rewrites them); exit codes are checked
// for every class of failure.

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <cstdlib>

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

}  // namespace

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
