#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# test-install.sh BUILD_DIR SOURCE_DIR - installs the build into a scratch
# prefix, then compiles examples/embed/embed.c against it with nothing but
# `pkg-config arazzo` and runs it on the WhatsApp example: proof that
# another C program can embed the library from an installation.
set -euo pipefail
build=$1 src=$2
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" > /dev/null
pc=$(dirname "$(find "$prefix" -name arazzo.pc | head -n 1)")
test -x "$prefix/bin/arazzo"
test -f "$prefix/include/arazzo/core.h"
test -f "$prefix/include/arazzo/engine.h"
export PKG_CONFIG_PATH=$pc
cc -std=c11 -Wall -Werror "$src/examples/embed/embed.c" $(pkg-config --cflags --libs arazzo) \
   -o "$prefix/embed"
LD_LIBRARY_PATH=$(pkg-config --variable=libdir arazzo) \
  "$prefix/embed" "$src/examples/whatsapp/arazzo/whatsapp-register-phone-number-workflow.yml" \
  | tee "$prefix/out"
grep -q "whatsapp-register-phone-number-workflow.yml: ok" "$prefix/out"
"$prefix/bin/arazzo" --version | grep -q "^arazzo [0-9]"
echo "install test: 1 passed, 0 failed"
