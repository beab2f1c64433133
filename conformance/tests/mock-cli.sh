#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# mock-cli.sh ARAZZO SOURCE_DIR: the `arazzo mock` command end to end. It
# serves the WhatsApp description with --validate on an ephemeral port,
# `arazzo run` sends the seed workflow to it, and the mock, stopped with
# SIGINT, must have logged exactly the three requests (each 200) and
# exit 0 after printing "served 3 requests".
set -u
arazzo=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "mock-cli: $*" >&2; cat "$work/out" "$work/err" >&2; exit 1; }

"$arazzo" mock --validate "$src/examples/whatsapp/openapi/whatsapp-cloud-api-openapi.yml" \
    >"$work/out" 2>"$work/err" &
pid=$!
for _ in $(seq 100); do
    [ -s "$work/out" ] && break
    sleep 0.1
done
first=$(head -n 1 "$work/out")
case $first in
"listening on http://127.0.0.1:"*" (3 operations)") ;;
*) kill "$pid"; fail "unexpected first line '$first'" ;;
esac
url=${first#listening on }
url=${url%% *}

"$arazzo" run "$src/examples/whatsapp/arazzo/whatsapp-register-phone-number-workflow.yml" \
    --server "whatsappCloudApi=$url/v21.0" -i accessToken=tok123 \
    -i phoneNumberId=106540352242922 -i codeMethod=SMS -i language=en_US -i code=123456 \
    -i pin=654321 --json >"$work/run.json" 2>"$work/run.err"
run_status=$?
kill -INT "$pid"
wait "$pid"
mock_status=$?

[ "$run_status" -eq 0 ] || fail "arazzo run exited $run_status: $(cat "$work/run.err")"
grep -q '"verified": *true' "$work/run.json" || fail "no verified: true in $(cat "$work/run.json")"
grep -q '"registered": *true' "$work/run.json" || fail "no registered: true"
[ "$mock_status" -eq 0 ] || fail "arazzo mock exited $mock_status"
[ "$(tail -n 1 "$work/out")" = "served 3 requests" ] || fail "no 'served 3 requests' line"
[ "$(grep -c '"status":200' "$work/out")" -eq 3 ] || fail "expected three logged 200s"
for id in requestVerificationCode verifyCode registerPhoneNumber; do
    grep -q "\"operationId\":\"$id\"" "$work/out" || fail "no request logged for $id"
done
echo "mock-cli: ok"
