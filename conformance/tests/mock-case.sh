#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# mock-case.sh ARAZZO SOURCE_DIR: `arazzo mock CASE` end to end. It serves
# case 001's script on an ephemeral port, `arazzo run` sends the seed
# workflow to it with the --server the mock suggests, and the mock, stopped
# with SIGINT, must have logged the three requests, each meeting its
# exchange, and exit 0 after printing "served 3 requests".
set -u
arazzo=$1 src=$2
case_dir=$src/conformance/cases/001-whatsapp-register
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "mock-case: $*" >&2; cat "$work/out" "$work/err" >&2; exit 1; }

"$arazzo" mock "$case_dir" >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 100); do
    [ -s "$work/out" ] && grep -q -- '--server' "$work/err" && break
    sleep 0.1
done
first=$(head -n 1 "$work/out")
case $first in
"listening on http://127.0.0.1:"*" (3 exchanges, order sequence)") ;;
*) kill "$pid"; fail "unexpected first line '$first'" ;;
esac
server=$(sed -n 's/^arazzo: run with --server //p' "$work/err")
[ -n "$server" ] || { kill "$pid"; fail "no --server hint"; }

"$arazzo" run "$case_dir/arazzo/whatsapp-register-phone-number-workflow.yml" \
    --server "$server" -i accessToken=tok123 -i phoneNumberId=106540352242922 \
    -i codeMethod=SMS -i language=en_US -i code=123456 -i pin=654321 -q \
    >"$work/run.out" 2>"$work/run.err"
run_status=$?
kill -INT "$pid"
wait "$pid"
mock_status=$?

[ "$run_status" -eq 0 ] || fail "arazzo run exited $run_status: $(cat "$work/run.err")"
[ "$mock_status" -eq 0 ] || fail "arazzo mock exited $mock_status"
for n in 1 2 3; do
    grep -q "\"exchange\":$n[,}]" "$work/out" || fail "no request met exchange $n"
done
grep -q mismatch "$work/out" && fail "a request did not match"
[ "$(tail -n 1 "$work/out")" = "served 3 requests" ] || fail "no 'served 3 requests'"
echo "mock-case: ok"
