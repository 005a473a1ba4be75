# Warnings for our own targets only; third-party headers are included as SYSTEM by their
# imported targets, so they do not pollute the build log.
function(foncier_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
    -Wnull-dereference -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough)
  if(FONCIER_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
