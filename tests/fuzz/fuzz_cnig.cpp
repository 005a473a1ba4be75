// libFuzzer harness: the CNIG validator (`foncier validate`) on any bytes as a CSV file. The
// first byte picks the standard (or lets the validator guess it); the report is formatted as
// text and JSON. Expected: a report or a foncier::Error; never a crash.

#include <cstddef>
#include <cstdint>

#include "foncier/cnig/validator.hpp"
#include "foncier/core/error.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace foncier;
    if (size == 0) return 0;
    cnig::ValidateOptions options;
    static constexpr cnig::Standard k_standards[] = {cnig::Standard::friches, cnig::Standard::site_eco,
                                                     cnig::Standard::terrain_eco, cnig::Standard::etablissement,
                                                     cnig::Standard::pole_eco};
    if (data[0] < 5) options.standard = k_standards[data[0]];
    const std::string path = fuzz::write_input("table.csv", data + 1, size - 1);
    try {
        const cnig::Report report = cnig::validate(path, options);
        (void)cnig::format_text(report);
        (void)cnig::format_json(report);
    } catch (const foncier::Error&) {
    }
    return 0;
}
