#pragma once

namespace foncier {

/// Version of the library, from the CMake project version.
[[nodiscard]] const char* version() noexcept;

}  // namespace foncier
