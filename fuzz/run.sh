#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# run.sh - builds the libFuzzer target fuzz_loader with clang in its own
# build directory (build-fuzz) and fuzzes the document loader for SECONDS
# (default 60), starting from a scratch copy of the seed corpus. Findings
# (crash-*, leak-*, timeout-*, oom-*) are written to fuzz/artifacts/.
#
# Usage: fuzz/run.sh [SECONDS] [extra libFuzzer options...]
# Environment: CC (default clang), BUILD_DIR (default <repo>/build-fuzz),
# JOBS (ninja parallelism, default 2).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
seconds=${1:-60}
[ $# -gt 0 ] && shift
build=${BUILD_DIR:-$root/build-fuzz}
cc=${CC:-clang}
jobs=${JOBS:-2}

case $seconds in
'' | *[!0-9]*) echo "usage: $0 [SECONDS] [libFuzzer options...]" >&2; exit 2 ;;
esac

if ! "$cc" --version 2>/dev/null | grep -qi clang; then
    echo "run.sh: $cc is not clang; set CC to a clang compiler" >&2
    exit 2
fi

cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_C_COMPILER="$cc" \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DARAZZO_FUZZ=ON -DARAZZO_BUILD_TESTS=OFF -DARAZZO_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" --target fuzz_loader -- -j"$jobs"

work=$here/corpus-run
artifacts=$here/artifacts
mkdir -p "$work" "$artifacts"
cp "$here"/corpus/* "$work"/

log=$build/fuzz_loader.log
echo "run.sh: fuzzing for ${seconds}s; corpus $work, findings in $artifacts, log $log"
status=0
# ASan's leak checker runs at exit and after every input that allocated.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
"$build"/fuzz/fuzz_loader "$work" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$artifacts"/ -print_final_stats=1 "$@" >"$log" 2>&1 || status=$?

# The last status line ("#N DONE cov: ... corp: ...") and the final stats.
grep -E '^#[0-9]+' "$log" | tail -n 1
grep -E '^stat::' "$log" || true
if [ "$status" -ne 0 ]; then
    echo "run.sh: fuzz_loader stopped with status $status; see $log and $artifacts" >&2
    grep -E 'ERROR: |SUMMARY: |contract broken|Test unit written' "$log" >&2 || true
fi
exit "$status"
