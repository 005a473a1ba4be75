#pragma once
// Helpers shared by the test binaries: temporary folders, small files written from code,
// where the source tree and the foncier executable are.

#include <filesystem>
#include <fstream>
#include <string>

namespace foncier::test {

/// A fresh folder under the system temp dir, removed with everything in it at scope exit.
class TempDir {
public:
    TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    TempDir(TempDir&&) = delete;
    TempDir& operator=(TempDir&&) = delete;
    ~TempDir();
    [[nodiscard]] const std::filesystem::path& path() const noexcept { return m_path; }
    [[nodiscard]] std::string operator/(const std::string& name) const { return (m_path / name).string(); }

private:
    std::filesystem::path m_path;
};

/// Writes `content` to `path` (creating parent folders) and returns the path.
std::string write_file(const std::string& path, const std::string& content);

[[nodiscard]] std::string read_file(const std::string& path);

/// The repository root (compile-time definition).
[[nodiscard]] std::filesystem::path source_dir();

}  // namespace foncier::test
