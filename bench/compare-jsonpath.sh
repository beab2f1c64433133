#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# compare-jsonpath.sh - times the descendant + filter query of bench_expr
# ($..book[?@.price < 10].title) over the same generated ~10 MB document in
# our JSONPath engine (az_jsonpath_eval, through bench_expr --big-only) and
# in a JavaScript RFC 9535 implementation from the npm registry (json-p3 by
# default) under node, and prints both times and the ratio ours/theirs.
# Both sides time only the query (best of RUNS runs), after parsing.
#
# The npm package is installed into a scratch folder, never into the
# project; nothing from npm is committed.
#
# Usage: bench/compare-jsonpath.sh
# Environment: BUILD_DIR (default <repo>/build; bench_expr is built there if
# missing), NPM_PACKAGE (json-p3 or jsonpath-rfc9535, default json-p3),
# NPM_VERSION (default: the latest), RUNS (default 5), SIZE_MB (default 10),
# SCRATCH (a folder to install into and keep; default a temporary folder
# removed at exit).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${BUILD_DIR:-$root/build}
package=${NPM_PACKAGE:-json-p3}
version=${NPM_VERSION:-latest}
runs=${RUNS:-5}
size=${SIZE_MB:-10}
query='$..book[?@.price < 10].title'

case $package in
json-p3 | jsonpath-rfc9535) ;;
*) echo "compare-jsonpath.sh: NPM_PACKAGE must be json-p3 or jsonpath-rfc9535" >&2; exit 2 ;;
esac
for tool in node npm; do
    command -v "$tool" >/dev/null || { echo "compare-jsonpath.sh: $tool not found" >&2; exit 2; }
done

if [ -n "${SCRATCH:-}" ]; then
    scratch=$SCRATCH
    mkdir -p "$scratch"
else
    scratch=$(mktemp -d "${TMPDIR:-/tmp}/arazzo-jsonpath.XXXXXX")
    trap 'rm -rf "$scratch"' EXIT INT TERM
fi

# Ours: build if needed, write the document, time the query.
if [ ! -x "$build/bench/bench_expr" ]; then
    [ -f "$build/CMakeCache.txt" ] || cmake -S "$root" -B "$build" -G Ninja >/dev/null
    cmake --build "$build" --target bench_expr >/dev/null
fi
doc=$scratch/bench-expr.json
ours_out=$("$build/bench/bench_expr" --big-only --runs "$runs" --size "$size" --write "$doc")
echo "$ours_out" | sed 's/^/  /'
ours_ms=$(echo "$ours_out" | awk '/^big-query/ { print $2 }')
ours_n=$(echo "$ours_out" | sed -n 's/.*, \([0-9]*\) nodes\].*/\1/p')
[ -n "$ours_ms" ] || { echo "compare-jsonpath.sh: no timing from bench_expr" >&2; exit 1; }

# Theirs: install the package into the scratch folder and run the same query.
npm install --prefix "$scratch" --no-save --no-audit --no-fund --loglevel=error \
    "$package@$version" >/dev/null
their_version=$(node -p "require('$scratch/node_modules/$package/package.json').version")

cat >"$scratch/query.js" <<'EOF'
// Times one JSONPath query over a JSON file: best of RUNS runs, after parsing.
'use strict';
const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');
const [scratch, pkgName, file, query, runs] = process.argv.slice(2);
const lib = createRequire(path.join(scratch, 'query.js'))(pkgName);
let run;
if (pkgName === 'json-p3') {
    // Compiled once, like ours; values() lists the selected nodes.
    const compiled = lib.jsonpath.compile(query);
    run = (data) => compiled.query(data).values();
} else {
    // jsonpath-rfc9535 has no separate compile step: query(document, path).
    run = (data) => lib.query(data, query);
}
const t0 = process.hrtime.bigint();
const data = JSON.parse(fs.readFileSync(file, 'utf8'));
const parseMs = Number(process.hrtime.bigint() - t0) / 1e6;
let best = Infinity, count = 0;
for (let i = 0; i < Number(runs); i++) {
    const s = process.hrtime.bigint();
    const values = run(data);
    const ms = Number(process.hrtime.bigint() - s) / 1e6;
    count = values.length;
    if (ms < best) best = ms;
}
console.log(`${best.toFixed(2)} ${count} ${parseMs.toFixed(0)}`);
EOF
theirs_out=$(node "$scratch/query.js" "$scratch" "$package" "$doc" "$query" "$runs")
# shellcheck disable=SC2086 # three numbers, split on purpose
set -- $theirs_out
theirs_ms=$1 theirs_n=$2 theirs_parse=$3

echo
echo "query: $query over $(wc -c <"$doc" | tr -d ' ') bytes, best of $runs runs, after parsing"
printf '  %-40s %10.2f ms  %s nodes\n' "arazzo (az_jsonpath_eval)" "$ours_ms" "$ours_n"
printf '  %-40s %10.2f ms  %s nodes  (JSON.parse %s ms)\n' \
    "$package $their_version (node $(node --version))" "$theirs_ms" "$theirs_n" "$theirs_parse"
awk -v a="$ours_ms" -v b="$theirs_ms" 'BEGIN { printf "  ours/theirs = %.2f\n", a / b }'
if [ "$ours_n" != "$theirs_n" ]; then
    echo "compare-jsonpath.sh: the node counts differ ($ours_n vs $theirs_n)" >&2
    exit 1
fi
