#pragma once
// `foncier report`: the decision makers' atlas of a territory, from the outputs of its run
// (the job runs first when they are missing or stale, as for `query`), optionally printed to
// PDF by headless Chromium.

#include <cstddef>
#include <string>
#include <vector>

#include "foncier/core/progress.hpp"
#include "foncier/report/atlas/model.hpp"

namespace foncier::pipeline {

struct ReportOptions {
    std::string config_path;
    std::string out_dir;     ///< the run's outputs; DEFAULT: the config's `output`
    std::string report_dir;  ///< where the atlas goes; DEFAULT: <out_dir>/rapport
    std::string profile;     ///< name or file; DEFAULT: the config's (as `foncier explain`)
    std::string sites = "all";  ///< all | top:N | class:A,B: the sites with a sheet
    bool pdf = false;        ///< also print every page with Chromium, and atlas.pdf
    std::string chromium;    ///< DEFAULT: $FONCIER_CHROMIUM, else chromium on the PATH
    /// Sections added to the territory page by other features (foncier diff's
    /// "Évolutions"); empty by default.
    std::vector<report::atlas::ExtraSection> extra_sections;
};

struct ReportResult {
    std::string out_dir;
    std::string report_dir;
    std::string index;  ///< index.html
    std::size_t sheets = 0;
    std::size_t epci_pages = 0;
    std::size_t bytes = 0;        ///< every file of the atlas (before the PDFs)
    std::size_t index_bytes = 0;  ///< index.html, its data and the assets
    bool analysed_now = false;    ///< the outputs were missing or stale: the job ran first
    std::string why;              ///< why the job ran
    std::vector<std::string> pdfs;  ///< one per page printed (sheets included)
    std::string atlas_pdf;          ///< every page in one file
    std::size_t atlas_pages = 0;    ///< its page count (pdfinfo), 0 when not printed
    std::string pdf_skipped;        ///< why no PDF was made, when --pdf could not be honoured
    double read_s = 0.0, write_s = 0.0, pdf_s = 0.0;  ///< wall time of each stage, s
};

/// Throws ConfigError (bad config, profile or --sites) or IoError (unreadable outputs,
/// Leaflet missing, a file that cannot be written). A failure leaves the previous atlas.
[[nodiscard]] ReportResult write_report(const ReportOptions& options, Progress& progress = no_progress());

/// Prints HTML pages to PDF with headless Chromium, two at a time. `pages` and `pdfs` pair up.
/// Throws IoError naming the page when Chromium fails on it.
void print_pdfs(const std::string& chromium, const std::vector<std::string>& pages, const std::vector<std::string>& pdfs);
/// Joins PDFs into one with poppler's pdfunite; returns the page count pdfinfo reads.
std::size_t join_pdfs(const std::vector<std::string>& pdfs, const std::string& out);
/// Chromium's path: `requested`, $FONCIER_CHROMIUM, or chromium / chromium-browser on the
/// PATH; empty when none is found.
[[nodiscard]] std::string find_chromium(const std::string& requested);

}  // namespace foncier::pipeline
