#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# compare-run.sh - runs the seed workflow (the WhatsApp "register phone
# number" example: three POSTs) against a loopback server (bench_server:
# every POST answered 200 {"success": true}) with this engine (`arazzo run
# ... -q`) and with `redocly respect` (@redocly/cli from the npm registry,
# under node), RUNS times each as a whole process under GNU time, and
# prints the best and median wall time and the peak RSS of each, the ratios
# (theirs/ours for speed, ours/theirs for memory) and, for scale, node's
# start-up alone (`redocly --version`, `node -e 0`) and ours
# (`arazzo --version`: loading libcurl, libxml2 and what they link).
#
# Every run must exit 0 and the server must have answered exactly three
# POSTs per run (it prints its counter on SIGUSR1), or the script fails
# (exit status 1): a fast run that sends nothing does not count.
#
# Wall times are taken with bash's $EPOCHREALTIME around each process
# (GNU time's own %e has a resolution of 10 ms, coarser than our runs); the
# peak RSS is GNU time's %M. Both include starting the process: redocly's
# figures include starting node and loading its modules, ours loading the
# shared libraries (libcurl and what it links).
#
# @redocly/cli is installed into a scratch folder, never into the project;
# nothing from npm is committed. Without node, npm, GNU time or access to
# the npm registry the script stops with a message (exit status 2).
#
# Usage: bench/compare-run.sh
# Environment: BUILD_DIR (default <repo>/build; arazzo and bench_server are
# built there when missing), ARAZZO (the CLI, default BUILD_DIR/arazzo),
# SERVER (default BUILD_DIR/bench/bench_server), RUNS (default 5),
# REDOCLY_VERSION (default 2.77.0), SCRATCH (the folder @redocly/cli is
# installed into; default ${TMPDIR:-/tmp}/arazzo-bench-redocly, kept so
# that a second run does not install again, shared with
# compare-openapi.sh).
set -euo pipefail

me=compare-run.sh
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${BUILD_DIR:-$root/build}
runs=${RUNS:-5}
version=${REDOCLY_VERSION:-2.77.0}
scratch=${SCRATCH:-${TMPDIR:-/tmp}/arazzo-bench-redocly}
timer=/usr/bin/time
arazzo=${ARAZZO:-$build/arazzo}
server=${SERVER:-$build/bench/bench_server}
workflow=$root/examples/whatsapp/arazzo/whatsapp-register-phone-number-workflow.yml
inputs=(--input accessToken=EAAbench-token --input phoneNumberId=106540352242922
    --input codeMethod=SMS --input language=en --input code=123456 --input pin=654321)

# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$here/lib.sh"

case $runs in
'' | *[!0-9]* | 0) fail "RUNS must be a positive number" ;;
esac
[ -n "${EPOCHREALTIME:-}" ] || fail "bash 5 or later is needed (\$EPOCHREALTIME)"
need_tools '%e %M'

# Ours: build what is missing.
if { [ -z "${ARAZZO:-}" ] && [ ! -x "$arazzo" ]; } ||
    { [ -z "${SERVER:-}" ] && [ ! -x "$server" ]; }; then
    [ -f "$build/CMakeCache.txt" ] ||
        cmake -S "$root" -B "$build" -G Ninja -DARAZZO_BUILD_BENCH=ON >/dev/null
    cmake --build "$build" --target arazzo_cli bench_server >/dev/null
fi
[ -x "$arazzo" ] || fail "no arazzo at $arazzo"
[ -x "$server" ] || fail "no bench_server at $server"

# Theirs: install @redocly/cli into the scratch folder unless it is there
# (no usage data sent, no update check, no colours).
install_redocly

# The loopback server: its first line is the port, then one counter line
# per SIGUSR1. It is stopped at exit, whatever happens.
server_out=$scratch/server.out
server_pid=''
stop_server() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=''
    fi
}
trap stop_server EXIT
trap 'stop_server; exit 130' INT TERM
: >"$server_out"
"$server" 0 >"$server_out" &
server_pid=$!
for _ in $(seq 50); do
    [ -s "$server_out" ] && break
    sleep 0.1
done
port=$(head -n 1 "$server_out")
case $port in
'' | *[!0-9]*) fail "bench_server did not start (see $server_out)" ;;
esac
url=http://127.0.0.1:$port

# Prints how many POSTs the server has answered so far.
requests() {
    local lines
    lines=$(wc -l <"$server_out")
    kill -USR1 "$server_pid"
    for _ in $(seq 100); do
        [ "$(wc -l <"$server_out")" -gt "$lines" ] && break
        sleep 0.02
    done
    tail -n 1 "$server_out" | awk '$1 == "requests" { print $2 }'
}

ours=("$arazzo" run "$workflow" "${inputs[@]}" --server "whatsappCloudApi=$url" -q)
theirs=("$redocly" respect "$workflow" "${inputs[@]}" --server "whatsappCloudApi=$url")

# Runs a command once as a check: it must exit 0 after exactly
# `want` POSTs. Shows its output when it does not.
check() {
    local want=$1 before after
    shift
    before=$(requests)
    if ! "$@" >"$scratch/check.out" 2>&1; then
        cat "$scratch/check.out" >&2
        echo "$me: $1 failed (see above)" >&2
        exit 1
    fi
    after=$(requests)
    if [ $((after - before)) -ne "$want" ]; then
        cat "$scratch/check.out" >&2
        echo "$me: $1 sent $((after - before)) requests, expected $want" >&2
        exit 1
    fi
}

# Runs a command RUNS times as a whole process under GNU time, each run
# exiting 0, and `per_run` POSTs each; prints the best and the median wall
# time in ms and the largest peak RSS in KiB.
best_of() {
    local per_run=$1 before after i t0 t1 us kib
    local -a walls=() rss=()
    shift
    before=$(requests)
    for ((i = 0; i < runs; i++)); do
        t0=${EPOCHREALTIME/[.,]/}
        "$timer" -f '%e %M' -o "$scratch/time.out" "$@" >/dev/null 2>&1 ||
            { echo "$me: $1 failed in a timed run" >&2; exit 1; }
        t1=${EPOCHREALTIME/[.,]/}
        us=$((t1 - t0))
        kib=$(tail -n 1 "$scratch/time.out" | awk '{ print $2 }')
        walls+=("$us")
        rss+=("$kib")
    done
    after=$(requests)
    if [ $((after - before)) -ne $((per_run * runs)) ]; then
        echo "$me: $1 sent $((after - before)) requests in $runs runs," \
            "expected $((per_run * runs))" >&2
        exit 1
    fi
    printf '%s\n' "${walls[@]}" | sort -n | awk '
        { v[NR] = $1 }
        END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
              printf "%.3f %.3f ", v[1] / 1000, m / 1000 }'
    printf '%s\n' "${rss[@]}" | sort -n | tail -n 1
}

echo "checking that both run the workflow (3 POSTs to $url) ..."
check 3 "${ours[@]}"
check 3 "${theirs[@]}"
check 0 "$redocly" --version

echo "timing $runs runs of each ..."
read -r ours_ms ours_med ours_kib < <(best_of 3 "${ours[@]}")
read -r their_ms their_med their_kib < <(best_of 3 "${theirs[@]}")
read -r start_ms start_med start_kib < <(best_of 0 "$redocly" --version)
read -r node_ms node_med node_kib < <(best_of 0 node -e 0)
read -r floor_ms floor_med floor_kib < <(best_of 0 "$arazzo" --version)
total=$(requests)

echo
echo "workflow: ${workflow#"$root"/} (3 POSTs, answered by bench_server on $url)"
echo "best of $runs runs of the whole process; wall ms (best, median); peak RSS in MB"
echo "(10^6 bytes; GNU time %M, the largest of the runs)"
echo
row() {
    awk -v n="$1" -v a="$2" -v m="$3" -v k="$4" \
        'BEGIN { printf "  %-46s %9.1f %9.1f %12.1f\n", n, a, m, k * 1024 / 1e6 }'
}
printf '  %-46s %9s %9s %12s\n' "" "best ms" "median" "peak RSS MB"
row "arazzo run -q ($("$arazzo" --version | awk '{ print $2 }'))" \
    "$ours_ms" "$ours_med" "$ours_kib"
row "redocly respect $version (node $(node --version))" "$their_ms" "$their_med" "$their_kib"
echo "  for scale:"
row "redocly --version (node + CLI start-up)" "$start_ms" "$start_med" "$start_kib"
row "node -e 0 (node alone)" "$node_ms" "$node_med" "$node_kib"
row "arazzo --version (start-up, shared libraries)" "$floor_ms" "$floor_med" "$floor_kib"
echo
awk -v a="$ours_ms" -v b="$their_ms" -v c="$ours_kib" -v d="$their_kib" 'BEGIN {
    speed = b / a; mem = c / d
    printf "  speed, theirs/ours (best wall): %6.1fx   (target > 50x: %s)\n",
        speed, (speed > 50 ? "met" : "missed")
    printf "  memory, ours/theirs (peak RSS): %6.3f = 1/%.1f (target < 1/20: %s)\n",
        mem, 1 / mem, (mem < 1 / 20 ? "met" : "missed")
}'
echo
echo "server: $total POSTs answered, 3 per run of each side"
