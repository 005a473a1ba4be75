#pragma once
// Exception hierarchy of foncier. Every what() is a complete sentence that names the file,
// layer, feature or field involved and, when we know one, the fix.

#include <stdexcept>
#include <string>

namespace foncier {

/// Base of everything the library throws.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Bad territory config, catalogue or command-line input (CLI exit code 2).
class ConfigError : public Error {
public:
    using Error::Error;
};

/// A file could not be opened, read or written (GDAL failures).
class IoError : public Error {
public:
    using Error::Error;
};

/// Unknown CRS or failed coordinate transformation (PROJ failures).
class CrsError : public Error {
public:
    using Error::Error;
};

/// A GEOS operation failed on a geometry.
class GeometryError : public Error {
public:
    using Error::Error;
};

}  // namespace foncier
