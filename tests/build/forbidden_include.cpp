// Compiled only by the test ModuleIncludesAreEnforced, which expects it to FAIL: the scoring
// module links core only (pure C++, no GIS types), so the geometry header must not be found.
#include "foncier/scoring/engine.hpp"
#include "foncier/geom/geometry.hpp"

int main() { return 0; }
