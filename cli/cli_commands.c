/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_commands.c - the one table of subcommands and their options, from
 * which `arazzo --help` and `arazzo help COMMAND` are printed.
 */
#include "cli.h"

#include <string.h>

static const cli_option no_options[] = {{0}};

static const cli_option eval_options[] = {
    {"color", 0, "WHEN", "colour diagnostics: auto (default), always or never"},
    {"compact", 0, NULL, "print JSON on one line"},
    {"condition", 'C', "TEXT", "evaluate a criterion's condition: prints true or false"},
    {"context", 'c', "FILE", "the context (JSON or YAML; see docs/expressions.md)"},
    {"dialect", 0, "VERSION", "the condition's version: xpath-10, xpath-20, xpath-30"},
    {"document", 'd', "FILE", "the JSON or YAML document for --jsonpath and --pointer"},
    {"jsonpath", 'j', "QUERY", "evaluate an RFC 9535 JSONPath query over --document"},
    {"on", 0, "EXPR", "the criterion's context expression (regex, jsonpath, xpath)"},
    {"pointer", 'p', "POINTER", "resolve a JSON Pointer (/a/0 or #/a/0) in --document"},
    {"strict", 0, NULL, "refuse non-standard expression forms instead of warning"},
    {"template", 't', "TEXT", "render a string with embedded {$...} expressions"},
    {"type", 0, "TYPE", "the condition's type: simple (default), regex, jsonpath, xpath"},
    {0},
};

static const cli_option operations_options[] = {
    {"color", 0, "WHEN", "colour diagnostics: auto (default), always or never"},
    {"json", 0, NULL, "print the operations and diagnostics as one JSON object"},
    {"no-network", 0, NULL, "refuse to download http(s) references"},
    {0},
};

static const cli_option validate_options[] = {
    {"color", 0, "WHEN", "colour: auto (default), always or never"},
    {"format", 'f', "FORMAT", "output format: text (default) or json"},
    {"quiet", 'q', NULL, "print only diagnostics, no 'ok' lines or summary"},
    {0},
};

const cli_command cli_commands[] = {
    {"eval", "evaluate a runtime expression, template, JSONPath query or JSON Pointer",
     "EXPR | --template TEXT | --condition TEXT | --jsonpath QUERY | --pointer PTR  [OPTIONS]",
     "Evaluates one Arazzo runtime expression (EXPR, e.g. '$response.body#/id')\n"
     "against the context file and prints its value as JSON; an undefined value\n"
     "exits 1 with a message. --template renders a string with embedded {$...}\n"
     "expressions and prints it raw. --condition evaluates a criterion (--type\n"
     "simple, regex, jsonpath or xpath; --on its context expression) and prints\n"
     "true (exit 0) or false (exit 1, the reason on stderr). --jsonpath prints\n"
     "the nodelist of an RFC 9535 query over --document as a JSON array (also\n"
     "when empty); --pointer prints the value a JSON Pointer names.\n"
     "A syntax error prints its position with a caret and exits 3. Non-standard\n"
     "forms such as '$response.body.data[0].id' are accepted with a warning\n"
     "showing the standard form, unless --strict. See docs/expressions.md.",
     eval_options, cli_cmd_eval},
    {"help", "show the help of a command", "[COMMAND]",
     "Shows the help of COMMAND, or the overview of every command.", no_options, cli_cmd_help},
    {"operations", "list the operations of an OpenAPI or Swagger description", "[OPTIONS] FILE",
     "Loads FILE - an OpenAPI 3.0/3.1 or Swagger 2.0 description (YAML or JSON,\n"
     "a path or an http(s) URL), or an Arazzo document, whose 'openapi' sources\n"
     "are listed - with every file and URL its $refs reach, and lists each\n"
     "operation: operationId, METHOD, path, server URL (variables at their\n"
     "defaults), parameters with their location and whether they are required,\n"
     "and request body media types. Problems are printed on standard error,\n"
     "compiler style (file:line:column, source line, caret): a dangling or\n"
     "cyclic $ref, a malformed parameter or a duplicate operationId is an error\n"
     "when an operation uses it and a warning otherwise. With --json, one JSON\n"
     "object {descriptions: [{file, kind, operations}], diagnostics} goes to\n"
     "standard output.\n"
     "Exits 0 when the description is sound, 3 when it has errors, 4 when a\n"
     "file cannot be read or downloaded. See docs/openapi.md.",
     operations_options, cli_cmd_operations},
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
