# shellcheck shell=bash disable=SC2154 # arazzo and test_name come from the sourcing script
# SPDX-License-Identifier: Apache-2.0
# mock_lib.sh - sourced by the CLI test scripts that run workflows against
# `arazzo mock` (reports.sh, network.sh, run_modes.sh). Set `arazzo` (the
# binary) and `test_name` first. Gives:
#   $work          a scratch folder, removed on exit with the mock stopped
#   fail MESSAGE   prints "test_name: MESSAGE" and the end of each file of
#                  $work, then exits 1
#   start_mock ARGS...  starts `arazzo mock ARGS...` in the background, its
#                  request log in $work/log, and sets $url
#   stop_mock      stops it (SIGINT, as Ctrl-C) and waits for it
#   requests_seen  how many requests the mock has logged
work=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

fail() {
    echo "$test_name: $*" >&2
    for f in "$work"/*; do
        [ -f "$f" ] && { echo "--- $f" >&2; tail -n 30 "$f" >&2; }
    done
    exit 1
}

start_mock() {
    "$arazzo" mock "$@" >"$work/log" 2>"$work/mock.err" &
    pid=$!
    for _ in $(seq 100); do
        [ -s "$work/log" ] && break
        sleep 0.1
    done
    local first
    first=$(head -n 1 "$work/log")
    case $first in
    "listening on http://127.0.0.1:"*) ;;
    *) fail "the mock did not start: '$first'" ;;
    esac
    url=${first#listening on }
    url=${url%% *}
}

stop_mock() {
    kill -INT "$pid"
    wait "$pid" 2>/dev/null
    pid=
}

requests_seen() { grep -c '"method"' "$work/log"; }
