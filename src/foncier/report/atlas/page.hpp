#pragma once
// The frame of every atlas page and the parts shared by the territory and EPCI pages.

#include <optional>
#include <string>
#include <vector>

#include "foncier/report/atlas/model.hpp"

namespace foncier::report::atlas {

/// What part of the territory a page covers.
struct Scope {
    std::optional<std::string> epci;  ///< an EPCI's siren, or the whole territory
    std::string root;                 ///< from the page to the atlas root: "" or "../"
    std::string name;                 ///< "Val de Lorraine", "CC du Bassin de Pompey"

    [[nodiscard]] bool contains(const Record& r) const { return !epci || r.text("epci") == *epci; }
};

struct PageSpec {
    std::string title;                      ///< <title> and <h1>
    std::string root;                       ///< "" or "../"
    std::string kind;                       ///< body class: territoire, epci, fiche
    std::vector<std::string> data_scripts;  ///< from the root: "data/territoire.js"
    std::vector<std::pair<std::string, std::string>> breadcrumb;  ///< label, href (from the root); last = this page
    std::vector<std::pair<std::string, std::string>> menu;        ///< in-page links: label, #anchor
};

/// A complete HTML document around `main`.
[[nodiscard]] std::string html_page(const Model& model, const PageSpec& spec, const std::string& main);

/// The banner naming every synthetic input and what rests on it (empty when none).
[[nodiscard]] std::string synthetic_banner(const Model& model);

/// The interactive map: the map element, and beside it the legend whose check boxes switch
/// the layers (they work as the layer control: one per layer).
[[nodiscard]] std::string map_section(const Model& model, const Scope& scope, const std::string& data_key);

/// An <h2> section: <section id=..><h2>title</h2> body </section>.
[[nodiscard]] std::string section(const std::string& id, const std::string& title, const std::string& body);

}  // namespace foncier::report::atlas
