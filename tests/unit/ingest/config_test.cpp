#include <gtest/gtest.h>

#include "foncier/core/error.hpp"
#include "foncier/ingest/config.hpp"
#include "test_support.hpp"

using foncier::test::TempDir;
using foncier::test::write_file;
namespace pl = foncier::ingest;

namespace {
std::string error_of(const std::string& path) {
    try {
        (void)pl::load_territory(path);
    } catch (const foncier::ConfigError& e) {
        return e.what();
    }
    return "no error";
}
}  // namespace

TEST(TerritoryConfig, InlineDatasetsAndDefaults) {
    TempDir dir;
    const auto cfg = pl::load_territory(write_file(dir / "t.toml", R"(
name = "Test"
[communes]
path = "communes.geojson"
fields = { insee = "code", epci = "siren" }
[friches]
path = "/abs/friches.csv"
source_crs = "EPSG:4326"
x_field = "lon"
y_field = "lat"
fields = { id = "site_id" }
)"));
    EXPECT_EQ(cfg.name, "Test");
    EXPECT_EQ(cfg.crs, "EPSG:2154");
    EXPECT_EQ(cfg.communes.dataset.path, (dir.path() / "communes.geojson").string());
    EXPECT_EQ(cfg.communes.field("insee"), "code");
    EXPECT_EQ(cfg.friches->dataset.path, "/abs/friches.csv");
    EXPECT_EQ(cfg.friches->dataset.x_field, "lon");
    EXPECT_FALSE(cfg.stations.has_value());
    EXPECT_EQ(cfg.swapped_axes, pl::SwapPolicy::fix);
    EXPECT_EQ(cfg.output, (dir.path() / "out" / "t").string());
}

TEST(TerritoryConfig, CatalogueDatasetWithTerritoryOverrides) {
    TempDir dir;
    write_file(dir / "catalogue.toml", R"(
cache = "cache"
[datasets.c]
file = "c.geojson"
synthetic = true
[datasets.c.fields]
insee = "insee"
nom = "name"
)");
    const auto cfg = pl::load_territory(write_file(dir / "t.toml", R"(
[communes]
dataset = "c"
filter = "member = 1"
[communes.fields]
nom = "name_2018"
)"));
    EXPECT_EQ(cfg.communes.dataset.path, (dir.path() / "cache" / "c.geojson").string());
    EXPECT_EQ(cfg.communes.field("insee"), "insee");
    EXPECT_EQ(cfg.communes.field("nom"), "name_2018");
    EXPECT_EQ(cfg.communes.filter, "member = 1");
    EXPECT_TRUE(cfg.communes.dataset.synthetic);
}

TEST(TerritoryConfig, ErrorsNameFileLineAndKey) {
    TempDir dir;
    const auto syntax = error_of(write_file(dir / "a.toml", "name = \"x\"\n[communes\n"));
    EXPECT_NE(syntax.find("a.toml', line 2"), std::string::npos) << syntax;

    const auto unknown = error_of(write_file(dir / "b.toml", "[communes]\npath = \"c.gpkg\"\nlayr = \"x\"\n"));
    EXPECT_NE(unknown.find("line 3"), std::string::npos) << unknown;
    EXPECT_NE(unknown.find("unknown key 'layr'"), std::string::npos) << unknown;

    const auto missing = error_of(write_file(dir / "c.toml", "name = \"x\"\n"));
    EXPECT_NE(missing.find("needs a [communes] section"), std::string::npos) << missing;

    write_file(dir / "catalogue.toml", "[datasets.real]\nfile = \"r.gpkg\"\n");
    const auto key = error_of(write_file(dir / "d.toml", "[communes]\ndataset = \"imaginary\"\n"));
    EXPECT_NE(key.find("dataset 'imaginary' is not in the catalogue"), std::string::npos) << key;
    EXPECT_NE(key.find("real"), std::string::npos) << key;

    const auto policy = error_of(write_file(dir / "e.toml", "[communes]\npath = \"c\"\n[checks]\nswapped_axes = \"maybe\"\n"));
    EXPECT_NE(policy.find("line 4"), std::string::npos) << policy;
}

TEST(TerritoryConfig, NumbersAreFiniteAndInTheirDocumentedRange) {
    TempDir dir;
    const std::string base = "[communes]\npath = \"c.geojson\"\n[footprint]\n";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"default_m2 = nan", "default_m2 = nan must be a finite number from 1 to 1e+07"},
        {"default_m2 = inf", "default_m2 = inf must be"},
        {"default_m2 = -5", "default_m2 = -5 must be"},
        {"implausible_ha = -1", "implausible_ha = -1 must be a finite number from 0.01 to 100000"},
        {"implausible_ha = 1e300", "implausible_ha = 1e+300"},
        {"segments = 1000000000", "segments = 1e+09 must be a whole number from 8 to 1024"},
        {"segments = 12.5", "segments = 12.5 must be a whole number"},
        {"segments = 4", "segments = 4 must be"},
        {"segments = \"64\"", "segments must be a number"},
    };
    for (const auto& [line, words] : cases) {
        const std::string msg = error_of(write_file(dir / "t.toml", base + line + "\n"));
        EXPECT_NE(msg.find(words), std::string::npos) << line << ": " << msg;
        EXPECT_NE(msg.find("line 4"), std::string::npos) << msg;
    }
    const auto ok = pl::load_territory(write_file(dir / "t.toml", base + "segments = 16\ndefault_m2 = 2500\n"));
    EXPECT_EQ(ok.disc_segments, 16);
    EXPECT_EQ(ok.default_footprint_m2, 2500.0);
}

TEST(TerritoryConfig, TheWorkingCrsIsKnownProjectedAndInMetres) {
    TempDir dir;
    const std::string base = "[communes]\npath = \"c.geojson\"\n";
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"EPSG:4326", "not a projected CRS"},
        {"EPSG:999999", "is not a CRS PROJ knows"},
        {"lambert", "is not a CRS PROJ knows"},
        {"EPSG:2249", "not in metres"},  // Massachusetts, US survey feet
        {"EPSG:4978", "not a projected CRS"},  // geocentric
    };
    for (const auto& [crs, words] : cases) {
        const std::string msg = error_of(write_file(dir / "t.toml", "crs = \"" + crs + "\"\n" + base));
        EXPECT_NE(msg.find(words), std::string::npos) << crs << ": " << msg;
    }
    EXPECT_EQ(pl::load_territory(write_file(dir / "t.toml", "crs = \"EPSG:3857\"\n" + base)).crs, "EPSG:3857");
    EXPECT_EQ(pl::load_territory(write_file(dir / "t.toml", "crs = \"EPSG:2154+5720\"\n" + base)).crs,
              "EPSG:2154+5720");
}
