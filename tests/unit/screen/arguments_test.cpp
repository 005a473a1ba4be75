// The screening options as typed on a command line: what is accepted, and what is refused
// with a message that shows the expected form.
#include <gtest/gtest.h>

#include <string>

#include "foncier/core/error.hpp"
#include "foncier/screen/arguments.hpp"

namespace sc = foncier::screen;

namespace {
std::string error_of(auto&& parse, const std::string& text) {
    try {
        (void)parse(text);
    } catch (const foncier::ConfigError& e) {
        return e.what();
    }
    return "accepted";
}
}  // namespace

TEST(Arguments, BoundIsFieldEqualsFiniteNumber) {
    EXPECT_EQ(sc::parse_bound("surf_ha=2.5"), (std::pair<std::string, double>{"surf_ha", 2.5}));
    EXPECT_EQ(sc::parse_bound("flood_share=-0"), (std::pair<std::string, double>{"flood_share", 0.0}));
    for (const char* bad : {"surf_ha", "surf_ha=", "=3", "surf_ha=2ha", "surf_ha=nan", "surf_ha=inf"}) {
        EXPECT_NE(error_of(sc::parse_bound, bad).find("FIELD=NUMBER"), std::string::npos) << bad;
    }
}

TEST(Arguments, NearIsLonLatInDegreesAndAPositiveRadius) {
    const auto [xy, metres] = sc::parse_near("6.12,48.77:3000");
    EXPECT_DOUBLE_EQ(xy.x, 6.12);
    EXPECT_DOUBLE_EQ(xy.y, 48.77);
    EXPECT_DOUBLE_EQ(metres, 3000.0);
    EXPECT_NE(error_of(sc::parse_near, "nan,nan:-5").find("LON,LAT:METRES"), std::string::npos);
    EXPECT_NE(error_of(sc::parse_near, "6.1,48.7").find("LON,LAT:METRES"), std::string::npos);
    EXPECT_NE(error_of(sc::parse_near, "6.1;48.7:10").find("LON,LAT:METRES"), std::string::npos);
    EXPECT_NE(error_of(sc::parse_near, "6.1,48.7:-5").find("more than 0"), std::string::npos);
    EXPECT_NE(error_of(sc::parse_near, "6.1,48.7:0").find("more than 0"), std::string::npos);
    // Lambert-93 metres typed by mistake, or latitude first beyond 90.
    EXPECT_NE(error_of(sc::parse_near, "931000,6850000:100").find("longitude first"), std::string::npos);
}

TEST(Arguments, NearLayerWithOrWithoutAFeatureName) {
    const auto any = sc::parse_near_layer("interchange:5000");
    EXPECT_EQ(any.layer, "interchange");
    EXPECT_EQ(any.feature, "");
    EXPECT_DOUBLE_EQ(any.distance, 5000.0);
    const auto named = sc::parse_near_layer("stations:Pont-à-Mousson:1500");
    EXPECT_EQ(named.layer, "stations");
    EXPECT_EQ(named.feature, "Pont-à-Mousson");
    EXPECT_DOUBLE_EQ(named.distance, 1500.0);
    for (const char* bad : {"stations", "stations:far", ":100", "stations:x:nan"}) {
        EXPECT_NE(error_of(sc::parse_near_layer, bad).find("LAYER[:NAME]:METRES"), std::string::npos) << bad;
    }
    EXPECT_NE(error_of(sc::parse_near_layer, "stations:-3").find("more than 0"), std::string::npos);
}

TEST(Arguments, ShortcutsTellCodesFromNames) {
    sc::QueryOptions options;
    sc::add_shortcuts({.statut = "friche avérée", .type = "", .classe = "A", .epci = "245400601", .commune = "2A004"},
                      options);
    ASSERT_EQ(options.equals.size(), 4u);
    EXPECT_EQ(options.equals[0], (std::pair<std::string, std::string>{"epci", "245400601"}));
    EXPECT_EQ(options.equals[1], (std::pair<std::string, std::string>{"insee", "2A004"}));
    EXPECT_EQ(options.equals[2].first, "statut");
    EXPECT_EQ(options.equals[3].first, "classe");
    sc::QueryOptions names;
    sc::add_shortcuts({.statut = "", .type = "", .classe = "", .epci = "Bassin de Pompey", .commune = "Frouard"}, names);
    EXPECT_EQ(names.equals[0].first, "epci_nom");
    EXPECT_EQ(names.equals[1].first, "commune");
}
