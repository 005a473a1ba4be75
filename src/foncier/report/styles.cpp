#include "foncier/report/styles.hpp"

#include "foncier/report/schema.hpp"

namespace foncier::report {

namespace detail {
// Generated from styles/*.qml and styles/*.sld (tools/cmake/Embed.cmake): {stem, content}.
const std::vector<std::pair<std::string_view, std::string_view>>& qml_files();
const std::vector<std::pair<std::string_view, std::string_view>>& sld_files();
}  // namespace detail

const std::vector<Style>& styles() {
    static const std::vector<Style> all = [] {
        std::vector<Style> out;
        for (const auto& [name, qml] : detail::qml_files()) {
            Style s{name, qml, {}};
            for (const auto& [sld_name, sld] : detail::sld_files()) {
                if (sld_name == name) s.sld = sld;
            }
            out.push_back(s);
        }
        return out;
    }();
    return all;
}

std::optional<Style> default_style(std::string_view layer) {
    for (const auto& s : styles()) {
        if (s.name == layer) return s;
    }
    return std::nullopt;
}

std::vector<Style> alternative_styles(std::string_view layer) {
    std::vector<Style> out;
    for (const auto& s : styles()) {
        if (s.name.size() <= layer.size() + 1 || s.name.substr(0, layer.size()) != layer || s.name[layer.size()] != '_') {
            continue;
        }
        // "sites_pt" and "communes_delta" are layers of their own, not variants of "sites"
        // and "communes".
        bool is_layer = false;
        for (const auto* names : {&layer_names(), &diff_layer_names()}) {
            for (const auto& name : *names) is_layer = is_layer || name == s.name;
        }
        if (!is_layer) out.push_back(s);
    }
    return out;
}

}  // namespace foncier::report
