# SPDX-License-Identifier: Apache-2.0
# Warnings, warnings-as-errors and the sanitizer build, applied to every
# target of the project (not to third-party code, which comes prebuilt).
add_compile_definitions(_POSIX_C_SOURCE=200809L)
add_compile_options(-Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes
                    -Wmissing-prototypes -Wformat=2 -Wno-unused-parameter)
if(ARAZZO_WERROR)
  add_compile_options(-Werror)
endif()
if(ARAZZO_SANITIZE)
  set(_az_san -fsanitize=address,undefined -fno-sanitize-recover=undefined
              -fno-omit-frame-pointer)
  add_compile_options(${_az_san})
  add_link_options(${_az_san})
endif()
if(ARAZZO_FUZZ AND NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "ARAZZO_FUZZ needs clang: configure with -DCMAKE_C_COMPILER=clang")
endif()
