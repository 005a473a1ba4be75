#include "foncier/core/issue_kinds.hpp"

#include <array>

#include "foncier/core/issue.hpp"

namespace foncier {

namespace {

using enum IssueKind;
constexpr Severity E = Severity::error, W = Severity::warning, I = Severity::info;

// clang-format off
constexpr std::array k_kinds{
    IssueKindInfo{unreadable_geometry, "unreadable_geometry", E, "the geometry cannot be read (bad WKT/WKB, broken file)", "feature dropped; fix the source"},
    IssueKindInfo{missing_geometry, "missing_geometry", E, "the feature has no geometry", "feature dropped; give it a geometry or a point"},
    IssueKindInfo{wrong_geometry_type, "wrong_geometry_type", E, "a geometry of a type the layer cannot hold (a line among polygons)", "feature dropped; fix the source or the dataset's layer"},
    IssueKindInfo{swapped_axes, "swapped_axes", W, "latitude and longitude written in the wrong order", "swapped back (checks.swapped_axes = \"fix\"), or refused"},
    IssueKindInfo{outside_crs_area, "outside_crs_area", E, "coordinates outside the area of use of their CRS (wrong CRS declared)", "feature dropped; declare the right CRS for the dataset"},
    IssueKindInfo{reprojection_failed, "reprojection_failed", E, "PROJ could not reproject the feature to the working CRS", "feature dropped; check the dataset's CRS"},
    IssueKindInfo{invalid_geometry, "invalid_geometry", E, "an invalid geometry that could not be repaired", "feature dropped; fix it in the source (QGIS: Fix geometries)"},
    IssueKindInfo{repaired_geometry, "repaired_geometry", W, "an invalid geometry (self-intersection, bow-tie...) repaired by GEOS MakeValid", "repaired geometry kept; check its area"},
    IssueKindInfo{missing_id, "missing_id", W, "the feature has no identifier", "sites get a generated id; communes are dropped"},
    IssueKindInfo{duplicate_id, "duplicate_id", W, "two features share one identifier", "sites renamed <id>~2, ...; a duplicate commune is dropped"},
    IssueKindInfo{invalid_id, "invalid_id", W, "an identifier with control characters (tab, line end...), or longer than the 254 bytes a Shapefile field holds", "control characters written \\xNN; a long id cut to its first bytes + ~ + a hash, the same in every format; fix the id in the source"},
    IssueKindInfo{empty_layer, "empty_layer", W, "the dataset's layer has no feature", "check the path, layer and filter of the dataset"},
    IssueKindInfo{encoding, "encoding", W, "text that is not valid UTF-8, or not in the encoding the file declares (.cpg, DBF language driver), or holding NUL characters", "decoded as Windows-1252 (UTF-8 kept where the declaration is wrong), one issue per file with a count and an example; text after a NUL is lost; save the file as UTF-8 or fix its .cpg"},
    IssueKindInfo{missing_surface, "missing_surface", W, "a point site with no declared surface", "footprint drawn with the default surface ([footprint] default_m2)"},
    IssueKindInfo{implausible_surface, "implausible_surface", W, "a declared surface beyond what one site can be (checks.implausible_ha), or below 1 m2 (zero, negative, not a number)", "a huge one kept, a tiny one treated as missing (footprint from the parcels or the default surface); check the unit (m2 or ha) in the source"},
    IssueKindInfo{parcel_not_found, "parcel_not_found", W, "a parcel id of the site's list is not in the [parcels] dataset", "footprint made of the parcels found, else estimated from the point; fetch the commune's parcels (tools/fetch-geodata --parcels)"},
    IssueKindInfo{parcels_not_contiguous, "parcels_not_contiguous", I, "the site's parcels form separate pieces", "footprint kept as a multipolygon of the parcels"},
    IssueKindInfo{parcel_surface_mismatch, "parcel_surface_mismatch", W, "the declared surface is far from the area of the site's parcels ([footprint] parcel_surface_ratio)", "the parcels' footprint is used; check the parcel list or the surface"},
    IssueKindInfo{missing_epci, "missing_epci", W, "a commune with no EPCI in the membership table", "commune kept without EPCI; update the membership table"},
    IssueKindInfo{missing_commune, "missing_commune", E, "a member commune with no polygon in the communes layer", "left out of the maps; use polygons of the same COG vintage"},
    IssueKindInfo{merged_commune, "merged_commune", I, "a commune of the polygons' vintage merged into another since (commune déléguée, former code)", "its polygon joins the new commune's; use polygons of the membership's COG vintage to avoid it"},
    IssueKindInfo{outside_territory, "outside_territory", W, "a site that lies in none of the territory's communes", "kept with dans_terr = 0; check its coordinates"},
    IssueKindInfo{commune_mismatch, "commune_mismatch", I, "the commune declared by the source differs from the one the footprint lies in", "the footprint's commune is used (comm_decl keeps the declared one)"},
    IssueKindInfo{empty_plot, "empty_plot", W, "a plot (land unit) with no area", "left out of the vacancy rate"},
    IssueKindInfo{unknown_park, "unknown_park", W, "a plot naming a park that is not in the parks layer", "left out of the parks' figures; fix the park id"},
    IssueKindInfo{plot_outside_park, "plot_outside_park", W, "a plot lying mostly outside the park it names", "kept in its park; check the geometry or the park id"},
    IssueKindInfo{plots_overlap, "plots_overlap", W, "two plots of one park overlap", "both kept; surfaces may be counted twice"},
    IssueKindInfo{establishment_outside_plots, "establishment_outside_plots", W, "an establishment that lies in no plot of its park", "not counted as occupying a plot"},
    IssueKindInfo{friche_plot_not_in_inventory, "friche_plot_not_in_inventory", I, "a plot marked as friche with no site of the friches inventory on it", "worth adding to the inventory"},
    IssueKindInfo{friche_on_non_friche_plot, "friche_on_non_friche_plot", I, "a friche of the inventory on a plot not marked as friche", "check the plot's occupancy"},
    IssueKindInfo{bad_value, "bad_value", W, "a source value of a typed measure ([friches.measures], [communes.measures]) that does not parse as declared", "measure left unknown for that site; fix the value or the declaration"},
    IssueKindInfo{unmeasured_criterion, "unmeasured_criterion", I, "a criterion of the profile that no dataset of the territory measures", "scored as unknown for every site (lowers reliability)"},
};
// clang-format on

constexpr bool in_enum_order() {
    for (std::size_t i = 0; i < k_kinds.size(); ++i) {
        if (static_cast<std::size_t>(k_kinds[i].kind) != i) return false;
    }
    return true;
}
static_assert(in_enum_order(), "k_kinds lists every IssueKind once, in the order of the enumeration");
static_assert(k_kinds.size() == static_cast<std::size_t>(kind_count), "every IssueKind needs its line in k_kinds");

}  // namespace

std::span<const IssueKindInfo> issue_kinds() noexcept { return k_kinds; }
const IssueKindInfo& info(IssueKind kind) noexcept { return k_kinds[static_cast<std::size_t>(kind)]; }
std::string_view code(IssueKind kind) noexcept { return info(kind).code; }

}  // namespace foncier
