#pragma once
// Output safety and atomic publishing.
//
// Everything a command writes goes into a staging folder next to the target
// (`.<name>.staging-<pid>`); publishing swaps it into place in one step, so that at every
// instant the target path holds either the complete previous outputs or the complete new ones:
// Linux renameat2(RENAME_EXCHANGE) when the file system has it, otherwise a versioned folder
// behind a symbolic link switched by one rename(2). A stamp file (`.foncier-output`), written
// last, marks a folder as complete and created by foncier: --overwrite replaces only such a
// folder (or an empty one). Leftovers of runs killed on the way are recovered or removed by the
// next publisher of the same target.

#include <filesystem>
#include <string>
#include <vector>

namespace foncier::output {

/// Name of the stamp file foncier writes last in every output folder it publishes.
inline constexpr const char* k_stamp_file = ".foncier-output";

/// Throws ConfigError when writing (and later replacing) `out` could destroy data: `out` is `/`,
/// is or contains the home folder, is or contains one of `inputs` (files or folders: the
/// config, the catalogue, the datasets, the profile), or lies inside an input that is a folder.
void check_output_location(const std::filesystem::path& out, const std::vector<std::string>& inputs);

/// True when `dir` holds foncier's stamp (a folder foncier published, complete).
[[nodiscard]] bool is_foncier_output(const std::filesystem::path& dir);

/// Leftovers of killed publishers of `target` (staging, old and version folders of processes
/// that no longer run): puts a complete previous output folder back when `target` is missing,
/// removes the rest. Returns what it did, one line per folder, for messages and tests.
std::vector<std::string> recover_leftovers(const std::filesystem::path& target);

enum class PublishMode {
    automatic,  ///< RENAME_EXCHANGE, or the symbolic link when the file system lacks it
    symlink,    ///< always the versioned folder behind a symbolic link (tests of the fallback)
};

class StagingFolder {
public:
    /// Checks the location (check_output_location), recovers leftovers, then throws ConfigError
    /// when `target` exists and `overwrite` is false, or when it is not a folder foncier
    /// created. `command` is recorded in the stamp ("run", "score", "export").
    StagingFolder(std::filesystem::path target, bool overwrite, const std::vector<std::string>& inputs,
                  std::string command, PublishMode mode = PublishMode::automatic);
    StagingFolder(const StagingFolder&) = delete;
    StagingFolder& operator=(const StagingFolder&) = delete;
    StagingFolder(StagingFolder&&) = delete;
    StagingFolder& operator=(StagingFolder&&) = delete;
    /// Removes the staging folder unless publish() succeeded.
    ~StagingFolder();

    [[nodiscard]] const std::filesystem::path& path() const noexcept { return m_staging; }
    /// Writes the stamp, then swaps the staging folder into place in one step and removes the
    /// previous outputs.
    void publish();

private:
    std::filesystem::path m_target;
    std::filesystem::path m_staging;
    std::string m_command;
    PublishMode m_mode;
    bool m_published = false;
};

/// A single-file output (`query --out`, `validate --issues`): the file and its side files are
/// written into a staging folder next to it, then moved into place, the main file last and
/// never over an existing one, so the path is either absent or complete.
class StagingFile {
public:
    /// Throws ConfigError when `target` exists or its location is unsafe (see above).
    StagingFile(std::filesystem::path target, const std::vector<std::string>& inputs);
    StagingFile(const StagingFile&) = delete;
    StagingFile& operator=(const StagingFile&) = delete;
    StagingFile(StagingFile&&) = delete;
    StagingFile& operator=(StagingFile&&) = delete;
    ~StagingFile();

    /// Where to write: <staging folder>/<target's file name>; side files go next to it.
    [[nodiscard]] std::filesystem::path path() const { return m_staging / m_target.filename(); }
    void publish();

private:
    std::filesystem::path m_target;
    std::filesystem::path m_staging;
    bool m_published = false;
};

}  // namespace foncier::output
