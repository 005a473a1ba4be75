#include "foncier/core/value.hpp"

#include <charconv>
#include <cctype>
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

std::string fold(std::string_view text) {
    static const std::pair<std::string_view, char> accents[] = {
        {"é", 'e'}, {"è", 'e'}, {"ê", 'e'}, {"ë", 'e'}, {"à", 'a'}, {"â", 'a'}, {"ä", 'a'}, {"ô", 'o'},
        {"ö", 'o'}, {"î", 'i'}, {"ï", 'i'}, {"ç", 'c'}, {"û", 'u'}, {"ù", 'u'}, {"ü", 'u'}, {"É", 'e'},
        {"È", 'e'}, {"À", 'a'}, {"Ô", 'o'}, {"Î", 'i'}, {"Ç", 'c'}};
    std::string out;
    for (std::size_t i = 0; i < text.size();) {
        bool replaced = false;
        for (const auto& [from, to] : accents) {
            if (text.substr(i, from.size()) == from) {
                out.push_back(to);
                i += from.size();
                replaced = true;
                break;
            }
        }
        if (replaced) continue;
        const auto c = static_cast<unsigned char>(text[i++]);
        if (std::isalnum(c) != 0) out.push_back(static_cast<char>(std::tolower(c)));
    }
    return out;
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
