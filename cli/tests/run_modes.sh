#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# run_modes.sh ARAZZO SOURCE_DIR: the ways of running the seed workflow end
# to end against `arazzo mock` serving the WhatsApp description:
# - --dry-run prints the three requests in full, the mock sees none and
#   the HAR file has no entry;
# - contract checks (--check): a mock whose example breaks the response
#   schema draws a warning per step by default, and with schema=error the
#   run fails and the JUnit report says type="contract";
# - -v prints headers but no bodies, -vv the bodies too;
# - --secret masks its value in the report and the JSON result;
# - an unreachable server, or a TLS handshake that fails: a hint on what
#   to try;
# - several files in one run: one summary each, and the JSON, JUnit and
#   HAR reports hold the workflows of both, each naming its file; a
#   --workflow no file declares, a file with several workflows and no
#   --workflow, or missing inputs in the last file stop everything before
#   the first request;
# - --env-file supplies ARAZZO_INPUT_* (comments, export, quotes), the
#   environment wins over it, a malformed line is a usage error naming
#   file:line;
# - on a terminal (through script(1), skipped without it): missing required
#   inputs are asked for, a secret one without echo, and the live line
#   completes each step's request line with its status.
set -u
arazzo=$1 src=$2 test_name=run_modes
# shellcheck source-path=SCRIPTDIR source=mock_lib.sh
. "$(dirname "$0")/mock_lib.sh"
flow=$src/examples/whatsapp/arazzo/whatsapp-register-phone-number-workflow.yml
oas=$src/examples/whatsapp/openapi/whatsapp-cloud-api-openapi.yml
inputs=$src/examples/whatsapp/inputs.json
token=EAAG-example-access-token

start_mock "$oas"

# --dry-run: everything printed, nothing sent.
"$arazzo" run "$flow" --inputs "$inputs" --server "whatsappCloudApi=$url" --dry-run \
    --har-output "$work/dry.har" >"$work/dry.out" 2>"$work/dry.err" || fail "--dry-run exited $?"
grep -q '"version": "1.2"' "$work/dry.har" || fail "--dry-run: no HAR file"
! grep -q '"request"' "$work/dry.har" || fail "--dry-run: the HAR file has entries"
[ "$(requests_seen)" -eq 0 ] || fail "--dry-run: the mock saw $(requests_seen) requests"
[ "$(grep -c "^[a-zA-Z]*: POST $url/106540352242922/" "$work/dry.out")" -eq 3 ] ||
    fail "--dry-run: not the three request lines"
grep -q '^    > Authorization: \*\*\*$' "$work/dry.out" || fail "--dry-run: no masked Authorization"
grep -q '^    > {"code":"123456"}$' "$work/dry.out" || fail "--dry-run: no request body"
grep -qx 'dry run: 3 steps, nothing sent' "$work/dry.out" || fail "--dry-run: no closing line"
! grep -q "$token" "$work/dry.out" || fail "--dry-run: the token leaked"

# -v: headers, no bodies; -vv: bodies too.
"$arazzo" run "$flow" --inputs "$inputs" --server "whatsappCloudApi=$url" -v \
    >"$work/v.out" 2>"$work/v.err" || fail "-v exited $?"
grep -q '^    < Content-Type: application/json$' "$work/v.out" || fail "-v: no response header"
grep -q '^    passed status: status 200 is declared' "$work/v.out" || fail "-v: no passed check"
! grep -q '^    [<>] {' "$work/v.out" || fail "-v printed bodies"
"$arazzo" run "$flow" --inputs "$inputs" --server "whatsappCloudApi=$url" -vv \
    >"$work/vv.out" 2>"$work/vv.err" || fail "-vv exited $?"
grep -q '^    > {"code":"123456"}$' "$work/vv.out" || fail "-vv: no request body"
grep -q '^    < {"success":true}$' "$work/vv.out" || fail "-vv: no response body"

# --secret: the value reaches the server and nothing else.
sed '/"code"/d' "$inputs" >"$work/inputs-no-code.json"
"$arazzo" run "$flow" --inputs "$work/inputs-no-code.json" --secret code=123456 -v \
    --server "whatsappCloudApi=$url" --json-output "$work/secret.json" \
    >"$work/secret.out" 2>"$work/secret.err" || fail "--secret: exited $?"
grep -q '"code":"123456"' "$work/log" || fail "--secret: the server did not get the code"
! grep -q 123456 "$work/secret.out" "$work/secret.json" || fail "--secret: the value leaked"
grep -qF '\"code\":\"***\"' "$work/secret.json" || fail "--secret: no masked code in the JSON"
stop_mock

# Contract checks: a mock answering {"success": "yes"} breaks the schema.
sed 's/^\(            success:\) true$/\1 "yes"/' "$oas" >"$work/broken.yml"
grep -q 'success: "yes"' "$work/broken.yml" || fail "cannot break the description"
start_mock "$work/broken.yml"
"$arazzo" run "$flow" --inputs "$inputs" --server "whatsappCloudApi=$url" \
    >"$work/warn.out" 2>"$work/warn.err" || fail "contract warnings changed the exit code ($?)"
[ "$(grep -c '^    warning schema: the body does not match the schema of 200 application/json: /success: ' "$work/warn.out")" -eq 3 ] ||
    fail "no schema warning per step"
grep -q '^succeeded: 3 steps run, 0 failed, 3 contract warnings, ' "$work/warn.out" ||
    fail "the summary does not count the warnings"
"$arazzo" run "$flow" --inputs "$inputs" --server "whatsappCloudApi=$url" \
    --check schema=error --junit "$work/contract.xml" >"$work/error.out" 2>"$work/error.err"
status=$?
[ "$status" -eq 1 ] || fail "--check schema=error: exit $status, expected 1"
grep -q '^    failed schema: ' "$work/error.out" || fail "--check schema=error: no failed line"
grep -q '<failure message="the body does not match the schema of 200 application/json: /success: [^"]*" type="contract">' \
    "$work/contract.xml" || fail "JUnit: no contract failure"
"$arazzo" run "$flow" --inputs "$inputs" --server "whatsappCloudApi=$url" --check off \
    >"$work/off.out" 2>"$work/off.err" || fail "--check off exited $?"
! grep -q 'schema' "$work/off.out" || fail "--check off still checked"
"$arazzo" run "$flow" --check schema=loud >/dev/null 2>"$work/bad-check.err"
[ $? -eq 2 ] || fail "--check schema=loud is not a usage error"
stop_mock

# --env-file: quotes, export, comments; the environment wins.
start_mock "$oas"
cat >"$work/test.env" <<'EOF'
# inputs of the seed
export ARAZZO_INPUT_ACCESSTOKEN='EAAG-example-access-token'
ARAZZO_INPUT_PHONENUMBERID="106540352242922"
ARAZZO_INPUT_CODEMETHOD = SMS   # a comment
ARAZZO_INPUT_LANGUAGE=fr_FR

ARAZZO_INPUT_CODE=123456
ARAZZO_INPUT_PIN="654321"
EOF
ARAZZO_INPUT_LANGUAGE=en_US "$arazzo" run "$flow" --env-file "$work/test.env" \
    --server "whatsappCloudApi=$url" >"$work/env.out" 2>"$work/env.err" ||
    fail "--env-file: exited $?"
grep -q '"language":"en_US"' "$work/log" || fail "--env-file: the environment did not win"
grep -q '"code_method":"SMS"' "$work/log" || fail "--env-file: bare value with a comment"
printf 'ARAZZO_INPUT_PIN="654321\n' >"$work/bad.env"
"$arazzo" run "$flow" --env-file "$work/bad.env" >/dev/null 2>"$work/bad-env.err"
[ $? -eq 2 ] || fail "a malformed --env-file is not a usage error"
grep -qx "$work/bad.env:1: unterminated quoted value (see 'arazzo help run')" "$work/bad-env.err" ||
    fail "--env-file: no file:line message"

# A server that is not there: the report says what to try.
"$arazzo" run "$flow" --inputs "$inputs" --server whatsappCloudApi=http://127.0.0.1:1 \
    >"$work/down.out" 2>"$work/down.err"
[ $? -eq 1 ] || fail "an unreachable server: not exit 1"
grep -q '^    hint: is the server up? --server SOURCE=URL' "$work/down.out" ||
    fail "an unreachable server: no hint"
grep -q '^hint: -v shows the headers' "$work/down.out" || fail "a failed run: no -v hint"
# https to the (plain HTTP) mock: the TLS handshake fails.
"$arazzo" run "$flow" --inputs "$inputs" --server "whatsappCloudApi=${url/http:/https:}" \
    >"$work/tls.out" 2>"$work/tls.err"
grep -q "^requestCode: no response: TLS connection to https://" "$work/tls.out" ||
    fail "https to a plain HTTP server: not a TLS failure"
grep -q '^    hint: --cacert FILE trusts another CA' "$work/tls.out" || fail "no TLS hint"

# Several files in one run: every report holds every workflow of each.
orders=$src/examples/two-sources/arazzo/open-orders.arazzo.yaml
"$arazzo" run "$flow" "$orders" --mock --inputs "$inputs" -i email=ann@example.test \
    -i 'statuses:=["open"]' --json-output "$work/multi.json" --junit "$work/multi.xml" \
    --har-output "$work/multi.har" >"$work/multi.out" 2>"$work/multi.err" ||
    fail "two files: exited $?"
[ "$(grep -c '^succeeded: ' "$work/multi.out")" -eq 2 ] || fail "two files: not two summaries"
grep -q '^succeeded: 2 steps run, 0 failed, ' "$work/multi.out" ||
    fail "two files: the second summary does not count its own steps"
[ "$(grep -c '"file": ' "$work/multi.json")" -eq 2 ] || fail "two files: JSON results"
grep -q "<testsuite name=\"register-phone-number\" file=\"$flow\" tests=\"3\"" "$work/multi.xml" ||
    fail "two files: JUnit testsuite of the first file"
grep -q "<testsuite name=\"open-orders\" file=\"$orders\" tests=\"2\"" "$work/multi.xml" ||
    fail "two files: JUnit testsuite of the second file"
[ "$(grep -c "\"_file\": \"$flow\"" "$work/multi.har")" -eq 3 ] &&
    [ "$(grep -c "\"_file\": \"$orders\"" "$work/multi.har")" -eq 2 ] ||
    fail "two files: HAR entries"
# The second document lacks an input: nothing runs, no mock even starts.
"$arazzo" run "$flow" "$orders" --mock --inputs "$inputs" >"$work/half.out" 2>"$work/half.err"
[ $? -eq 3 ] || fail "two files, the second without its inputs: not exit 3"
[ ! -s "$work/half.out" ] || fail "two files, the second without its inputs: something ran"
grep -q '^arazzo: nothing was run: missing required inputs: email (string)$' "$work/half.err" ||
    fail "two files, the second without its inputs: not listed"
"$arazzo" run "$flow" "$orders" --workflow nope >/dev/null 2>"$work/nope.err"
[ $? -eq 3 ] || fail "an unknown --workflow with two files: not exit 3"
[ "$(grep -c "^arazzo: no workflow 'nope' in " "$work/nope.err")" -eq 2 ] ||
    fail "an unknown --workflow with two files: not one line per file"
several=$src/examples/oauth-refresh/arazzo/fetch-report.arazzo.yaml
"$arazzo" run "$flow" "$several" >/dev/null 2>"$work/several.err"
[ $? -eq 2 ] || fail "a file with several workflows and no --workflow: not exit 2"
grep -qx "arazzo: $several has several workflows; choose with --workflow:" "$work/several.err" ||
    fail "a file with several workflows: not named"

# On a terminal: prompts, hidden secrets, the live line.
if script -qec true /dev/null >/dev/null 2>&1; then
    # Each answer is typed once its prompt is on the screen (and the echo,
    # for the hidden one, had time to go off), as a person would.
    answer() {
        for _ in $(seq 300); do
            grep -q "$1" "$work/tty.out" 2>/dev/null && break
            sleep 0.1
        done
        sleep 0.3
        printf '%s\n' "$2"
    }
    : >"$work/tty.out"
    (
        answer '^accessToken (' EAAG-typed-token
        answer '^pin (' 654321
    ) | script -qec "'$arazzo' run '$flow' --server 'whatsappCloudApi=$url' \
        -i phoneNumberId=106540352242922 -i codeMethod=SMS -i language=en_US -i code=123456" \
        /dev/null >"$work/tty.out" 2>&1
    grep -q '^accessToken (string, [^)]*, hidden): ' "$work/tty.out" || fail "no hidden prompt"
    grep -q '^pin (string, [^)]*): 654321' "$work/tty.out" || fail "no echoed prompt for pin"
    ! grep -q 'EAAG-typed-token' "$work/tty.out" || fail "the hidden input was echoed or shown"
    grep -q 'Bearer EAAG-typed-token' "$work/log" || fail "the typed token was not sent"
    # The live line: "step: POST url ..." then \r ESC[K and the completed line.
    grep -q "$(printf 'requestCode.*: POST [^\r]*\\.\\.\\.[^\r]*\r\033\\[K')" "$work/tty.out" ||
        fail "no live line on a terminal"
    grep -q '^succeeded: 3 steps run, 0 failed' "$work/tty.out" || fail "the terminal run failed"
    # A terminal that cannot erase a line gets no live line.
    TERM=dumb script -qec "'$arazzo' run '$flow' --server 'whatsappCloudApi=$url' \
        --inputs '$inputs'" /dev/null </dev/null >"$work/dumb.out" 2>&1
    grep -q '^succeeded: 3 steps run, 0 failed' "$work/dumb.out" || fail "the TERM=dumb run failed"
    ! grep -q "$(printf '\033\\[K')" "$work/dumb.out" || fail "a live line with TERM=dumb"
    tty_note="terminal checks done"
else
    tty_note="script(1) not installed: terminal checks skipped"
fi
stop_mock
echo "run modes ok ($tty_note)"
