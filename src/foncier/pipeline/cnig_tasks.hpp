#pragma once
// CNIG tasks the CLI calls: validating a file or a territory's friches dataset (with the
// territory's communes for the location rule), and writing the problems as an issues layer.

#include <string>

#include "foncier/cnig/friches_export.hpp"
#include "foncier/cnig/validator.hpp"
#include "foncier/core/progress.hpp"

namespace foncier::pipeline {

struct ValidateTask {
    std::string target;    ///< a table file, or a territory .toml (its [friches] dataset is checked)
    std::string standard;  ///< "" = guessed
    std::string crs;       ///< declared CRS of the geometries, "" = guessed
};

[[nodiscard]] cnig::Report validate(const ValidateTask& task);

/// Writes the problems as the `issues` layer (output contract) of a new GeoPackage.
void write_validation_issues(const cnig::Report& report, const std::string& gpkg);

struct ExportTask {
    std::string config_path;
    std::string out_dir;      ///< DEFAULT: <the config's output>-cnig
    bool overwrite = false;
    bool bom = false;         ///< UTF-8 BOM for spreadsheet users (the reference file has none)
    bool extra = false;       ///< append foncier's computed fields as foncier_* columns
    std::string profile;      ///< profile for the extra columns; DEFAULT: the config's
};

struct ExportResult {
    std::string out_dir;
    std::size_t exported = 0;
    std::size_t excluded = 0;
    std::vector<cnig::ExportNote> notes;
    cnig::Report validation;  ///< of the written CSV
};

/// `foncier export --cnig friches`: friches_cnig.csv (the reference file's dialect: UTF-8
/// without BOM, comma, CRLF, 51 columns in schema order), friches_cnig.gpkg,
/// friches_cnig.geojson (RFC 7946), shp/friches_cnig.shp (official short names) and
/// export_report.txt. The CSV is validated as written; a value the validator rejects is left
/// empty when the field is optional, and a site whose required value is unknown is left out;
/// both are listed in the report, never dropped silently.
[[nodiscard]] ExportResult export_cnig_friches(const ExportTask& task, Progress& progress = no_progress());

}  // namespace foncier::pipeline
