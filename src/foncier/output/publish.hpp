#pragma once
// Atomic replacement of an output folder: everything is written into a staging folder next
// to the target, and only a complete staging folder is renamed into place.

#include <filesystem>

namespace foncier::output {

class StagingFolder {
public:
    /// Throws ConfigError when `target` exists and `overwrite` is false.
    StagingFolder(std::filesystem::path target, bool overwrite);
    StagingFolder(const StagingFolder&) = delete;
    StagingFolder& operator=(const StagingFolder&) = delete;
    StagingFolder(StagingFolder&&) = delete;
    StagingFolder& operator=(StagingFolder&&) = delete;
    /// Removes the staging folder unless publish() succeeded.
    ~StagingFolder();

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return m_staging; }
    /// Moves the staging folder to the target, replacing the old one.
    void publish();

private:
    std::filesystem::path m_target;
    std::filesystem::path m_staging;
    bool m_overwrite = false;
    bool m_published = false;
};

}  // namespace foncier::output
