#include "foncier/output/publish.hpp"

#include <unistd.h>

#include <system_error>

#include "foncier/core/error.hpp"

namespace foncier::output {

namespace fs = std::filesystem;

StagingFolder::StagingFolder(fs::path target, bool overwrite) : m_target(std::move(target)), m_overwrite(overwrite) {
    if (fs::exists(m_target) && !m_overwrite) {
        throw ConfigError("output folder '" + m_target.string() + "' already exists; use --overwrite to replace it");
    }
    if (fs::exists(m_target) && !fs::is_directory(m_target)) {
        throw ConfigError("output path '" + m_target.string() + "' exists and is not a folder");
    }
    const fs::path parent = m_target.has_parent_path() ? m_target.parent_path() : fs::path(".");
    std::error_code ec;
    fs::create_directories(parent, ec);
    if (ec) throw IoError("cannot create the folder '" + parent.string() + "': " + ec.message());
    // Same parent folder, so the final rename stays on one file system (atomic).
    m_staging = parent / ("." + m_target.filename().string() + ".staging-" + std::to_string(::getpid()));
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
    std::error_code ec;
    fs::path old;
    if (fs::exists(m_target)) {
        old = m_target.parent_path() / ("." + m_target.filename().string() + ".old-" + std::to_string(::getpid()));
        fs::remove_all(old, ec);
        fs::rename(m_target, old, ec);
        if (ec) throw IoError("cannot move the previous output '" + m_target.string() + "' aside: " + ec.message());
    }
    fs::rename(m_staging, m_target, ec);
    if (ec) {
        if (!old.empty()) fs::rename(old, m_target, ec);  // put the previous outputs back
        throw IoError("cannot move the new outputs into '" + m_target.string() + "'");
    }
    m_published = true;
    if (!old.empty()) fs::remove_all(old, ec);
}

}  // namespace foncier::output
