#include "foncier/pipeline/report.hpp"

#include <chrono>
#include <filesystem>
#include <map>

#include "foncier/core/error.hpp"
#include "foncier/ingest/config.hpp"
#include "foncier/ingest/load.hpp"
#include "foncier/output/publish.hpp"
#include "foncier/pipeline/manifest.hpp"
#include "foncier/pipeline/run.hpp"
#include "foncier/pipeline/score.hpp"
#include "foncier/report/atlas/atlas.hpp"

namespace foncier::pipeline {

namespace fs = std::filesystem;

namespace {

double since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Stations, access points and constraint zones of the territory, read from their sources
// (the outputs hold only what was measured from them).
std::vector<report::atlas::ContextLayer> context_layers(ingest::TerritoryConfig config, const report::atlas::RunInfo& run) {
    config.friches.reset();
    config.plots.reset();
    config.establishments.reset();
    config.parks.reset();
    IssueLog ignored;  // the run already recorded these sources' issues
    ingest::Loaded loaded = ingest::load_inputs(config, ignored, no_progress());
    auto& t = loaded.territory;
    std::vector<report::atlas::ContextLayer> out;
    auto add = [&](std::vector<analysis::Feature>& features, const std::string& name, const std::string& label,
                   const std::string& kind, const std::string& dataset) {
        report::atlas::ContextLayer layer{name, label, kind, dataset, run.is_synthetic(dataset), {}};
        for (auto& f : features) layer.items.push_back({f.id, f.nom, std::move(f.geometry)});
        out.push_back(std::move(layer));
    };
    if (config.stations) add(t.stations, "stations", "gare", "stations", config.stations->dataset.key);
    for (auto& c : t.access) add(c.features, c.name, c.label, "access", c.dataset);
    for (auto& c : t.constraints) add(c.features, c.name, c.label, "constraint", c.dataset);
    return out;
}

}  // namespace

ReportResult write_report(const ReportOptions& o, Progress& progress) {
    const auto t0 = std::chrono::steady_clock::now();
    const ingest::TerritoryConfig config = ingest::load_territory(o.config_path);
    const report::atlas::Selection selection = report::atlas::parse_selection(o.sites);
    ReportResult r;
    r.out_dir = o.out_dir.empty() ? config.output : o.out_dir;
    r.report_dir = o.report_dir.empty() ? (fs::path(r.out_dir) / "rapport").string() : o.report_dir;
    if (!outputs_up_to_date(config, r.out_dir, r.why)) {
        RunOptions job;
        job.config_path = o.config_path;
        job.out_dir = r.out_dir;
        job.overwrite = true;
        job.profile = o.profile;
        (void)run(job, progress);
        r.analysed_now = true;
    }
    progress.stage("read " + r.out_dir);
    report::atlas::Model model = report::atlas::read_outputs(r.out_dir);
    if (!config.profile.empty() || !o.profile.empty()) {
        // The scores with every criterion, by the engine and profile `foncier explain` uses.
        ScoreOptions rescore;
        rescore.config_path = o.config_path;
        rescore.out_dir = r.out_dir;
        rescore.profile = o.profile;
        rescore.write = false;
        ScoreResult scored = score(rescore);
        std::map<std::string, std::size_t> index;
        for (std::size_t s = 0; s < scored.sites.size(); ++s) index[scored.sites[s].site_id] = s;
        std::vector<scoring::SiteScore> scores;
        std::vector<std::optional<std::size_t>> ranks;
        for (const auto& site : model.sites) {
            auto it = index.find(site.text("site_id"));
            if (it == index.end()) {
                throw IoError("site '" + site.text("site_id") + "' of '" + r.out_dir +
                              "/foncier.gpkg' has no measures: run `foncier run --overwrite` again");
            }
            scores.push_back(std::move(scored.results->scores[it->second]));
            ranks.push_back(scored.results->ranks[it->second]);
            model.measures.push_back(std::move(scored.measures[it->second]));
        }
        model.scores = scoring::Results{std::move(scored.results->profile), std::move(scores), std::move(ranks), {}};
    }
    model.context = context_layers(config, model.run);
    model.extra_sections = o.extra_sections;
    report::atlas::select_sites(model, selection);
    r.read_s = since(t0);
    progress.finish(std::to_string(model.sites.size()) + " sites, " + std::to_string(model.shown.size()) + " with a sheet");

    const auto t1 = std::chrono::steady_clock::now();
    progress.stage("write the atlas");
    fs::create_directories(fs::path(r.report_dir).parent_path().empty() ? fs::path(".") : fs::path(r.report_dir).parent_path());
    // The atlas replaces only an atlas foncier wrote; it must not land on the outputs it reads.
    output::StagingFolder staging(r.report_dir, true, {(fs::path(r.out_dir) / "foncier.gpkg").string(), o.config_path},
                                  "report");
    const auto files = report::atlas::write_atlas(model, staging.path().string());
    r.sheets = files.sheets.size();
    r.epci_pages = files.epci_pages.size();
    r.bytes = files.bytes;
    r.index_bytes = files.index_bytes;
    r.write_s = since(t1);
    progress.finish(std::to_string(r.sheets) + " sheets, " + std::to_string(r.epci_pages) + " EPCI pages");

    if (o.pdf) {
        const auto t2 = std::chrono::steady_clock::now();
        const std::string chromium = find_chromium(o.chromium);
        if (chromium.empty()) {
            r.pdf_skipped = "Chromium not found: install Debian's chromium package (tools/bootstrap does) or set "
                            "FONCIER_CHROMIUM; the HTML atlas is written, without PDF";
        } else {
            progress.stage("print PDFs with " + chromium);
            // Pages in atlas order: territory, EPCI, sheets; each PDF next to its page.
            std::vector<std::string> pages{files.index};
            pages.insert(pages.end(), files.epci_pages.begin(), files.epci_pages.end());
            pages.insert(pages.end(), files.sheets.begin(), files.sheets.end());
            std::vector<std::string> pdfs;
            for (const auto& p : pages) pdfs.push_back(fs::path(p).replace_extension(".pdf").string());
            print_pdfs(chromium, pages, pdfs);
            const fs::path atlas = staging.path() / "atlas.pdf";
            r.atlas_pages = join_pdfs(pdfs, atlas.string());
            for (const auto& p : pdfs) r.pdfs.push_back((fs::path(r.report_dir) / fs::relative(p, staging.path())).string());
            r.atlas_pdf = (fs::path(r.report_dir) / "atlas.pdf").string();
            progress.finish(std::to_string(pdfs.size()) + " PDFs, atlas.pdf " + std::to_string(r.atlas_pages) + " pages");
        }
        r.pdf_s = since(t2);
    }
    staging.publish();
    r.index = (fs::path(r.report_dir) / "index.html").string();
    return r;
}

}  // namespace foncier::pipeline
