// libFuzzer harness: the filter language of `query --where` and the needs files of `match`.
// The first line is parsed and evaluated as an expression; the whole input is read as a
// needs file. Expected: an ExpressionError / ConfigError or a result; never a crash (the
// parser once overflowed the stack at about 8 000 nested parentheses).

#include <cstddef>
#include <cstdint>
#include <string>

#include "foncier/core/error.hpp"
#include "foncier/screen/expression.hpp"
#include "foncier/screen/query.hpp"
#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace foncier;
    static const std::vector<std::string> fields = {"surf_ha", "statut", "epci", "flood_share", "classe",
                                                    "score", "interchange_m", "type"};
    const std::string text(reinterpret_cast<const char*>(data), size);
    const std::string first = text.substr(0, text.find('\n'));
    try {
        const screen::Expression e(first, fields);
        const screen::Record r = {{"surf_ha", Value{4.2}}, {"statut", Value{std::string("friche")}},
                                  {"epci", Value{std::string("245400601")}}, {"flood_share", Value{}},
                                  {"score", Value{std::int64_t{61}}}};
        (void)e.matches(r);
        (void)e.gap(r);
    } catch (const foncier::Error&) {
    }
    try {
        (void)screen::load_needs(fuzz::write_input("needs.toml", data, size), fields);
    } catch (const foncier::Error&) {
    }
    return 0;
}
