/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_eval.c - `arazzo eval`: evaluates one runtime expression, template,
 * JSONPath query or JSON Pointer from the command line, for workflow
 * authors and for checking the expr module from outside:
 *
 *   arazzo eval EXPR [--context CTX]            the value, as JSON
 *   arazzo eval --template TEXT [--context CTX] the rendered string, raw
 *   arazzo eval --jsonpath QUERY --document F   the nodelist, as a JSON array
 *   arazzo eval --pointer PTR --document F      the value, as JSON
 *   arazzo eval --condition TEXT [--type T] [--on EXPR] [--context CTX]
 *                                               "true" (exit 0) or "false" (1)
 *
 * CTX is a JSON or YAML file with the members of az_expr_context_from_json
 * (url, method, statusCode, request, response, inputs, outputs, steps,
 * workflows, ...). An undefined result exits 1 with a message; a syntax
 * error prints a positioned diagnostic and exits 3.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <arazzo/core.h>
#include <arazzo/expr.h>

/* What one invocation asks for, from the command line. */
typedef struct eval_request {
    const char *expression;
    const char *template_text;
    const char *jsonpath;
    const char *pointer;
    const char *condition;
    const char *type;
    const char *on;
    const char *dialect;
    const char *context_file;
    const char *document_file;
    const char *color;
    bool strict;
    bool compact;
} eval_request;

/* Prints a value as JSON on stdout, pretty unless asked otherwise. */
static void print_json(json_object *value, bool compact)
{
    int flags =
        JSON_C_TO_STRING_NOSLASHESCAPE |
        (compact ? JSON_C_TO_STRING_PLAIN : JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED);
    puts(value ? json_object_to_json_string_ext(value, flags) : "null");
}

/* Renders the diagnostics from `from` on to stderr, naming them `file`. */
static void report(az_diags *diags, size_t from, const char *file, const eval_request *req)
{
    bool ok;
    az_render_opts ropts = {cli_color_choice(req->color, stderr, &ok)};
    az_diags_fill_file(diags, from, file);
    for (size_t i = from; i < az_diags_count(diags); i++)
        az_diag_render_text(az_diags_get(diags, i), stderr, &ropts);
}

/* Maps a failed load or compile status to an exit code. */
static int exit_for(az_status st)
{
    return st == AZ_ERR_IO || st == AZ_ERR_NOMEM ? EXIT_IO : EXIT_INVALID;
}

/* Loads a --context or --document file ("-": standard input); *out is
 * NULL for no file. */
static int load(const char *path, az_diags *diags, const eval_request *req, az_doc **out)
{
    *out = NULL;
    if (!path)
        return EXIT_OK;
    size_t before = az_diags_count(diags), len = 0;
    az_status st;
    if (strcmp(path, "-") == 0) {
        char *data = cli_read_stdin(&len);
        if (!data) {
            fprintf(stderr, "arazzo: cannot read standard input: %s\n",
                    strerror(errno ? errno : EIO));
            return EXIT_IO;
        }
        st = az_doc_load_buffer("<stdin>", data, len, NULL, diags, out);
        free(data);
        path = "<stdin>";
    } else {
        st = az_doc_load_file(path, NULL, diags, out);
    }
    report(diags, before, path, req);
    return st == AZ_OK ? EXIT_OK : exit_for(st);
}

/* `arazzo eval EXPR`: prints the value or says it is undefined. */
static int eval_expression(const eval_request *req, const az_expr_context *ctx, az_diags *diags)
{
    az_expr_opts opts = {.strict = req->strict};
    az_expr *e = NULL;
    json_object *value = NULL;
    bool defined = false;
    size_t before = az_diags_count(diags);
    az_status st = az_expr_compile(req->expression, &opts, diags, &e);
    report(diags, before, "<expression>", req);
    if (st != AZ_OK)
        return exit_for(st);
    st = az_expr_eval(e, ctx, &value, &defined);
    int status = EXIT_OK;
    if (st != AZ_OK) {
        fprintf(stderr, "arazzo: cannot evaluate '%s': %s\n", req->expression, az_status_str(st));
        status = EXIT_IO;
    } else if (!defined) {
        fprintf(stderr, "arazzo: '%s' is undefined in this context\n", az_expr_canonical(e));
        status = EXIT_FAILED;
    } else {
        print_json(value, req->compact);
    }
    json_object_put(value);
    az_expr_free(e);
    return status;
}

/* `arazzo eval --template TEXT`: prints the rendered string. */
static int eval_template(const eval_request *req, const az_expr_context *ctx, az_diags *diags)
{
    az_expr_opts opts = {.strict = req->strict};
    az_template *t = NULL;
    char *text = NULL;
    size_t undefined = 0;
    size_t before = az_diags_count(diags);
    az_status st = az_template_compile(req->template_text, &opts, diags, &t);
    report(diags, before, "<template>", req);
    if (st != AZ_OK)
        return exit_for(st);
    st = az_template_render(t, ctx, &text, &undefined);
    int status = EXIT_OK;
    if (st != AZ_OK) {
        fprintf(stderr, "arazzo: cannot render the template: %s\n", az_status_str(st));
        status = EXIT_IO;
    } else {
        if (undefined)
            fprintf(stderr,
                    "arazzo: warning: %zu embedded expression%s undefined, spliced as "
                    "empty text\n",
                    undefined, undefined == 1 ? " is" : "s are");
        puts(text);
    }
    free(text);
    az_template_free(t);
    return status;
}

/* `arazzo eval --jsonpath QUERY --document FILE`: prints the nodelist. */
static int eval_jsonpath(const eval_request *req, json_object *root, az_diags *diags)
{
    az_jsonpath *path = NULL;
    json_object *nodes = NULL;
    size_t before = az_diags_count(diags);
    az_status st = az_jsonpath_compile(req->jsonpath, diags, &path);
    report(diags, before, "<jsonpath>", req);
    if (st != AZ_OK)
        return exit_for(st);
    st = az_jsonpath_eval(path, root, &nodes);
    int status = EXIT_OK;
    if (st != AZ_OK) {
        fprintf(stderr, "arazzo: cannot evaluate '%s': %s\n", req->jsonpath, az_status_str(st));
        status = st == AZ_ERR_LIMIT ? EXIT_IO : EXIT_INVALID;
    } else {
        print_json(nodes, req->compact);
    }
    json_object_put(nodes);
    az_jsonpath_free(path);
    return status;
}

/* `arazzo eval --pointer PTR --document FILE`: prints the value. */
static int eval_pointer(const eval_request *req, json_object *root)
{
    char *plain = NULL;
    json_object *value = NULL;
    az_status st = AZ_OK;
    /* Both forms: "/a/b" and the URI fragment "#/a/b" (RFC 6901 section 6). */
    if (req->pointer[0] == '#')
        st = az_pointer_from_fragment(req->pointer, &plain);
    if (st == AZ_OK)
        st = az_pointer_get(root, plain ? plain : req->pointer, &value);
    free(plain);
    switch (st) {
    case AZ_OK: print_json(value, req->compact); return EXIT_OK;
    case AZ_ERR_NOT_FOUND:
        fprintf(stderr, "arazzo: '%s' does not exist in the document\n", req->pointer);
        return EXIT_FAILED;
    case AZ_ERR_NOMEM: return EXIT_IO;
    default:
        fprintf(stderr,
                "arazzo: '%s' is not a JSON Pointer (it must be empty or start with '/' or "
                "'#/'; '~' must be followed by 0 or 1)\n",
                req->pointer);
        return EXIT_INVALID;
    }
}

/* Maps --type to a criterion type; false for an unknown name. */
static bool criterion_type(const char *name, az_criterion_type *out)
{
    static const az_criterion_type types[] = {AZ_CRITERION_SIMPLE, AZ_CRITERION_REGEX,
                                              AZ_CRITERION_JSONPATH, AZ_CRITERION_XPATH};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        if (strcmp(name, az_criterion_type_name(types[i])) == 0) {
            *out = types[i];
            return true;
        }
    }
    return false;
}

/*
 * `arazzo eval --condition TEXT`: prints "true" or "false" (exit 0 or 1);
 * a failed criterion's reason goes to stderr (CRIT-05).
 */
static int eval_condition(const eval_request *req, const az_expr_context *ctx, az_diags *diags)
{
    az_expr_opts opts = {.strict = req->strict};
    az_criterion_type type = AZ_CRITERION_SIMPLE;
    az_criterion *c = NULL;
    char *reason = NULL;
    bool passed = false;
    if (req->type)
        criterion_type(req->type, &type);
    size_t before = az_diags_count(diags);
    az_status st =
        az_criterion_compile(req->condition, type, req->dialect, req->on, &opts, diags, &c);
    report(diags, before, "<condition>", req);
    if (st != AZ_OK)
        return exit_for(st);
    st = az_criterion_eval(c, ctx, &passed, &reason);
    az_criterion_free(c);
    if (st != AZ_OK)
        return EXIT_IO;
    puts(passed ? "true" : "false");
    if (reason)
        fprintf(stderr, "arazzo: %s\n", reason);
    free(reason);
    return passed ? EXIT_OK : EXIT_FAILED;
}

/* Reads the command line into `req`; returns -1 to go on, or an exit code. */
static int parse_request(const cli_command *cmd, int argc, char **argv, eval_request *req)
{
    int i = 0, r;
    bool rest = false;
    cli_arg a;
    while ((r = cli_next_arg(cmd, argc, argv, &i, &rest, &a)) > 0) {
        if (cli_is(&a, "help")) {
            cli_print_help(stdout, cmd);
            return EXIT_OK;
        } else if (cli_is(&a, "context")) {
            req->context_file = a.value;
        } else if (cli_is(&a, "document")) {
            req->document_file = a.value;
        } else if (cli_is(&a, "template")) {
            req->template_text = a.value;
        } else if (cli_is(&a, "jsonpath")) {
            req->jsonpath = a.value;
        } else if (cli_is(&a, "pointer")) {
            req->pointer = a.value;
        } else if (cli_is(&a, "condition")) {
            req->condition = a.value;
        } else if (cli_is(&a, "type")) {
            req->type = a.value;
        } else if (cli_is(&a, "on")) {
            req->on = a.value;
        } else if (cli_is(&a, "dialect")) {
            req->dialect = a.value;
        } else if (cli_is(&a, "strict")) {
            req->strict = true;
        } else if (cli_is(&a, "compact")) {
            req->compact = true;
        } else if (cli_is(&a, "color")) {
            req->color = a.value;
        } else if (!req->expression) {
            req->expression = a.value;
        } else {
            return cli_usage_error(cmd, "unexpected argument '%s' (quote the expression)", a.value);
        }
    }
    if (r < 0)
        return EXIT_USAGE;
    int modes = !!req->expression + !!req->template_text + !!req->jsonpath + !!req->pointer +
                !!req->condition;
    if (modes != 1)
        return cli_usage_error(cmd, modes ? "give only one of EXPR, --template, --condition, "
                                            "--jsonpath, --pointer"
                                          : "nothing to evaluate: give EXPR, --template, "
                                            "--condition, --jsonpath or --pointer");
    az_criterion_type type;
    if (req->type && !criterion_type(req->type, &type))
        return cli_usage_error(cmd, "unknown --type '%s' (use simple, regex, jsonpath or xpath)",
                               req->type);
    if ((req->type || req->on || req->dialect) && !req->condition)
        return cli_usage_error(cmd, "--type, --on and --dialect go with --condition");
    if (req->context_file && req->document_file && strcmp(req->context_file, "-") == 0 &&
        strcmp(req->document_file, "-") == 0)
        return cli_usage_error(cmd, "--context and --document cannot both read standard input");
    if ((req->jsonpath || req->pointer) && !req->document_file)
        return cli_usage_error(cmd, "--%s needs --document FILE",
                               req->jsonpath ? "jsonpath" : "pointer");
    bool ok;
    cli_color_choice(req->color, stderr, &ok);
    if (!ok)
        return cli_usage_error(cmd, "unknown --color value '%s' (use auto, always or never)",
                               req->color);
    return -1;
}

/* `arazzo eval`. */
int cli_cmd_eval(const cli_command *cmd, int argc, char **argv)
{
    eval_request req = {0};
    az_doc *context_doc = NULL, *document = NULL;
    az_diags *diags = NULL;
    int status = parse_request(cmd, argc, argv, &req);
    if (status >= 0)
        return status;

    diags = az_diags_new();
    if (!diags)
        return EXIT_IO;
    if ((status = load(req.context_file, diags, &req, &context_doc)) != EXIT_OK)
        goto out;
    if ((status = load(req.document_file, diags, &req, &document)) != EXIT_OK)
        goto out;

    az_expr_context ctx;
    az_expr_context_from_json(context_doc ? az_doc_root(context_doc) : NULL, &ctx);
    if (req.expression)
        status = eval_expression(&req, &ctx, diags);
    else if (req.template_text)
        status = eval_template(&req, &ctx, diags);
    else if (req.condition)
        status = eval_condition(&req, &ctx, diags);
    else if (req.jsonpath)
        status = eval_jsonpath(&req, az_doc_root(document), diags);
    else
        status = eval_pointer(&req, az_doc_root(document));
out:
    az_doc_free(context_doc);
    az_doc_free(document);
    az_diags_free(diags);
    return status;
}
