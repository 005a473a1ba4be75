#include "foncier/screen/arguments.hpp"

#include <cmath>
#include <cstdlib>
#include <optional>

#include "foncier/core/error.hpp"

namespace foncier::screen {

namespace {

/// The whole of `text` as a finite number, or nothing ("12abc", "", "nan" and "inf" are not).
std::optional<double> number(const std::string& text) {
    if (text.empty()) return std::nullopt;
    const char* begin = text.c_str();
    char* end = nullptr;
    const double v = std::strtod(begin, &end);
    if (end != begin + text.size() || !std::isfinite(v)) return std::nullopt;
    return v;
}

bool only(const std::string& text, const char* allowed) {
    return !text.empty() && text.find_first_not_of(allowed) == std::string::npos;
}

}  // namespace

std::pair<std::string, double> parse_bound(const std::string& text) {
    const auto eq = text.find('=');
    const auto value = eq == std::string::npos ? std::nullopt : number(text.substr(eq + 1));
    if (eq == 0 || !value) throw ConfigError("'" + text + "' is not FIELD=NUMBER, e.g. surf_ha=2");
    return {text.substr(0, eq), *value};
}

std::pair<XY, double> parse_near(const std::string& text) {
    const auto comma = text.find(',');
    const auto colon = text.rfind(':');
    const auto form = [&] {
        return ConfigError("--near '" + text + "' is not LON,LAT:METRES in WGS 84 degrees, e.g. 6.12,48.77:3000");
    };
    if (comma == std::string::npos || colon == std::string::npos || colon < comma) throw form();
    const auto lon = number(text.substr(0, comma));
    const auto lat = number(text.substr(comma + 1, colon - comma - 1));
    const auto metres = number(text.substr(colon + 1));
    if (!lon || !lat || !metres) throw form();
    if (std::abs(*lon) > 180.0 || std::abs(*lat) > 90.0) {
        throw ConfigError("--near '" + text + "': longitude must lie in [-180, 180] and latitude in [-90, 90] "
                          "(WGS 84 degrees, longitude first)");
    }
    if (*metres <= 0.0) throw ConfigError("--near '" + text + "': the radius must be more than 0 metres");
    return {XY{*lon, *lat}, *metres};
}

QueryOptions::NearLayer parse_near_layer(const std::string& text) {
    const auto first = text.find(':');
    const auto last = text.rfind(':');
    const auto metres = first == std::string::npos ? std::nullopt : number(text.substr(last + 1));
    if (!metres || first == 0) {
        throw ConfigError("--near-layer '" + text + "' is not LAYER[:NAME]:METRES, e.g. stations:Pompey:2000");
    }
    if (*metres <= 0.0) throw ConfigError("--near-layer '" + text + "': the distance must be more than 0 metres");
    return {text.substr(0, first), first == last ? std::string{} : text.substr(first + 1, last - first - 1), *metres};
}

void add_shortcuts(const Shortcuts& s, QueryOptions& options) {
    if (!s.epci.empty()) options.equals.emplace_back(only(s.epci, "0123456789") ? "epci" : "epci_nom", s.epci);
    if (!s.commune.empty()) {
        options.equals.emplace_back(only(s.commune, "0123456789AB") ? "insee" : "commune", s.commune);
    }
    if (!s.statut.empty()) options.equals.emplace_back("statut", s.statut);
    if (!s.type.empty()) options.equals.emplace_back("type", s.type);
    if (!s.classe.empty()) options.equals.emplace_back("classe", s.classe);
}

}  // namespace foncier::screen
