/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_validate.c - `arazzo validate [--format text|json] [--strict]
 * FILE...`: loads each Arazzo document with every source it names,
 * validates it (checklist section 2, docs/validation.md) and prints the
 * diagnostics compiler-style (or as JSON), then exits 0 (valid), 3
 * (invalid; with --strict also on warnings) or 4 (a file or source cannot
 * be read).
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <arazzo/core.h>
#include <arazzo/engine.h>

/* Validates one operand ("-" is standard input, whose relative sources
 * resolve against the current directory) into `diags`. */
static az_status validate_one(const char *path, const az_validate_opts *opts, az_diags *diags)
{
    if (strcmp(path, "-") != 0)
        return az_validate_file(path, opts, diags);
    size_t len = 0;
    char *data = cli_read_stdin(&len);
    if (!data) {
        az_pos pos = {"<stdin>", 0, 0};
        az_diags_add(diags, AZ_SEVERITY_ERROR, "io-error", &pos, "cannot read standard input: %s",
                     strerror(errno ? errno : EIO));
        return AZ_ERR_IO;
    }
    az_status st = az_validate_buffer("<stdin>", data, len, opts, diags);
    free(data);
    return st;
}

/* `arazzo validate`. */
int cli_cmd_validate(const cli_command *cmd, int argc, char **argv)
{
    int i = 0, r, status = EXIT_OK;
    bool rest = false, json = false, quiet = false;
    az_validate_opts vopts;
    az_validate_opts_init(&vopts);
    const char *color = NULL;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t n_files = 0, n_errors = 0, n_warnings = 0;
    az_diags *all = NULL;
    cli_arg a;

    if (!files)
        return EXIT_IO;
    while ((r = cli_next_arg(cmd, argc, argv, &i, &rest, &a)) > 0) {
        if (cli_is(&a, "help")) {
            cli_print_help(stdout, cmd);
            goto out;
        } else if (cli_is(&a, "format")) {
            if (strcmp(a.value, "json") == 0)
                json = true;
            else if (strcmp(a.value, "text") == 0)
                json = false;
            else {
                status = cli_usage_error(cmd, "unknown format '%s' (use text or json)", a.value);
                goto out;
            }
        } else if (cli_is(&a, "color")) {
            color = a.value;
        } else if (cli_is(&a, "quiet")) {
            quiet = true;
        } else if (cli_is(&a, "strict")) {
            vopts.strict = true;
        } else {
            files[n_files++] = a.value;
        }
    }
    if (r < 0) {
        status = EXIT_USAGE;
        goto out;
    }
    if (n_files == 0) {
        status = cli_usage_error(cmd, "no file to validate");
        goto out;
    }
    bool color_ok;
    az_render_opts ropts = {cli_color_choice(color, stdout, &color_ok)};
    if (!color_ok) {
        status =
            cli_usage_error(cmd, "unknown --color value '%s' (use auto, always or never)", color);
        goto out;
    }

    all = az_diags_new();
    if (!all) {
        status = EXIT_IO;
        goto out;
    }
    for (size_t f = 0; f < n_files; f++) {
        size_t before = az_diags_count(all);
        az_status st = validate_one(files[f], &vopts, all);
        /* --strict: a warning fails the file (the validator already made its
         * own SHOULD-level findings errors; this covers the loader's). */
        if (st == AZ_OK && vopts.strict) {
            for (size_t d = before; d < az_diags_count(all); d++)
                if (az_diags_get(all, d)->severity == AZ_SEVERITY_WARNING)
                    st = AZ_ERR_INVALID;
        }
        if (st == AZ_ERR_IO || st == AZ_ERR_NOMEM)
            status = EXIT_IO;
        else if (st != AZ_OK && status == EXIT_OK)
            status = EXIT_INVALID;
        if (json)
            continue;
        for (size_t d = before; d < az_diags_count(all); d++)
            az_diag_render_text(az_diags_get(all, d), stdout, &ropts);
        if (st == AZ_OK && !quiet)
            printf("%s: ok\n", strcmp(files[f], "-") == 0 ? "<stdin>" : files[f]);
    }
    n_errors = az_diags_count_severity(all, AZ_SEVERITY_ERROR);
    n_warnings = az_diags_count_severity(all, AZ_SEVERITY_WARNING);
    if (json) {
        json_object *arr = az_diags_to_json(all);
        puts(json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                     JSON_C_TO_STRING_NOSLASHESCAPE));
        json_object_put(arr);
    } else if (!quiet && (n_errors || n_warnings || n_files > 1)) {
        printf("%zu error%s, %zu warning%s in %zu file%s\n", n_errors, n_errors == 1 ? "" : "s",
               n_warnings, n_warnings == 1 ? "" : "s", n_files, n_files == 1 ? "" : "s");
    }
out:
    az_diags_free(all);
    free(files);
    return status;
}
