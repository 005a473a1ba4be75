#include "foncier/ingest/text.hpp"

#include <cstdint>
#include <cstdio>

#include "foncier/core/utf8.hpp"
#include "foncier/ingest/fields.hpp"

namespace foncier::ingest::detail {

namespace {

// "feature 54430_1, field 'nom'" / "the field name 'surface déclarée'".
std::string example_of(const io::TextReport& r, const io::LayerData& data, const LayerUse& use) {
    if (r.example_feature >= data.features.size()) return "the field name '" + r.example_field + "'";
    const io::Feature& f = data.features[r.example_feature];
    const std::string id_field = use.field("id");
    const std::string id = data.has_field(id_field) ? feature_id(f, id_field) : "#" + std::to_string(f.fid);
    return "feature " + id + ", field '" + r.example_field + "'";
}

std::string plural(std::size_t n, const std::string& word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
}

std::string fnv1a_hex(const std::string& text) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : text) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

}  // namespace

void report_text(const io::LayerData& data, const LayerUse& use, IssueSink& sink) {
    for (const io::TextReport& r : data.text) {
        const std::string file = "'" + r.path + "' (layer '" + data.layer + "')";
        const bool shapefile = r.shapefile;
        if (r.recoded > 0 || r.kept_utf8 > 0) {
            const std::size_t cut = utf8_prefix_length(r.example_value, 80);
            const std::string example = " (first: " + example_of(r, data, use) + ", read as '" +
                                        r.example_value.substr(0, cut) +
                                        (cut < r.example_value.size() ? "..." : "") + "')";
            std::string message;
            std::string action;
            if (r.recoded > 0) {
                const bool utf8 = r.declared.find("UTF") != std::string::npos || r.declared.find("utf") != std::string::npos;
                if (r.declared.empty() || utf8) {
                    const std::string declared =
                        r.declared.empty()
                            ? (shapefile ? "it declares no encoding (no .cpg file, no language driver byte)"
                                         : "the file declares no other encoding")
                            : r.declared_by + " declares " + r.declared;
                    message = plural(r.recoded, "text value") + " of " + file + " are not valid UTF-8 although " +
                              declared;
                } else {
                    // An encoding iconv does not know ("FOO" in a .cpg).
                    message = plural(r.recoded, "text value") + " of " + file + " cannot be decoded from " +
                              r.declared + ", which " + r.declared_by + " declares";
                }
                action = "decoded as " + r.recoded_from + "; " +
                         (shapefile ? "put the right encoding in a .cpg file beside the .shp (1252 for Windows-1252)"
                                    : "save the file as UTF-8");
            }
            if (r.kept_utf8 > 0) {
                message += std::string(message.empty() ? "" : "; ") + plural(r.kept_utf8, "text value") + " of " +
                           file + " are UTF-8 although " + r.declared_by + " declares " + r.declared;
                action += std::string(action.empty() ? "" : "; ") +
                          "UTF-8 kept; fix the declaration (a .cpg file holding UTF-8 beside the .shp)";
            }
            sink.report({use.dataset.key, "", IssueKind::encoding, Severity::warning, message + example, action, {}});
        }
        if (r.nul_count > 0) {
            std::string lines;
            for (const std::size_t line : r.nul_lines) lines += (lines.empty() ? "" : ", ") + std::to_string(line);
            if (r.nul_count > r.nul_lines.size()) lines += ", ...";
            sink.report({use.dataset.key, "", IssueKind::encoding, Severity::error,
                         plural(r.nul_count, "NUL character") + " in " + file + " (line " + lines +
                             "): text is read only up to a NUL, so the rest of " +
                             (r.path.ends_with(".csv") || r.path.ends_with(".tsv") ? "that line" : "that text value") +
                             " is lost",
                         "read as cut; remove the NUL characters from the source (tr -d '\\000' < in > out)", {}});
        }
    }
}

std::string shortened_id(const std::string& id) {
    if (id.size() <= k_max_id_bytes) return id;
    const std::string suffix = "~" + fnv1a_hex(id);
    return id.substr(0, utf8_prefix_length(id, k_max_id_bytes - suffix.size())) + suffix;
}

SafeId safe_id(const std::string& id) {
    SafeId out;
    std::size_t controls = 0;
    for (const char c : id) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7F) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\x%02X", u);
            out.id += buf;
            ++controls;
        } else {
            out.id += c;
        }
    }
    if (controls > 0) out.change = plural(controls, "control character") + " written as \\xNN";
    if (out.id.size() > k_max_id_bytes) {
        const std::size_t bytes = out.id.size();
        out.id = shortened_id(out.id);
        out.change += std::string(out.change.empty() ? "" : "; ") + "shortened from " + std::to_string(bytes) +
                      " bytes to " + std::to_string(out.id.size()) + " (a Shapefile field holds " +
                      std::to_string(k_max_id_bytes) + "), the same in every output format";
    }
    return out;
}

}  // namespace foncier::ingest::detail
