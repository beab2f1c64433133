#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# graph_dot.sh - checks that Graphviz accepts what `arazzo graph --format
# dot` prints for every example and for the escaping fixture
# (data/graph-tricky.yaml), by rendering each with `dot -Tsvg`. Skipped,
# with a message, when Graphviz is not installed.
#
# Usage: graph_dot.sh ARAZZO_BINARY DATA_DIR EXAMPLES_DIR
set -u
arazzo=$1 data_dir=$2 examples_dir=$3
if ! command -v dot > /dev/null 2>&1; then
  echo "SKIP: Graphviz 'dot' is not installed"
  exit 0
fi
failed=0 checked=0
for file in "$examples_dir"/*/arazzo/*.y*ml "$data_dir/graph-tricky.yaml"; do
  out=$("$arazzo" graph --format dot "$file" 2> /dev/null)
  if [ $? -ne 0 ]; then
    echo "FAIL $file: arazzo graph failed"
    failed=$((failed + 1))
    continue
  fi
  # Graphviz warnings (bad UTF-8, unknown attributes) count as failures too.
  if ! err=$(printf '%s\n' "$out" | dot -Tsvg 2>&1 > /dev/null) || [ -n "$err" ]; then
    echo "FAIL $file: dot rejected the graph: $err"
    failed=$((failed + 1))
  else
    checked=$((checked + 1))
  fi
done
echo "$checked graphs accepted by dot, $failed rejected"
[ "$failed" -eq 0 ]
