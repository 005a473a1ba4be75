#include "foncier/ingest/load.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <filesystem>
#include <future>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#ifdef __linux__
#include <sys/resource.h>
#include <unistd.h>
#endif

#include "foncier/cnig/schema.hpp"
#include "foncier/core/error.hpp"
#include "foncier/core/parallel.hpp"
#include "foncier/geom/operations.hpp"
#include "foncier/io/checksum.hpp"
#include "foncier/io/reader.hpp"
#include "foncier/ingest/fields.hpp"
#include "foncier/ingest/footprint.hpp"
#include "foncier/ingest/normalise.hpp"
#include "foncier/ingest/site_ids.hpp"
#include "foncier/ingest/text.hpp"
#include "foncier/ingest/sources.hpp"

namespace foncier::ingest {

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

using detail::feature_id;
using detail::insee_code;
using detail::mapped_field;
using detail::number;
using detail::rename_legacy_columns;
using detail::text;
using detail::check_measure_fields;

class Loader {
public:
    Loader(const TerritoryConfig& config, IssueSink& sink, Progress& progress)
        : m_config(config), m_sink(sink), m_progress(progress) {}

    Loaded run() {
        // The layers in the order they are loaded: the next two are read on their own threads
        // while this one is normalised (two ahead: the first two reads, communes and friches
        // on a national run, then overlap; no more, to bound memory).
        m_order.push_back(&m_config.communes);
        if (m_config.membership) m_order.push_back(&*m_config.membership);
        if (m_config.friches) m_order.push_back(&*m_config.friches);
        if (m_config.stations) m_order.push_back(&*m_config.stations);
        if (m_config.parks) m_order.push_back(&*m_config.parks);
        if (m_config.plots) m_order.push_back(&*m_config.plots);
        if (m_config.establishments) m_order.push_back(&*m_config.establishments);
        for (const auto& c : m_config.constraints) m_order.push_back(&c.use);
        for (const auto& a : m_config.access) m_order.push_back(&a.use);
        prefetch(0);
        load_communes();
        if (m_config.parcels) load_parcels(*m_config.parcels);
        if (m_config.friches) load_sites(*m_config.friches);
        m_out.territory.stations_layer = m_config.stations.has_value();
        if (m_config.stations) m_out.territory.stations = load_features("stations", *m_config.stations, Expect::polygon_or_point);
        if (m_config.parks) m_out.territory.parks = context("parks", "parks", "activity park", *m_config.parks, Expect::polygon);
        if (m_config.plots) m_out.territory.plots = context("plots", "plots", "land unit", *m_config.plots, Expect::polygon);
        if (m_config.establishments) {
            m_out.territory.establishments = context("establishments", "establishments", "establishment",
                                                     *m_config.establishments, Expect::polygon_or_point);
        }
        for (const auto& c : m_config.constraints) {
            m_out.territory.constraints.push_back(context("constraints", c.name, c.label, c.use, Expect::polygon));
        }
        for (const auto& a : m_config.access) {
            m_out.territory.access.push_back(context("access", a.name, a.label, a.use, Expect::polygon_or_point));
            m_out.territory.access.back().max_distance_m = a.max_distance_m;
            m_out.territory.access.back().feeds = a.feeds;
        }
        return std::move(m_out);
    }

private:
    static SourceRead read_use(const LayerUse& use) { return read_source(use); }

    // Starts the reads of m_order[k ..] until k_read_ahead are in flight; m_next = k.
    void prefetch(std::size_t k) {
        m_next = k;
        for (std::size_t i = k + m_prefetch.size(); i < m_order.size() && m_prefetch.size() < k_read_ahead; ++i) {
            m_prefetch.push_back(std::async(std::launch::async, [use = m_order[i]] { return read_use(*use); }));
            start_hash(*m_order[i]);
        }
    }

    // Starts the checksum of the files of `use` on their own threads, once per file: it runs
    // beside the reads instead of after them (national benchmark: 0.15 s for a 200 MB file).
    void start_hash(const LayerUse& use) {
        for (const auto& part : use.dataset.parts()) {
            const std::string& path = part.first;
            if (m_sha256.contains(path) || !std::filesystem::is_regular_file(path)) continue;
            m_sha256.emplace(path, std::async(std::launch::async, [path] {
                // Needed only for run.json, at the end: the reads and the normalisation on the
                // critical path get the cores first (Linux: nice is per thread).
#ifdef __linux__
                (void)setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 10);
#endif
                return io::sha256_file(path);
            }).share());
        }
    }

    io::LayerData read(const std::string& role, const LayerUse& use) {
        m_progress.stage("read " + role + " (" + use.dataset.key + ")");
        const auto t0 = Clock::now();
        SourceRead source;
        if (!m_prefetch.empty() && m_next < m_order.size() && m_order[m_next] == &use) {
            std::future<SourceRead> next = std::move(m_prefetch.front());
            m_prefetch.pop_front();
            prefetch(m_next + 1);
            source = next.get();  // rethrows the reader's error here, in load order
        } else {
            source = read_use(use);
        }
        io::LayerData& data = source.data;
        detail::report_text(data, use, m_sink);
        // One record per file and layer read (a dataset may be several files read as one).
        // Several layers often share one GeoPackage: each file is hashed once per run.
        start_hash(use);
        const auto parts = use.dataset.parts();
        for (std::size_t k = 0; k < parts.size(); ++k) {
            InputRecord record{role, use.dataset, {}, source.features[k]};
            record.dataset.path = parts[k].first;
            record.dataset.layer = parts[k].second;
            if (const auto it = m_sha256.find(parts[k].first); it != m_sha256.end()) record.sha256 = it->second.get();
            m_out.inputs.push_back(std::move(record));
        }
        m_out.read_s += seconds_since(t0);
        m_progress.finish(std::to_string(data.features.size()) + " features");
        return std::move(source.data);
    }

    // INSEE code -> population, from [population] (joined on INSEE; overrides the other sources).
    std::map<std::string, double> load_populations() {
        std::map<std::string, double> out;
        if (!m_config.population) return out;
        const LayerUse& use = *m_config.population;
        const io::LayerData table = read("population", use);
        const std::string f_insee = mapped_field(table, use, m_config, "population", "insee", true);
        const std::string f_pop = mapped_field(table, use, m_config, "population", "pop", true);
        for (const auto& f : table.features) {
            if (const auto pop = number(f, f_pop)) out[insee_code(f, f_insee)] = *pop;
        }
        return out;
    }

    // Old INSEE code -> current code, from [mergers].
    std::map<std::string, std::string> load_mergers() {
        if (!m_config.mergers) return {};
        const LayerUse& use = *m_config.mergers;
        const io::LayerData table = read("mergers", use);
        const std::string f_parent = mapped_field(table, use, m_config, "mergers", "parent", false);
        const std::string f_former = mapped_field(table, use, m_config, "mergers", "former", false);
        if (f_parent.empty() && f_former.empty()) {
            throw ConfigError("[mergers] of '" + m_config.path + "' maps neither 'parent' (the chef-lieu of a " +
                              "commune déléguée) nor 'former' (the former codes of a commune): map one of them");
        }
        return merger_map(table, mapped_field(table, use, m_config, "mergers", "insee", true), f_parent, f_former);
    }

    void load_communes() {
        const LayerUse& use = m_config.communes;
        io::LayerData data = read("communes", use);
        if (data.features.empty()) {
            throw ConfigError("layer '" + data.layer + "' of '" + data.path + "' has no commune" +
                              (use.filter.empty() ? std::string{} : " matching the filter \"" + use.filter + "\"") +
                              "; a territory needs its communes: check [communes] in '" + m_config.path + "'");
        }
        const std::string f_insee = mapped_field(data, use, m_config, "communes", "insee", true);
        const std::string f_nom = mapped_field(data, use, m_config, "communes", "nom", false);
        const std::string f_pop = mapped_field(data, use, m_config, "communes", "pop", false);
        check_measure_fields(data, use, m_config, "communes");
        // EPCI membership comes from a field of the communes layer or from a joined table.
        const bool joined = m_config.membership.has_value();
        const std::string f_epci = mapped_field(data, use, m_config, "communes", "epci", !joined);
        const std::string f_epci_nom = mapped_field(data, use, m_config, "communes", "epci_nom", false);

        struct Member {
            std::string epci, epci_nom, nom;
            std::optional<double> pop;
        };
        std::map<std::string, Member> members;
        if (joined) {
            const LayerUse& m = *m_config.membership;
            const io::LayerData table = read("membership", m);
            const std::string m_insee = mapped_field(table, m, m_config, "membership", "insee", true);
            const std::string m_epci = mapped_field(table, m, m_config, "membership", "epci", true);
            const std::string m_epci_nom = mapped_field(table, m, m_config, "membership", "epci_nom", false);
            const std::string m_nom = mapped_field(table, m, m_config, "membership", "nom", false);
            const std::string m_pop = mapped_field(table, m, m_config, "membership", "pop", false);
            for (const auto& f : table.features) {
                const std::string code = insee_code(f, m_insee);
                if (code.empty()) continue;
                members[code] = {text(f, m_epci), text(f, m_epci_nom), text(f, m_nom), number(f, m_pop)};
            }
        }
        const std::map<std::string, double> populations = load_populations();
        const std::map<std::string, std::string> merged_into = load_mergers();
        // The current code of a commune of the polygons' vintage (itself when not merged since).
        auto current_code = [&](std::string code) {
            for (int hops = 0; hops < 8 && !(joined && members.contains(code)); ++hops) {
                const auto it = merged_into.find(code);
                if (it == merged_into.end()) break;
                code = it->second;
            }
            return code;
        };
        struct Absorbed {
            std::string code, nom, into;
            geom::Geometry geometry;
        };
        std::vector<Absorbed> absorbed;

        m_progress.stage("normalise communes");
        const auto t0 = Clock::now();
        ParallelNormaliser normaliser(data, use, m_config, m_sink, Expect::polygon);
        std::set<std::string> seen;
        std::vector<analysis::Commune>& communes = m_out.territory.communes;
        for (std::size_t i = 0; i < data.features.size(); ++i) {
            const io::Feature& f = data.features[i];
            const std::string code = insee_code(f, f_insee);
            if (code.empty()) {
                m_sink.report({use.dataset.key, "#" + std::to_string(f.fid), IssueKind::missing_id, Severity::error,
                               "commune without an INSEE code in field '" + f_insee + "'", "commune dropped", {}});
                continue;
            }
            if (const std::string into = current_code(code); into != code && (!joined || members.contains(into))) {
                // Merged since the polygons' vintage: its polygon joins the new commune's below.
                if (auto geometry = normaliser.take(i, code)) {
                    absorbed.push_back({code, text(f, f_nom), into, std::move(*geometry)});
                }
                continue;
            }
            if (joined && !members.contains(code)) continue;  // not a member of this territory
            if (!seen.insert(code).second) {
                m_sink.report({use.dataset.key, code, IssueKind::duplicate_id, Severity::error,
                               "INSEE code " + code + " appears more than once", "first occurrence kept", {}});
                continue;
            }
            auto geometry = normaliser.take(i, code);
            if (!geometry) continue;
            analysis::Commune c;
            c.insee = code;
            c.nom = text(f, f_nom);
            c.epci = text(f, f_epci);
            c.epci_nom = text(f, f_epci_nom);
            c.pop = number(f, f_pop);
            for (const auto& m : use.measures) c.values[m.name] = f.get(m.field);
            if (joined) {
                const Member& m = members.at(code);
                c.epci = m.epci;
                if (!m.epci_nom.empty()) c.epci_nom = m.epci_nom;
                if (c.nom.empty()) c.nom = m.nom;
                if (m.pop) c.pop = m.pop;
            }
            if (const auto p = populations.find(code); p != populations.end()) c.pop = p->second;
            if (c.epci.empty()) {
                m_sink.report({use.dataset.key, code, IssueKind::missing_epci, Severity::warning,
                               "commune " + code + " has no EPCI", "grouped under an empty EPCI code", {}});
            }
            c.geometry = std::move(*geometry);
            communes.push_back(std::move(c));
        }
        for (auto& a : absorbed) {
            auto it = std::find_if(communes.begin(), communes.end(), [&](const auto& c) { return c.insee == a.into; });
            std::string action = "polygon joined to that of " + a.into;
            if (it == communes.end()) {
                // The new commune has no polygon of its own in the file: this one starts it.
                analysis::Commune c;
                c.insee = a.into;
                if (joined) {
                    const Member& m = members.at(a.into);
                    c.nom = m.nom;
                    c.epci = m.epci;
                    c.epci_nom = m.epci_nom;
                    c.pop = m.pop;
                }
                if (const auto p = populations.find(a.into); p != populations.end()) c.pop = p->second;
                c.geometry = std::move(a.geometry);
                seen.insert(a.into);
                communes.push_back(std::move(c));
                action = "polygon used as that of " + a.into;
            } else {
                it->geometry = geom::union_all({&it->geometry, &a.geometry});
            }
            m_sink.report({use.dataset.key, a.code, IssueKind::merged_commune, Severity::info,
                           "commune " + a.code + (a.nom.empty() ? "" : " (" + a.nom + ")") + " of '" + data.path +
                               "' has been merged into " + a.into + " since the polygons' vintage",
                           action, {}});
        }
        for (const auto& [code, m] : members) {
            if (!seen.contains(code)) {
                m_sink.report({m_config.membership->dataset.key, code, IssueKind::missing_commune, Severity::error,
                               "commune " + code + " of EPCI " + m.epci + " is in the membership table but has no "
                               "polygon in '" + data.path + "'",
                               "left out of the territory; use commune polygons of the same vintage", {}});
            }
        }
        if (communes.empty()) {
            throw ConfigError("no usable commune polygon in layer '" + data.layer + "' of '" + data.path +
                              "'; see the issues above, and check the [membership] join in '" + m_config.path + "'");
        }
        std::sort(communes.begin(), communes.end(), [](const auto& a, const auto& b) { return a.insee < b.insee; });
        m_out.normalise_s += seconds_since(t0);
        m_progress.finish(std::to_string(communes.size()) + " communes");
    }

    // The parcels by id (role id: the Etalab 14-character id), polygons in the working CRS.
    void load_parcels(const LayerUse& use) {
        ParcelIndex index;
        for (auto& f : load_features("parcels", use, Expect::polygon)) index.emplace(f.id, std::move(f.geometry));
        m_parcels = std::move(index);
    }

    void load_sites(const LayerUse& configured) {
        // Shared: the sites keep their source rows (Site::source_row) without copying them.
        const auto shared = std::make_shared<io::LayerData>(read("friches", configured));
        io::LayerData& data = *shared;
        LayerUse use = configured;
        if (use.dataset.schema == "cnig-friches") {
            rename_legacy_columns(data);
            // The standard's optional columns may be absent: their roles are then simply unknown.
            std::erase_if(use.fields, [&](const auto& role) { return role.first != "id" && !data.has_field(role.second); });
        }
        if (data.features.empty()) {
            m_sink.report({use.dataset.key, "", IssueKind::empty_layer, Severity::warning,
                           "layer '" + data.layer + "' of '" + data.path + "' has no feature",
                           "the run continues without sites", {}});
            return;
        }
        const std::string f_id = mapped_field(data, use, m_config, "friches", "id", true);
        const std::string f_nom = mapped_field(data, use, m_config, "friches", "nom", false);
        const std::string f_type = mapped_field(data, use, m_config, "friches", "type", false);
        const std::string f_statut = mapped_field(data, use, m_config, "friches", "statut", false);
        const std::string f_surface = mapped_field(data, use, m_config, "friches", "surface", false);
        check_measure_fields(data, use, m_config, "friches");
        const std::string f_insee = mapped_field(data, use, m_config, "friches", "insee", false);
        const std::string f_parcels = mapped_field(data, use, m_config, "friches", "parcelles", false);
        const FootprintRules rules{m_config.default_footprint_m2, m_config.disc_segments, m_config.parcel_surface_ratio};

        // Every other mapped role is kept for scoring (pollution, zonage, owner codes, ...).
        std::map<std::string, std::string> extra;
        for (const auto& [role, field] : use.fields) {
            static const std::set<std::string> core{"id", "nom", "type", "statut", "surface", "insee", "parcelles"};
            if (!core.contains(role)) extra[role] = mapped_field(data, use, m_config, "friches", role, true);
        }
        m_progress.stage("normalise friches");
        const auto t0 = Clock::now();
        // Three passes, so that the sites are built on both cores and the issues still come in
        // feature order: ids and geometries in order (their issues buffered per feature), the
        // sites in parallel, then every feature's issues and site in order. National benchmark
        // (100 000 sites): 0.46 s of one core for the middle part.
        struct Pending {
            std::optional<geom::Geometry> geometry;
            std::vector<Issue> issues;
            std::optional<analysis::Site> site;
        };
        std::vector<Pending> pending(data.features.size());
        BufferSink buffer;
        ParallelNormaliser normaliser(data, use, m_config, buffer, Expect::polygon_or_point);
        std::vector<std::vector<Issue>> id_issues(data.features.size());
        const std::vector<std::string> ids = detail::site_ids(data, f_id, use.dataset.key, id_issues);
        for (std::size_t i = 0; i < data.features.size(); ++i) {
            pending[i].issues = std::move(id_issues[i]);
            buffer.target = &pending[i].issues;
            pending[i].geometry = normaliser.take(i, ids[i]);
        }
        parallel_for(data.features.size(), [&](std::size_t i) {
            Pending& p = pending[i];
            if (!p.geometry) return;
            io::Feature& f = data.features[i];
            f.geometry = geom::Geometry{};  // normalised already (p.geometry): not kept with the row
            const std::string& id = ids[i];
            analysis::Site site;
            site.site_id = id;
            site.nom = text(f, f_nom);
            site.type = text(f, f_type);
            site.statut = text(f, f_statut);
            site.insee_declared = insee_code(f, f_insee);
            site.surf_decl = detail::checked_surface(number(f, f_surface), m_config.implausible_ha, use.dataset.key,
                                                     id, p.issues);
            for (const auto& [role, field] : extra) site.attributes[role] = text(f, field);
            site.source_row = std::shared_ptr<const Attributes>(shared, &f.attributes);
            try {
                for (auto& issue : make_footprint(site, std::move(*p.geometry), parcel_ids(text(f, f_parcels)),
                                                  m_parcels ? &*m_parcels : nullptr, rules, use.dataset.key)) {
                    p.issues.push_back(std::move(issue));
                }
            } catch (const GeometryError& e) {
                // A problem of this site's geometry: the site's issue, not the run's end.
                p.issues.push_back({use.dataset.key, id, IssueKind::invalid_geometry, Severity::error,
                                    "no footprint can be made from the geometry of feature #" + std::to_string(f.fid) +
                                        " of layer '" + data.layer + "' in '" + data.path + "': " + e.what(),
                                    "site dropped; fix its geometry in the source", {}});
                return;
            }
            p.site = std::move(site);
        });
        // Sites in id order: the ids are sorted, then each site is moved once (a site is a
        // large object; sorting the sites themselves moved each ~17 times).
        std::vector<std::size_t> order;
        order.reserve(pending.size());
        for (std::size_t i = 0; i < pending.size(); ++i) {
            for (auto& issue : pending[i].issues) m_sink.report(std::move(issue));
            if (pending[i].site) order.push_back(i);
        }
        // Stable: equal ids (a renamed duplicate meeting a source id) keep the feature order.
        std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ids[a] < ids[b]; });
        auto& sites = m_out.territory.sites;
        sites.reserve(order.size());
        for (std::size_t i : order) sites.push_back(std::move(*pending[i].site));
        m_out.normalise_s += seconds_since(t0);
        m_progress.finish(std::to_string(sites.size()) + " sites");
    }

    std::vector<analysis::Feature> load_features(const std::string& role, const LayerUse& use, Expect expect) {
        io::LayerData data = read(role, use);
        const std::string section = role.substr(0, role.find(' '));
        const std::string f_id = mapped_field(data, use, m_config, section, "id", false);
        const std::string f_nom = mapped_field(data, use, m_config, section, "nom", false);
        std::map<std::string, std::string> extra;
        for (const auto& [r, field] : use.fields) {
            if (r != "id" && r != "nom") extra[r] = mapped_field(data, use, m_config, section, r, true);
        }
        m_progress.stage("normalise " + role);
        const auto t0 = Clock::now();
        ParallelNormaliser normaliser(data, use, m_config, m_sink, expect);
        std::set<std::string> seen;
        std::vector<analysis::Feature> out;
        for (std::size_t i = 0; i < data.features.size(); ++i) {
            const io::Feature& f = data.features[i];
            const detail::SafeId safe = detail::safe_id(feature_id(f, f_id));
            const std::string& id = safe.id;
            // The SNCF list has one row per station and line: keep one feature per id.
            if (!f_id.empty() && !seen.insert(id).second) continue;
            if (!safe.change.empty()) {
                m_sink.report({use.dataset.key, id, IssueKind::invalid_id, Severity::warning,
                               "the id in field '" + f_id + "' of feature #" + std::to_string(f.fid) + ": " + safe.change,
                               "kept as " + id + "; fix the id in the source", {}});
            }
            auto geometry = normaliser.take(i, id);
            if (!geometry) continue;
            if (expect == Expect::polygon_or_point && geometry->kind() != geom::GeometryKind::point) {
                *geometry = geometry->point_on_surface();
            }
            analysis::Feature feature{id, text(f, f_nom), std::move(*geometry), {}};
            for (const auto& [r, field] : extra) feature.attributes[r] = text(f, field);
            out.push_back(std::move(feature));
        }
        std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
        m_out.normalise_s += seconds_since(t0);
        m_progress.finish(std::to_string(out.size()) + " features");
        return out;
    }

    analysis::ContextLayer context(const std::string& section, const std::string& name, const std::string& label,
                                   const LayerUse& use, Expect expect) {
        analysis::ContextLayer layer{name, label, use.dataset.key, use.dataset.synthetic, {}, {}, {}};
        layer.features = load_features(section + (section == name ? "" : " " + name), use, expect);
        return layer;
    }

    const TerritoryConfig& m_config;
    IssueSink& m_sink;
    Progress& m_progress;
    Loaded m_out;
    std::optional<ParcelIndex> m_parcels;  ///< [parcels], loaded before the sites
    std::map<std::string, std::shared_future<std::string>> m_sha256;  ///< by file path
    std::vector<const LayerUse*> m_order;          ///< layers in load order
    static constexpr std::size_t k_read_ahead = 2;
    std::size_t m_next = 0;                           ///< index in m_order of m_prefetch.front()
    std::deque<std::future<SourceRead>> m_prefetch;  ///< m_order[m_next ..], being read
};

}  // namespace

Loaded load_inputs(const TerritoryConfig& config, IssueSink& sink, Progress& progress) {
    return Loader(config, sink, progress).run();
}

}  // namespace foncier::ingest
