#include "foncier/core/version.hpp"

namespace foncier {

const char* version() noexcept { return FONCIER_VERSION; }

}  // namespace foncier
