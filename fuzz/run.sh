#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
#
# run.sh - builds one libFuzzer target (TARGET, default fuzz_loader) with
# clang in its own build directory (build-fuzz) and fuzzes it for SECONDS
# (default 60), starting from a scratch copy of its seed corpus. Findings
# (crash-*, leak-*, timeout-*, oom-*) are written to fuzz/artifacts/.
#
# Usage: [TARGET=fuzz_expr] fuzz/run.sh [SECONDS] [extra libFuzzer options...]
# Environment: TARGET (fuzz_loader, fuzz_expr, fuzz_jsonpath, fuzz_condition or fuzz_openapi), CC
# (default clang), BUILD_DIR (default <repo>/build-fuzz), JOBS (ninja
# parallelism, default 2).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
seconds=${1:-60}
[ $# -gt 0 ] && shift
build=${BUILD_DIR:-$root/build-fuzz}
cc=${CC:-clang}
jobs=${JOBS:-2}
target=${TARGET:-fuzz_loader}

# Each target's seed corpus, working corpus and artifact prefix. The
# loader keeps its historical places (fuzz/corpus, fuzz/corpus-run); the
# others work in the build directory, which is git-ignored.
case $target in
fuzz_loader)
    seeds=$here/corpus
    work=$here/corpus-run
    prefix=
    ;;
fuzz_expr | fuzz_jsonpath | fuzz_condition | fuzz_openapi)
    seeds=$here/corpus-${target#fuzz_}
    work=$build/corpus-run/$target
    prefix=$target-
    ;;
*) echo "run.sh: unknown TARGET '$target' (fuzz_loader, fuzz_expr, fuzz_jsonpath, fuzz_condition, fuzz_openapi)" >&2; exit 2 ;;
esac

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
cmake --build "$build" --target "$target" -- -j"$jobs"

artifacts=$here/artifacts
mkdir -p "$work" "$artifacts"
cp "$seeds"/* "$work"/

log=$build/$target.log
echo "run.sh: fuzzing $target for ${seconds}s; corpus $work, findings in $artifacts, log $log"
status=0
# ASan's leak checker runs at exit and after every input that allocated.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1} \
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
"$build"/fuzz/"$target" "$work" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$artifacts/$prefix" -print_final_stats=1 "$@" >"$log" 2>&1 || status=$?

# The last status line ("#N DONE cov: ... corp: ...") and the final stats.
grep -E '^#[0-9]+' "$log" | tail -n 1
grep -E '^stat::' "$log" || true
if [ "$status" -ne 0 ]; then
    echo "run.sh: $target stopped with status $status; see $log and $artifacts" >&2
    grep -E 'ERROR: |SUMMARY: |contract broken|Test unit written' "$log" >&2 || true
fi
exit "$status"
