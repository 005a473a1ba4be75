// Ids made safe for every output format, the text problems of a source as one issue per file,
// and geometries of the wrong type as issues of their feature.

#include <gtest/gtest.h>

#include <cmath>
#include <set>
#include <string>

#include "foncier/core/utf8.hpp"
#include "foncier/ingest/normalise.hpp"
#include "foncier/ingest/site_ids.hpp"
#include "foncier/ingest/text.hpp"

namespace in = foncier::ingest;
namespace dt = foncier::ingest::detail;
using foncier::geom::Geometry;

TEST(SafeId, ControlCharactersAreEscapedAndLongIdsShortenedAlike) {
    EXPECT_EQ(dt::safe_id("54430_1").id, "54430_1");
    EXPECT_TRUE(dt::safe_id("54430_1").change.empty());
    const auto ctrl = dt::safe_id("A\tB\x01" "C\x7F");
    EXPECT_EQ(ctrl.id, "A\\x09B\\x01C\\x7F");
    EXPECT_NE(ctrl.change.find("3 control characters"), std::string::npos);

    const std::string long_a = "54430_" + std::string(4994, 'a');
    const std::string long_b = long_a.substr(0, long_a.size() - 1) + "b";  // same first 4999 bytes
    const auto a = dt::safe_id(long_a), b = dt::safe_id(long_b);
    EXPECT_EQ(a.id.size(), dt::k_max_id_bytes);
    EXPECT_NE(a.id, b.id);                       // distinct ids stay distinct
    EXPECT_EQ(a.id, dt::safe_id(long_a).id);     // and the same id gives the same short one
    EXPECT_EQ(a.id.substr(0, 6), "54430_");
    EXPECT_EQ(a.id[a.id.size() - 17], '~');
    EXPECT_NE(a.change.find("shortened from 5000 bytes to 254"), std::string::npos);
    // Never cut in the middle of a character.
    EXPECT_TRUE(foncier::is_valid_utf8(dt::safe_id(std::string(1000, 'a') + "é").id));
    std::string many;
    for (int i = 0; i < 200; ++i) many += "é";
    EXPECT_TRUE(foncier::is_valid_utf8(dt::safe_id(many).id));
    EXPECT_LE(dt::safe_id(many).id.size(), dt::k_max_id_bytes);
}

TEST(SiteIds, DuplicatesOfLongIdsStayWithinTheLimitAndUnique) {
    foncier::io::LayerData data;
    const std::string long_id = std::string(127, 'x') + std::string(127, 'y');  // 254 bytes: kept as is
    for (const std::string& id : {long_id, long_id, std::string("A"), std::string("A"), std::string("A~2")}) {
        foncier::io::Feature f;
        f.fid = static_cast<std::int64_t>(data.features.size());
        f.attributes.emplace("id", id);
        data.features.push_back(std::move(f));
    }
    std::vector<std::vector<foncier::Issue>> issues(data.features.size());
    const auto ids = dt::site_ids(data, "id", "friches", issues);
    EXPECT_EQ(ids[0], long_id);
    EXPECT_LE(ids[1].size(), dt::k_max_id_bytes);
    EXPECT_NE(ids[1], ids[0]);
    EXPECT_EQ(ids[3], "A~3");  // A~2 is a source id
    EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
    EXPECT_EQ(issues[1].size(), 1u);
    EXPECT_EQ(issues[1][0].kind, foncier::IssueKind::duplicate_id);
}

TEST(CheckedSurface, TinyOrMeaninglessSurfacesAreTreatedAsMissing) {
    for (const double v : {1e-300, 0.0, -5.0, 0.5, std::nan(""), HUGE_VAL}) {
        std::vector<foncier::Issue> issues;
        EXPECT_FALSE(dt::checked_surface(v, 500, "friches", "s", issues)) << v;
        ASSERT_EQ(issues.size(), 1u) << v;
        EXPECT_EQ(issues[0].kind, foncier::IssueKind::implausible_surface);
        EXPECT_NE(issues[0].action.find("treated as missing"), std::string::npos);
    }
    std::vector<foncier::Issue> issues;
    EXPECT_EQ(*dt::checked_surface(1.0, 500, "friches", "s", issues), 1.0);
    EXPECT_EQ(*dt::checked_surface(8e6, 500, "friches", "s", issues), 8e6);  // kept, reported
    ASSERT_EQ(issues.size(), 1u);
    EXPECT_NE(issues[0].message.find("above 500 ha"), std::string::npos);
}

TEST(ReportText, OneIssuePerFileNamingTheFirstFeature) {
    foncier::io::LayerData data;
    data.path = "f.shp";
    data.layer = "f";
    data.fields = {"id", "nom"};
    for (const char* id : {"S1", "S2"}) {
        foncier::io::Feature f;
        f.attributes.emplace("id", std::string(id));
        data.features.push_back(std::move(f));
    }
    foncier::io::TextReport r;
    r.path = "f.shp";
    r.declared = "UTF-8";
    r.declared_by = "its .cpg file";
    r.shapefile = true;
    r.recoded = 4000;
    r.recoded_from = "Windows-1252";
    r.example_feature = 1;
    r.example_field = "nom";
    r.example_value = "Dépôt";
    data.text.push_back(r);
    in::LayerUse use;
    use.dataset.key = "friches";
    use.fields["id"] = "id";
    foncier::IssueLog log;
    dt::report_text(data, use, log);
    ASSERT_EQ(log.size(), 1u);
    const auto& issue = log.issues()[0];
    EXPECT_EQ(issue.kind, foncier::IssueKind::encoding);
    EXPECT_NE(issue.message.find("4000 text values"), std::string::npos) << issue.message;
    EXPECT_NE(issue.message.find("feature S2, field 'nom'"), std::string::npos) << issue.message;
    EXPECT_NE(issue.message.find("its .cpg file declares UTF-8"), std::string::npos) << issue.message;
    EXPECT_NE(issue.action.find(".cpg"), std::string::npos) << issue.action;
}

TEST(LayerNormaliser, MultiPointTakesItsCentroidAndALineIsDropped) {
    foncier::io::LayerData d;
    d.path = "f.geojson";
    d.layer = "f";
    d.crs = "EPSG:2154";
    for (const char* wkt : {"MULTIPOINT((931000 6858000),(933000 6858000))", "MULTIPOINT((931000 6858000))",
                            "LINESTRING(931000 6858000,933000 6858000)",
                            "GEOMETRYCOLLECTION(POINT(931000 6858000),POINT(933000 6858000))"}) {
        foncier::io::Feature f;
        f.geometry = Geometry::from_wkt(wkt);
        d.features.push_back(std::move(f));
    }
    in::LayerUse use;
    use.dataset.key = "friches";
    in::TerritoryConfig config;
    foncier::IssueLog log;
    in::LayerNormaliser n(d, use, config, log);
    const auto two = n.normalise(d.features[0], "two", in::Expect::polygon_or_point);
    ASSERT_TRUE(two);
    EXPECT_EQ(two->to_wkt(0), "POINT (932000 6858000)");
    const auto one = n.normalise(d.features[1], "one", in::Expect::polygon_or_point);
    ASSERT_TRUE(one);
    EXPECT_EQ(one->to_wkt(0), "POINT (931000 6858000)");
    EXPECT_FALSE(n.normalise(d.features[2], "line", in::Expect::polygon_or_point));
    EXPECT_FALSE(n.normalise(d.features[3], "points", in::Expect::polygon_or_point));
    EXPECT_FALSE(n.normalise(d.features[0], "in-polygons", in::Expect::polygon));
    ASSERT_EQ(log.size(), 5u);
    for (const auto& issue : log.issues()) EXPECT_EQ(issue.kind, foncier::IssueKind::wrong_geometry_type);
    EXPECT_NE(log.issues()[0].action.find("centroid"), std::string::npos);
    EXPECT_EQ(log.issues()[0].severity, foncier::Severity::warning);
    EXPECT_NE(log.issues()[1].action.find("single point"), std::string::npos);
    EXPECT_EQ(log.issues()[2].severity, foncier::Severity::error);
}
