// read_layer gives valid UTF-8 whatever the source: a Shapefile's .dbf decoded as its .cpg or
// language driver byte declares, text that contradicts its declaration detected and reported
// (LayerData::text), NUL characters located by line.

#include <gtest/gtest.h>

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>

#include "foncier/core/error.hpp"
#include "foncier/core/utf8.hpp"
#include "foncier/io/detail/gdal_util.hpp"
#include "foncier/io/reader.hpp"
#include "test_support.hpp"

using foncier::test::TempDir;
using foncier::test::write_file;

namespace {

const std::string k_name = "Dépôt œuvre à l’été";  // œ and ’ are in Windows-1252's 0x80..0x9F

// dir/f.shp with one point whose field "nom" (and a field named "surf_déc") is written in
// `encoding` (GDAL recodes from UTF-8), then its .cpg replaced by `cpg` ("" removes it).
std::string shapefile(const TempDir& dir, const char* encoding, const char* cpg) {
    foncier::io::detail::ensure_gdal();
    const std::string path = dir / "f.shp";
    GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("ESRI Shapefile");
    GDALDatasetUniquePtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    const std::string option = std::string("ENCODING=") + encoding;
    const char* options[] = {option.c_str(), nullptr};
    OGRLayer* layer = ds->CreateLayer("f", nullptr, wkbPoint, const_cast<char**>(options));
    OGRFieldDefn nom("nom", OFTString);
    OGRFieldDefn surf("surf_déc", OFTString);
    layer->CreateField(&nom);
    layer->CreateField(&surf);
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer->GetLayerDefn()));
    f->SetField("nom", k_name.c_str());
    f->SetField(1, "12");
    OGRPoint point(931000, 6858000);
    f->SetGeometry(&point);
    EXPECT_EQ(layer->CreateFeature(f.get()), OGRERR_NONE);
    ds.reset();
    if (cpg != nullptr) {
        std::filesystem::remove(dir / "f.cpg");
        if (*cpg != 0) write_file(dir / "f.cpg", cpg);
    }
    return path;
}

std::string nom(const foncier::io::LayerData& data) { return foncier::to_text(data.features.at(0).get("nom")); }

}  // namespace

TEST(ReaderText, ShapefileDecodedAsItsCpgDeclaresWithoutReport) {
    TempDir dir;
    const auto data = foncier::io::read_layer(shapefile(dir, "CP1252", nullptr));
    EXPECT_EQ(nom(data), k_name);
    EXPECT_TRUE(data.has_field("surf_déc"));  // field names decoded too
    EXPECT_TRUE(data.text.empty());
}

TEST(ReaderText, CpgSayingUtf8Over1252IsRecodedAndReported) {
    TempDir dir;
    const auto data = foncier::io::read_layer(shapefile(dir, "CP1252", "UTF-8"));
    EXPECT_EQ(nom(data), k_name);
    ASSERT_EQ(data.text.size(), 1u);
    const auto& r = data.text[0];
    EXPECT_EQ(r.declared, "UTF-8");
    EXPECT_EQ(r.declared_by, "its .cpg file");
    EXPECT_EQ(r.recoded, 2u);  // the field name surf_déc, then the value of nom
    EXPECT_EQ(r.kept_utf8, 0u);
    EXPECT_EQ(r.recoded_from, "Windows-1252");
    EXPECT_EQ(r.example_field, "surf_déc");
    EXPECT_EQ(r.example_feature, static_cast<std::size_t>(-1));
}

TEST(ReaderText, NoDeclarationAtAllIsRecodedAndReported) {
    TempDir dir;
    const auto data = foncier::io::read_layer(shapefile(dir, "CP1252", ""));
    EXPECT_EQ(nom(data), k_name);
    ASSERT_EQ(data.text.size(), 1u);
    EXPECT_EQ(data.text[0].declared, "");
    EXPECT_EQ(data.text[0].recoded, 2u);
}

TEST(ReaderText, Utf8UnderA1252CpgIsKeptAndReported) {
    TempDir dir;
    const auto data = foncier::io::read_layer(shapefile(dir, "UTF-8", "1252"));
    EXPECT_EQ(nom(data), k_name);  // not the mojibake "DÃ©pÃ´t"
    ASSERT_EQ(data.text.size(), 1u);
    EXPECT_EQ(data.text[0].kept_utf8, 2u);
    EXPECT_EQ(data.text[0].recoded, 0u);
}

TEST(ReaderText, AShapefileOpenedThroughItsFolderIsDecodedToo) {
    TempDir dir;
    (void)shapefile(dir, "UTF-8", "1252");
    const auto data = foncier::io::read_layer(dir.path().string());
    EXPECT_EQ(nom(data), k_name);
    ASSERT_EQ(data.text.size(), 1u);
    EXPECT_EQ(data.text[0].kept_utf8, 2u);
    EXPECT_TRUE(data.text[0].shapefile);
}

TEST(ReaderText, AttributeFilterOnAFieldNamedInTheDbfsEncoding) {
    TempDir dir;
    foncier::io::ReadOptions options;
    options.attribute_filter = "\"surf_déc\" = '12'";
    EXPECT_EQ(foncier::io::read_layer(shapefile(dir, "CP1252", nullptr), options).features.size(), 1u);
    options.attribute_filter = "\"surf_déc\" = '13'";
    EXPECT_EQ(foncier::io::read_layer(shapefile(dir, "CP1252", nullptr), options).features.size(), 0u);
}

TEST(ReaderText, InvalidUtf8InCsvAndGeoJsonIsRecodedFrom1252) {
    TempDir dir;
    const auto csv = foncier::io::read_layer(write_file(dir / "f.csv", "id,nom\n1,D\xE9p\xF4t \x9Cuvre\n2,ok\n"));
    EXPECT_EQ(foncier::to_text(csv.features[0].get("nom")), "Dépôt œuvre");
    ASSERT_EQ(csv.text.size(), 1u);
    EXPECT_EQ(csv.text[0].recoded, 1u);
    EXPECT_EQ(csv.text[0].example_feature, 0u);
    EXPECT_EQ(csv.text[0].example_field, "nom");
    const auto json = foncier::io::read_layer(write_file(
        dir / "f.geojson", "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
                           "{\"nom\":\"For\xEAt\"},\"geometry\":null}]}"));
    EXPECT_EQ(foncier::to_text(json.features[0].get("nom")), "Forêt");
    ASSERT_EQ(json.text.size(), 1u);
    EXPECT_EQ(json.text[0].recoded, 1u);
}

TEST(ReaderText, NulCharactersAreLocatedByLine) {
    TempDir dir;
    const std::string csv_text = std::string("id,nom\n1,a\n2,b") + '\0' + "c\n3,d" + '\0' + "\n";
    const auto csv = foncier::io::read_layer(write_file(dir / "f.csv", csv_text));
    ASSERT_EQ(csv.text.size(), 1u);
    EXPECT_EQ(csv.text[0].nul_count, 2u);
    EXPECT_EQ(csv.text[0].nul_lines, (std::vector<std::size_t>{3, 4}));
    // In JSON, the \u0000 escape (an escaped backslash before u0000 is text, not a NUL).
    const auto json = foncier::io::read_layer(write_file(
        dir / "f.geojson", "{\"type\":\"FeatureCollection\",\"features\":[\n"
                           "{\"type\":\"Feature\",\"properties\":{\"a\":\"x\\\\u0000\"},\"geometry\":null},\n"
                           "{\"type\":\"Feature\",\"properties\":{\"a\":\"x\\u0000y\"},\"geometry\":null}]}"));
    ASSERT_EQ(json.text.size(), 1u);
    EXPECT_EQ(json.text[0].nul_count, 1u);
    EXPECT_EQ(json.text[0].nul_lines, (std::vector<std::size_t>{3}));
    for (const auto& f : json.features) EXPECT_TRUE(foncier::is_valid_utf8(foncier::to_text(f.get("a"))));
}

TEST(ReaderText, ShapefileWithoutOrWithABrokenDbfNamesTheDbf) {
    TempDir dir;
    const std::string path = shapefile(dir, "UTF-8", nullptr);
    const std::string dbf = dir / "f.dbf";
    const std::string sound = foncier::test::read_file(dbf);
    write_file(dbf, sound.substr(0, 40));
    try {
        (void)foncier::io::read_layer(path);
        FAIL() << "a truncated .dbf was read";
    } catch (const foncier::IoError& e) {
        EXPECT_NE(std::string(e.what()).find("f.dbf', the attribute table of"), std::string::npos) << e.what();
    }
    std::filesystem::remove(dbf);
    try {
        (void)foncier::io::read_layer(path);
        FAIL() << "a .shp without .dbf was read";
    } catch (const foncier::IoError& e) {
        EXPECT_NE(std::string(e.what()).find("has no .dbf beside it"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("copy the .dbf"), std::string::npos) << e.what();
    }
}

TEST(ReaderText, Utf16IsNamedWithItsFix) {
    TempDir dir;
    for (const std::string& text : {std::string("\xFF\xFEi\0d\0,\0n\0\n\0", 12), std::string("i\0d\0,\0n\0o\0m\0\n\0", 14)}) {
        const std::string path = write_file(dir / "u.csv", text);
        try {
            (void)foncier::io::read_layer(path);
            FAIL() << "UTF-16 was read";
        } catch (const foncier::IoError& e) {
            EXPECT_NE(std::string(e.what()).find("UTF-16"), std::string::npos) << e.what();
        }
    }
}
