# Warnings for our own targets only; third-party headers are included as SYSTEM by their
# imported targets, so they do not pollute the build log.
function(foncier_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wnull-dereference -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
  # GCC 12 reports false -Wrestrict positives inside libstdc++ for `"'" + std::string(...)`
  # at -O2/-O3 (GCC bug 105651, fixed in GCC 13): not a defect of our code.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(FONCIER_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
