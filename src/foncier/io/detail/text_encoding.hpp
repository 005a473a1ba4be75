#pragma once
// Private to io: making every text value read valid UTF-8 (reader.cpp), and finding the NUL
// bytes that GDAL's C strings silently cut text at.

#include <cstddef>
#include <string>
#include <vector>

namespace foncier::io::detail {

/// Decodes the text of one file. `declared` is the encoding the file declares in GDAL's
/// naming ("CP1252", "UTF-8", "CP850"; "" when it declares none).
class TextDecoder {
public:
    enum class Outcome {
        unchanged,  ///< valid UTF-8 as read (ASCII, or UTF-8 where UTF-8 or nothing is declared)
        decoded,    ///< decoded from the declared legacy encoding, as it should be
        recoded,    ///< not valid UTF-8 although UTF-8 (or nothing) is declared: decoded from Windows-1252
        kept_utf8,  ///< valid UTF-8 beyond ASCII although a legacy encoding is declared: kept as is
    };

    explicit TextDecoder(std::string declared);

    /// Makes `text` valid UTF-8 in place; says what it did.
    Outcome fix(std::string& text) const;

    [[nodiscard]] bool legacy() const noexcept { return m_kind != Kind::utf8; }
    /// The encoding `recoded` values were decoded from.
    [[nodiscard]] static const char* fallback() noexcept { return "Windows-1252"; }

private:
    enum class Kind { utf8, windows1252, other };
    std::string m_declared;
    Kind m_kind = Kind::utf8;
};

/// Whether the file starts as UTF-16 text does (a byte-order mark, or every other byte NUL):
/// what a spreadsheet's "Unicode text" export writes, which GDAL does not read.
[[nodiscard]] bool looks_utf16(const std::string& path);

/// Where a local text file (CSV, GeoJSON) holds NUL bytes, or (`json`) \u0000 escapes: GDAL
/// reads text as C strings and drops what follows them. At most `max_lines` line numbers
/// (from 1, in order); `count` gets every occurrence. A file that cannot be read gives none
/// (opening it reports the problem).
[[nodiscard]] std::vector<std::size_t> nul_lines(const std::string& path, bool json, std::size_t max_lines,
                                                 std::size_t& count);

}  // namespace foncier::io::detail
