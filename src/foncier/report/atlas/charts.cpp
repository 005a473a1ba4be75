#include "foncier/report/atlas/charts.hpp"

#include <algorithm>
#include <cmath>

#include "foncier/report/atlas/format.hpp"

namespace foncier::report::atlas {

namespace {

// Geometry of the charts, in SVG user units (the viewBox scales them to the page width).
constexpr double width = 760;
constexpr double label_width = 300;  // left column for the labels
constexpr double value_width = 90;   // right column for the values
constexpr double row = 22;           // one bar per row
constexpr double bar_height = 15;

std::string n(double v) { return plain_number(v, 2); }

// Cuts a label to `max` code points, with an ellipsis.
std::string cut(const std::string& s, std::size_t max) {
    std::size_t points = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if ((static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) continue;
        if (points == max - 1) {
            bool more = false;
            for (std::size_t j = i; j < s.size(); ++j) more = more || (static_cast<unsigned char>(s[j]) & 0xC0) != 0x80;
            // Only cut when at least two code points are left (one would fit as well as "…").
            std::size_t left = 0;
            for (std::size_t j = i; j < s.size(); ++j) left += (static_cast<unsigned char>(s[j]) & 0xC0) != 0x80 ? 1U : 0U;
            if (more && left > 1) return s.substr(0, i) + "…";
            return s;
        }
        ++points;
    }
    return s;
}

std::string open_svg(const std::string& id, const std::string& title, const std::string& desc, double height,
                     const std::string& kind) {
    return "<svg class=\"chart chart-" + kind + "\" id=\"" + esc(id) + "\" viewBox=\"0 0 " + n(width) + " " + n(height) +
           "\" role=\"img\" aria-labelledby=\"" + esc(id) + "-t " + esc(id) + "-d\">\n" +
           "<title id=\"" + esc(id) + "-t\">" + esc(title) + "</title>\n<desc id=\"" + esc(id) + "-d\">" + esc(desc) +
           "</desc>\n";
}

std::string label_text(const std::string& label, const std::string& href, double y) {
    std::string t = "<text class=\"label\" x=\"" + n(label_width - 8) + "\" y=\"" + n(y) + "\" text-anchor=\"end\">" +
                    esc(cut(label, 44)) + "</text>";
    if (!href.empty()) t = "<a href=\"" + esc(href) + "\">" + t + "</a>";
    return t + "\n";
}

std::string legend(const std::vector<Series>& series, double y) {
    std::string out = "<g class=\"legend\">\n";
    double x = 10;
    for (const auto& s : series) {
        out += "<rect x=\"" + n(x) + "\" y=\"" + n(y - 10) + "\" width=\"12\" height=\"12\" fill=\"" + esc(s.colour) +
               "\"/><text x=\"" + n(x + 17) + "\" y=\"" + n(y) + "\">" + esc(s.label) + "</text>\n";
        // A rough advance: 6.5 units per character of the label at the chart's font size.
        x += 32 + 6.5 * static_cast<double>(s.label.size());
        if (x > width - 120) {
            x = 10;
            y += 18;
        }
    }
    return out + "</g>\n";
}

double legend_height(const std::vector<Series>& series) {
    double x = 10;
    double lines = 1;
    for (const auto& s : series) {
        x += 32 + 6.5 * static_cast<double>(s.label.size());
        if (x > width - 120) {
            x = 10;
            ++lines;
        }
    }
    return 18 * lines + 8;
}

}  // namespace

std::string bar_chart_svg(const BarChart& c) {
    double max = c.max;
    for (const auto& b : c.bars) max = std::max(max, b.value);
    if (max <= 0) max = 1;
    const double plot = width - label_width - value_width;
    const double height = row * static_cast<double>(c.bars.size()) + 12;
    std::string out = open_svg(c.id, c.title, c.desc, height, "bars");
    double y = 6;
    for (const auto& b : c.bars) {
        out += label_text(b.label, b.href, y + bar_height - 3);
        const double w = std::max(0.0, b.value) / max * plot;
        std::string rect = "<rect class=\"bar\" x=\"" + n(label_width) + "\" y=\"" + n(y) + "\" width=\"" + n(w) +
                           "\" height=\"" + n(bar_height) + "\" fill=\"" + esc(b.colour) + "\" data-label=\"" +
                           esc(b.label) + "\" data-value=\"" + plain_number(b.value, 4) + "\"><title>" + esc(b.label) +
                           " : " + esc(b.value_text) + "</title></rect>";
        if (!b.href.empty()) rect = "<a href=\"" + esc(b.href) + "\">" + rect + "</a>";
        out += rect + "\n<text class=\"value\" x=\"" + n(label_width + w + 5) + "\" y=\"" + n(y + bar_height - 3) + "\">" +
               esc(b.value_text) + "</text>\n";
        y += row;
    }
    return out + "</svg>\n";
}

std::string stacked_chart_svg(const StackedChart& c) {
    double max = 0;
    for (const auto& b : c.bars) {
        double total = 0;
        for (double v : b.values) total += std::max(0.0, v);
        max = std::max(max, total);
    }
    if (max <= 0) max = 1;
    const double plot = width - label_width - value_width;
    const double top = legend_height(c.series);
    const double height = top + row * static_cast<double>(c.bars.size()) + 10;
    std::string out = open_svg(c.id, c.title, c.desc, height, "stacked");
    out += legend(c.series, 16);
    double y = top;
    for (const auto& b : c.bars) {
        out += label_text(b.label, b.href, y + bar_height - 3);
        double x = label_width;
        for (std::size_t s = 0; s < c.series.size() && s < b.values.size(); ++s) {
            const double v = std::max(0.0, b.values[s]);
            if (v <= 0) continue;
            const double w = v / max * plot;
            out += "<rect class=\"bar\" x=\"" + n(x) + "\" y=\"" + n(y) + "\" width=\"" + n(w) + "\" height=\"" +
                   n(bar_height) + "\" fill=\"" + esc(c.series[s].colour) + "\" data-label=\"" + esc(b.label) +
                   "\" data-series=\"" + esc(c.series[s].key) + "\" data-value=\"" + plain_number(v, 4) + "\"><title>" +
                   esc(b.label) + ", " + esc(c.series[s].label) + " : " + fr_number(v, 1) + std::string(nbsp) +
                   esc(c.unit) + "</title></rect>\n";
            x += w;
        }
        out += "<text class=\"value\" x=\"" + n(x + 5) + "\" y=\"" + n(y + bar_height - 3) + "\">" + esc(b.total_text) +
               "</text>\n";
        y += row;
    }
    return out + "</svg>\n";
}

std::string histogram_svg(const Histogram& c) {
    const double left = 50, right = 20, top = legend_height(c.series) + 10, plot_h = 200, bottom = 44;
    const double height = top + plot_h + bottom;
    const double plot_w = width - left - right;
    const auto bins = static_cast<std::size_t>(std::ceil((c.to - c.from) / c.step));
    long long max = 0;
    for (const auto& bin : c.counts) {
        long long total = 0;
        for (long long v : bin) total += v;
        max = std::max(max, total);
    }
    // Four grid steps of 1, 2 or 5 × 10^k sites, so every tick is a whole number.
    long long step = 1;
    for (long long base = 1;; base *= 10) {
        if (4 * base >= max) { step = base; break; }
        if (8 * base >= max) { step = 2 * base; break; }
        if (20 * base >= max) { step = 5 * base; break; }
    }
    const long long axis = 4 * step;
    std::string out = open_svg(c.id, c.title, c.desc, height, "histogram");
    out += legend(c.series, 16);
    const double x0 = left, y0 = top + plot_h;
    auto x_of = [&](double v) { return x0 + (v - c.from) / (c.to - c.from) * plot_w; };
    // Grid: 4 horizontal lines with their counts.
    for (int k = 0; k <= 4; ++k) {
        const double v = static_cast<double>(axis) * k / 4.0;
        const double y = y0 - plot_h * k / 4.0;
        out += "<line class=\"grid\" x1=\"" + n(x0) + "\" x2=\"" + n(x0 + plot_w) + "\" y1=\"" + n(y) + "\" y2=\"" + n(y) +
               "\"/><text class=\"tick\" x=\"" + n(x0 - 6) + "\" y=\"" + n(y + 4) + "\" text-anchor=\"end\">" +
               fr_number(v, 0) + "</text>\n";
    }
    const double bin_w = plot_w / static_cast<double>(bins);
    for (std::size_t b = 0; b < bins && b < c.counts.size(); ++b) {
        double y = y0;
        const double lo = c.from + c.step * static_cast<double>(b);
        for (std::size_t s = 0; s < c.series.size() && s < c.counts[b].size(); ++s) {
            const long long v = c.counts[b][s];
            if (v <= 0) continue;
            const double h = plot_h * static_cast<double>(v) / static_cast<double>(axis);
            y -= h;
            out += "<rect class=\"bar\" x=\"" + n(x_of(lo) + 1) + "\" y=\"" + n(y) + "\" width=\"" + n(bin_w - 2) +
                   "\" height=\"" + n(h) + "\" fill=\"" + esc(c.series[s].colour) + "\" data-bin=\"" + plain_number(lo, 2) +
                   "\" data-series=\"" + esc(c.series[s].key) + "\" data-value=\"" + std::to_string(v) + "\"><title>" +
                   fr_number(lo, 1) + "–" + fr_number(lo + c.step, 1) + ", " + esc(c.series[s].label) + " : " +
                   fr_count(v, "site") + "</title></rect>\n";
        }
    }
    std::size_t mark = 0;
    for (const auto& [v, label] : c.marks) {
        if (v <= c.from || v >= c.to) continue;
        // Alternate heights so that the labels of close limits do not overlap.
        const double ly = top + 6 + 13.0 * static_cast<double>(mark++ % 2);
        out += "<line class=\"mark\" x1=\"" + n(x_of(v)) + "\" x2=\"" + n(x_of(v)) + "\" y1=\"" + n(top - 4) + "\" y2=\"" +
               n(y0) + "\"/><text class=\"mark-label\" x=\"" + n(x_of(v) + 3) + "\" y=\"" + n(ly) + "\">" + esc(label) +
               "</text>\n";
    }
    out += "<line class=\"axis\" x1=\"" + n(x0) + "\" x2=\"" + n(x0 + plot_w) + "\" y1=\"" + n(y0) + "\" y2=\"" + n(y0) + "\"/>\n";
    for (double v = c.from; v <= c.to + 1e-9; v += c.step * 2) {
        out += "<text class=\"tick\" x=\"" + n(x_of(v)) + "\" y=\"" + n(y0 + 16) + "\" text-anchor=\"middle\">" +
               fr_number(v, 0) + "</text>\n";
    }
    out += "<text class=\"axis-label\" x=\"" + n(x0 + plot_w / 2) + "\" y=\"" + n(y0 + 36) + "\" text-anchor=\"middle\">" +
           esc(c.x_label) + "</text>\n";
    return out + "</svg>\n";
}

}  // namespace foncier::report::atlas
