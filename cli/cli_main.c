/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_main.c - the entry point of the `arazzo` command: global options and
 * dispatch to a subcommand of the table in cli_commands.c.
 */
#include "cli.h"

#include <arazzo/core.h>

#include <string.h>

/* Finds the command closest to a mistyped name, if any is close. */
static const char *closest_command(const char *name)
{
    const char *best = NULL;
    size_t best_d = 3;
    for (const cli_command *c = cli_commands; c->name; c++) {
        size_t d = az_edit_distance(name, c->name);
        if (d < best_d) {
            best_d = d;
            best = c->name;
        }
    }
    return best;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        cli_print_help(stderr, NULL);
        return EXIT_USAGE;
    }
    const char *first = argv[1];
    if (strcmp(first, "--help") == 0 || strcmp(first, "-h") == 0) {
        cli_print_help(stdout, NULL);
        return EXIT_OK;
    }
    if (strcmp(first, "--completion") == 0)
        return cli_print_completion(stdout, argc > 2 ? argv[2] : NULL);
    if (strcmp(first, "--man") == 0) {
        cli_print_man(stdout);
        return EXIT_OK;
    }
    if (strcmp(first, "--version") == 0 || strcmp(first, "-V") == 0)
        return cli_cmd_version(cli_find_command("version"), argc - 2, argv + 2);
    if (first[0] == '-')
        return cli_usage_error(NULL, "unknown option '%s'", first);
    const cli_command *cmd = cli_find_command(first);
    if (!cmd) {
        const char *close = closest_command(first);
        if (close)
            return cli_usage_error(NULL, "unknown command '%s' (did you mean '%s'?)", first, close);
        return cli_usage_error(NULL, "unknown command '%s'", first);
    }
    return cmd->run(cmd, argc - 2, argv + 2);
}
