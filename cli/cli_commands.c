/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_commands.c - the one table of subcommands and their options, from
 * which `arazzo --help` and `arazzo help COMMAND` are printed.
 */
#include "cli.h"

#include <string.h>

static const cli_option no_options[] = {{0}};

static const cli_option describe_options[] = {
    {"workflow", 'w', "ID", "describe this workflow only"},
    {0},
};

static const cli_option list_options[] = {
    {"json", 0, NULL, "print the workflows as a JSON array"},
    {0},
};

static const cli_option run_options[] = {
    {"auth", 0, "SCHEME=VALUE", "credentials for an OpenAPI security scheme (repeatable)"},
    {"cacert", 0, "FILE", "verify servers with this CA bundle (PEM)"},
    {"cert", 0, "FILE", "client certificate (PEM) for mutual TLS; with --key"},
    {"check", 0, "CHECK=LEVEL,...",
     "contract checks status, content-type, schema (or all): off, warn (default) or error"},
    {"color", 0, "WHEN", "colour: auto (default), always or never"},
    {"dry-run", 'n', NULL, "print every request as it would be sent; send nothing"},
    {"env-file", 0, "FILE", "read variables (ARAZZO_INPUT_*, ARAZZO_AUTH_*) from a .env file"},
    {"execution-timeout", 0, "SECONDS", "stop the whole run after this long"},
    {"har-output", 0, "FILE", "also write every request and response as HAR 1.2 to FILE"},
    {"header", 'H', "'NAME: VALUE'", "add this header to every request (a step's own wins)"},
    {"input", 'i', "NAME=VALUE", "an input, typed by the inputs schema; NAME:=JSON for raw JSON"},
    {"inputs", 0, "FILE", "inputs from a JSON or YAML object (--input wins)"},
    {"insecure", 'k', NULL, "do not verify TLS certificates"},
    {"json", 0, NULL, "print one JSON result on stdout instead of the report"},
    {"json-output", 0, "FILE", "also write the JSON result to FILE"},
    {"junit", 0, "FILE", "also write JUnit XML to FILE: one testcase per step run"},
    {"key", 0, "FILE", "the private key (PEM) of --cert"},
    {"max-steps", 0, "N", "step executions allowed in one run (default 2000)"},
    {"mock", 0, NULL, "serve each OpenAPI source with the built-in mock and run against it"},
    {"no-network", 0, NULL, "refuse to download http(s) source descriptions"},
    {"no-secrets-masking", 0, NULL, "show tokens, passwords and credentials in reports"},
    {"proxy", 0, "URL", "send requests through this proxy (default: *_proxy variables)"},
    {"quiet", 'q', NULL, "print only the summary and errors"},
    {"rate-limit", 0, "N/s", "send at most N requests per second"},
    {"request-timeout", 0, "SECONDS", "per-request timeout (default 30)"},
    {"secret", 0, "NAME=VALUE", "an input, as --input, whose value is masked everywhere"},
    {"server", 's', "SOURCE=URL", "send the requests of source SOURCE to URL"},
    {"verbose", 'v', NULL, "also print headers and passed checks; -vv also bodies"},
    {"workflow", 'w', "ID", "the workflow to run (repeatable; optional with one workflow)"},
    {0},
};

static const cli_option eval_options[] = {
    {"color", 0, "WHEN", "colour diagnostics: auto (default), always or never"},
    {"compact", 0, NULL, "print JSON on one line"},
    {"condition", 'C', "TEXT", "evaluate a criterion's condition: prints true or false"},
    {"context", 'c', "FILE", "the context (JSON or YAML, - for stdin; see docs/expressions.md)"},
    {"dialect", 0, "VERSION", "the condition's version: xpath-10, xpath-20, xpath-30"},
    {"document", 'd', "FILE",
     "the JSON or YAML document for --jsonpath and --pointer (- for stdin)"},
    {"jsonpath", 'j', "QUERY", "evaluate an RFC 9535 JSONPath query over --document"},
    {"on", 0, "EXPR", "the criterion's context expression (regex, jsonpath, xpath)"},
    {"pointer", 'p', "POINTER", "resolve a JSON Pointer (/a/0 or #/a/0) in --document"},
    {"strict", 0, NULL, "refuse non-standard expression forms instead of warning"},
    {"template", 't', "TEXT", "render a string with embedded {$...} expressions"},
    {"type", 0, "TYPE", "the condition's type: simple (default), regex, jsonpath, xpath"},
    {0},
};

static const cli_option mock_options[] = {
    {"host", 0, "ADDR", "the IP address to listen on (default 127.0.0.1)"},
    {"log", 0, "FILE", "write the JSON request log to FILE ('-', the default: standard output)"},
    {"port", 'p', "N", "the TCP port (default: an ephemeral one, printed at start)"},
    {"validate", 0, NULL, "answer 400 to requests that break the description"},
    {0},
};

static const cli_option operations_options[] = {
    {"color", 0, "WHEN", "colour diagnostics: auto (default), always or never"},
    {"json", 0, NULL, "print the operations and diagnostics as one JSON object"},
    {"no-network", 0, NULL, "refuse to download http(s) references"},
    {0},
};

static const cli_option test_options[] = {
    {"coverage", 0, NULL, "print the checklist IDs the cases cover instead of running them"},
    {"engine", 0, "CMD", "score another engine: a command template (conformance/README.md)"},
    {"filter", 0, "REGEX", "run only the cases whose folder name matches REGEX"},
    {"jobs", 'j', "N", "run N cases at once (default 1)"},
    {"json", 0, NULL, "print the results as one JSON object"},
    {"junit", 0, "FILE", "also write a JUnit XML report to FILE"},
    {"tap", 0, NULL, "print the results as TAP"},
    {"timeout", 0, "SECONDS", "limit of one case's run (default 60)"},
    {"verbose", 'v', NULL, "also print the requests the mock saw and the engine's output"},
    {0},
};

static const cli_option validate_options[] = {
    {"color", 0, "WHEN", "colour: auto (default), always or never"},
    {"format", 'f', "FORMAT", "output format: text (default) or json"},
    {"quiet", 'q', NULL, "print only diagnostics, no 'ok' lines or summary"},
    {"strict", 0, NULL, "treat warnings (SHOULD-level findings) as errors"},
    {0},
};

const cli_command cli_commands[] = {
    {"describe", "show what each step of a workflow will do, without running it", "[OPTIONS] FILE",
     "Loads FILE (an Arazzo document and its sources) and prints each workflow\n"
     "with its steps resolved: METHOD URL of the operation (first server,\n"
     "variables at their defaults) or the workflow a step calls, its parameters,\n"
     "request body, success criteria, actions and outputs as written. Nothing is\n"
     "sent. Exits 0, 3 for an invalid document, 4 when a file cannot be read.",
     describe_options, cli_cmd_describe},
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
    {"graph", "draw workflows as a Mermaid or Graphviz dot diagram", "[OPTIONS] FILE",
     "Loads FILE and prints a diagram of each workflow (or the one --workflow\n"
     "names) on standard output: a node per step with what it calls (METHOD\n"
     "path, or the workflow), the default flow, every goto, retry and end action\n"
     "of the step and of its workflow with their criteria, the implicit failure\n"
     "edge, sub-workflow calls and dependsOn. --format mermaid (the default)\n"
     "prints a Mermaid flowchart, --format dot a Graphviz digraph. See\n"
     "docs/graph.md. Exits 0, 3 for an invalid document, 4 when a file cannot\n"
     "be read.",
     (const cli_option[]){
         {"format", 'f', "FORMAT", "mermaid (default) or dot"},
         {"workflow", 'w', "ID", "draw this workflow only"},
         {0},
     },
     cli_cmd_graph},
    {"help", "show the help of a command", "[COMMAND]",
     "Shows the help of COMMAND, or the overview of every command.", no_options, cli_cmd_help},
    {"list", "list the workflows of an Arazzo document with their inputs and outputs",
     "[OPTIONS] FILE",
     "Prints each workflow of FILE: its id and summary, its inputs (required ones\n"
     "marked '*', with their type, 'secret' for those masked in reports, and\n"
     "their default) and its outputs - what `arazzo run` needs.\n"
     "--json prints the same as a JSON array. Exits 0, 3 for an invalid\n"
     "document, 4 when a file cannot be read.",
     list_options, cli_cmd_list},
    {"mock", "serve an OpenAPI description with example responses, logging each request",
     "[OPTIONS] FILE",
     "Serves FILE - an OpenAPI 3.0/3.1 or Swagger 2.0 description, or an Arazzo\n"
     "document, whose first 'openapi' source is served - over HTTP on 127.0.0.1\n"
     "(an ephemeral port unless --port). Each request is routed to the operation\n"
     "whose path template matches (with or without the servers' base path) and\n"
     "answered with its first 2xx response: the media type's example, else its\n"
     "first example, else a value synthesized from the schema. An unknown path\n"
     "gets 404, another method 405 with Allow; with --validate a missing required\n"
     "parameter or a JSON body that breaks the schema gets 400. Prints\n"
     "'listening on http://127.0.0.1:PORT (N operations)' first, then one JSON\n"
     "line per request (method, path, query, headers, body, status,\n"
     "operationId); Ctrl-C or SIGTERM stops it and prints how many requests it\n"
     "served. See docs/mock.md.\n"
     "Given a conformance case (a folder holding case.yaml, or the case.yaml),\n"
     "serves the case's script of exchanges instead (conformance/README.md).\n"
     "Exits 0, 3 when FILE is not a sound description, 4 when a file cannot be\n"
     "read or the port cannot be bound.",
     mock_options, cli_cmd_mock},
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
    {"run", "run workflows against their APIs and report each step", "[OPTIONS] FILE...",
     "Loads each FILE and every source it names, validates them (nothing runs\n"
     "when there is an error), then runs the chosen workflows (--workflow: those\n"
     "each FILE declares; else each FILE's only one) in order over HTTP and\n"
     "reports each step as it happens: METHOD URL, status and time, every\n"
     "criterion with why it failed, contract checks that failed, the action\n"
     "taken; then the outputs and a summary.\n"
     "\n"
     "Inputs come from ARAZZO_INPUT_<NAME> variables (--env-file reads them\n"
     "from a .env file), --inputs files, --input and --secret options (later\n"
     "wins); required inputs still missing are asked for on a terminal.\n"
     "Secrets (--secret values, format: password, names like token or apiKey,\n"
     "credentials of --auth / ARAZZO_AUTH_<SCHEME>, Authorization and Cookie\n"
     "headers) are masked unless --no-secrets-masking.\n"
     "\n"
     "Each response is checked against the OpenAPI description: status\n"
     "declared, Content-Type declared, body valid against the schema; --check\n"
     "makes a failure a warning (default), an error that fails the step, or off.\n"
     "--dry-run prints every request without sending it. --mock runs against\n"
     "the built-in mock server (docs/mock.md). Redirects are not followed.\n"
     "Ctrl-C stops the run and reports what ran. See docs/running.md.\n"
     "Exits 0 when every workflow succeeded, 1 when one failed, 2 for a usage\n"
     "error, 3 for an invalid document or inputs, 4 when a file cannot be read\n"
     "or a limit or Ctrl-C stopped the run.",
     run_options, cli_cmd_run},
    {"test", "run conformance cases against the mock server and report them", "[OPTIONS] [PATH...]",
     "Runs the conformance cases under each PATH - a case folder, its case.yaml,\n"
     "or a folder searched recursively for case.yaml (default: ./conformance/cases).\n"
     "Each case starts the mock server with its script of HTTP exchanges, runs\n"
     "its workflow with this engine (or with --engine, any other one) against it\n"
     "and checks the exit status, the requests the mock saw, and the run's\n"
     "status, outputs, executed steps and diagnostics. Prints PASS or FAIL per\n"
     "case with the reasons, then a summary; --tap and --json print TAP or JSON\n"
     "instead, --junit FILE also writes JUnit XML. --coverage prints which\n"
     "checklist IDs the cases list, per prefix, and the uncovered ones.\n"
     "See conformance/README.md. Exits 0 when every case passed, 1 when one\n"
     "failed, 4 when a path or a report file cannot be read or written.",
     test_options, cli_cmd_test},
    {"validate", "check Arazzo documents and report problems with file:line:column",
     "[OPTIONS] FILE...",
     "Loads each FILE (YAML 1.2 or JSON; '-' reads standard input, whose sources\n"
     "resolve against the current directory) with every source description it\n"
     "names, and reports every problem found, compiler style: file:line:column,\n"
     "the source line and a caret. Checked: the syntax (well-formed YAML or JSON,\n"
     "no duplicate keys, the nesting and alias limits), every rule of the Arazzo\n"
     "1.0.1 objects (required fields, types, unknown fields, ids and names),\n"
     "references to operations, workflows, steps, components and sources with a\n"
     "\"did you mean\" hint, every runtime expression and criterion, dependsOn\n"
     "cycles, and defects of the OpenAPI operations the workflows use. See\n"
     "docs/validation.md. With --format json the diagnostics are printed as one\n"
     "JSON array of objects (severity, code, message, file, line, column, pointer,\n"
     "related).\n"
     "Exits 0 when every file is valid (warnings do not fail unless --strict), 3\n"
     "when a document is invalid, 4 when a file or a source cannot be read.",
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
