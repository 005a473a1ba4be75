#pragma once
// The registry of issue kinds: every data problem foncier records has one entry here, with
// its stable code (the `kind` field of the issues layer), its usual severity, what it means
// and what a user can do about it. docs/issue-kinds.md is checked against this table by a
// test (IssueKinds.DocumentationListsEveryKind): add a kind here, then to that page.

#include <span>
#include <string_view>

namespace foncier {

enum class Severity;

enum class IssueKind {
    // reading and normalising features (ingest)
    unreadable_geometry,
    missing_geometry,
    wrong_geometry_type,
    swapped_axes,
    outside_crs_area,
    reprojection_failed,
    invalid_geometry,
    repaired_geometry,
    missing_id,
    duplicate_id,
    invalid_id,
    empty_layer,
    encoding,
    missing_surface,
    implausible_surface,
    parcel_not_found,
    parcels_not_contiguous,
    parcel_surface_mismatch,
    // territory membership
    missing_epci,
    missing_commune,
    merged_commune,
    outside_territory,
    commune_mismatch,
    // parks, plots, establishments (ZAE inventory)
    empty_plot,
    unknown_park,
    plot_outside_park,
    plots_overlap,
    establishment_outside_plots,
    friche_plot_not_in_inventory,
    friche_on_non_friche_plot,
    // scoring
    bad_value,
    unmeasured_criterion,

    kind_count  ///< not a kind: the number of kinds (new kinds go above)
};

struct IssueKindInfo {
    IssueKind kind;
    std::string_view code;     ///< stable machine name, lower-case ASCII
    Severity severity;         ///< the usual severity (a use may raise or lower it, e.g. ids of communes)
    std::string_view meaning;  ///< what is wrong, in general
    std::string_view action;   ///< what foncier does, and what the user can do
};

/// Every kind, in the order of the enumeration.
[[nodiscard]] std::span<const IssueKindInfo> issue_kinds() noexcept;
[[nodiscard]] const IssueKindInfo& info(IssueKind kind) noexcept;
[[nodiscard]] std::string_view code(IssueKind kind) noexcept;

}  // namespace foncier
