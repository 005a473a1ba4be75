#pragma once
// CNIG tasks the CLI calls: validating a file or a territory's friches dataset (with the
// territory's communes for the location rule), and writing the problems as an issues layer.

#include <string>

#include "foncier/cnig/validator.hpp"

namespace foncier::pipeline {

struct ValidateTask {
    std::string target;    ///< a table file, or a territory .toml (its [friches] dataset is checked)
    std::string standard;  ///< "" = guessed
    std::string crs;       ///< declared CRS of the geometries, "" = guessed
};

[[nodiscard]] cnig::Report validate(const ValidateTask& task);

/// Writes the problems as the `issues` layer (output contract) of a new GeoPackage.
void write_validation_issues(const cnig::Report& report, const std::string& gpkg);

}  // namespace foncier::pipeline
