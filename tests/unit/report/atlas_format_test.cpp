// French number formats and the escaping of the atlas: exact bytes, since readers compare
// figures across pages and the browser tests compare charts with data.

#include <gtest/gtest.h>

#include "foncier/core/issue_kinds.hpp"
#include "foncier/report/atlas/format.hpp"
#include "foncier/report/atlas/labels.hpp"

namespace ra = foncier::report::atlas;

namespace {
const std::string thin = "\u202F";
const std::string nb = "\u00A0";
}  // namespace

TEST(AtlasFormat, ThousandsDecimalsAndSigns) {
    EXPECT_EQ(ra::fr_number(1234.5, 1), "1" + thin + "234,5");
    EXPECT_EQ(ra::fr_number(1234567.0, 0), "1" + thin + "234" + thin + "567");
    EXPECT_EQ(ra::fr_number(999.0, 0), "999");
    EXPECT_EQ(ra::fr_number(-3.25, 1), "\u22123,2");  // printf rounds half to even on the binary value
    EXPECT_EQ(ra::fr_number(-0.04, 1), "0,0");        // no minus sign on a value shown as zero
    EXPECT_EQ(ra::fr_number(0.5, 0), "0");
    EXPECT_EQ(ra::fr_number(12.0, 2), "12,00");
}

TEST(AtlasFormat, UnitsAreTiedToTheirNumbers) {
    EXPECT_EQ(ra::fr_ha(1234.5), "1" + thin + "234,5" + nb + "ha");
    EXPECT_EQ(ra::fr_ha(0.45), "0,45" + nb + "ha");  // two decimals below 10 ha
    EXPECT_EQ(ra::fr_ha(0.0), "0,0" + nb + "ha");
    EXPECT_EQ(ra::fr_share(0.123), "12,3" + thin + "%");
    EXPECT_EQ(ra::fr_percent(5.0, 0), "5" + thin + "%");
    EXPECT_EQ(ra::fr_distance(862.4), "862" + nb + "m");
    EXPECT_EQ(ra::fr_distance(1264.0), "1,3" + nb + "km");
    EXPECT_EQ(ra::fr_distance(17240.0), "17" + nb + "km");
    EXPECT_EQ(ra::fr_count(1, "site"), "1" + nb + "site");
    EXPECT_EQ(ra::fr_count(0, "site"), "0" + nb + "site");
    EXPECT_EQ(ra::fr_count(1500, "site"), "1" + thin + "500" + nb + "sites");
}

TEST(AtlasFormat, Dates) {
    EXPECT_EQ(ra::fr_date("2024-03-10"), "10/03/2024");
    EXPECT_EQ(ra::fr_date("2024-11"), "11/2024");
    EXPECT_EQ(ra::fr_date("synthetic"), "synthetic");
    EXPECT_EQ(ra::fr_date("2024-3-10"), "2024-3-10");
}

TEST(AtlasFormat, EscapingAndJson) {
    EXPECT_EQ(ra::esc("<a href=\"x\">l'été & co</a>"), "&lt;a href=&quot;x&quot;&gt;l&#39;été &amp; co&lt;/a&gt;");
    EXPECT_EQ(ra::json_string("a\"b\\c\n</script>"), "\"a\\\"b\\\\c\\n\\u003c/script\\u003e\"");
    EXPECT_EQ(ra::json_string(std::string("x\x01y")), "\"x\\u0001y\"");
    EXPECT_EQ(ra::plain_number(6.1234567, 5), "6.12346");
    EXPECT_EQ(ra::plain_number(2.5000, 3), "2.5");
    EXPECT_EQ(ra::plain_number(-0.0000001, 3), "0");
    EXPECT_EQ(ra::plain_number(100.0, 2), "100");
}

TEST(AtlasFormat, FileStemsAndCapitals) {
    EXPECT_EQ(ra::file_stem("54115_SITE-ECO_00007"), "54115_SITE-ECO_00007");
    EXPECT_EQ(ra::file_stem("a/b c"), "a_b_c");
    EXPECT_EQ(ra::file_stem("../x"), "_.._x");
    EXPECT_EQ(ra::capitalised("échangeur autoroutier"), "Échangeur autoroutier");
    EXPECT_EQ(ra::capitalised("gare"), "Gare");
    EXPECT_EQ(ra::capitalised(""), "");
}

TEST(AtlasFormat, EngineNotesInFrench) {
    EXPECT_EQ(ra::note_text("nearest feature of stations"), "objet le plus proche de la couche stations");
    EXPECT_EQ(ra::note_text("unknown: 'inconnu' in the source"), "inconnu : 'inconnu' dans la source");
    EXPECT_EQ(ra::french_decimals("+ surface 7.34 ha; + gare à 0.1 km; v1.19"), "+ surface 7,34 ha; + gare à 0,1 km; v1,19");
    EXPECT_EQ(ra::note_text("something new"), "something new");
}

// Every kind of the registry has its French title and action in the atlas: a new kind
// without one would show its machine name to an elected official.
TEST(AtlasFormat, EveryIssueKindHasFrenchWords) {
    for (const auto& k : foncier::issue_kinds()) {
        const auto t = ra::issue_kind_text(std::string(k.code));
        EXPECT_NE(t.title, std::string(k.code)) << k.code;
        EXPECT_FALSE(t.action.empty()) << k.code;
    }
}
