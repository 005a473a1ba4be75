// libFuzzer harness: the CSV reader's text geometry columns (WKT or GeoJSON in a cell, as in
// CNIG files and Sites Économiques exports). First byte even: the rest is one cell of a
// two-column file (quotes doubled); odd: the rest is the whole CSV file. Every geometry read
// is measured. Expected: features (with geometry_error set for unreadable cells) or a
// foncier::Error; never a crash.

#include <cstddef>
#include <cstdint>
#include <string>

#include "foncier/core/error.hpp"
#include "foncier/io/reader.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace foncier;
    if (size == 0) return 0;
    const std::string rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    std::string csv;
    if ((data[0] & 1U) == 0) {
        std::string cell;
        for (const char c : rest) cell += c == '"' ? std::string("\"\"") : std::string(1, c);
        csv = "id,geomsurf,geompoint\n1,\"" + cell + "\",\"POINT (6.1 48.8)\"\n";
    } else {
        csv = rest;
    }
    const std::string path = fuzz::write_text("cells.csv", csv);
    io::ReadOptions options;
    options.geometry_fields = {"geomsurf", "geompoint"};
    try {
        const io::LayerData layer = io::read_layer(path, options);
        for (const auto& f : layer.features) {
            if (f.geometry.is_null() || f.geometry.is_empty()) continue;
            (void)f.geometry.envelope();
            (void)f.geometry.area();
            (void)f.geometry.to_wkt();
        }
    } catch (const foncier::Error&) {
    }
    return 0;
}
