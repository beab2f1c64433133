#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# network.sh ARAZZO SOURCE_DIR: the network options of `arazzo run` end to
# end against `arazzo mock`: --header adds a header to every request while
# a step's own header of that name wins, --rate-limit spaces the requests,
# --proxy sends them through a proxy (an unreachable one fails the step),
# and a malformed --header or --rate-limit is a usage error.
set -u
arazzo=$1 src=$2 test_name=network
# shellcheck source-path=SCRIPTDIR source=mock_lib.sh
. "$(dirname "$0")/mock_lib.sh"
flow=$src/examples/whatsapp/arazzo/whatsapp-register-phone-number-workflow.yml
inputs=$src/examples/whatsapp/inputs.json

start_mock "$src/examples/whatsapp/openapi/whatsapp-cloud-api-openapi.yml"

start=$(date +%s%N)
"$arazzo" run "$flow" --inputs "$inputs" --server "whatsappCloudApi=$url" -q \
    --header 'X-Trace: t-1' --header 'Authorization: Basic ignored' --rate-limit 4/s \
    >"$work/run.out" 2>"$work/run.err"
status=$?
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
env -u no_proxy -u NO_PROXY "$arazzo" run "$flow" --inputs "$inputs" \
    --server "whatsappCloudApi=$url" -q --proxy http://127.0.0.1:1 >"$work/proxy.out" 2>"$work/proxy.err"
proxy_status=$?
stop_mock

[ "$status" -eq 0 ] || fail "run exited $status: $(cat "$work/run.err")"
[ "$(grep -c '"X-Trace":"t-1"' "$work/log")" -eq 3 ] || fail "X-Trace not on the 3 requests"
[ "$(grep -c '"Authorization":"Bearer EAAG-example-access-token"' "$work/log")" -eq 3 ] ||
    fail "the steps' own Authorization did not win over --header"
# 3 requests at 4 per second: at least two gaps of 250 ms.
[ "$elapsed_ms" -ge 490 ] || fail "--rate-limit 4/s: 3 requests in ${elapsed_ms} ms"
[ "$proxy_status" -eq 1 ] || fail "an unreachable proxy: exit $proxy_status, expected 1"
[ "$(requests_seen)" -eq 3 ] || fail "the proxied run reached the mock"

"$arazzo" run "$flow" --header 'no colon' >/dev/null 2>&1
[ $? -eq 2 ] || fail "--header without ':' is not a usage error"
"$arazzo" run "$flow" --rate-limit fast >/dev/null 2>&1
[ $? -eq 2 ] || fail "--rate-limit fast is not a usage error"
echo "network options ok (3 requests in ${elapsed_ms} ms at 4/s)"
