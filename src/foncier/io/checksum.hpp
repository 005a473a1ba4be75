#pragma once

#include <string>

namespace foncier::io {

/// Lower-case hex SHA-256 of a file's bytes. Throws IoError when it cannot be read.
[[nodiscard]] std::string sha256_file(const std::string& path);

}  // namespace foncier::io
