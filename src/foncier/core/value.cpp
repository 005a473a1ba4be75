#include "foncier/core/value.hpp"

#include <charconv>
#include <cmath>
#include <string>

namespace foncier {

std::string to_text(const Value& v) {
    struct Visitor {
        std::string operator()(std::monostate) const { return {}; }
        std::string operator()(std::int64_t i) const { return std::to_string(i); }
        std::string operator()(double d) const {
            char buf[64];
            auto res = std::to_chars(buf, buf + sizeof buf, d);
            return {buf, res.ptr};
        }
        std::string operator()(const std::string& s) const { return s; }
    };
    return std::visit(Visitor{}, v);
}

std::string trim(std::string_view text) {
    const auto b = text.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    const auto e = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(b, e - b + 1));
}

double round_to(double v, int decimals) {
    const double f = std::pow(10.0, decimals);
    return std::round(v * f) / f;
}

std::optional<double> to_number(const Value& v) {
    if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&v)) return *d;
    const auto* s = std::get_if<std::string>(&v);
    if (s == nullptr) return std::nullopt;
    std::string clean;
    for (char c : *s) {
        if (c == ' ') continue;
        clean.push_back(c == ',' ? '.' : c);
    }
    if (clean.empty()) return std::nullopt;
    double out = 0.0;
    auto [ptr, ec] = std::from_chars(clean.data(), clean.data() + clean.size(), out);
    if (ec != std::errc{} || ptr != clean.data() + clean.size()) return std::nullopt;
    return out;
}

}  // namespace foncier
