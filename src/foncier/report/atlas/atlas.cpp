#include "foncier/report/atlas/atlas.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "foncier/core/error.hpp"
#include "foncier/report/atlas/data.hpp"
#include "foncier/report/atlas/format.hpp"
#include "foncier/report/atlas/pages.hpp"
#include "foncier/report/atlas/sheet.hpp"

namespace foncier::report::atlas::detail {
// Embedded from src/foncier/report/atlas/assets/ (tools/cmake/Embed.cmake).
const std::vector<std::pair<std::string_view, std::string_view>>& asset_files();
}  // namespace foncier::report::atlas::detail

namespace foncier::report::atlas {

namespace fs = std::filesystem;

Selection parse_selection(const std::string& text) {
    Selection s;
    if (text.empty() || text == "all") return s;
    if (text.rfind("top:", 0) == 0) {
        const std::string n = text.substr(4);
        if (!n.empty() && std::all_of(n.begin(), n.end(), [](char c) { return c >= '0' && c <= '9'; }) && n.size() < 10 &&
            std::stoul(n) > 0) {
            s.kind = Selection::Kind::top;
            s.top = std::stoul(n);
            return s;
        }
    } else if (text.rfind("class:", 0) == 0) {
        std::stringstream list(text.substr(6));
        std::string c;
        while (std::getline(list, c, ',')) {
            if (!c.empty()) s.classes.push_back(c);
        }
        if (!s.classes.empty()) {
            s.kind = Selection::Kind::classes;
            return s;
        }
    }
    throw ConfigError("--sites '" + text + "': write all, top:N (N > 0) or class:A,B (classes of the profile)");
}

void select_sites(Model& m, const Selection& sel) {
    std::vector<std::size_t> order(m.sites.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const auto ra = m.rank(a), rb = m.rank(b);
        if (ra && rb) return *ra < *rb;
        if (ra || rb) return ra.has_value();
        return m.sites[a].text("site_id") < m.sites[b].text("site_id");
    });
    if (sel.kind == Selection::Kind::classes) {
        std::set<std::string> known = {"exclu"};
        if (m.scores) {
            for (const auto& c : m.scores->profile.classes) known.insert(c.name);
        }
        for (const auto& c : sel.classes) {
            if (!known.contains(c)) {
                std::string list;
                for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
                throw ConfigError("--sites class:" + c + ": no class '" + c + "' in the profile (classes: " + list + ")");
            }
        }
    }
    m.shown.clear();
    for (std::size_t s : order) {
        bool keep = true;
        if (sel.kind == Selection::Kind::top) keep = m.rank(s) && *m.rank(s) <= sel.top;
        if (sel.kind == Selection::Kind::classes) {
            keep = std::find(sel.classes.begin(), sel.classes.end(), m.class_of(s)) != sel.classes.end();
        }
        if (keep) m.shown.push_back(s);
    }
    m.with_sheet.assign(m.sites.size(), false);
    for (std::size_t s : m.shown) m.with_sheet[s] = true;
    switch (sel.kind) {
        case Selection::Kind::all: m.selection = "tous les sites (" + fr_count(static_cast<long long>(m.shown.size()), "fiche") + ")"; break;
        case Selection::Kind::top:
            m.selection = "les " + fr_number(static_cast<double>(m.shown.size()), 0) + " premiers sites du classement";
            break;
        case Selection::Kind::classes: {
            std::string list;
            for (const auto& c : sel.classes) list += (list.empty() ? "" : ", ") + c;
            m.selection = "les sites des classes " + list + " (" + fr_count(static_cast<long long>(m.shown.size()), "fiche") + ")";
        }
    }
}

namespace {

std::size_t write_file(const fs::path& path, std::string_view content) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.close();
    if (!out) throw IoError("cannot write '" + path.string() + "' (disk full or no permission?)");
    return content.size();
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw IoError("Leaflet is missing: cannot read '" + path.string() +
                      "'. Install Debian's package libjs-leaflet (tools/bootstrap does), or set FONCIER_LEAFLET_DIR to a "
                      "folder holding leaflet.js, leaflet.css and images/");
    }
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Leaflet from the Debian package, without its source map comment (the browser would look
// for a file we do not ship).
std::size_t copy_leaflet(const fs::path& from, const fs::path& to) {
    std::size_t bytes = 0;
    std::string js = read_file(from / "leaflet.js");
    if (auto p = js.rfind("//# sourceMappingURL="); p != std::string::npos) js.erase(p);
    bytes += write_file(to / "leaflet.js", js);
    std::string css = read_file(from / "leaflet.css");
    if (auto p = css.rfind("/*# sourceMappingURL="); p != std::string::npos) css.erase(p);
    bytes += write_file(to / "leaflet.css", css);
    for (const char* image : {"layers.png", "layers-2x.png", "marker-icon.png", "marker-icon-2x.png", "marker-shadow.png"}) {
        bytes += write_file(to / "images" / image, read_file(from / "images" / image));
    }
    return bytes;
}

}  // namespace

AtlasFiles write_atlas(const Model& m, const std::string& dir_text, const AtlasOptions& options) {
    const fs::path dir(dir_text);
    AtlasFiles files;
    std::string leaflet = options.leaflet_dir;
    if (const char* env = std::getenv("FONCIER_LEAFLET_DIR"); env != nullptr && *env != '\0') leaflet = env;
    std::size_t assets = copy_leaflet(leaflet, dir / "assets" / "leaflet");
    for (const auto& [stem, content] : detail::asset_files()) {
        const std::string name = stem == "atlas_style" ? "atlas.css" : stem == "atlas_script" ? "atlas.js" : std::string(stem);
        assets += write_file(dir / "assets" / name, content);
    }
    files.bytes += assets;
    files.index = (dir / "index.html").string();
    const std::size_t territory_data = write_file(dir / "data" / "territoire.js", map_data_js(m, {"territoire", std::nullopt, ""}));
    const std::size_t index = write_file(files.index, territory_page(m));
    files.index_bytes = assets + territory_data + index;
    files.bytes += territory_data + index;
    for (const auto& e : m.epci) {
        const std::string stem = file_stem(e.text("siren"));
        files.bytes += write_file(dir / "data" / ("epci-" + stem + ".js"), map_data_js(m, {"epci-" + stem, e.text("siren"), "../"}));
        const fs::path page = dir / "epci" / (stem + ".html");
        files.bytes += write_file(page, epci_page(m, e));
        files.epci_pages.push_back(page.string());
    }
    for (std::size_t s : m.shown) {
        const std::string stem = file_stem(m.sites[s].text("site_id"));
        files.bytes += write_file(dir / "data" / "sites" / (stem + ".js"), site_data_js(m, s, "site"));
        const fs::path page = dir / "sites" / (stem + ".html");
        files.bytes += write_file(page, site_sheet(m, s));
        files.sheets.push_back(page.string());
    }
    return files;
}

}  // namespace foncier::report::atlas
