// Printing the atlas with headless Chromium and joining the pages with poppler-utils.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "foncier/core/error.hpp"
#include "foncier/pipeline/report.hpp"

extern char** environ;

namespace foncier::pipeline {

namespace fs = std::filesystem;

namespace {

std::string on_path(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::string dirs = path != nullptr ? path : "/usr/bin:/bin";
    std::size_t start = 0;
    while (start <= dirs.size()) {
        const std::size_t end = dirs.find(':', start);
        const fs::path candidate = fs::path(dirs.substr(start, end - start)) / name;
        if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return {};
}

// Starts `args` with stdout and stderr sent to `log` (a file), returns its pid.
pid_t start(const std::vector<std::string>& args, const std::string& log) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, args[0].c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) throw IoError("cannot start '" + args[0] + "' (error " + std::to_string(rc) + ")");
    return pid;
}

int wait_for(pid_t pid) {
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string tail_of(const std::string& file) {
    std::FILE* f = std::fopen(file.c_str(), "rb");
    if (f == nullptr) return {};
    std::string text;
    char buf[4096];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) text.append(buf, n);
    std::fclose(f);
    return text.size() > 600 ? text.substr(text.size() - 600) : text;
}

}  // namespace

std::string find_chromium(const std::string& requested) {
    if (!requested.empty()) return ::access(requested.c_str(), X_OK) == 0 ? requested : std::string{};
    if (const char* env = std::getenv("FONCIER_CHROMIUM"); env != nullptr && *env != '\0') {
        return ::access(env, X_OK) == 0 ? std::string(env) : std::string{};
    }
    for (const char* name : {"chromium", "chromium-browser"}) {
        if (auto p = on_path(name); !p.empty()) return p;
    }
    return {};
}

void print_pdfs(const std::string& chromium, const std::vector<std::string>& pages, const std::vector<std::string>& pdfs) {
    // Each Chromium gets its own profile folder: two at a time would otherwise share one.
    const fs::path tmp = fs::temp_directory_path() / ("foncier-chromium-" + std::to_string(::getpid()));
    fs::create_directories(tmp);
    struct Job {
        pid_t pid;
        std::size_t page;
        std::string log;
    };
    std::vector<Job> running;
    auto finish = [&](const Job& job) {
        const int rc = wait_for(job.pid);
        if (rc != 0 || !fs::exists(pdfs[job.page]) || fs::file_size(pdfs[job.page]) == 0) {
            const std::string why = tail_of(job.log);
            fs::remove_all(tmp);
            throw IoError("Chromium could not print '" + pages[job.page] + "' (exit " + std::to_string(rc) + "): " + why);
        }
    };
    const std::size_t parallel = 2;  // the machines we target have few cores; Chromium uses several threads
    for (std::size_t i = 0; i < pages.size(); ++i) {
        if (running.size() == parallel) {
            finish(running.front());
            running.erase(running.begin());
        }
        const fs::path profile = tmp / ("profile-" + std::to_string(i % parallel));
        const std::string log = (tmp / ("log-" + std::to_string(i % parallel) + ".txt")).string();
        const std::string url = "file://" + fs::absolute(pages[i]).lexically_normal().string();
        running.push_back({start({chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                                  "--disable-extensions", "--disable-background-networking", "--disable-sync",
                                  "--user-data-dir=" + profile.string(), "--no-pdf-header-footer",
                                  "--run-all-compositor-stages-before-draw", "--virtual-time-budget=4000",
                                  "--print-to-pdf=" + fs::absolute(pdfs[i]).string(), url},
                                 log),
                           i, log});
    }
    for (const auto& job : running) finish(job);
    fs::remove_all(tmp);
}

std::size_t join_pdfs(const std::vector<std::string>& pdfs, const std::string& out) {
    const std::string pdfunite = on_path("pdfunite");
    const std::string pdfinfo = on_path("pdfinfo");
    if (pdfunite.empty() || pdfinfo.empty()) {
        throw IoError("pdfunite and pdfinfo are missing: install Debian's poppler-utils (tools/bootstrap does) to make atlas.pdf");
    }
    std::vector<std::string> args{pdfunite};
    args.insert(args.end(), pdfs.begin(), pdfs.end());
    args.push_back(out);
    const std::string log = out + ".log";
    if (wait_for(start(args, log)) != 0) {
        const std::string why = tail_of(log);
        fs::remove(log);
        throw IoError("pdfunite could not join the pages into '" + out + "': " + why);
    }
    const std::string info = out + ".info";
    const int rc = wait_for(start({pdfinfo, out}, info));
    const std::string text = tail_of(info);
    fs::remove(log);
    fs::remove(info);
    const auto p = text.find("Pages:");
    if (rc != 0 || p == std::string::npos) throw IoError("pdfinfo could not read '" + out + "'");
    return std::stoul(text.substr(p + 6));
}

}  // namespace foncier::pipeline
