#include "foncier/io/detail/text_encoding.hpp"

#include <cpl_string.h>
#include <cpl_vsi.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>

#include "foncier/core/utf8.hpp"

namespace foncier::io::detail {

namespace {

// "CP1252", "windows-1252", "ISO-8859-1" -> "CP1252", "WINDOWS1252", "ISO88591".
std::string squeezed(const std::string& name) {
    std::string out;
    for (const char c : name) {
        if (std::isalnum(static_cast<unsigned char>(c)) != 0) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return out;
}

}  // namespace

TextDecoder::TextDecoder(std::string declared) : m_declared(std::move(declared)) {
    const std::string name = squeezed(m_declared);
    if (name.empty() || name == "UTF8" || name == "65001") {
        m_kind = Kind::utf8;
    } else if (name == "CP1252" || name == "WINDOWS1252" || name == "1252" || name == "ANSI1252" ||
               name == "ISO88591" || name == "LATIN1" || name == "88591") {
        // GDAL names the DBF language driver 0x57 ("ANSI") ISO-8859-1, but the files that carry
        // it come from French Windows (œ, €, ’ in 0x80..0x9F): decode as Windows-1252, as the
        // WHATWG encoding standard does for every ISO-8859-1 label.
        m_kind = Kind::windows1252;
    } else {
        m_kind = Kind::other;
    }
}

TextDecoder::Outcome TextDecoder::fix(std::string& text) const {
    if (is_ascii(text)) return Outcome::unchanged;
    const bool utf8 = is_valid_utf8(text);
    if (m_kind == Kind::utf8) {
        if (utf8) return Outcome::unchanged;
        text = windows1252_to_utf8(text);
        return Outcome::recoded;
    }
    // Legacy bytes are almost never valid UTF-8 by chance ("Ã©" would be): valid UTF-8 beyond
    // ASCII means the declaration is wrong for this value.
    if (utf8) return Outcome::kept_utf8;
    if (m_kind == Kind::other) {
        std::unique_ptr<char, decltype(&CPLFree)> decoded(CPLRecode(text.c_str(), m_declared.c_str(), CPL_ENC_UTF8),
                                                          &CPLFree);
        if (decoded && is_valid_utf8(decoded.get())) {
            text = decoded.get();
            return Outcome::decoded;
        }
        // An encoding iconv does not know: the likeliest one for French data.
        text = windows1252_to_utf8(text);
        return Outcome::recoded;
    }
    text = windows1252_to_utf8(text);
    return Outcome::decoded;
}

bool looks_utf16(const std::string& path) {
    unsigned char head[64] = {};
    std::size_t got = 0;
    if (VSILFILE* fp = VSIFOpenL(path.c_str(), "rb")) {
        got = VSIFReadL(head, 1, sizeof head, fp);
        VSIFCloseL(fp);
    }
    if (got >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF))) return true;
    // ASCII in UTF-16 without a byte-order mark: a NUL beside every character.
    std::size_t even = 0, odd = 0;
    for (std::size_t i = 0; i + 1 < got; i += 2) {
        even += head[i] == 0 ? 1U : 0U;
        odd += head[i + 1] == 0 ? 1U : 0U;
    }
    return got >= 8 && (even == got / 2 || odd == got / 2);
}

std::vector<std::size_t> nul_lines(const std::string& path, bool json, std::size_t max_lines, std::size_t& count) {
    count = 0;
    std::vector<std::size_t> lines;
    VSILFILE* fp = VSIFOpenL(path.c_str(), "rb");
    if (fp == nullptr) return lines;
    // Read in chunks; the last bytes of each chunk are kept before the next, so that a
    // \u0000 across two chunks is seen (once: only matches ending in the new bytes count).
    constexpr std::size_t k_chunk = std::size_t{1} << 20;
    constexpr std::size_t k_carry = 16;
    std::string buf;
    std::size_t line_at_start = 1;  // line number of buf[0]
    auto note = [&](std::size_t at) {
        ++count;
        if (lines.size() >= max_lines) return;
        const std::size_t line = line_at_start + static_cast<std::size_t>(std::count(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
        if (std::find(lines.begin(), lines.end(), line) == lines.end()) lines.push_back(line);
    };
    for (;;) {
        const std::size_t carry = buf.size();
        buf.resize(carry + k_chunk);
        const std::size_t got = VSIFReadL(buf.data() + carry, 1, k_chunk, fp);
        buf.resize(carry + got);
        if (got == 0) break;
        for (const char* p = buf.data() + carry; (p = static_cast<const char*>(std::memchr(p, 0, static_cast<std::size_t>(buf.data() + buf.size() - p)))) != nullptr; ++p) {
            note(static_cast<std::size_t>(p - buf.data()));
        }
        if (json) {
            for (std::size_t at = buf.find("\\u0000"); at != std::string::npos; at = buf.find("\\u0000", at + 1)) {
                if (at + 6 <= carry) continue;  // seen with the previous chunk
                // An escape only when its backslash is not itself escaped ("\\u0000" is text).
                std::size_t slashes = 0;
                while (slashes < at && buf[at - 1 - slashes] == '\\') ++slashes;
                if (slashes % 2 == 0) note(at);
            }
        }
        const std::size_t keep = std::min(k_carry, buf.size());
        line_at_start += static_cast<std::size_t>(std::count(buf.begin(), buf.end() - static_cast<std::ptrdiff_t>(keep), '\n'));
        buf.erase(0, buf.size() - keep);
    }
    VSIFCloseL(fp);
    std::sort(lines.begin(), lines.end());
    return lines;
}

}  // namespace foncier::io::detail
