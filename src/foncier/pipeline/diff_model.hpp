#pragma once
// What `foncier diff` compares and finds: the two sides (run outputs read back), the change of
// each site (one row per pair of sites or single site), the status transitions and the deltas
// by commune and EPCI. The atlas (issue 17) uses compare() and site_history() for its
// "Évolutions" section; `foncier diff` writes them (diff.hpp).

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "foncier/analysis/site_match.hpp"
#include "foncier/geom/geometry.hpp"

namespace foncier::pipeline {

/// One site as a run wrote it (layer `sites` of foncier.gpkg), EPSG:2154.
struct DiffSite {
    std::string site_id, nom, insee, commune, epci, epci_nom, type, statut, geom_src, classe;
    std::optional<double> surf_m2;    ///< footprint, m²
    std::optional<double> surf_decl;  ///< declared by the source, m²
    std::optional<double> score;
    std::optional<std::int64_t> rang;
    bool in_territory = true;  ///< dans_terr: counts in the commune and EPCI totals
    geom::Geometry footprint;

    /// The footprint is a real polygon (from the source, the cadastre), not estimated from a
    /// point (geom_src estimated or default): the place rule of site_match.hpp depends on it.
    [[nodiscard]] bool polygon() const { return !geom_src.empty() && geom_src != "estimated" && geom_src != "default"; }
};

/// A commune (code = INSEE) or an EPCI (code = SIREN) of a side's outputs.
struct DiffArea {
    std::string code, nom, epci, epci_nom;
    geom::Geometry geometry;
};

/// One side of a diff: the outputs of a run, read back.
struct DiffSide {
    std::string given;        ///< what was named: an output folder or a territory config
    std::string out_dir;      ///< the output folder read
    std::string config_path;  ///< the run's territory config (run.json)
    std::string territory;    ///< its name
    std::string crs;          ///< working CRS of the outputs
    bool analysed_now = false;  ///< a config whose outputs were missing or stale: the job ran first
    std::string why;            ///< why it ran
    std::string manifest;       ///< run.json, as written by the run
    std::string profile, profile_sha256;  ///< scoring profile (empty: none)
    std::vector<DiffSite> sites;
    std::vector<DiffArea> communes, epcis;
};

/// Reads a side: an output folder of `foncier run` (foncier.gpkg and run.json), or a
/// territory config, whose job runs first when its outputs are missing or stale (as `query`).
/// Throws ConfigError naming the path and what is missing, IoError.
[[nodiscard]] DiffSide load_side(const std::string& folder_or_config);

/// Kinds of change, in the order of the output contract (DESIGN.md). `reconverti` is a status
/// change to "friche reconvertie", reported instead of `statut`.
enum class ChangeKind { nouveau, disparu, reidentifie, statut, reconverti, surface, emprise, commune, epci, score, classe, rang };

[[nodiscard]] std::string_view to_string(ChangeKind kind) noexcept;
[[nodiscard]] const std::vector<ChangeKind>& all_change_kinds();

/// Thresholds of the kinds of change.
struct ChangeRules {
    double surface_share = 0.01;    ///< `surface`: declared or footprint surface moved by more than 1 %
    double footprint_share = 0.01;  ///< `emprise` (polygons): area not shared > 1 % of the larger one
    double centre_m = 1.0;          ///< `emprise` (point sites): centre moved by more than 1 m
    double score_step = 0.05;       ///< `score`: moved by more than this (scores are shown to 0.1)
};

/// One pair of sites, or one site present on one side only.
struct SiteChange {
    std::optional<std::size_t> old_site, new_site;  ///< indexes into the sides' sites
    std::optional<analysis::MatchRule> rule;        ///< how the pair was made
    double distance_m = 0.0;                        ///< between the footprints' centroids, m
    double overlap = 0.0;                           ///< polygon pairs by place: share of the smaller
    std::vector<ChangeKind> kinds;                  ///< contract order; empty: unchanged

    [[nodiscard]] bool has(ChangeKind k) const;
    /// The kind a map colours the site by: nouveau, disparu, reconverti, reidentifie, statut,
    /// emprise, surface, commune, epci, classe, score, rang in that precedence; "inchange".
    [[nodiscard]] std::string_view main_kind() const;
};

/// Sites going from one status to another ("(nouveau)" and "(disparu)" for single sites).
struct Transition {
    std::string from, to;
    std::size_t sites = 0;
    double ha = 0.0;  ///< footprints, new side (old side for disparu)
};

/// Status groups of the deltas' by-status fields: sp (friche sans projet), ap (avec projet),
/// pot (potentielle), rec (reconvertie), aut (any other, or none).
[[nodiscard]] std::string_view status_group(std::string_view statut);
[[nodiscard]] const std::vector<std::string_view>& status_groups();

/// Sites and hectares of a commune or EPCI before and after (sites of the territory only).
struct AreaDelta {
    std::string code, nom, epci, epci_nom;
    const geom::Geometry* geometry = nullptr;  ///< points into a side
    std::size_t n_old = 0, n_new = 0, n_added = 0, n_removed = 0, n_reconverted = 0, n_reidentified = 0,
                n_status = 0;
    double ha_old = 0.0, ha_new = 0.0, ha_added = 0.0, ha_removed = 0.0, ha_reconverted = 0.0;
    std::map<std::string, double, std::less<>> ha_old_by_group, ha_new_by_group;  ///< status_group() -> ha
};

struct Comparison {
    DiffSide old_side, new_side;
    analysis::MatchOptions match;
    ChangeRules rules;
    std::vector<SiteChange> changes;  ///< by new id (old id for disparu), then old id
    bool scores_compared = false;     ///< both sides scored with the same profile (or neither)
    std::string profile_note;         ///< why scores were not compared, when they were not
    std::vector<Transition> transitions;
    std::vector<AreaDelta> communes, epcis;
    std::size_t kept_by_id = 0, reidentified = 0, removed = 0, added = 0, unchanged = 0;
    std::map<ChangeKind, std::size_t> kind_counts;  ///< rows having each kind (every kind listed)

    [[nodiscard]] const DiffSite* old_of(const SiteChange& c) const;
    [[nodiscard]] const DiffSite* new_of(const SiteChange& c) const;
};

/// Pairs the sites (analysis::match_sites), classifies every pair and single site, counts the
/// status transitions and the deltas by commune and EPCI. The sides move into the result.
/// Throws ConfigError when the two sides are in different CRS.
[[nodiscard]] Comparison compare(DiffSide old_side, DiffSide new_side, const analysis::MatchOptions& match = {},
                                 const ChangeRules& rules = {});

/// The deltas by commune (`epci` false, code = INSEE) or by EPCI (code = SIREN) of a
/// comparison whose changes are classified; every commune or EPCI of either side, by code.
/// The geometries point into the comparison's sides (the new side's when it has the area).
[[nodiscard]] std::vector<AreaDelta> area_deltas(const Comparison& comparison, bool epci);

/// The change of the site `site_id` of either side (its new id first), or nullptr: the
/// history line of a site sheet.
[[nodiscard]] const SiteChange* site_history(const Comparison& comparison, std::string_view site_id);

/// The kinds of change of one pair (or single site when one side is null): exposed for tests.
[[nodiscard]] std::vector<ChangeKind> classify(const DiffSite* old_site, const DiffSite* new_site,
                                               std::optional<analysis::MatchRule> rule, bool scores_compared,
                                               const ChangeRules& rules = {});

/// The history line of a site sheet, in French (end-user text of the atlas), e.g.
/// "réidentifié (ancien identifiant 54431_20057, à 17 m) ; statut : inconnu → friche sans
/// projet ; surface : 8 440 → 6 625 m²", or "inchangé".
[[nodiscard]] std::string history_text(const Comparison& comparison, const SiteChange& change);

/// The summary `foncier diff` prints: counts, kinds, status transitions (plain text).
[[nodiscard]] std::string summary_text(const Comparison& comparison);

}  // namespace foncier::pipeline
