/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_args.c - the option parser shared by every subcommand: GNU-style long
 * options ("--opt value", "--opt=value"), short options ("-o value",
 * "-ovalue"), "--" and "-"; usage errors with a "did you mean" suggestion.
 */
#include "cli.h"

#include <stdarg.h>
#include <string.h>

#include <arazzo/core.h>

/* Options every command accepts in addition to its own. */
static const cli_option common_options[] = {
    {"help", 'h', NULL, "show this help and exit"},
    {0},
};

/* Looks a long option up in one table, by name of `len` bytes. */
static const cli_option *find_long(const cli_option *table, const char *name, size_t len)
{
    for (const cli_option *o = table; o && o->long_name; o++)
        if (strlen(o->long_name) == len && strncmp(o->long_name, name, len) == 0)
            return o;
    return NULL;
}

/* Looks a short option up in one table. */
static const cli_option *find_short(const cli_option *table, char c)
{
    for (const cli_option *o = table; o && o->long_name; o++)
        if (o->short_name == c)
            return o;
    return NULL;
}

/* Returns the closest long option name to `name`, or NULL if none is close. */
static const char *suggest(const cli_command *cmd, const char *name)
{
    const char *best = NULL;
    size_t best_d = 3;
    const cli_option *tables[2] = {cmd ? cmd->options : NULL, common_options};
    for (int t = 0; t < 2; t++) {
        for (const cli_option *o = tables[t]; o && o->long_name; o++) {
            size_t d = az_edit_distance(name, o->long_name);
            if (d < best_d) {
                best_d = d;
                best = o->long_name;
            }
        }
    }
    return best;
}

/* Prints a usage error with the help hint; see cli.h. */
int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
{
    va_list ap;
    fputs("arazzo: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    if (cmd)
        fprintf(stderr, "arazzo: try 'arazzo %s --help' for more information\n", cmd->name);
    else
        fputs("arazzo: try 'arazzo --help' for more information\n", stderr);
    return EXIT_USAGE;
}

/* Reports an unknown option with a suggestion when one is close. */
static int unknown_option(const cli_command *cmd, const char *arg, size_t len)
{
    char name[128];
    snprintf(name, sizeof name, "%.*s", (int)(len < 100 ? len : 100), arg);
    const char *close = arg[1] == '-' ? suggest(cmd, name + 2) : NULL;
    if (close)
        cli_usage_error(cmd, "unknown option '%s' (did you mean '--%s'?)", name, close);
    else
        cli_usage_error(cmd, "unknown option '%s'", name);
    return -1;
}

/* Iterates over the arguments; see cli.h. */
int cli_next_arg(const cli_command *cmd, int argc, char **argv, int *index, bool *only_operands,
                 cli_arg *out)
{
    if (*index >= argc)
        return 0;
    const char *arg = argv[(*index)++];
    const cli_option *own = cmd ? cmd->options : NULL;

    if (*only_operands || arg[0] != '-' || arg[1] == '\0') {
        out->option = NULL;
        out->value = arg;
        out->count = 0;
        return 1;
    }
    if (strcmp(arg, "--") == 0) {
        *only_operands = true;
        return cli_next_arg(cmd, argc, argv, index, only_operands, out);
    }

    const cli_option *opt;
    const char *inline_value = NULL;
    if (arg[1] == '-') {
        const char *eq = strchr(arg + 2, '=');
        size_t len = eq ? (size_t)(eq - (arg + 2)) : strlen(arg + 2);
        opt = find_long(own, arg + 2, len);
        if (!opt)
            opt = find_long(common_options, arg + 2, len);
        if (!opt)
            return unknown_option(cmd, arg, (size_t)(len + 2));
        if (eq)
            inline_value = eq + 1;
    } else {
        opt = find_short(own, arg[1]);
        if (!opt)
            opt = find_short(common_options, arg[1]);
        if (!opt)
            return unknown_option(cmd, arg, 2);
        size_t same = strspn(arg + 1, (char[]){arg[1], '\0'});
        if (arg[2] && !opt->arg && arg[1 + same] == '\0') {
            /* "-vv": a flag given twice (more verbose). */
            out->option = opt;
            out->value = NULL;
            out->count = (unsigned)same;
            return 1;
        }
        if (arg[2]) {
            if (!opt->arg) {
                cli_usage_error(cmd, "option '-%c' takes no value", arg[1]);
                return -1;
            }
            inline_value = arg + 2;
        }
    }
    out->option = opt;
    out->value = NULL;
    out->count = 1;
    if (!opt->arg) {
        if (inline_value) {
            cli_usage_error(cmd, "option '--%s' takes no value", opt->long_name);
            return -1;
        }
        return 1;
    }
    if (inline_value) {
        out->value = inline_value;
    } else if (*index < argc) {
        out->value = argv[(*index)++];
    } else {
        cli_usage_error(cmd, "option '--%s' needs a value (%s)", opt->long_name, opt->arg);
        return -1;
    }
    return 1;
}

/* True when the parsed option is `long_name`. */
bool cli_is(const cli_arg *arg, const char *long_name)
{
    return arg->option && strcmp(arg->option->long_name, long_name) == 0;
}

/* Maps --color auto|always|never to a decision for `stream`. */
bool cli_color_choice(const char *choice, FILE *stream, bool *ok)
{
    *ok = true;
    if (!choice || strcmp(choice, "auto") == 0)
        return az_color_wanted(stream);
    if (strcmp(choice, "always") == 0)
        return true;
    if (strcmp(choice, "never") == 0)
        return false;
    *ok = false;
    return false;
}
