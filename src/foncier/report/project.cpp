#include "foncier/report/project.hpp"

#include <cstdio>
#include <sstream>
#include <string_view>
#include <vector>

#include "foncier/geom/transformer.hpp"
#include "foncier/report/atlas/format.hpp"
#include "foncier/report/schema.hpp"
#include "foncier/report/styles.hpp"

namespace foncier::report {

namespace {

// A QML file is <qgis attributes>content</qgis>: the content goes inside <maplayer>, and the
// layer-level attributes (labelsEnabled, scale limits, ...) onto it.
struct QmlParts {
    std::string attributes;
    std::string content;
};

QmlParts split_qml(std::string_view qml) {
    QmlParts parts;
    const auto open = qml.find("<qgis");
    const auto open_end = qml.find('>', open);
    const auto close = qml.rfind("</qgis>");
    if (open == std::string_view::npos || open_end == std::string_view::npos || close == std::string_view::npos) {
        return parts;
    }
    std::string attributes(qml.substr(open + 5, open_end - open - 5));
    // Drop the attributes that belong to the style file, not to a layer.
    for (const char* key : {"version=\"", "styleCategories=\""}) {
        const auto k = attributes.find(key);
        if (k == std::string::npos) continue;
        const auto end = attributes.find('"', k + std::char_traits<char>::length(key));
        attributes.erase(k, end - k + 1);
    }
    parts.attributes = attributes;
    parts.content = std::string(qml.substr(open_end + 1, close - open_end - 1));
    return parts;
}

struct LayerEntry {
    const char* layer;   ///< GeoPackage layer
    const char* style;   ///< embedded style, "" for none
    const char* title;   ///< name in the layer tree
    const char* group;
    bool visible;
};

const char* geometry_name(io::GeometryType t) {
    switch (t) {
    case io::GeometryType::point: return "Point";
    case io::GeometryType::multipolygon: return "Polygon";
    case io::GeometryType::none: return "No geometry";
    }
    return "Unknown geometry";
}

std::string srs_xml(const std::string& crs) {
    std::ostringstream out;
    const auto info = geom::describe_crs(crs);
    const std::string code = info.identifier.substr(info.identifier.find(':') + 1);
    out << "<spatialrefsys nativeFormat=\"Wkt\"><wkt>" << atlas::esc(geom::crs_wkt(crs)) << "</wkt><proj4>"
        << atlas::esc(geom::crs_proj4(crs)) << "</proj4><srid>" << atlas::esc(code) << "</srid><authid>"
        << atlas::esc(info.identifier) << "</authid><description>" << atlas::esc(info.name)
        << "</description><geographicflag>" << (info.geographic ? "true" : "false")
        << "</geographicflag></spatialrefsys>";
    return out.str();
}

}  // namespace

std::string qgis_project(const ProjectOptions& o) {
    // Drawing order: first entry on top.
    const std::vector<LayerEntry> entries = {
        {layer::issues, "issues", "Problèmes de données (issues)", "Qualité", true},
        {layer::measures, "", "Mesures du score (measures)", "Qualité", true},
        {layer::sites_pt, "sites_pt", "Friches — surface (sites_pt)", "Analyse", false},
        {layer::sites, "sites", "Friches — priorité (sites)", "Analyse", true},
        {layer::sites, "sites_statut", "Friches — statut (sites)", "Analyse", false},
        {layer::plots, "plots", "Unités foncières des parcs (plots)", "Analyse", false},
        {layer::parks, "parks", "Parcs d'activités — vacance (parks)", "Analyse", true},
        {layer::crosswalk, "", "Liens friches – parcs (crosswalk)", "Analyse", true},
        {layer::epci, "epci", "EPCI", "Référence", true},
        {layer::communes, "communes", "Communes — surface de friches (communes)", "Référence", true},
    };
    const std::string srs = srs_xml(o.crs);
    std::ostringstream tree;
    std::ostringstream layers;
    std::ostringstream order;
    std::string current_group;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& e = entries[i];
        char id[64];
        std::snprintf(id, sizeof id, "%s_%s_%02zu", e.layer, e.style[0] != '\0' ? e.style : "table", i);
        const std::string source = "./" + o.gpkg + "|layername=" + e.layer;
        if (current_group != e.group) {
            if (!current_group.empty()) tree << "    </layer-tree-group>\n";
            tree << "    <layer-tree-group name=\"" << atlas::esc(e.group) << "\" checked=\"Qt::Checked\" expanded=\"1\">\n"
                 << "      <customproperties/>\n";
            current_group = e.group;
        }
        tree << "      <layer-tree-layer id=\"" << id << "\" name=\"" << atlas::esc(e.title) << "\" source=\""
             << atlas::esc(source) << "\" providerKey=\"ogr\" checked=\"" << (e.visible ? "Qt::Checked" : "Qt::Unchecked")
             << "\" expanded=\"0\">\n        <customproperties/>\n      </layer-tree-layer>\n";
        order << "      <item>" << id << "</item>\n";

        const io::GeometryType geometry = empty_table(e.layer).geometry_type;
        QmlParts style;
        if (e.style[0] != '\0') {
            for (const auto& s : styles()) {
                if (s.name == e.style) style = split_qml(s.qml);
            }
        }
        layers << "    <maplayer type=\"vector\" geometry=\"" << geometry_name(geometry) << "\"" << style.attributes
               << ">\n      <id>" << id << "</id>\n      <datasource>" << atlas::esc(source) << "</datasource>\n"
               << "      <layername>" << atlas::esc(e.title) << "</layername>\n";
        if (geometry != io::GeometryType::none) layers << "      <srs>" << srs << "</srs>\n";
        layers << "      <provider encoding=\"UTF-8\">ogr</provider>\n" << style.content << "\n    </maplayer>\n";
    }
    if (!current_group.empty()) tree << "    </layer-tree-group>\n";

    char extent[256];
    std::snprintf(extent, sizeof extent, "<xmin>%.3f</xmin><ymin>%.3f</ymin><xmax>%.3f</xmax><ymax>%.3f</ymax>",
                  o.extent.minx, o.extent.miny, o.extent.maxx, o.extent.maxy);
    // QgsProjectMetadata: one <rights> element per credit line.
    std::ostringstream metadata;
    metadata << "  <projectMetadata>\n    <title>" << atlas::esc(o.title) << "</title>\n";
    for (const auto& a : o.attribution) metadata << "    <rights>" << atlas::esc(a) << "</rights>\n";
    metadata << "  </projectMetadata>\n";
    std::ostringstream out;
    out << "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
        << "<qgis projectname=\"" << atlas::esc(o.title) << "\" version=\"3.22.16-Białowieża\">\n"
        << "  <homePath path=\"\"/>\n  <title>" << atlas::esc(o.title) << "</title>\n"
        << "  <projectCrs>" << srs << "</projectCrs>\n" << metadata.str()
        << "  <layer-tree-group>\n    <customproperties/>\n" << tree.str()
        << "    <custom-order enabled=\"0\">\n" << order.str() << "    </custom-order>\n  </layer-tree-group>\n"
        << "  <mapcanvas name=\"theMapCanvas\" annotationsVisible=\"1\">\n    <units>meters</units>\n    <extent>"
        << extent << "</extent>\n    <rotation>0</rotation>\n    <destinationsrs>" << srs
        << "</destinationsrs>\n  </mapcanvas>\n"
        << "  <projectlayers>\n" << layers.str() << "  </projectlayers>\n"
        << "  <properties>\n    <SpatialRefSys>\n      <ProjectionsEnabled type=\"int\">1</ProjectionsEnabled>\n"
        << "    </SpatialRefSys>\n    <Paths>\n      <Absolute type=\"bool\">false</Absolute>\n    </Paths>\n"
        << "  </properties>\n</qgis>\n";
    return out.str();
}

}  // namespace foncier::report
