// foncier report: the decision makers' atlas (HTML, optionally PDF) of a territory.

#include <fmt/core.h>

#include "command.hpp"
#include "foncier/pipeline/report.hpp"
#include "terminal_progress.hpp"

namespace foncier::cli {

namespace {

class ReportCommand final : public Command {
public:
    CLI::App* setup(CLI::App& app) override {
        auto* c = app.add_subcommand(
            "report", "Write the atlas: an offline HTML report (territory, EPCI pages, one sheet per site), optionally PDF.");
        c->add_option("territory", m_options.config_path, "Territory config, e.g. geodata/val-de-lorraine.toml")->required();
        c->add_option("--out", m_options.report_dir, "Atlas folder (default: <outputs>/rapport)");
        c->add_option("--outputs", m_options.out_dir, "The run's output folder (default: the config's 'output')");
        c->add_option("--sites", m_options.sites, "Sites with a sheet: all, top:N (first N of the ranking) or class:A,B")
            ->capture_default_str();
        c->add_option("--profile", m_options.profile, "Profile name or file (default: the config's)");
        c->add_flag("--pdf", m_options.pdf, "Also print every page to PDF with headless Chromium, and atlas.pdf");
        c->add_flag("--quiet", m_quiet, "No progress or summary on stderr");
        c->footer(k_exit_codes);
        return c;
    }

    int run() override {
        TerminalProgress progress(stderr_is_terminal(), m_quiet);
        const auto r = pipeline::write_report(m_options, progress);
        if (r.analysed_now) fmt::print(stderr, "outputs were not up to date ({}): the job ran first\n", r.why);
        if (!m_quiet) {
            fmt::print(stderr, "atlas: {} site sheets, {} EPCI pages, {:.1f} MB ({:.1f} MB for index.html, its data and assets)\n",
                       r.sheets, r.epci_pages, static_cast<double>(r.bytes) / 1e6, static_cast<double>(r.index_bytes) / 1e6);
            fmt::print(stderr, "time: read {:.2f} s, write {:.2f} s{}\n", r.read_s, r.write_s,
                       m_options.pdf && r.pdf_skipped.empty() ? fmt::format(", pdf {:.1f} s", r.pdf_s) : std::string{});
            if (!r.atlas_pdf.empty()) {
                fmt::print(stderr, "pdf: {} pages printed, atlas.pdf {} pages\n", r.pdfs.size(), r.atlas_pages);
            }
        }
        if (!r.pdf_skipped.empty()) fmt::print(stderr, "foncier: warning: {}\n", r.pdf_skipped);
        fmt::print("{}\n", shown_path(r.index));
        return r.pdf_skipped.empty() ? ok : failure;
    }

private:
    pipeline::ReportOptions m_options;
    bool m_quiet = false;
};

}  // namespace

std::unique_ptr<Command> make_report_command() { return std::make_unique<ReportCommand>(); }

}  // namespace foncier::cli
