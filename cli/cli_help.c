/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_help.c - `arazzo --help`, `arazzo help COMMAND`, `arazzo COMMAND
 * --help` and `arazzo --version`, all printed from the command table.
 */
#include "cli.h"

#include <string.h>

#include <arazzo/core.h>

static const char exit_codes[] = "Exit codes:\n"
                                 "  0  success\n"
                                 "  1  a workflow ran and failed, or a test failed\n"
                                 "  2  usage error\n"
                                 "  3  invalid document or expression\n"
                                 "  4  I/O error, or a run aborted by a limit\n";

static const char environment[] = "Environment:\n"
                                  "  NO_COLOR  when set and not empty, output is never coloured\n";

/* Prints an option table, aligned. */
static void print_options(FILE *out, const cli_option *opts)
{
    for (const cli_option *o = opts; o && o->long_name; o++) {
        char left[64];
        if (o->short_name)
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name, o->long_name,
                     o->arg ? " " : "", o->arg ? o->arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", o->long_name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
        fprintf(out, "  %-22s %s\n", left, o->help);
    }
}

/* Prints the help of one command, or the overview; see cli.h. */
void cli_print_help(FILE *out, const cli_command *cmd)
{
    if (!cmd) {
        fprintf(out,
                "arazzo %s - run, test and author Arazzo 1.0 API workflows\n\n"
                "Usage: arazzo [--help] [--version] COMMAND [ARGS...]\n\n"
                "Commands:\n",
                az_version());
        int width = 0;
        for (const cli_command *c = cli_commands; c->name; c++)
            if ((int)strlen(c->name) > width)
                width = (int)strlen(c->name);
        for (const cli_command *c = cli_commands; c->name; c++)
            fprintf(out, "  %-*s  %s\n", width, c->name, c->summary);
        fputs("\nOptions:\n"
              "  -h, --help             show this help and exit\n"
              "  -V, --version          print the version and exit\n\n",
              out);
        fputs(exit_codes, out);
        fputc('\n', out);
        fputs(environment, out);
        fputs("\nRun 'arazzo help COMMAND' for the options of a command.\n", out);
        return;
    }
    fprintf(out, "Usage: arazzo %s %s\n\n%s\n\nOptions:\n", cmd->name, cmd->usage,
            cmd->description);
    print_options(out, cmd->options);
    fputs("  -h, --help             show this help and exit\n\n", out);
    fputs(exit_codes, out);
}

/* `arazzo help [COMMAND]`. */
int cli_cmd_help(const cli_command *cmd, int argc, char **argv)
{
    int i = 0;
    bool rest = false;
    cli_arg a;
    const char *topic = NULL;
    int r;
    while ((r = cli_next_arg(cmd, argc, argv, &i, &rest, &a)) > 0) {
        if (cli_is(&a, "help")) {
            cli_print_help(stdout, cmd);
            return EXIT_OK;
        }
        if (topic)
            return cli_usage_error(cmd, "help takes one command name");
        topic = a.value;
    }
    if (r < 0)
        return EXIT_USAGE;
    if (!topic) {
        cli_print_help(stdout, NULL);
        return EXIT_OK;
    }
    const cli_command *c = cli_find_command(topic);
    if (!c)
        return cli_usage_error(NULL, "unknown command '%s'", topic);
    cli_print_help(stdout, c);
    return EXIT_OK;
}

/* `arazzo version` and `arazzo --version`. */
int cli_cmd_version(const cli_command *cmd, int argc, char **argv)
{
    int i = 0;
    bool rest = false;
    cli_arg a;
    int r;
    while ((r = cli_next_arg(cmd, argc, argv, &i, &rest, &a)) > 0) {
        if (cli_is(&a, "help")) {
            cli_print_help(stdout, cmd);
            return EXIT_OK;
        }
        return cli_usage_error(cmd, "unexpected argument '%s'", a.value);
    }
    if (r < 0)
        return EXIT_USAGE;
    printf("arazzo %s\n", az_version());
    return EXIT_OK;
}
