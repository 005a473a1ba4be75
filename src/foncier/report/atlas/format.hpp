#pragma once
// French number, surface and date formats for the atlas ("1 234,5 ha", "12,3 %",
// "10/03/2024") and the HTML escaping every page uses. One convention everywhere: the
// thousands separator is U+202F (narrow no-break space), the decimal mark a comma, and a
// number is tied to its unit by U+00A0 (no-break space), so "12,3 ha" never breaks.

#include <optional>
#include <string>
#include <string_view>

namespace foncier::report::atlas {

inline constexpr std::string_view thin_space = "\u202F";  ///< thousands separator, before %
inline constexpr std::string_view nbsp = "\u00A0";        ///< between a number and its unit

/// `value` with exactly `decimals` decimals, French style: "1 234,5", "−3,2" (U+2212).
[[nodiscard]] std::string fr_number(double value, int decimals = 0);
/// Hectares: "1 234,5 ha" (one decimal; two below 10 ha so a 0,45 ha site does not read 0,5).
[[nodiscard]] std::string fr_ha(double hectares);
/// A share 0..1 as a percentage: "12,3 %".
[[nodiscard]] std::string fr_share(double share, int decimals = 1);
/// A percentage 0..100: "12,3 %".
[[nodiscard]] std::string fr_percent(double percent, int decimals = 1);
/// Metres as a distance: "850 m", "4,2 km".
[[nodiscard]] std::string fr_distance(double metres);
/// "2024-03-10" -> "10/03/2024", "2024-11" -> "11/2024"; anything else as given.
[[nodiscard]] std::string fr_date(std::string_view iso);
/// A count with its noun, plural with an s: "1 site", "74 sites", "0 site".
[[nodiscard]] std::string fr_count(long long n, std::string_view singular, std::string_view plural = {});

/// `text` with its first letter in upper case (French accented letters included).
[[nodiscard]] std::string capitalised(std::string_view text);
/// Text escaped for HTML content and attribute values (& < > " ').
[[nodiscard]] std::string esc(std::string_view text);
/// Text as a JSON string literal, safe inside a <script> element (< and > escaped).
[[nodiscard]] std::string json_string(std::string_view text);
/// A number for JSON/SVG: fixed `decimals`, trailing zeros trimmed, "-0" written "0".
[[nodiscard]] std::string plain_number(double value, int decimals);

/// A file name made of the id's letters, digits, '-', '_' and '.', others replaced by '_'.
[[nodiscard]] std::string file_stem(std::string_view id);

}  // namespace foncier::report::atlas
