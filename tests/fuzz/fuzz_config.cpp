// libFuzzer harness: the territory config, catalogue and scoring profile loaders (TOML a user
// edits by hand). Expected: a foncier::Error (ConfigError naming the file, line and key) or a
// config; anything else (another exception, a crash, a sanitizer report) is a finding.

#include <cstddef>
#include <cstdint>

#include "foncier/core/error.hpp"
#include "foncier/ingest/config.hpp"
#include "foncier/scoring/profile.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace foncier;
    // A catalogue with one key, so that `dataset = "c"` in a fuzzed config resolves.
    static const std::string catalogue = fuzz::write_text(
        "catalogue.toml", "cache = \"cache\"\n[datasets.c]\nfile = \"c.geojson\"\n[datasets.c.fields]\ninsee = \"insee\"\n");
    (void)catalogue;
    const std::string path = fuzz::write_input("t.toml", data, size);
    try {
        const auto config = ingest::load_territory(path);
        (void)ingest::input_paths(config);
    } catch (const foncier::Error&) {
    }
    try {
        (void)ingest::load_catalogue(path);
    } catch (const foncier::Error&) {
    }
    try {
        (void)scoring::load_profile(path);
    } catch (const foncier::Error&) {
    }
    return 0;
}
