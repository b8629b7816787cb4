# Compiler work-arounds shared by core/, app/ and tests/, so that each is written once.

# Eigen 3.4's AVX-512 matrix-product kernels trip GCC 12's -Wmaybe-uninitialized (and, in the
# sanitizer build, -Wuninitialized) inside the compiler's own intrinsics headers: a false
# positive. Silenced only in the sources that instantiate those products.
function(vecspace_quiet_eigen_products)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    set_property(SOURCE ${ARGN} DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
      APPEND PROPERTY COMPILE_OPTIONS -Wno-maybe-uninitialized -Wno-uninitialized)
  endif()
endfunction()

# Plain IEEE sums of squares, no fused multiply-adds: for code that compares distances computed
# in several places (and against numpy in the tests), so that every path gives bit-identical
# values and equal distances stay ties.
function(vecspace_exact_float_sources)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    set_property(SOURCE ${ARGN} DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}
      APPEND PROPERTY COMPILE_OPTIONS -ffp-contract=off)
  endif()
endfunction()
