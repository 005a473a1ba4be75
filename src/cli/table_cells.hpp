#pragma once
// One field of a screened record as printed in the terminal tables of query and match.

#include <string>

#include "foncier/screen/expression.hpp"

namespace foncier::cli {

inline std::string cell(const screen::Record& r, const char* field) {
    auto it = r.find(field);
    return it == r.end() ? std::string("-") : to_text(it->second);
}

}  // namespace foncier::cli
