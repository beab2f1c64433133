# SPDX-License-Identifier: Apache-2.0
# az_add_unit_test(NAME SOURCES...): a cmocka test program linked against
# libarazzo, registered in CTest as NAME. Tests find their fixtures through
# AZ_SOURCE_DIR (the checkout) and AZ_SHARED_DIR (../shared beside it,
# which may be absent: tests that need it skip and say so).
function(az_add_unit_test name)
  add_executable(${name} ${ARGN})
  target_link_libraries(${name} PRIVATE libarazzo_static PkgConfig::CMOCKA)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/core)
  target_compile_definitions(${name} PRIVATE
    AZ_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    AZ_SHARED_DIR="${PROJECT_SOURCE_DIR}/../shared"
    AZ_BINARY_DIR="${PROJECT_BINARY_DIR}")
  add_test(NAME ${name} COMMAND ${name})
  set_tests_properties(${name} PROPERTIES TIMEOUT 120)
endfunction()
