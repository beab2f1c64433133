#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# compare-openapi.sh - loads the same generated ~4 MB OpenAPI 3.1
# description (bench_openapi --write: 3,000 operations, $ref-heavy schemas)
# with our docset + operation index (bench_openapi --once FILE: load, index,
# report, free, in a fresh process) and with `redocly lint` (@redocly/cli
# from the npm registry, under node), best of RUNS runs of each whole
# process, and prints the wall time and peak RSS of both and the ratios
# ours/theirs.
#
# Both sides are timed as whole processes (wall clock around GNU time, which
# gives the peak RSS, %M), so redocly's figures include starting node and
# loading its modules; `redocly --version` is timed the same way and shown
# for scale, and so is `arazzo operations FILE` (the same load and index
# plus printing the 3,000 operations) when the CLI has that command. redocly
# runs with a config written to the scratch folder that
# extends one ruleset (RULESET, default `minimal`: the spec structure check
# and unresolved $refs are errors, a few rules warn), so it loads, resolves
# and checks the description without the style rules of `recommended`. The
# generated description is valid: the script fails when redocly reports an
# error or our index does not have 3,000 operations without errors.
#
# @redocly/cli is installed into a scratch folder, never into the project;
# nothing from npm is committed. Without node, npm, GNU time or access to
# the npm registry the script fails with a message (exit status 2).
#
# Usage: bench/compare-openapi.sh
# Environment: BUILD_DIR (default <repo>/build; bench_openapi is built there
# if missing), BENCH (a bench_openapi binary to use instead), ARAZZO (the
# arazzo CLI, default BUILD_DIR/arazzo; its row is left out when it is
# missing or has no `operations` command), RUNS (default
# 5), RULESET (minimal, recommended, recommended-strict or spec; default
# minimal), REDOCLY_VERSION (default 2.77.0), SCRATCH (the folder to install
# into and write the description to; default ${TMPDIR:-/tmp}/arazzo-bench-
# redocly, kept so that a second run does not install again).
set -eu

me=compare-openapi.sh
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${BUILD_DIR:-$root/build}
runs=${RUNS:-5}
ruleset=${RULESET:-minimal}
version=${REDOCLY_VERSION:-2.77.0}
scratch=${SCRATCH:-${TMPDIR:-/tmp}/arazzo-bench-redocly}
timer=/usr/bin/time
arazzo=${ARAZZO:-$build/arazzo}

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

case $ruleset in
minimal | recommended | recommended-strict | spec) ;;
*) fail "RULESET must be minimal, recommended, recommended-strict or spec" ;;
esac
case $runs in
'' | *[!0-9]* | 0) fail "RUNS must be a positive number" ;;
esac
need_tools '%M'

# Ours: build if needed, write the description.
bench=${BENCH:-$build/bench/bench_openapi}
if [ -z "${BENCH:-}" ] && [ ! -x "$bench" ]; then
    [ -f "$build/CMakeCache.txt" ] ||
        cmake -S "$root" -B "$build" -G Ninja -DARAZZO_BUILD_BENCH=ON >/dev/null
    cmake --build "$build" --target bench_openapi >/dev/null
fi
[ -x "$bench" ] || fail "no bench_openapi at $bench"
doc=$scratch/bench-openapi.json
"$bench" --write "$doc" >/dev/null
size=$(wc -c <"$doc" | tr -d ' ')

# Theirs: install @redocly/cli into the scratch folder unless it is there
# (no usage data sent, no update check, no colours).
install_redocly
printf 'extends:\n  - %s\n' "$ruleset" >"$scratch/redocly.yaml"

# Both must accept the description before anything is timed.
if ! "$bench" --once "$doc" >"$scratch/ours.out" 2>"$scratch/ours.err"; then
    cat "$scratch/ours.out" "$scratch/ours.err" >&2
    echo "$me: our load + index failed or found errors (see above)" >&2
    exit 1
fi
# shellcheck disable=SC2046 # eight numbers, split on purpose
set -- $(cat "$scratch/ours.out")
ours_ops=$4 ours_errors=$5 ours_warnings=$6
lint() {
    "$redocly" lint "$doc" --config "$scratch/redocly.yaml" --format summary
}
if ! lint >"$scratch/redocly.out" 2>&1; then
    grep -v '[║╔╚]' "$scratch/redocly.out" >&2 || true
    echo "$me: redocly lint reported errors (see above)" >&2
    exit 1
fi
their_summary=$(grep -E '^(warning|error) |You have|is valid' "$scratch/redocly.out" |
    tr '\n' ' ')
# shellcheck disable=SC2046 # the in-process figures of our check run
set -- $(cat "$scratch/ours.out")
ours_detail="load $1 ms, index + report $2 ms, free $3 ms"

# Runs a command RUNS times as a whole process; prints the best wall time in
# ms and the smallest peak RSS in KiB.
best_of() {
    best_ms='' best_kib=''
    i=0
    while [ "$i" -lt "$runs" ]; do
        t0=$(date +%s%N)
        "$timer" -f '%M' -o "$scratch/rss" "$@" >/dev/null 2>&1 ||
            { echo "$me: $* failed" >&2; exit 1; }
        t1=$(date +%s%N)
        ms=$(((t1 - t0) / 1000000))
        kib=$(tail -n 1 "$scratch/rss")
        if [ -z "$best_ms" ] || [ "$ms" -lt "$best_ms" ]; then best_ms=$ms; fi
        if [ -z "$best_kib" ] || [ "$kib" -lt "$best_kib" ]; then best_kib=$kib; fi
        i=$((i + 1))
    done
    echo "$best_ms $best_kib"
}

echo "timing $runs runs of each ..."
# shellcheck disable=SC2046
set -- $(best_of "$bench" --once "$doc")
ours_ms=$1 ours_kib=$2
# shellcheck disable=SC2046
set -- $(best_of "$redocly" lint "$doc" --config "$scratch/redocly.yaml" --format summary)
their_ms=$1 their_kib=$2
# shellcheck disable=SC2046
set -- $(best_of "$redocly" --version)
start_ms=$1 start_kib=$2
cli_ms=''
if [ -x "$arazzo" ] && "$arazzo" help operations >/dev/null 2>&1; then
    # shellcheck disable=SC2046
    set -- $(best_of "$arazzo" operations --no-network "$doc")
    cli_ms=$1 cli_kib=$2
fi

echo
echo "description: $size bytes of JSON, OpenAPI 3.1, 3,000 operations ($doc)"
echo "best of $runs runs of the whole process; wall ms; peak RSS in MB (10^6 bytes, GNU time %M)"
echo
row() {
    printf '  %-52s %9d %12.1f\n' "$1" "$2" "$(echo "$3" | awk '{ print $1 * 1024 / 1e6 }')"
}
printf '  %-52s %9s %12s\n' "" "wall ms" "peak RSS MB"
row "arazzo (bench_openapi --once: load, index, free)" "$ours_ms" "$ours_kib"
row "redocly lint $version ($ruleset, node $(node --version))" "$their_ms" "$their_kib"
awk -v a="$ours_ms" -v b="$their_ms" -v c="$ours_kib" -v d="$their_kib" \
    'BEGIN { printf "  %-52s %8.2fx %11.2fx\n", "ours/theirs", a / b, c / d }'
echo "  for scale:"
row "redocly --version (node start-up)" "$start_ms" "$start_kib"
if [ -n "$cli_ms" ]; then
    row "arazzo operations FILE (also prints the list)" "$cli_ms" "$cli_kib"
fi
echo
echo "ours: $ours_ops operations, $ours_errors errors, $ours_warnings warnings; in process: $ours_detail"
echo "redocly: $their_summary"
