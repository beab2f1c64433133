#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# reports.sh ARAZZO SOURCE_DIR: `arazzo run --junit FILE --har-output FILE`
# end to end. The seed workflow runs against `arazzo mock` serving the
# WhatsApp description: the JUnit file must be well-formed XML with three
# testcases and no failure, the HAR file valid JSON with log.version 1.2 and
# three entries answered 200, and the access token of inputs.json in
# neither. Then the workflow runs against case 002's script (a 401 at
# verify_code): the JUnit file must carry a failure naming `$statusCode ==
# 200`. Checks needing xmllint, python3 or jq fall back on what is installed
# and say so.
set -u
arazzo=$1 src=$2 test_name=reports
# shellcheck source-path=SCRIPTDIR source=mock_lib.sh
. "$(dirname "$0")/mock_lib.sh"
have() { command -v "$1" >/dev/null 2>&1; }
python_ok() { have python3 && python3 -c 'import json, xml.etree.ElementTree' 2>/dev/null; }

# Checks that XML file $1 is well-formed.
check_xml() {
    if have xmllint; then
        xmllint --noout "$1" || fail "$1 is not well-formed XML (xmllint)"
    elif python_ok; then
        python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' "$1" ||
            fail "$1 is not well-formed XML (python3)"
    else
        echo "reports: no xmllint or python3: structural grep check of $1 only"
        head -n 1 "$1" | grep -q '^<?xml version="1.0" encoding="UTF-8"?>$' || fail "no XML declaration"
        [ "$(grep -c '<testsuites' "$1")" -eq "$(grep -c '</testsuites>' "$1")" ] ||
            fail "unbalanced testsuites"
        [ "$(grep -c '<testsuite ' "$1")" -eq "$(grep -c '</testsuite>' "$1")" ] ||
            fail "unbalanced testsuite"
        [ "$(grep -c '<testcase ' "$1")" -eq "$(grep -c '</testcase>' "$1")" ] ||
            fail "unbalanced testcase"
    fi
}

# Prints what JSON Pointer $2 holds in JSON file $1 (strings bare).
json_at() {
    if have jq; then
        jq -r "$(printf '%s' "$2" | sed 's|/\([0-9][0-9]*\)|[\1]|g; s|/\([A-Za-z_][A-Za-z0-9_]*\)|.\1|g')" "$1"
    elif python_ok; then
        python3 - "$1" "$2" <<'EOF'
import json, sys
v = json.load(open(sys.argv[1]))
for part in sys.argv[2].split('/')[1:]:
    v = v[int(part)] if isinstance(v, list) else v[part]
print(v if isinstance(v, str) else json.dumps(v))
EOF
    else
        "$arazzo" eval --pointer "$2" --document "$1" | sed 's/^"\(.*\)"$/\1/'
    fi
}

# --- 1. a succeeding run -------------------------------------------------
start_mock "$src/examples/whatsapp/openapi/whatsapp-cloud-api-openapi.yml"
"$arazzo" run "$src/examples/whatsapp/arazzo/whatsapp-register-phone-number-workflow.yml" \
    --server "whatsappCloudApi=$url/v21.0" --inputs "$src/examples/whatsapp/inputs.json" \
    --junit "$work/ok.xml" --har-output "$work/ok.har" -q >"$work/run.out" 2>"$work/run.err"
run_status=$?
stop_mock
[ "$run_status" -eq 0 ] || fail "arazzo run exited $run_status"

check_xml "$work/ok.xml"
[ "$(grep -c '<testcase ' "$work/ok.xml")" -eq 3 ] || fail "expected 3 testcases"
grep -q '<testsuites name="arazzo" tests="3" failures="0" errors="0"' "$work/ok.xml" ||
    fail "expected tests=3 failures=0 errors=0"
grep -q '<failure\|<error' "$work/ok.xml" && fail "a failure in a succeeding run"
grep -q '<testsuite name="register-phone-number"' "$work/ok.xml" || fail "no testsuite named after the workflow"

if have jq; then
    jq -e . "$work/ok.har" >/dev/null || fail "ok.har is not JSON (jq)"
elif python_ok; then
    python3 -m json.tool "$work/ok.har" >/dev/null || fail "ok.har is not JSON (python3)"
else
    echo "reports: no jq or python3: JSON checked by arazzo eval only"
fi
[ "$(json_at "$work/ok.har" /log/version)" = "1.2" ] || fail "log.version is not 1.2"
[ "$(json_at "$work/ok.har" /log/creator/name)" = "arazzo" ] || fail "log.creator.name is not arazzo"
for i in 0 1 2; do
    [ "$(json_at "$work/ok.har" "/log/entries/$i/response/status")" = "200" ] ||
        fail "entry $i is not a 200"
    json_at "$work/ok.har" "/log/entries/$i/startedDateTime" |
        grep -Eq '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$' ||
        fail "entry $i has no ISO 8601 startedDateTime"
done
[ "$(grep -c '"startedDateTime"' "$work/ok.har")" -eq 3 ] || fail "expected 3 HAR entries"
for f in ok.xml ok.har; do
    grep -q 'EAAG-example-access-token' "$work/$f" && fail "the access token is in $f"
done

# --- 2. a failing run: a 401 at verify_code ----------------------------------
start_mock "$src/conformance/cases/002-whatsapp-verify-401"
server=$(sed -n 's/^arazzo: run with --server //p' "$work/mock.err")
[ -n "$server" ] || fail "no --server hint from the mock"
"$arazzo" run "$src/conformance/cases/001-whatsapp-register/arazzo/whatsapp-register-phone-number-workflow.yml" \
    --server "$server" -i accessToken=tok123 -i phoneNumberId=106540352242922 \
    -i codeMethod=SMS -i language=en_US -i code=000000 -i pin=654321 \
    --junit "$work/bad.xml" --har-output "$work/bad.har" -q >"$work/run.out" 2>"$work/run.err"
run_status=$?
stop_mock
[ "$run_status" -eq 1 ] || fail "the failing run exited $run_status, not 1"
check_xml "$work/bad.xml"
grep -q 'failures="1"' "$work/bad.xml" || fail "expected failures=\"1\""
grep -q '<failure message="[^"]*\$statusCode == 200[^"]*" type="criterion"' "$work/bad.xml" ||
    fail "no failure naming \$statusCode == 200"
[ "$(json_at "$work/bad.har" /log/entries/1/response/status)" = "401" ] || fail "entry 1 is not the 401"
for f in bad.xml bad.har; do
    grep -q 'tok123' "$work/$f" && fail "the access token is in $f"
done
echo "reports: ok"
