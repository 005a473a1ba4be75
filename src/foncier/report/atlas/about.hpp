#pragma once
// The sections that make the atlas trustworthy: data quality, method (written from the
// profile itself) and provenance (every input, licence, checksum, versions).

#include <string>

#include "foncier/report/atlas/page.hpp"

namespace foncier::report::atlas {

[[nodiscard]] std::string quality_section_body(const Model& model, const Scope& scope);
[[nodiscard]] std::string method_section_body(const Model& model);
[[nodiscard]] std::string provenance_section_body(const Model& model);

}  // namespace foncier::report::atlas
