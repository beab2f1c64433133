/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_commands.c - the one table of subcommands and their options, from
 * which `arazzo --help` and `arazzo help COMMAND` are printed.
 */
#include "cli.h"

#include <string.h>

static const cli_option no_options[] = {{0}};

static const cli_option validate_options[] = {
    {"color", 0, "WHEN", "colour: auto (default), always or never"},
    {"format", 'f', "FORMAT", "output format: text (default) or json"},
    {"quiet", 'q', NULL, "print only diagnostics, no 'ok' lines or summary"},
    {0},
};

const cli_command cli_commands[] = {
    {"help", "show the help of a command", "[COMMAND]",
     "Shows the help of COMMAND, or the overview of every command.", no_options, cli_cmd_help},
    {"validate", "check Arazzo documents and report problems with file:line:column",
     "[OPTIONS] FILE...",
     "Loads each FILE (YAML 1.2 or JSON; '-' reads standard input) and reports every\n"
     "problem found, compiler style: file:line:column, the source line and a caret.\n"
     "This release checks the syntax level: well-formed YAML or JSON, no duplicate\n"
     "keys, known tags only, valid UTF-8, the nesting and alias limits, and a\n"
     "mapping at the root. With --format json the diagnostics are printed as one\n"
     "JSON array of objects (severity, code, message, file, line, column, pointer,\n"
     "related).\n"
     "Exits 0 when every file is valid, 3 when a document is invalid, 4 when a\n"
     "file cannot be read.",
     validate_options, cli_cmd_validate},
    {"version", "print the version", "", "Prints 'arazzo X.Y.Z'.", no_options, cli_cmd_version},
    {0},
};

/* Finds a command by name; NULL when unknown. */
const cli_command *cli_find_command(const char *name)
{
    for (const cli_command *c = cli_commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}
