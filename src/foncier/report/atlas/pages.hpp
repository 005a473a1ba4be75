#pragma once
// The territory page (index.html) and the EPCI pages (epci/<siren>.html).

#include <string>

#include "foncier/report/atlas/model.hpp"

namespace foncier::report::atlas {

[[nodiscard]] std::string territory_page(const Model& model);
[[nodiscard]] std::string epci_page(const Model& model, const Record& epci);

}  // namespace foncier::report::atlas
