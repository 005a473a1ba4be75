// A check that cannot drift: every field a style or the QGIS project refers to must exist in
// the output schema, so renaming a field breaks this test, not a map.

#include <gtest/gtest.h>

#include <filesystem>
#include <regex>
#include <set>

#include "foncier/report/project.hpp"
#include "foncier/report/schema.hpp"
#include "foncier/report/styles.hpp"
#include "test_support.hpp"

namespace rp = foncier::report;

namespace {

std::set<std::string> schema_fields(const std::string& layer) {
    std::set<std::string> out;
    for (const auto& f : rp::empty_table(layer).fields) out.insert(f.name);
    return out;
}

// Fields a QML or SLD text refers to: renderer attributes, label fields, field names quoted
// in expressions, SLD property names.
std::set<std::string> referenced_fields(const std::string& text) {
    std::set<std::string> out;
    const std::regex direct(R"((?:attr|fieldName)="([^"]+)\")");
    for (std::sregex_iterator it(text.begin(), text.end(), direct), end; it != end; ++it) out.insert((*it)[1]);
    const std::regex expression(R"rx(name="expression" value="([^"]*)")rx");
    const std::regex quoted(R"(&quot;([A-Za-z_][A-Za-z0-9_]*)&quot;)");
    for (std::sregex_iterator it(text.begin(), text.end(), expression), end; it != end; ++it) {
        const std::string expr = (*it)[1];
        for (std::sregex_iterator q(expr.begin(), expr.end(), quoted); q != end; ++q) out.insert((*q)[1]);
    }
    const std::regex sld(R"(<ogc:PropertyName>([^<]+)</ogc:PropertyName>)");
    for (std::sregex_iterator it(text.begin(), text.end(), sld), end; it != end; ++it) out.insert((*it)[1]);
    return out;
}

std::string layer_of(const std::string& style) {
    for (const auto* names : {&rp::layer_names(), &rp::diff_layer_names()}) {
        for (const auto& name : *names) {
            if (name == style) return name;
        }
    }
    return style.substr(0, style.rfind('_'));  // sites_statut -> sites
}

}  // namespace

TEST(Styles, EveryStyledLayerHasItsFilesEmbedded) {
    for (const char* layer : {"sites", "sites_pt", "communes", "epci", "parks", "plots", "issues", "changes",
                              "communes_delta", "epci_delta"}) {
        const auto style = rp::default_style(layer);
        ASSERT_TRUE(style.has_value()) << layer;
        EXPECT_NE(style->qml.find("<renderer-v2"), std::string_view::npos) << layer;
        EXPECT_NE(style->sld.find("StyledLayerDescriptor"), std::string_view::npos) << layer;
    }
    ASSERT_EQ(rp::alternative_styles("sites").size(), 1u);
    EXPECT_EQ(rp::alternative_styles("sites")[0].name, "sites_statut");
    EXPECT_TRUE(rp::alternative_styles("sites_pt").empty());
    // communes_delta and epci_delta (foncier diff) are layers, not variants of communes and epci.
    EXPECT_TRUE(rp::alternative_styles("communes").empty());
    EXPECT_TRUE(rp::alternative_styles("epci").empty());
}

TEST(Styles, ReferToExistingFields) {
    // The files in the source tree, not only the embedded copies: a stale build cannot hide a typo.
    std::size_t checked = 0;
    for (const auto& entry : std::filesystem::directory_iterator(foncier::test::source_dir() / "styles")) {
        const auto ext = entry.path().extension();
        if (ext != ".qml" && ext != ".sld") continue;
        const std::string layer = layer_of(entry.path().stem().string());
        const auto fields = schema_fields(layer);
        const auto used = referenced_fields(foncier::test::read_file(entry.path().string()));
        EXPECT_FALSE(used.empty()) << entry.path();
        for (const auto& f : used) {
            EXPECT_TRUE(fields.contains(f)) << entry.path().filename() << " uses '" << f << "', not a field of layer '"
                                            << layer << "'";
            ++checked;
        }
    }
    EXPECT_GT(checked, 15u);
}

TEST(Styles, ReferenceDetectorFindsEveryKindOfReference) {
    const auto used = referenced_fields(
        R"(<renderer-v2 attr="classe"/><text-style fieldName="nom"/>)"
        R"x(<Option name="expression" value="scale_exp(&quot;surf_m2&quot;, 0, 1)" type="QString"/>)x"
        R"(<ogc:PropertyName>tx_vacance</ogc:PropertyName>)");
    EXPECT_EQ(used, (std::set<std::string>{"classe", "nom", "surf_m2", "tx_vacance"}));
}

TEST(Project, CarriesTheDataCreditsInItsMetadata) {
    const std::string qgs = rp::qgis_project({"Test", "EPSG:2154", {0, 0, 1, 1}, "foncier.gpkg",
                                              {"© OpenStreetMap contributors", "Cerema & co <x>"}});
    const auto at = qgs.find("<projectMetadata>");
    const auto meta = qgs.substr(at, qgs.find("</projectMetadata>") - at);
    EXPECT_NE(meta.find("<rights>© OpenStreetMap contributors</rights>"), std::string::npos) << meta;
    EXPECT_NE(meta.find("<rights>Cerema &amp; co &lt;x&gt;</rights>"), std::string::npos) << meta;
    const std::string none = rp::qgis_project({"Test", "EPSG:2154", {0, 0, 1, 1}, "foncier.gpkg", {}});
    EXPECT_EQ(none.find("<rights>"), std::string::npos);
}

TEST(Project, ReferencesExistingLayersAndFields) {
    const std::string qgs =
        rp::qgis_project({"Test", "EPSG:2154", {900000, 6850000, 950000, 6900000}, "foncier.gpkg", {}});
    const std::regex source(R"(<datasource>\./foncier\.gpkg\|layername=([a-z_]+)</datasource>)");
    std::set<std::string> layers;
    for (std::sregex_iterator it(qgs.begin(), qgs.end(), source), end; it != end; ++it) layers.insert((*it)[1]);
    EXPECT_EQ(layers.size(), 9u);  // every output layer
    for (const auto& name : layers) {
        EXPECT_NE(std::find(rp::layer_names().begin(), rp::layer_names().end(), name), rp::layer_names().end()) << name;
    }
    // Each <maplayer> block: its fields against its layer's schema.
    // (std::regex recurses per character: split the blocks by hand.)
    for (std::size_t at = qgs.find("<maplayer"); at != std::string::npos; at = qgs.find("<maplayer", at + 1)) {
        const std::string block = qgs.substr(at, qgs.find("</maplayer>", at) - at);
        std::smatch m;
        ASSERT_TRUE(std::regex_search(block, m, source));
        const auto fields = schema_fields(m[1]);
        for (const auto& f : referenced_fields(block)) {
            EXPECT_TRUE(fields.contains(f)) << "project layer " << m[1] << " uses '" << f << "'";
        }
    }
    EXPECT_NE(qgs.find("<authid>EPSG:2154</authid>"), std::string::npos);
    EXPECT_NE(qgs.find("<Absolute type=\"bool\">false</Absolute>"), std::string::npos);
}
