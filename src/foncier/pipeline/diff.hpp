#pragma once
// `foncier diff OLD NEW`: what changed between two inventories (two vintages of the friches,
// or two runs). Each side is a run's output folder or a territory config (its job runs first
// when the outputs are missing or stale). Writes, atomically, into one folder: diff.gpkg
// (changes, communes_delta, epci_delta, transitions; QGIS styles in layer_styles), the
// GeoJSON and Shapefile copies with their .qml, and diff.json (counts, transitions, deltas by
// EPCI, provenance of both sides). See diff_model.hpp for the comparison itself.

#include <string>
#include <vector>

#include "foncier/io/table.hpp"
#include "foncier/pipeline/diff_model.hpp"
#include "foncier/output/outputs.hpp"

namespace foncier::pipeline {

struct DiffOptions {
    std::string old_side;  ///< output folder or territory config of the older inventory
    std::string new_side;  ///< the same for the newer one
    /// DEFAULT: diff_<old folder>_<new folder>, beside the new side's output folder.
    std::string out_dir;
    bool overwrite = false;           ///< replace an existing output folder
    double match_distance_m = 50.0;   ///< place rule for point sites (analysis::MatchOptions)
    output::Formats formats;          ///< copies besides diff.gpkg; DEFAULT: GeoJSON and Shapefile
};

struct DiffResult {
    Comparison comparison;
    std::string out_dir;
    std::vector<std::string> files;  ///< as diff.json lists them
};

/// Throws ConfigError (a side that is neither a folder nor a config, existing output without
/// overwrite, bad options), IoError. On any exception the previous output folder is untouched.
[[nodiscard]] DiffResult diff(const DiffOptions& options);

/// The diff.gpkg layers, in report::diff_layer_names() order; geometries borrowed from
/// `comparison` (keep it alive while the tables are used).
[[nodiscard]] std::vector<io::Table> diff_tables(const Comparison& comparison);

/// diff.json: counts, kinds, transitions, hectares, deltas by EPCI, both sides' provenance.
/// No timestamps: the same comparison gives the same text.
[[nodiscard]] std::string diff_json(const Comparison& comparison, const std::vector<std::string>& files);

}  // namespace foncier::pipeline
