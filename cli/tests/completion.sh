#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
#
# completion.sh - the bash completion script `arazzo --completion bash`
# prints is valid bash and completes commands and a command's options from
# the command table; the zsh script is checked with zsh -n when zsh is
# installed (skipped, saying so, otherwise).
# Usage: completion.sh ARAZZO_BINARY
set -eu
arazzo=$1
script=$(mktemp)
trap 'rm -f "$script"' EXIT
"$arazzo" --completion bash > "$script"
bash -n "$script"
# shellcheck source=/dev/null
source "$script"
COMP_WORDS=(arazzo vali); COMP_CWORD=1; _arazzo
[ "${COMPREPLY[*]}" = "validate" ] || { echo "commands: got '${COMPREPLY[*]}'"; exit 1; }
COMP_WORDS=(arazzo run --max); COMP_CWORD=2; _arazzo
[ "${COMPREPLY[*]}" = "--max-steps" ] || { echo "options: got '${COMPREPLY[*]}'"; exit 1; }
if "$arazzo" --completion fish > /dev/null 2>&1; then echo "fish was accepted"; exit 1; fi
if command -v zsh > /dev/null; then
    "$arazzo" --completion zsh > "$script"
    zsh -n "$script"
else
    echo "zsh is not installed: the zsh script is not syntax-checked"
fi
echo "completion ok"
