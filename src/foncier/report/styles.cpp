#include "foncier/report/styles.hpp"

#include "foncier/report/schema.hpp"

namespace foncier::report {

namespace detail {
const std::vector<Style>& embedded_styles();  // generated: styles_data.cpp
}

const std::vector<Style>& styles() { return detail::embedded_styles(); }

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
        // "sites_pt" is a layer of its own, not a variant of "sites".
        bool is_layer = false;
        for (const auto& name : layer_names()) is_layer = is_layer || name == s.name;
        if (!is_layer) out.push_back(s);
    }
    return out;
}

}  // namespace foncier::report
