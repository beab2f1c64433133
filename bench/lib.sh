# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=sh
# shellcheck disable=SC2154 # me, timer, scratch and version: set by the sourcing script
#
# lib.sh - what compare-openapi.sh and compare-run.sh share, sourced by
# them (POSIX sh, so that both sh and bash scripts can use it): the failure
# exit, the check for the tools they need, and installing @redocly/cli into
# the scratch folder. The sourcing script sets `me` (its name), `timer`
# (GNU time), `scratch` (the folder to install into) and `version` (the
# @redocly/cli version) first.

# Prints "$me: MESSAGE" to stderr and exits with status 2.
fail() {
    echo "$me: $*" >&2
    exit 2
}

# Fails unless node, npm and GNU time (able to take the format $1) are
# there, then makes the scratch folder.
need_tools() {
    for tool in node npm; do
        command -v "$tool" >/dev/null || fail "$tool not found (Debian: apt-get install nodejs npm)"
    done
    # GNU time gives the peak RSS of a process (%M, in KiB).
    "$timer" -f "$1" -o /dev/null true 2>/dev/null ||
        fail "GNU time not found at $timer (Debian: apt-get install time)"
    mkdir -p "$scratch"
}

# Installs @redocly/cli@$version into the scratch folder unless it is there,
# sets `redocly` to its program, and exports the settings that keep it from
# sending usage data, checking for updates and colouring its output.
install_redocly() {
    cli=$scratch/node_modules/@redocly/cli
    installed=$(node -p "try { require('$cli/package.json').version } catch (e) { '' }")
    if [ "$installed" != "$version" ]; then
        echo "installing @redocly/cli@$version into $scratch ..."
        npm install --prefix "$scratch" --no-save --no-audit --no-fund --loglevel=error \
            "@redocly/cli@$version" >"$scratch/npm-install.log" 2>&1 || {
            cat "$scratch/npm-install.log" >&2
            fail "cannot install @redocly/cli@$version from the npm registry (offline?)"
        }
    fi
    redocly=$scratch/node_modules/.bin/redocly
    [ -x "$redocly" ] || fail "no redocly in $scratch/node_modules/.bin after npm install"
    REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true NO_COLOR=1 FORCE_COLOR=0
    export REDOCLY_TELEMETRY REDOCLY_SUPPRESS_UPDATE_NOTICE NO_COLOR FORCE_COLOR
}
