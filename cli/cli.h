/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli.h - what the files of the arazzo command share: the exit codes, the
 * command and option tables, and the option parser.
 */
#ifndef ARAZZO_CLI_H
#define ARAZZO_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Exit codes: stable, documented in README.md and `arazzo --help`. */
enum {
    EXIT_OK = 0,      /* success */
    EXIT_FAILED = 1,  /* a workflow ran and failed, or a test failed */
    EXIT_USAGE = 2,   /* bad command line */
    EXIT_INVALID = 3, /* invalid document or expression */
    EXIT_IO = 4       /* I/O error, or a run aborted by a limit */
};

/* One option of a command. `arg` names its value; NULL for a flag. */
typedef struct cli_option {
    const char *long_name; /* without the leading "--" */
    char short_name;       /* 0 when none */
    const char *arg;
    const char *help;
} cli_option;

/* What the parser found: one option (with its value) or one operand. */
typedef struct cli_arg {
    const cli_option *option; /* NULL for an operand */
    const char *value;        /* the option's value, or the operand */
    unsigned count;           /* how often a flag was given at once ("-vv": 2) */
} cli_arg;

typedef struct cli_command cli_command;

/* A subcommand. `run` gets the arguments after the command name. */
struct cli_command {
    const char *name;
    const char *summary;       /* one line for the command list */
    const char *usage;         /* after "arazzo NAME " */
    const char *description;   /* paragraphs for `arazzo help NAME` */
    const cli_option *options; /* terminated by a zeroed entry */
    int (*run)(const cli_command *cmd, int argc, char **argv);
};

/* The command table, sorted by name, terminated by a zeroed entry. */
extern const cli_command cli_commands[];

/* Finds a command by name; NULL when unknown. */
const cli_command *cli_find_command(const char *name);

/*
 * Iterates over argv[*index...] one argument at a time. Accepts "--opt
 * value", "--opt=value", "-o value", "-ovalue", "--" (the rest are
 * operands) and "-" (an operand). Returns 1 with *out filled, 0 at the end,
 * or -1 after printing a usage error ("arazzo: unknown option '--foo'" and a
 * hint) to stderr.
 */
int cli_next_arg(const cli_command *cmd, int argc, char **argv, int *index, bool *only_operands,
                 cli_arg *out);

/* True when the parsed option is `long_name`. */
bool cli_is(const cli_arg *arg, const char *long_name);

/* Prints a usage error and the hint to run --help; returns EXIT_USAGE. */
int cli_usage_error(const cli_command *cmd, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* A term and its meaning, for the help and the man page (cli_help.c). */
typedef struct cli_doc_item {
    const char *term;
    const char *text;
} cli_doc_item;

/* The exit codes and the environment variables, zero-terminated. */
extern const cli_doc_item cli_exit_codes[];
extern const cli_doc_item cli_environment[];

/* Prints the man page arazzo(1) in roff (cli_man.c). */
void cli_print_man(FILE *out);

/* Prints the completion script for "bash" or "zsh" (cli_completion.c);
 * returns EXIT_OK, or EXIT_USAGE after a message for another shell. */
int cli_print_completion(FILE *out, const char *shell);

/* Prints the help of one command, or of the tool when cmd is NULL. */
void cli_print_help(FILE *out, const cli_command *cmd);

/* Tells whether to colour output for `--color auto|always|never`. */
bool cli_color_choice(const char *choice, FILE *stream, bool *ok);

/* ------------------------------------------------------------------------ */
/* A command's one FILE operand, and loading it (cli_load.c)                 */
/* ------------------------------------------------------------------------ */

#include <arazzo/engine.h>

/*
 * Takes an operand as the command's one FILE: stores it in *file and
 * returns EXIT_OK, or prints a usage error and returns EXIT_USAGE when
 * *file is already set.
 */
int cli_take_file(const cli_command *cmd, const char **file, const char *operand);

/*
 * Checks the end of a command's argument loop, `r` being the last return of
 * cli_next_arg: returns EXIT_USAGE when it failed, prints `missing` as a
 * usage error and returns EXIT_USAGE when no FILE was given, else EXIT_OK.
 */
int cli_check_file(const cli_command *cmd, int r, const char *file, const char *missing);

/* The `workflows` array of the entry document of `desc` (borrowed; NULL
 * when it has none). */
json_object *cli_entry_workflows(const az_description *desc);

/*
 * The workflows a command works on: with `only` (--workflow), that one -
 * found in the entry document or its arazzo sources, its document stored
 * in *owner; an unknown id is printed with "did you mean" and gives
 * EXIT_INVALID - else every workflow of the entry document (*owner the
 * entry). Stores a new array of borrowed nodes in *out and its length in
 * *n. Returns EXIT_OK, EXIT_INVALID or EXIT_IO (out of memory).
 */
int cli_pick_workflows(const az_description *desc, const char *only, json_object ***out, size_t *n,
                       const az_arazzo_doc **owner);

/* Reads all of standard input (up to AZ_DEFAULT_MAX_BYTES and a bit) into
 * a new buffer, its length in *len; NULL when it cannot be read. */
char *cli_read_stdin(size_t *len);

/*
 * Loads the Arazzo description `file` with the default options and prints
 * its diagnostics to stderr. Returns EXIT_OK with the description in *out
 * (the caller's to free), or EXIT_IO (unreadable, or over a limit) or
 * EXIT_INVALID with *out set to NULL.
 */
int cli_load_description(const char *file, az_description **out);

/*
 * Prints the diagnostics of loading a description to stderr as text
 * (`ropts` may be NULL), then "N errors, M warnings" when there are any.
 */
void cli_print_load_diags(const az_diags *diags, const az_render_opts *ropts);

/*
 * Loads entry `sd` of an Arazzo document's sourceDescriptions into *out
 * when it is an openapi source (type "openapi", or no type) with a string
 * url, load diagnostics placed at that url; returns true and stores the
 * status of the load in *status. Returns false, loading nothing, for any
 * other entry.
 */
bool cli_load_openapi_source(az_docset *set, const az_source *arazzo, json_object *sd,
                             az_diags *diags, const az_source **out, az_status *status);

/* ------------------------------------------------------------------------ */
/* arazzo run: inputs and the report                                         */
/* ------------------------------------------------------------------------ */

/* Where a workflow's inputs schema lives (cli_inputs.c). */
typedef struct cli_inputs_ctx {
    az_docset *set;
    const az_source *src;
    json_object *workflow;
} cli_inputs_ctx;

/*
 * Gathers a workflow's inputs: ARAZZO_INPUT_<NAME> variables, then the
 * --inputs files, then the --input and --secret options (see
 * cli_inputs.c). Required inputs still missing are asked for when stdin
 * and stderr are terminals (without echo for secrets). Returns a new
 * object, or NULL after printing what is wrong.
 */
json_object *cli_inputs_gather(const cli_inputs_ctx *c, const char *const *files, size_t n_files,
                               const char *const *options, size_t n_options);

/* The required inputs that have no value in `inputs` and no default, as
 * "name (type), ..."; a new string, NULL when none is missing. */
char *cli_inputs_missing(const cli_inputs_ctx *c, json_object *inputs);

/*
 * Reads a .env file (--env-file): NAME=VALUE lines, `export ` allowed,
 * '#' comments, values in single quotes (as written) or double quotes
 * (\n, \t, \", \\ escapes), and sets each variable the environment does
 * not set already (cli_env_file.c). Returns EXIT_OK, EXIT_IO (cannot
 * read it) or EXIT_USAGE (a malformed line) after printing its file:line.
 */
int cli_env_file_load(const char *path);

/* The human report of a run (cli_report.c). */
typedef struct cli_report {
    FILE *out;
    unsigned verbose; /* 1 (-v): headers too; 2 (-vv): bodies too */
    bool color;
    bool live;    /* out is a terminal: a live line shows the running step */
    bool dry_run; /* --dry-run: every request in full, nothing sent */
    bool quiet;   /* -q: only errors, failed workflows and the summary */
    size_t steps, failed_steps, check_warnings;
    bool line_open; /* the live line is on screen and must be cleared */
} cli_report;

/* The engine's event callback printing the report; `user` is a cli_report. */
void cli_report_event(void *user, const az_event *event);
/* Prints a finished run's outputs and its summary line. */
void cli_report_result(const cli_report *r, json_object *result);

/*
 * The report files of a run (`results`: the array of workflow results,
 * borrowed, already masked): JUnit XML (cli_junit.c) and HAR 1.2
 * (cli_har.c). Each returns false after printing why `path` cannot be
 * written.
 */
bool cli_write_junit(json_object *results, const char *path);
bool cli_write_har(json_object *results, const char *path);

/* The checklist's rule IDs, one per line (generated from
 * conformance/checklist-ids.txt into cli_checklist_ids.c). */
extern const char cli_checklist_ids[];

int cli_cmd_describe(const cli_command *cmd, int argc, char **argv);
int cli_cmd_eval(const cli_command *cmd, int argc, char **argv);
int cli_cmd_graph(const cli_command *cmd, int argc, char **argv);
int cli_cmd_list(const cli_command *cmd, int argc, char **argv);
int cli_cmd_run(const cli_command *cmd, int argc, char **argv);
int cli_cmd_test(const cli_command *cmd, int argc, char **argv);
int cli_cmd_help(const cli_command *cmd, int argc, char **argv);
int cli_cmd_mock(const cli_command *cmd, int argc, char **argv);
int cli_cmd_operations(const cli_command *cmd, int argc, char **argv);
int cli_cmd_validate(const cli_command *cmd, int argc, char **argv);
int cli_cmd_version(const cli_command *cmd, int argc, char **argv);

#endif /* ARAZZO_CLI_H */
