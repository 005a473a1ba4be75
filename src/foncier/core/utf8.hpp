#pragma once
// UTF-8 checks and the one legacy decoding every source falls back to. Every text value
// foncier reads is made valid UTF-8 before it reaches the model (io::read_layer), because
// every output format (GeoPackage, GeoJSON, the Shapefile copies' UTF-8 .dbf) requires it.

#include <cstddef>
#include <string>
#include <string_view>

namespace foncier {

/// Whether `text` is well-formed UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing
/// above U+10FFFF).
[[nodiscard]] bool is_valid_utf8(std::string_view text) noexcept;

/// Whether every byte of `text` is below 0x80 (ASCII reads the same in every encoding).
[[nodiscard]] bool is_ascii(std::string_view text) noexcept;

/// `text` decoded from Windows-1252 (the ANSI code page of French Windows; what ISO-8859-1
/// labels mean in practice, as in the WHATWG encoding standard) into UTF-8. Total: the five
/// bytes 1252 leaves undefined become U+0081, U+008D, U+008F, U+0090, U+009D.
[[nodiscard]] std::string windows1252_to_utf8(std::string_view text);

/// The longest prefix of valid UTF-8 `text` of at most `max_bytes` bytes that does not cut a
/// character in two.
[[nodiscard]] std::size_t utf8_prefix_length(std::string_view text, std::size_t max_bytes) noexcept;

}  // namespace foncier
