#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# guide.sh - runs every example of the user guide (docs/guide.md) against a
# built `arazzo` and compares what it prints and its exit status with what
# the guide shows, so the guide cannot drift from the tool.
#
# Usage: guide.sh ARAZZO_BINARY EXAMPLES_DIR GUIDE_MD
#
# An example is a fenced block whose info string is exactly `console`:
#   ```console
#   $ arazzo validate crud/arazzo/note-lifecycle.arazzo.yaml
#   crud/arazzo/note-lifecycle.arazzo.yaml: ok
#   $ arazzo validate nothere.yaml
#   nothere.yaml: error: cannot open 'nothere.yaml': [...] [io-error]
#   1 error, 0 warnings in 1 file
#   [exit 4]
#   ```
# A line starting with "$ " is a command, run with `bash -c` (a command
# line ending in "\" continues on the next line, as in a shell). The lines
# up to the next command are its expected output, standard output and
# standard error merged (2>&1); a last line "[exit N]" is the expected exit
# status (0 without it). In an expected line, "[...]" matches any text
# within the line; a line that is exactly "[...]" matches any number of
# lines. Other lines must match exactly (so no output line of an example
# can start with "$ ").
#
# Each block runs in a fresh scratch copy of EXAMPLES_DIR (the commands of
# one block share it), with `arazzo` first on PATH, NO_COLOR=1, LC_ALL=C,
# standard input from /dev/null, and no ARAZZO_* or proxy variables.
# AZ_TEST_WRAPPER, when set, prefixes every run of arazzo (for example
# "valgrind -q --error-exitcode=99"). Blocks with another info string (sh,
# text) are not run. A mismatch prints the guide's line of the command, the
# exit statuses and a diff, and the run goes on; the exit status is 1 when
# an example failed or the guide has no console block.
set -u
if [ $# -ne 3 ]; then
  echo "usage: guide.sh ARAZZO_BINARY EXAMPLES_DIR GUIDE_MD" >&2
  exit 2
fi
arazzo=$1 examples=$2 guide=$3
case $arazzo in /*) ;; *) arazzo=$PWD/$arazzo ;; esac
[ -x "$arazzo" ] || { echo "guide: $arazzo is not an executable" >&2; exit 2; }
[ -d "$examples" ] || { echo "guide: $examples is not a folder" >&2; exit 2; }
[ -r "$guide" ] || { echo "guide: cannot read $guide" >&2; exit 2; }
name=$(basename "$guide")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# `arazzo` on PATH: the binary itself, or a script running it under the wrapper.
mkdir "$work/bin" "$work/examples"
if [ -n "${AZ_TEST_WRAPPER:-}" ]; then
  printf '#!/usr/bin/env bash\nexec %s %q "$@"\n' "$AZ_TEST_WRAPPER" "$arazzo" > "$work/bin/arazzo"
  chmod +x "$work/bin/arazzo"
else
  ln -s "$arazzo" "$work/bin/arazzo"
fi

# The same environment for every example, whatever the caller's.
for v in $(compgen -e); do
  case $v in
  ARAZZO_* | [Hh][Tt][Tt][Pp]_[Pp][Rr][Oo][Xx][Yy] | [Hh][Tt][Tt][Pp][Ss]_[Pp][Rr][Oo][Xx][Yy] | \
    [Aa][Ll][Ll]_[Pp][Rr][Oo][Xx][Yy] | [Nn][Oo]_[Pp][Rr][Oo][Xx][Yy]) unset "$v" ;;
  esac
done
export NO_COLOR=1 LC_ALL=C PATH="$work/bin:$PATH"

# Splits the guide into examples: for the Nth command, $work/examples/N.cmd
# (the command), N.want (the expected lines), N.exit, N.line (its line in
# the guide) and N.block (the number of its block). Problems of the guide's
# own shape are printed as "LINE: message" and make awk exit 1.
LC_ALL=C awk -v dir="$work/examples" '
  function flush() {
    if (!open_cmd) return
    open_cmd = 0
    if (nwant > 0 && want[nwant] ~ /^\[exit [0-9]+\]$/) {
      code = substr(want[nwant], 7, length(want[nwant]) - 7)
      nwant--
    } else {
      code = 0
    }
    f = dir "/" n
    printf "%s\n", cmd > (f ".cmd"); close(f ".cmd")
    printf "" > (f ".want")
    for (i = 1; i <= nwant; i++) printf "%s\n", want[i] > (f ".want")
    close(f ".want")
    print code > (f ".exit"); close(f ".exit")
    print cmdline > (f ".line"); close(f ".line")
    print blocks > (f ".block"); close(f ".block")
  }
  function bad(msg) { print FNR ": " msg; failed = 1 }
  other { if (/^```/) other = 0; next }
  !inblock && $0 == "```console" {
    inblock = 1; blocks++; start = FNR; havecmd = 0; pending = 0; next
  }
  !inblock && /^```/ { other = 1; next }
  !inblock { next }
  /^```[ \t]*$/ {
    if (pending) bad("the command ends with \\ at the end of the block")
    if (!havecmd) bad("a console block without a \"$ \" command")
    flush()
    inblock = 0; next
  }
  pending {
    cmd = cmd "\n" $0
    pending = /\\$/
    next
  }
  /^\$ / {
    flush()
    n++; havecmd = 1; open_cmd = 1; nwant = 0
    cmd = substr($0, 3); cmdline = FNR
    pending = /\\$/
    next
  }
  {
    if (!havecmd) { bad("output before the first \"$ \" command of the block"); next }
    if (nwant > 0 && want[nwant] ~ /^\[exit [0-9]+\]$/)
      bad("\"" want[nwant] "\" is not the last line of its command")
    want[++nwant] = $0
  }
  END {
    if (inblock) bad("the console block opened at line " start " is not closed")
    flush()
    print n + 0 > (dir "/count")
    exit failed
  }' "$guide" > "$work/shape" || {
  sed "s|^|$name:|" "$work/shape" >&2
  echo "guide: $name is malformed" >&2
  exit 1
}
count=$(cat "$work/examples/count")
if [ "$count" -eq 0 ]; then
  echo "guide: no \`\`\`console example in $guide" >&2
  exit 1
fi

# line_ok(p, s), in awk: whether line s matches the expected line p, where
# each "[...]" matches any text. Literal text is compared with index() and
# substr(), so no character of it is special.
line_ok='
  function line_ok(p, s,    parts, k, i, pos, at, last) {
    k = split(p, parts, /\[\.\.\.\]/)
    if (k <= 1) return p == s
    if (substr(s, 1, length(parts[1])) != parts[1]) return 0
    pos = length(parts[1]) + 1
    for (i = 2; i < k; i++) {
      if (parts[i] == "") continue
      at = index(substr(s, pos), parts[i])
      if (at == 0) return 0
      pos += at - 1 + length(parts[i])
    }
    last = parts[k]
    if (length(s) - pos + 1 < length(last)) return 0
    return last == "" || substr(s, length(s) - length(last) + 1) == last
  }'

# matches WANT GOT: whether the lines of file GOT match the expected lines
# of file WANT, a line that is exactly "[...]" matching any number of lines.
matches() {
  LC_ALL=C awk "$line_ok"'
    # Whether expected lines i.. match actual lines j.. (backtracking on "[...]").
    function from(i, j,    k) {
      if (i > nw) return j > ng
      if (want[i] == "[...]") {
        for (k = j; k <= ng + 1; k++)
          if (from(i + 1, k)) return 1
        return 0
      }
      if (j > ng || !line_ok(want[i], got[j])) return 0
      return from(i + 1, j + 1)
    }
    FILENAME == ARGV[1] { want[++nw] = $0; next }
    { got[++ng] = $0 }
    END { exit !from(1, 1) }' "$1" "$2"
}

# shown WANT GOT: prints GOT with each line that matches an expected line
# (the next one that does, in order) replaced by that line, so that a diff
# with WANT shows only the lines that differ, not the ones "[...]" covers.
shown() {
  LC_ALL=C awk "$line_ok"'
    BEGIN { next_want = 1 }
    FILENAME == ARGV[1] { want[++nw] = $0; next }
    {
      for (i = next_want; i <= nw; i++)
        if (want[i] != "[...]" && line_ok(want[i], $0)) break
      if (i <= nw) { print want[i]; next_want = i + 1 } else print
    }' "$1" "$2"
}

passed=0 failed=0 block=0 scratch=
for ((i = 1; i <= count; i++)); do
  f=$work/examples/$i
  if [ "$(cat "$f.block")" != "$block" ]; then
    block=$(cat "$f.block")
    [ -n "$scratch" ] && rm -rf "$scratch"
    scratch=$work/scratch$block
    mkdir "$scratch" && cp -R "$examples/." "$scratch/"
  fi
  cmd=$(cat "$f.cmd")
  want_exit=$(cat "$f.exit")
  (cd "$scratch" && timeout -k 5 100 bash -c "$cmd") < /dev/null > "$f.got" 2>&1
  got_exit=$?
  if [ "$got_exit" = "$want_exit" ] && matches "$f.want" "$f.got"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL $name:$(cat "$f.line"): \$ $cmd"
    [ "$got_exit" = "$want_exit" ] || echo "    exit $got_exit, expected $want_exit"
    shown "$f.want" "$f.got" > "$f.shown"
    diff -u --label expected --label actual "$f.want" "$f.shown" | sed 's/^/    /'
  fi
done
if [ "$failed" -ne 0 ]; then
  echo "guide: $failed of $count examples failed"
  exit 1
fi
echo "guide: $count examples passed"
