#include "foncier/report/atlas/format.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace foncier::report::atlas {

std::string fr_number(double value, int decimals) {
    if (!std::isfinite(value)) return "–";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(value));
    const std::string digits(buf);
    const auto dot = digits.find('.');
    const std::string whole = digits.substr(0, dot);
    std::string out;
    // Rounded to zero: no minus sign ("−0,0" reads as a mistake).
    bool zero = true;
    for (char c : digits) zero = zero && (c == '0' || c == '.');
    if (value < 0 && !zero) out += "\u2212";
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) out += thin_space;
        out += whole[i];
    }
    if (dot != std::string::npos) out += "," + digits.substr(dot + 1);
    return out;
}

std::string fr_ha(double hectares) {
    return fr_number(hectares, std::fabs(hectares) < 10 && hectares != 0 ? 2 : 1) + std::string(nbsp) + "ha";
}

std::string fr_share(double share, int decimals) { return fr_percent(share * 100.0, decimals); }

std::string fr_percent(double percent, int decimals) {
    return fr_number(percent, decimals) + std::string(thin_space) + "%";
}

std::string fr_distance(double metres) {
    if (std::fabs(metres) < 1000) return fr_number(metres, 0) + std::string(nbsp) + "m";
    return fr_number(metres / 1000.0, std::fabs(metres) < 10000 ? 1 : 0) + std::string(nbsp) + "km";
}

std::string fr_date(std::string_view iso) {
    auto digits = [&](std::size_t from, std::size_t n) {
        if (iso.size() < from + n) return false;
        for (std::size_t i = from; i < from + n; ++i) {
            if (iso[i] < '0' || iso[i] > '9') return false;
        }
        return true;
    };
    if (iso.size() == 10 && digits(0, 4) && iso[4] == '-' && digits(5, 2) && iso[7] == '-' && digits(8, 2)) {
        return std::string(iso.substr(8, 2)) + "/" + std::string(iso.substr(5, 2)) + "/" + std::string(iso.substr(0, 4));
    }
    if (iso.size() == 7 && digits(0, 4) && iso[4] == '-' && digits(5, 2)) {
        return std::string(iso.substr(5, 2)) + "/" + std::string(iso.substr(0, 4));
    }
    return std::string(iso);
}

std::string fr_count(long long n, std::string_view singular, std::string_view plural) {
    // French: 0 and 1 take the singular.
    const std::string noun(n > 1 || n < -1 ? (plural.empty() ? std::string(singular) + "s" : std::string(plural))
                                           : std::string(singular));
    return fr_number(static_cast<double>(n), 0) + std::string(nbsp) + noun;
}

std::string capitalised(std::string_view text) {
    std::string out(text);
    if (out.empty()) return out;
    if (out[0] >= 'a' && out[0] <= 'z') {
        out[0] = static_cast<char>(out[0] - 'a' + 'A');
        return out;
    }
    // Two-byte UTF-8 letters of Latin-1 (é U+00E9 -> É U+00C9): the second byte loses 0x20.
    const auto b1 = static_cast<unsigned char>(out[0]);
    if (out.size() > 1 && b1 == 0xC3) {
        const auto b2 = static_cast<unsigned char>(out[1]);
        if (b2 >= 0xA0 && b2 <= 0xBE && b2 != 0xB7) out[1] = static_cast<char>(b2 - 0x20);
    }
    return out;
}

std::string esc(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string json_string(std::string_view text) {
    std::string out = "\"";
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            case '<': out += "\\u003c"; break;
            case '>': out += "\\u003e"; break;
            default:
                if (u < 0x20) {
                    char buf[8];
                    std::snprintf(buf, sizeof buf, "\\u%04x", u);
                    out += buf;
                } else {
                    out += c;
                }
        }
    }
    return out + "\"";
}

std::string plain_number(double value, int decimals) {
    if (!std::isfinite(value)) return "null";
    // std::to_chars: the same exact rounding as printf's %.*f, without the locale and format
    // parsing (maps print millions of coordinates).
    char buf[400];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, decimals);
    if (ec != std::errc{}) return "null";
    std::string s(buf, end);
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    if (s == "-0") s = "0";
    return s;
}

std::string file_stem(std::string_view id) {
    std::string out;
    for (char c : id) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '_' || c == '.';
        out += ok ? c : '_';
    }
    if (out.empty() || out.front() == '.') out = "_" + out;
    return out;
}

}  // namespace foncier::report::atlas
