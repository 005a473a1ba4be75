// Output safety and atomic publishing: where an output folder may go, what --overwrite may
// replace, the swap in one step (RENAME_EXCHANGE and the symbolic link fallback), and the
// leftovers of killed runs.

#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "foncier/core/error.hpp"
#include "foncier/output/publish.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
namespace pl = foncier::output;
using foncier::test::read_file;
using foncier::test::TempDir;
using foncier::test::write_file;

namespace {

std::string location_error(const fs::path& out, const std::vector<std::string>& inputs) {
    try {
        pl::check_output_location(out, inputs);
    } catch (const foncier::ConfigError& e) {
        return e.what();
    }
    return "accepted";
}

// A process id that certainly ran and no longer does: a child that exited and was reaped.
std::string dead_pid() {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    return std::to_string(child);
}

void publish(const fs::path& target, const std::string& file, const std::string& text, bool overwrite,
             pl::PublishMode mode = pl::PublishMode::automatic) {
    pl::StagingFolder s(target, overwrite, {}, "test", mode);
    write_file((s.path() / file).string(), text);
    s.publish();
}

std::vector<std::string> entries(const fs::path& dir) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST(OutputLocation, RefusesRootHomeAndFoldersHoldingInputs) {
    TempDir dir;
    const std::string input = write_file(dir / "data/communes.csv", "insee\n");
    const std::string config = write_file(dir / "t.toml", "name = \"x\"\n");
    EXPECT_NE(location_error("/", {}).find("root folder"), std::string::npos);
    EXPECT_NE(location_error(input, {input, config}).find("is the input"), std::string::npos);
    EXPECT_NE(location_error(dir / "data", {input, config}).find("contains the input"), std::string::npos);
    EXPECT_NE(location_error(dir.path(), {input}).find("contains the input"), std::string::npos);
    EXPECT_NE(location_error(dir / "data/../data", {input}).find("contains the input"), std::string::npos);
    EXPECT_NE(location_error(dir.path(), {config}).find("contains the input"), std::string::npos);
    // An input that is a folder (a dataset made of a folder): nothing may be written inside it.
    EXPECT_NE(location_error(dir / "data/out", {dir / "data"}).find("lies inside the input folder"), std::string::npos);
    // Beside the inputs is fine: the output folder holds none of them.
    EXPECT_EQ(location_error(dir / "out", {input, config}), "accepted");
    EXPECT_EQ(location_error(dir / "data/out", {input}), "accepted");
    // Inputs that are not files (PostGIS) are not in the way.
    EXPECT_EQ(location_error(dir / "out", {"PG:dbname=x"}), "accepted");
}

TEST(OutputLocation, RefusesTheHomeFolderAndItsParents) {
    TempDir dir;
    const char* saved = std::getenv("HOME");
    const std::string old_home = saved != nullptr ? saved : "";
    ::setenv("HOME", (dir / "home/me").c_str(), 1);
    fs::create_directories(dir / "home/me");
    EXPECT_NE(location_error(dir / "home/me", {}).find("is the home folder"), std::string::npos);
    EXPECT_NE(location_error(dir / "home", {}).find("contains the home folder"), std::string::npos);
    EXPECT_EQ(location_error(dir / "home/me/out", {}), "accepted");
    if (saved != nullptr) {
        ::setenv("HOME", old_home.c_str(), 1);
    } else {
        ::unsetenv("HOME");
    }
}

TEST(StagingFolder, OverwriteReplacesOnlyAFolderFoncierWrote) {
    TempDir dir;
    const fs::path mine = dir.path() / "mine";
    write_file((mine / "notes.txt").string(), "precious");
    try {
        publish(mine, "a.txt", "new", true);
        FAIL() << "replaced a folder foncier did not write";
    } catch (const foncier::ConfigError& e) {
        EXPECT_NE(std::string(e.what()).find("not written by foncier"), std::string::npos) << e.what();
    }
    EXPECT_EQ(read_file((mine / "notes.txt").string()), "precious");
    EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"mine"});  // no staging folder left

    // An empty folder holds nothing to lose; a stamped one is foncier's.
    fs::create_directories(dir.path() / "empty");
    publish(dir.path() / "empty", "a.txt", "1", true);
    EXPECT_TRUE(pl::is_foncier_output(dir.path() / "empty"));
    publish(dir.path() / "empty", "b.txt", "2", true);
    EXPECT_FALSE(fs::exists(dir.path() / "empty/a.txt"));
    EXPECT_EQ(read_file(dir / "empty/b.txt"), "2");
    EXPECT_THROW(publish(dir.path() / "empty", "c.txt", "3", false), foncier::ConfigError);
    EXPECT_EQ(entries(dir.path()), (std::vector<std::string>{"empty", "mine"}));
}

TEST(StagingFolder, OverwriteAcceptsTheOutputsOfAnOlderFoncierOnlyWhenNothingElseIsInThem) {
    TempDir dir;
    write_file(dir / "old/run.json", "{}");
    write_file(dir / "old/foncier.gpkg", "");
    write_file(dir / "old/shp/sites.dbf", "");
    publish(dir.path() / "old", "a.txt", "1", true);
    EXPECT_TRUE(pl::is_foncier_output(dir.path() / "old"));
    write_file(dir / "mixed/run.json", "{}");
    write_file(dir / "mixed/shp/thesis.docx", "precious");
    EXPECT_THROW(publish(dir.path() / "mixed", "a.txt", "1", true), foncier::ConfigError);
    EXPECT_EQ(read_file(dir / "mixed/shp/thesis.docx"), "precious");
}

TEST(StagingFolder, AFailedRunLeavesThePreviousOutputs) {
    TempDir dir;
    publish(dir.path() / "out", "a.txt", "previous", false);
    {
        pl::StagingFolder s(dir.path() / "out", true, {}, "test");
        write_file((s.path() / "a.txt").string(), "half");
        // no publish(): an exception unwound the run
    }
    EXPECT_EQ(read_file(dir / "out/a.txt"), "previous");
    EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"out"});
}

TEST(StagingFolder, SymlinkFallbackSwitchesVersionsInOneRename) {
    TempDir dir;
    const fs::path out = dir.path() / "out";
    publish(out, "a.txt", "1", false);  // a real folder first
    publish(out, "a.txt", "2", true, pl::PublishMode::symlink);
    EXPECT_TRUE(fs::is_symlink(out));
    EXPECT_EQ(read_file(dir / "out/a.txt"), "2");
    publish(out, "a.txt", "3", true, pl::PublishMode::symlink);
    EXPECT_EQ(read_file(dir / "out/a.txt"), "3");
    // One version folder, the one the link points to; the previous ones are gone.
    const auto names = entries(dir.path());
    ASSERT_EQ(names.size(), 2u) << names.size();
    EXPECT_EQ(names[0].rfind(".out.v-" + std::to_string(::getpid()) + "-", 0), 0u) << names[0];
    // Back to RENAME_EXCHANGE over the link: a real folder again, the version folder removed.
    publish(out, "a.txt", "4", true);
    EXPECT_FALSE(fs::is_symlink(out));
    EXPECT_EQ(read_file(dir / "out/a.txt"), "4");
    EXPECT_EQ(entries(dir.path()), std::vector<std::string>{"out"});
}

TEST(RecoverLeftovers, PutsBackPreviousOutputsAndRemovesTheRest) {
    TempDir dir;
    const std::string pid = dead_pid();
    // Killed between the two renames of an older foncier: the previous outputs sit aside.
    write_file(dir / (".out.old-" + pid + "/run.json"), "{}");
    write_file(dir / (".out.staging-" + pid + "/foncier.gpkg"), "half");
    // Another process's staging folder, still running (this test): left alone.
    write_file(dir / (".out.staging-" + std::to_string(::getppid()) + "/x"), "");
    const auto done = pl::recover_leftovers(dir.path() / "out");
    EXPECT_EQ(done.size(), 2u);
    EXPECT_EQ(read_file(dir / "out/run.json"), "{}");
    EXPECT_EQ(entries(dir.path()), (std::vector<std::string>{".out.staging-" + std::to_string(::getppid()), "out"}));

    // With the target in place, an aside copy is stale: removed, never put back over it.
    write_file(dir / (".out.old-" + pid + "/run.json"), "{\"old\": 1}");
    (void)pl::recover_leftovers(dir.path() / "out");
    EXPECT_EQ(read_file(dir / "out/run.json"), "{}");
    EXPECT_FALSE(fs::exists(dir / (".out.old-" + pid)));
}

TEST(StagingFile, WritesCompleteFilesAndNeverReplaces) {
    TempDir dir;
    {
        pl::StagingFile f(dir.path() / "q.shp", {});
        write_file(f.path().string(), "shp");
        write_file((f.path().parent_path() / "q.dbf").string(), "dbf");
        f.publish();
    }
    EXPECT_EQ(read_file(dir / "q.shp"), "shp");
    EXPECT_EQ(read_file(dir / "q.dbf"), "dbf");
    EXPECT_THROW(pl::StagingFile(dir.path() / "q.shp", {}), foncier::ConfigError);
    {
        pl::StagingFile f(dir.path() / "r.gpkg", {});
        write_file(f.path().string(), "half");  // no publish: nothing appears
    }
    EXPECT_EQ(entries(dir.path()), (std::vector<std::string>{"q.dbf", "q.shp"}));
    // The input itself is never an output.
    const std::string input = write_file(dir / "in.csv", "a\n");
    EXPECT_THROW(pl::StagingFile(input, {input}), foncier::ConfigError);
}
