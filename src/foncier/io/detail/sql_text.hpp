#pragma once
// Private to io: SQL text for statements io writes itself (SQLite, GeoPackage).

#include <string>

namespace foncier::io::detail {

/// `name` as an SQL identifier: in double quotes, its double quotes doubled.
[[nodiscard]] inline std::string sql_identifier(const std::string& name) {
    std::string out = "\"";
    for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

/// `text` as an SQL string literal: in single quotes, its single quotes doubled.
[[nodiscard]] inline std::string sql_literal(const std::string& text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

}  // namespace foncier::io::detail
