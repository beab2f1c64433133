/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_help.c - `arazzo --help`, `arazzo help COMMAND`, `arazzo COMMAND
 * --help` and `arazzo --version`, all printed from the command table.
 */
#include "cli.h"

#include <string.h>

#include <arazzo/core.h>

/* The exit codes: printed by --help and in the man page. */
const cli_doc_item cli_exit_codes[] = {
    {"0", "success"},
    {"1", "a workflow ran and failed, or a test failed"},
    {"2", "usage error"},
    {"3", "invalid document or expression"},
    {"4", "I/O error, or a run aborted by a limit"},
    {0},
};

/* The environment variables: printed by --help and in the man page. */
const cli_doc_item cli_environment[] = {
    {"NO_COLOR", "when set and not empty, output is never coloured"},
    {"ARAZZO_INPUT_<NAME>", "an input of `arazzo run` (NAME in capitals, other characters as _)"},
    {"ARAZZO_AUTH_<SCHEME>", "a credential of `arazzo run` for that security scheme (as --auth)"},
    {0},
};

/* Prints a titled list of terms and their meanings, aligned. */
static void print_items(FILE *out, const char *title, const cli_doc_item *items)
{
    int width = 0;
    for (const cli_doc_item *i = items; i->term; i++)
        if ((int)strlen(i->term) > width)
            width = (int)strlen(i->term);
    fprintf(out, "%s:\n", title);
    for (const cli_doc_item *i = items; i->term; i++)
        fprintf(out, "  %-*s  %s\n", width, i->term, i->text);
}

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
        /* An option too wide for its column gets its text on the next line. */
        if (strlen(left) > 22)
            fprintf(out, "  %s\n  %-22s %s\n", left, "", o->help);
        else
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
              "  -V, --version          print the version and exit\n"
              "      --man              print the manual page (roff) and exit\n"
              "      --completion SHELL print the completion script for bash or zsh and exit\n\n",
              out);
        print_items(out, "Exit codes", cli_exit_codes);
        fputc('\n', out);
        print_items(out, "Environment", cli_environment);
        fputs("\nRun 'arazzo help COMMAND' for the options of a command.\n", out);
        return;
    }
    fprintf(out, "Usage: arazzo %s%s%s\n\n%s\n\nOptions:\n", cmd->name, *cmd->usage ? " " : "",
            cmd->usage, cmd->description);
    print_options(out, cmd->options);
    fputs("  -h, --help             show this help and exit\n\n", out);
    print_items(out, "Exit codes", cli_exit_codes);
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
