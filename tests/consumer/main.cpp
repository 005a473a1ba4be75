// Reads a territory config through the installed library, as another program embedding
// foncier would: prints the version, the territory's name, its working CRS and its profile.
#include <cstdio>
#include <exception>

#include "foncier/core/version.hpp"
#include "foncier/ingest/config.hpp"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: consumer <territory.toml>\n");
        return 2;
    }
    try {
        const auto config = foncier::ingest::load_territory(argv[1]);
        std::printf("foncier %s: territory '%s', crs %s, profile %s\n", foncier::version(),
                    config.name.c_str(), config.crs.c_str(), config.profile.c_str());
        return config.name.empty() ? 1 : 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "consumer: %s\n", e.what());
        return 1;
    }
}
