#pragma once
// Inline SVG charts written by hand (no JavaScript chart library): horizontal bars,
// stacked horizontal bars, and a stacked histogram. Every chart is an <svg role="img"> with
// a <title> and a <desc> that states the data in words, and every bar a <rect class="bar">
// carrying its value in data-value (what the browser tests compare with the data files) and
// a <title> tooltip. Output depends on the inputs only: same data, same bytes.

#include <string>
#include <vector>

namespace foncier::report::atlas {

struct Bar {
    std::string label;       ///< shown left of the bar (cut with "…" when long, full in the tooltip)
    double value = 0.0;
    std::string value_text;  ///< shown right of the bar, e.g. "64,3" or "12,5 %"
    std::string colour;      ///< CSS colour
    std::string href;        ///< optional link of the label and bar
};

struct BarChart {
    std::string id;     ///< unique in the page: ids of the title and desc derive from it
    std::string title;
    std::string desc;   ///< the data in words (screen readers)
    double max = 0.0;   ///< axis end; 0: the largest value
    std::vector<Bar> bars;
};

struct Series {
    std::string key;    ///< data-series of its rects
    std::string label;  ///< legend
    std::string colour;
};

struct StackedBar {
    std::string label;
    std::string href;
    std::vector<double> values;  ///< one per series
    std::string total_text;      ///< shown right of the bar
};

struct StackedChart {
    std::string id, title, desc;
    std::string unit;  ///< tooltip unit, e.g. "ha"
    std::vector<Series> series;
    std::vector<StackedBar> bars;
};

/// Columns over a numeric axis, each column stacked by series (e.g. sites by score, by class).
struct Histogram {
    std::string id, title, desc;
    double from = 0.0, to = 100.0, step = 5.0;   ///< bins [from + k·step, from + (k+1)·step)
    std::vector<Series> series;
    std::vector<std::vector<long long>> counts;  ///< per bin, per series
    std::vector<std::pair<double, std::string>> marks;  ///< vertical dashed lines (class limits)
    std::string x_label;
};

[[nodiscard]] std::string bar_chart_svg(const BarChart& chart);
[[nodiscard]] std::string stacked_chart_svg(const StackedChart& chart);
[[nodiscard]] std::string histogram_svg(const Histogram& chart);

}  // namespace foncier::report::atlas
