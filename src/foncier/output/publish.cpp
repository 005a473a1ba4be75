#include "foncier/output/publish.hpp"

#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <system_error>

#include "foncier/core/error.hpp"

namespace foncier::output {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_stamp_magic = "foncier output folder";

fs::path canonical_path(const fs::path& p) {
    std::error_code ec;
    fs::path abs = fs::absolute(p, ec);
    if (ec) abs = p;
    fs::path c = fs::weakly_canonical(abs, ec);
    return (ec ? abs : c).lexically_normal();
}

// True when `inner` is `outer` or lies inside it (whole path components, both canonical).
bool within(const fs::path& inner, const fs::path& outer) {
    auto i = inner.begin();
    for (auto o = outer.begin(); o != outer.end(); ++o, ++i) {
        if (o->empty()) continue;  // the trailing "" of "dir/"
        if (i == inner.end() || *i != *o) return false;
    }
    return true;
}

fs::path home_folder() {
    if (const char* h = std::getenv("HOME"); h != nullptr && *h != '\0') return h;
    if (const passwd* pw = ::getpwuid(::getuid()); pw != nullptr && pw->pw_dir != nullptr) return pw->pw_dir;
    return {};
}

// The file behind an input: "PG:" sources have none; GDAL's /vsizip/, /vsigzip/ ... prefixes
// name one ("/vsizip//data/a.zip/inner.shp": the longest existing prefix of the rest).
std::optional<fs::path> input_file(const std::string& input) {
    if (input.empty() || input.rfind("PG:", 0) == 0) return std::nullopt;
    std::string rest = input;
    if (rest.rfind("/vsi", 0) == 0) {
        const auto slash = rest.find('/', 1);
        if (slash == std::string::npos) return std::nullopt;
        rest = rest.substr(slash + 1);
        fs::path p = rest;
        while (!p.empty() && !fs::exists(p) && p.has_parent_path() && p.parent_path() != p) p = p.parent_path();
        return p.empty() ? std::nullopt : std::optional<fs::path>(p);
    }
    return fs::path(rest);
}

// "<pid>" or "<pid>-<n>": true when that process no longer runs.
bool pid_is_dead(const std::string& text) {
    const std::string digits = text.substr(0, text.find('-'));
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 9) return false;
    const auto pid = static_cast<pid_t>(std::stol(digits));
    if (pid <= 0 || pid == ::getpid()) return false;
    return ::kill(pid, 0) == -1 && errno == ESRCH;
}

std::string pid_text() { return std::to_string(::getpid()); }

// Removes a folder of previous outputs: the stamp first, so that a folder cut short by a kill
// is never taken for a complete one by recover_leftovers.
void dispose(const fs::path& p) {
    std::error_code ec;
    if (fs::is_symlink(p, ec)) {
        // A symbolic link of the fallback: its version folder goes with it.
        const fs::path to = p.parent_path() / fs::read_symlink(p, ec);
        fs::remove(p, ec);
        if (!ec && to.parent_path() == p.parent_path() && to.filename().string().find(".v-") != std::string::npos) {
            dispose(to);
        }
        return;
    }
    fs::remove(p / k_stamp_file, ec);
    fs::remove_all(p, ec);
}

void write_stamp(const fs::path& dir, const std::string& command) {
    const fs::path tmp = dir / (std::string(k_stamp_file) + ".tmp");
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        // No time or process id: reruns give byte-identical folders.
        out << k_stamp_magic << "\ncommand: " << command
            << "\nThis folder is replaced as a whole by foncier --overwrite; do not keep other files in it.\n";
        if (!out) throw IoError("cannot write '" + tmp.string() + "'");
    }
    std::error_code ec;
    fs::rename(tmp, dir / k_stamp_file, ec);
    if (ec) throw IoError("cannot write '" + (dir / k_stamp_file).string() + "': " + ec.message());
}

int rename2(const fs::path& from, const fs::path& to, unsigned flags) {
    return ::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), flags);
}

// rename(2) that never replaces `to`; where the file system lacks RENAME_NOREPLACE, a check
// then a plain rename (a race only with another writer of the same new path).
int move_noreplace(const fs::path& from, const fs::path& to) {
    if (rename2(from, to, RENAME_NOREPLACE) == 0) return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) return -1;
    std::error_code ec;
    if (fs::exists(fs::symlink_status(to, ec))) {
        errno = EEXIST;
        return -1;
    }
    return ::rename(from.c_str(), to.c_str());
}

// An output folder of a foncier older than the stamp: its manifest, and nothing but the names
// foncier writes (so replacing it loses no one's file).
bool is_unstamped_foncier_output(const fs::path& dir) {
    std::error_code ec;
    if (!fs::exists(dir / "run.json", ec) && !fs::exists(dir / "export_report.txt", ec)) return false;
    auto ends_with = [](const std::string& s, const std::string& tail) {
        return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
    };
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (e.is_directory()) {
            if (name != "geojson" && name != "shp") return false;
            for (const auto& f : fs::directory_iterator(e.path(), ec)) {
                const std::string ext = f.path().extension().string();
                if (!f.is_regular_file() || (ext != ".geojson" && ext != ".qml" && ext != ".shp" && ext != ".shx" &&
                                             ext != ".dbf" && ext != ".prj" && ext != ".cpg")) {
                    return false;
                }
            }
            continue;
        }
        const bool known = name == "foncier.gpkg" || name == "foncier.qgs" || name == "run.json" ||
                           name == "crosswalk.csv" || name == "export_report.txt" ||
                           name.rfind("friches_cnig.", 0) == 0 ||
                           (name.rfind("zae_inventory_", 0) == 0 && ends_with(name, ".csv"));
        if (!known || !e.is_regular_file()) return false;
    }
    return !ec;
}

}  // namespace

void check_output_location(const fs::path& out, const std::vector<std::string>& inputs) {
    const fs::path o = canonical_path(out);
    const std::string shown = "output '" + out.string() + "'";
    if (o == o.root_path()) throw ConfigError(shown + " is the root folder '/': choose a folder of its own");
    if (const fs::path home = home_folder(); !home.empty() && within(canonical_path(home), o)) {
        throw ConfigError(shown + (canonical_path(home) == o ? " is" : " contains") + " the home folder '" +
                          home.string() + "': choose a folder of its own, e.g. '" + (fs::path(home) / "foncier-out").string() +
                          "'");
    }
    for (const auto& input : inputs) {
        const auto file = input_file(input);
        if (!file) continue;
        const fs::path in = canonical_path(*file);
        if (within(in, o)) {
            throw ConfigError(shown + (in == o ? " is" : " contains") + " the input '" + input +
                              "'; foncier replaces its outputs as a whole: choose an output folder that holds no input");
        }
        std::error_code ec;
        if (fs::is_directory(in, ec) && within(o, in)) {
            throw ConfigError(shown + " lies inside the input folder '" + input +
                              "': choose an output folder outside the inputs");
        }
    }
}

bool is_foncier_output(const fs::path& dir) {
    std::ifstream in(dir / k_stamp_file, std::ios::binary);
    std::string first;
    return in && std::getline(in, first) && first == k_stamp_magic;
}

std::vector<std::string> recover_leftovers(const fs::path& target_in) {
    std::vector<std::string> done;
    const fs::path target = fs::absolute(target_in).lexically_normal();
    const fs::path parent = target.parent_path();
    const std::string prefix = "." + target.filename().string() + ".";
    std::error_code ec;
    if (!fs::is_directory(parent, ec)) return done;
    struct Leftover {
        fs::path path;
        std::string kind;
    };
    std::vector<Leftover> leftovers;
    for (const auto& entry : fs::directory_iterator(parent, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(prefix, 0) != 0) continue;
        const std::string rest = name.substr(prefix.size());
        const auto dash = rest.find('-');
        if (dash == std::string::npos) continue;
        const std::string kind = rest.substr(0, dash);
        if (kind != "staging" && kind != "old" && kind != "v" && kind != "link") continue;
        if (!pid_is_dead(rest.substr(dash + 1))) continue;
        leftovers.push_back({entry.path(), kind});
    }
    // The version folder the target points to (symbolic link fallback) is live, not a leftover.
    if (fs::is_symlink(target, ec)) {
        const fs::path live = (parent / fs::read_symlink(target, ec)).lexically_normal();
        std::erase_if(leftovers, [&](const Leftover& l) { return l.path == live; });
    }
    // The previous outputs moved aside by a publisher killed before the new ones were in
    // place: put them back. Older foncier versions wrote no stamp; their `.old-` folder was
    // whole (moved by one rename), with its run.json.
    if (!fs::exists(fs::symlink_status(target, ec))) {
        for (auto it = leftovers.begin(); it != leftovers.end(); ++it) {
            if (it->kind != "old" || !(is_foncier_output(it->path) || fs::exists(it->path / "run.json", ec))) continue;
            fs::rename(it->path, target, ec);
            if (!ec) {
                done.push_back("recovered " + it->path.string() + " -> " + target.string());
                leftovers.erase(it);
            }
            break;
        }
    }
    for (const auto& l : leftovers) {
        dispose(l.path);
        done.push_back("removed " + l.path.string());
    }
    return done;
}

StagingFolder::StagingFolder(fs::path target, bool overwrite, const std::vector<std::string>& inputs, std::string command,
                             PublishMode mode)
    : m_target(fs::absolute(target).lexically_normal()), m_command(std::move(command)), m_mode(mode) {
    if (m_target.filename().empty()) m_target = m_target.parent_path();  // "out/" -> "out"
    check_output_location(m_target, inputs);
    (void)recover_leftovers(m_target);
    std::error_code ec;
    if (fs::exists(m_target, ec)) {
        if (!overwrite) {
            throw ConfigError("output folder '" + target.string() + "' already exists; use --overwrite to replace it");
        }
        if (!fs::is_directory(m_target, ec)) {
            throw ConfigError("output path '" + target.string() + "' exists and is not a folder");
        }
        if (!is_foncier_output(m_target) && !fs::is_empty(m_target, ec) && !is_unstamped_foncier_output(m_target)) {
            throw ConfigError("output folder '" + target.string() + "' was not written by foncier (no " + k_stamp_file +
                              " stamp in it): --overwrite replaces only foncier's own output folders; move it away "
                              "or choose another --out");
        }
    }
    const fs::path parent = m_target.parent_path();
    fs::create_directories(parent, ec);
    if (ec) throw IoError("cannot create the folder '" + parent.string() + "': " + ec.message());
    // Same parent folder: the final rename stays on one file system (atomic).
    m_staging = parent / ("." + m_target.filename().string() + ".staging-" + pid_text());
    fs::remove_all(m_staging, ec);
    fs::create_directory(m_staging, ec);
    if (ec) throw IoError("cannot create the staging folder '" + m_staging.string() + "': " + ec.message());
}

StagingFolder::~StagingFolder() {
    if (!m_published) {
        std::error_code ec;
        fs::remove_all(m_staging, ec);
    }
}

void StagingFolder::publish() {
    write_stamp(m_staging, m_command);
    std::error_code ec;
    const fs::path parent = m_target.parent_path();
    const bool exists = fs::exists(fs::symlink_status(m_target, ec));
    if (m_mode == PublishMode::automatic) {
        // One step: the target holds the old folder, then the new one; never nothing.
        if (rename2(m_staging, m_target, exists ? RENAME_EXCHANGE : RENAME_NOREPLACE) == 0) {
            m_published = true;
            if (exists) dispose(m_staging);  // now the previous outputs
            return;
        }
        const int err = errno;
        if (err != EINVAL && err != ENOSYS && err != ENOTSUP) {
            throw IoError("cannot move the new outputs into '" + m_target.string() + "': " + std::strerror(err));
        }
    }
    // Fallback for file systems without renameat2's flags: the outputs live in a version
    // folder and the target is a symbolic link to it, switched by one rename(2).
    // Unique within the process too: the live version folder may be this process's previous one.
    static std::atomic<unsigned> s_versions{0};
    const fs::path version =
        parent / ("." + m_target.filename().string() + ".v-" + pid_text() + "-" + std::to_string(++s_versions));
    const fs::path link = parent / ("." + m_target.filename().string() + ".link-" + pid_text());
    fs::remove_all(version, ec);
    fs::remove(link, ec);
    fs::rename(m_staging, version, ec);
    if (ec) throw IoError("cannot rename '" + m_staging.string() + "': " + ec.message());
    m_staging = version;  // removed by the destructor if what follows fails
    fs::create_directory_symlink(version.filename(), link, ec);
    if (ec) throw IoError("cannot create the link '" + link.string() + "': " + ec.message());
    std::optional<fs::path> previous;
    if (exists && !fs::is_symlink(m_target, ec)) {
        // A real folder cannot be swapped for a link in one step: moved aside first, it is put
        // back by recover_leftovers if this process dies before the link is in place.
        previous = parent / ("." + m_target.filename().string() + ".old-" + pid_text());
        fs::rename(m_target, *previous, ec);
        if (ec) {
            fs::remove(link, ec);
            throw IoError("cannot move the previous outputs '" + m_target.string() + "' aside: " + ec.message());
        }
    } else if (exists) {
        // The previous version folder, when it is one of ours (not a link the user made).
        const fs::path to = parent / fs::read_symlink(m_target, ec);
        const std::string own = "." + m_target.filename().string() + ".v-";
        if (!ec && to.parent_path() == parent && to.filename().string().rfind(own, 0) == 0) previous = to;
    }
    fs::rename(link, m_target, ec);  // replaces a link atomically
    if (ec) {
        const std::string why = ec.message();
        if (previous && !fs::exists(m_target)) fs::rename(*previous, m_target, ec);
        fs::remove(link, ec);
        throw IoError("cannot switch '" + m_target.string() + "' to the new outputs: " + why);
    }
    m_published = true;
    if (previous) dispose(*previous);
}

StagingFile::StagingFile(fs::path target, const std::vector<std::string>& inputs)
    : m_target(fs::absolute(target).lexically_normal()) {
    check_output_location(m_target, inputs);
    std::error_code ec;
    if (fs::exists(fs::symlink_status(m_target, ec))) {
        throw ConfigError("'" + target.string() + "' already exists: remove it or choose another --out");
    }
    const fs::path parent = m_target.parent_path();
    fs::create_directories(parent, ec);
    if (ec) throw IoError("cannot create the folder '" + parent.string() + "': " + ec.message());
    (void)recover_leftovers(m_target);
    m_staging = parent / ("." + m_target.filename().string() + ".staging-" + pid_text());
    fs::remove_all(m_staging, ec);
    fs::create_directory(m_staging, ec);
    if (ec) throw IoError("cannot create the staging folder '" + m_staging.string() + "': " + ec.message());
}

StagingFile::~StagingFile() {
    std::error_code ec;
    fs::remove_all(m_staging, ec);
}

void StagingFile::publish() {
    const fs::path parent = m_target.parent_path();
    const fs::path main = path();
    if (!fs::exists(main)) throw IoError("'" + main.string() + "' was not written");
    std::error_code ec;
    std::vector<fs::path> side;
    for (const auto& entry : fs::directory_iterator(m_staging, ec)) {
        if (entry.path() != main) side.push_back(entry.path());
    }
    // Side files first (a Shapefile's .dbf, .shx, ...), the main file last: whoever sees the
    // main file sees it complete. Nothing already there is replaced.
    for (const auto& p : side) {
        if (move_noreplace(p, parent / p.filename()) != 0) {
            throw IoError("cannot move '" + p.filename().string() + "' into '" + parent.string() +
                          "': " + std::strerror(errno) + "; remove the old file first");
        }
    }
    if (move_noreplace(main, m_target) != 0) {
        throw IoError("cannot move the result into '" + m_target.string() + "': " + std::strerror(errno));
    }
    m_published = true;
}

}  // namespace foncier::output
