// The inline SVG charts: one <rect class="bar"> per value with its value in data-value,
// lengths proportional to the values, a title and a description for screen readers.

#include <gtest/gtest.h>

#include <regex>

#include "foncier/report/atlas/charts.hpp"

namespace ra = foncier::report::atlas;

namespace {

struct Rect {
    double width = 0, height = 0, value = 0;
    std::string series;
};

std::vector<Rect> bars(const std::string& svg) {
    std::vector<Rect> out;
    const std::regex rect(R"(<rect class="bar"[^>]*>)");
    const std::regex w(R"( width="([0-9.]+)\")"), h(R"( height="([0-9.]+)\")"), v(R"( data-value="([0-9.]+)\")"),
        s(R"( data-series="([^"]*)\")");
    for (std::sregex_iterator it(svg.begin(), svg.end(), rect), end; it != end; ++it) {
        const std::string tag = it->str();
        std::smatch m;
        Rect r;
        if (std::regex_search(tag, m, w)) r.width = std::stod(m[1]);
        if (std::regex_search(tag, m, h)) r.height = std::stod(m[1]);
        if (std::regex_search(tag, m, v)) r.value = std::stod(m[1]);
        if (std::regex_search(tag, m, s)) r.series = m[1];
        out.push_back(r);
    }
    return out;
}

}  // namespace

TEST(AtlasCharts, BarLengthsAreProportionalToTheValues) {
    ra::BarChart c{"top", "Les 3 premiers", "Les 3 premiers : a 80, b 40, c 20", 100, {}};
    c.bars = {{"a <b>", 80, "80", "#1a9850", "sites/a.html"}, {"b", 40, "40", "#fee08b", ""}, {"c", 20, "20", "#d73027", ""}};
    const std::string svg = ra::bar_chart_svg(c);
    const auto r = bars(svg);
    ASSERT_EQ(r.size(), 3U);
    EXPECT_DOUBLE_EQ(r[0].value, 80);
    EXPECT_NEAR(r[0].width / r[1].width, 2.0, 1e-3);
    EXPECT_NEAR(r[1].width / r[2].width, 2.0, 1e-3);
    EXPECT_NE(svg.find("role=\"img\""), std::string::npos);
    EXPECT_NE(svg.find("<title id=\"top-t\">Les 3 premiers</title>"), std::string::npos);
    EXPECT_NE(svg.find("<desc id=\"top-d\">Les 3 premiers : a 80, b 40, c 20</desc>"), std::string::npos);
    EXPECT_NE(svg.find("a &lt;b&gt;"), std::string::npos);  // labels escaped
    EXPECT_EQ(svg.find("a <b>"), std::string::npos);
    EXPECT_NE(svg.find("<a href=\"sites/a.html\">"), std::string::npos);
    EXPECT_EQ(svg, ra::bar_chart_svg(c));  // same data, same bytes
}

TEST(AtlasCharts, LongLabelsAreCutWithAnEllipsisAndKeptWholeInTheTooltip) {
    const std::string name(60, 'x');
    ra::BarChart c{"l", "t", "d", 0, {{name, 1, "1", "#000", ""}}};
    const std::string svg = ra::bar_chart_svg(c);
    EXPECT_NE(svg.find(std::string(43, 'x') + "…"), std::string::npos);
    EXPECT_NE(svg.find("<title>" + name + " : 1</title>"), std::string::npos);
}

TEST(AtlasCharts, StackedBarsAddUpAndSkipZeros) {
    ra::StackedChart c;
    c.id = "s";
    c.title = "ha";
    c.unit = "ha";
    c.series = {{"p", "potentielle", "#aaa"}, {"s", "sans projet", "#f80"}};
    c.bars = {{"CC A", "", {30, 10}, "40"}, {"CC B", "", {0, 20}, "20"}};
    const auto r = bars(ra::stacked_chart_svg(c));
    ASSERT_EQ(r.size(), 3U);  // the zero segment is not drawn
    EXPECT_EQ(r[2].series, "s");
    EXPECT_NEAR((r[0].width + r[1].width) / r[2].width, 2.0, 1e-3);
    EXPECT_NEAR(r[0].width / r[1].width, 3.0, 1e-3);
}

TEST(AtlasCharts, HistogramHeightsFollowTheCounts) {
    ra::Histogram h;
    h.id = "h";
    h.series = {{"A", "A", "#0a0"}, {"B", "B", "#aa0"}};
    h.counts.assign(20, std::vector<long long>(2, 0));
    h.counts[15] = {3, 1};
    h.counts[12] = {0, 6};
    h.marks = {{75, "A ≥ 75"}};
    const std::string svg = ra::histogram_svg(h);
    const auto r = bars(svg);
    ASSERT_EQ(r.size(), 3U);
    long long total = 0;
    for (const auto& x : r) total += static_cast<long long>(x.value);
    EXPECT_EQ(total, 10);
    EXPECT_NEAR(r[0].height / r[1].height, 2.0, 1e-3);  // bin 12 (6 of B), then bin 15 (3 of A)
    EXPECT_NE(svg.find("class=\"mark\""), std::string::npos);
    // Ticks are whole counts: the axis of 6 sites has steps of 2.
    EXPECT_NE(svg.find(">8</text>"), std::string::npos);
    EXPECT_EQ(svg.find(",5</text>"), std::string::npos);
}
