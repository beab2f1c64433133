#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# run_cases.sh - runs the declarative CLI cases of cli/tests/cases/*.case
# against a built `arazzo` and compares exit code, stdout and stderr.
#
# Usage: run_cases.sh ARAZZO_BINARY CASES_DIR DATA_DIR EXAMPLES_DIR [CASE...]
#
# A case file is a header of "key: value" lines, then sections:
#   args: validate --format json dup.yaml   (shell words, after "arazzo")
#   exit: 3
#   setup: bash commands run first in the case's scratch directory
#   --- stdin        (optional) bytes fed to standard input
#   --- stdout       expected standard output, exactly
#   --- stderr       expected standard error, exactly
# Every case runs in a fresh scratch directory holding a copy of DATA_DIR,
# with NO_COLOR unset and output not a terminal. $EXAMPLES names the
# examples/ folder for setup commands. AZ_UPDATE_GOLDEN=1 rewrites the
# stdout, stderr and exit of every case from the actual results.
# AZ_TEST_WRAPPER, when set, prefixes every run (for example
# "valgrind -q --error-exitcode=99 --leak-check=full").
set -u
arazzo=$1 cases_dir=$2 data_dir=$3
export EXAMPLES=$4
shift 4
unset NO_COLOR
passed=0 failed=0

# section FILE NAME: prints the body of "--- NAME" up to the next section.
section() {
  awk -v want="--- $2" '
    /^--- / { on = ($0 == want); next }
    on { print }' "$1"
}

# header FILE KEY: prints the value of "KEY: value" in the header.
header() {
  awk -v key="$2" '
    /^--- / { exit }
    index($0, key ": ") == 1 { print substr($0, length(key) + 3); exit }' "$1"
}

has_section() { grep -qx -- "--- $2" "$1"; }

run_case() {
  local file=$1 name scratch args want_exit setup got_exit
  name=$(basename "$file" .case)
  scratch=$(mktemp -d)
  cp -R "$data_dir/." "$scratch/"
  args=$(header "$file" args)
  want_exit=$(header "$file" exit)
  setup=$(header "$file" setup)
  (
    cd "$scratch" || exit 99
    if [ -n "$setup" ]; then eval "$setup" || exit 98; fi
    eval "set -- $args"
    if has_section "$file" stdin; then
      section "$file" stdin > "$scratch/.stdin"
    else
      : > "$scratch/.stdin"
    fi
    # shellcheck disable=SC2086 # the wrapper is a command line on purpose
    timeout 300 ${AZ_TEST_WRAPPER:-} "$arazzo" "$@" < "$scratch/.stdin" > "$scratch/.stdout" 2> "$scratch/.stderr"
    echo $? > "$scratch/.exit"
  )
  got_exit=$(cat "$scratch/.exit" 2>/dev/null || echo "setup failed")
  if [ -n "${AZ_UPDATE_GOLDEN:-}" ]; then
    {
      awk '/^--- / { exit } /^exit: / { next } { print }' "$file"
      echo "exit: $got_exit"
      if has_section "$file" stdin; then echo "--- stdin"; section "$file" stdin; fi
      echo "--- stdout"; cat "$scratch/.stdout"
      echo "--- stderr"; cat "$scratch/.stderr"
    } > "$file.new" && mv "$file.new" "$file"
  fi
  local ok=1
  if [ "$got_exit" != "$want_exit" ]; then
    echo "FAIL $name: exit $got_exit, expected $want_exit"
    ok=0
  fi
  for stream in stdout stderr; do
    if ! diff -u <(section "$file" "$stream") "$scratch/.$stream" > "$scratch/.diff"; then
      echo "FAIL $name: $stream differs"
      sed 's/^/    /' "$scratch/.diff"
      ok=0
    fi
  done
  rm -rf "$scratch"
  if [ $ok = 1 ]; then
    passed=$((passed + 1))
    echo "ok   $name"
  else
    failed=$((failed + 1))
  fi
}

if [ $# -gt 0 ]; then
  for c in "$@"; do run_case "$cases_dir/$c.case"; done
else
  for c in "$cases_dir"/*.case; do run_case "$c"; done
fi
echo "$passed passed, $failed failed"
[ $failed = 0 ]
