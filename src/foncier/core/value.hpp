#pragma once
// Attribute values as read from any source and written to any format.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <boost/container/flat_map.hpp>

namespace foncier {

/// A null, integer, real or string attribute value.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;

/// A feature's values by field name, in name order. A sorted vector rather than a std::map:
/// one allocation per feature instead of one per field (the national friches layer: 100 000
/// rows of 10 fields). Insertions move the entries after the new one.
using Attributes = boost::container::flat_map<std::string, Value>;

[[nodiscard]] inline bool is_null(const Value& v) noexcept {
    return std::holds_alternative<std::monostate>(v);
}

/// Text form of a value; null gives "". Reals use the shortest exact representation.
[[nodiscard]] std::string to_text(const Value& v);

/// `text` without leading and trailing spaces, tabs and line ends.
[[nodiscard]] std::string trim(std::string_view text);

/// A comparison key for names typed by people: lower case, French accents removed, only
/// letters and digits kept ("Pont-à-Mousson" and "pont a mousson" give the same key).
[[nodiscard]] std::string fold(std::string_view text);

/// A string value, or null when the text is empty.
[[nodiscard]] inline Value text_or_null(const std::string& text) { return text.empty() ? Value{} : Value{text}; }

/// `v` rounded to `decimals` decimals (outputs stay readable and stable across platforms'
/// last-bit noise).
[[nodiscard]] double round_to(double v, int decimals);

/// Numeric form of a value: integers and reals as is, strings parsed ("1 234,5" is accepted,
/// as French spreadsheets write it); null or unparsable text gives nullopt.
[[nodiscard]] std::optional<double> to_number(const Value& v);

}  // namespace foncier
