#pragma once
// Shared by the libFuzzer harnesses: a private scratch folder per process and a helper that
// writes the fuzzer's bytes to a file there (the loaders under test read files by path).

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace foncier::fuzz {

inline const std::filesystem::path& scratch() {
    static const std::filesystem::path dir = [] {
        std::string templ = (std::filesystem::temp_directory_path() / "foncier-fuzz-XXXXXX").string();
        if (::mkdtemp(templ.data()) == nullptr) std::abort();
        return std::filesystem::path(templ);
    }();
    return dir;
}

inline std::string write_input(const std::string& name, const std::uint8_t* data, std::size_t size) {
    const std::filesystem::path p = scratch() / name;
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return p.string();
}

inline std::string write_text(const std::string& name, const std::string& text) {
    return write_input(name, reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

}  // namespace foncier::fuzz
