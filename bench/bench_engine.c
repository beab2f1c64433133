/* SPDX-License-Identifier: Apache-2.0 */
/*
 * bench_engine.c - the workflow engine's own cost (issue 5, item 9): runs
 * Arazzo workflows with az_run over the replay transport (scripted answers,
 * no network, no sockets), so what is timed is the engine itself: building
 * each request from the OpenAPI operation (parameters, serialisation, the
 * request body), runtime expressions and templates, success criteria,
 * outputs, masking of secrets, the contract checks of each response
 * against its OpenAPI description (also timed with the checks off) and
 * the result object.
 *
 * Two workloads, each best of B batches (default 5) of N runs:
 *
 *   seed       the WhatsApp "register phone number" workflow of
 *              examples/whatsapp (3 POST steps; each answered 200
 *              {"success": true}); the description is loaded once;
 *   synthetic  a generated chain of S steps (default 50) over one operation
 *              with path, query and header parameters, a templated JSON
 *              body, four criteria per step (simple, a compound simple
 *              condition, JSONPath, regex) and outputs the next step reads.
 *
 * Every run gets a fresh replay transport built on one script (the script's
 * JSON is built once and borrowed by each transport), as `arazzo run` makes
 * one transport per process; a row times the replay transport alone
 * (create, answer the same requests, free) so its share can be told apart.
 *
 * Every run is checked: the status must be "succeeded" with the expected
 * outputs (seed: verified and registered true; synthetic: the last step's
 * values) and the replay must have received exactly one request per step;
 * the first run's requests are compared with what the workflow should send.
 * A fast but broken engine does not pass (exit status 1).
 */
#include "bench_common.h"

#include <arazzo/core.h>
#include <arazzo/engine.h>

#include <json-c/json.h>

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef AZ_BENCH_SOURCE_DIR
#define AZ_BENCH_SOURCE_DIR "."
#endif

#define SEED_FILE     "examples/whatsapp/arazzo/whatsapp-register-phone-number-workflow.yml"
#define SEED_STEPS    3
#define SEED_SERVER   "http://127.0.0.1:8080"
#define DEFAULT_RUNS  2000
#define DEFAULT_BATCH 5
#define DEFAULT_STEPS 50
#define SYNTH_SERVER  "https://bench.invalid/v1"

#define die(...) bench_die("bench_engine", __VA_ARGS__)

/* ------------------------------------------------------------------------ */
/* Small helpers                                                             */
/* ------------------------------------------------------------------------ */

/* Parses JSON text the program wrote itself; exits when it is malformed. */
static json_object *parse_json(const char *text)
{
    json_object *o = json_tokener_parse(text);
    if (!o)
        die("internal error: malformed JSON: %.80s", text);
    return o;
}

/* ------------------------------------------------------------------------ */
/* One workload                                                              */
/* ------------------------------------------------------------------------ */

/* A workflow to run over and over, and what each run must produce. */
typedef struct workload {
    const char *name;
    az_description *desc;
    json_object *inputs;   /* the run's inputs */
    json_object *script;   /* the replay script: one exchange per step */
    json_object *expected; /* the workflow outputs every run must give */
    const az_server_override *servers;
    size_t n_servers;
    size_t steps;
    bool checks_off; /* --check off: no contract checks of the responses */
    /* The first run's requests, one [method, url suffix, body member,
     * body value] per step: what the replay must have received. */
    json_object *requests;
} workload;

/*
 * Checks one run: status AZ_OK, "succeeded", the expected outputs and one
 * request per step received by the replay. Prints why on failure.
 */
static bool check_run(const workload *w, az_status st, json_object *result, az_transport *t,
                      bool detail)
{
    json_object *status = az_json_get(result, "status");
    json_object *outputs = az_json_get(result, "outputs");
    json_object *received = az_replay_requests(t);
    if (st != AZ_OK || !result) {
        fprintf(stderr, "bench_engine: %s: az_run returned %s\n", w->name, az_status_name(st));
        return false;
    }
    if (!status || strcmp(json_object_get_string(status), "succeeded") != 0) {
        fprintf(stderr, "bench_engine: %s: the workflow did not succeed: %s\n", w->name,
                json_object_to_json_string_ext(result, JSON_C_TO_STRING_PRETTY));
        return false;
    }
    if (!json_object_equal(outputs, w->expected)) {
        fprintf(stderr, "bench_engine: %s: outputs %s, expected %s\n", w->name,
                json_object_to_json_string(outputs), json_object_to_json_string(w->expected));
        return false;
    }
    if (json_object_array_length(received) != w->steps ||
        json_object_array_length(az_json_get(result, "steps")) != w->steps) {
        fprintf(stderr, "bench_engine: %s: %zu requests and %zu steps, expected %zu of each\n",
                w->name, json_object_array_length(received),
                json_object_array_length(az_json_get(result, "steps")), w->steps);
        return false;
    }
    for (size_t i = 0; detail && i < w->steps; i++) {
        json_object *req = json_object_array_get_idx(received, i);
        json_object *want = json_object_array_get_idx(w->requests, i);
        const char *method = json_object_get_string(az_json_get(req, "method"));
        const char *url = json_object_get_string(az_json_get(req, "url"));
        const char *body_text = json_object_get_string(az_json_get(req, "body"));
        const char *want_url = json_object_get_string(json_object_array_get_idx(want, 1));
        const char *key = json_object_get_string(json_object_array_get_idx(want, 2));
        json_object *body = body_text ? json_tokener_parse(body_text) : NULL;
        bool ok = method &&
                  strcmp(method, json_object_get_string(json_object_array_get_idx(want, 0))) == 0 &&
                  url && strcmp(url, want_url) == 0 &&
                  json_object_equal(az_json_get(body, key), json_object_array_get_idx(want, 3));
        json_object_put(body);
        if (!ok) {
            fprintf(stderr, "bench_engine: %s: request %zu is %s %s %s, expected %s\n", w->name,
                    i + 1, method ? method : "?", url ? url : "?", body_text ? body_text : "",
                    json_object_to_json_string(want));
            return false;
        }
    }
    return true;
}

/*
 * Runs the workload `n` times with a fresh replay transport each; returns
 * the seconds taken, or a negative number when a run failed the check.
 */
static double run_batch(const workload *w, size_t n, bool detail)
{
    az_run_opts opts;
    az_run_opts_init(&opts);
    opts.servers = w->servers;
    opts.n_servers = w->n_servers;
    for (int k = 0; w->checks_off && k < AZ_N_CHECKS; k++)
        opts.checks[k] = AZ_CHECK_OFF;
    double t0 = bench_now();
    for (size_t i = 0; i < n; i++) {
        az_transport *t = az_transport_replay_new(w->script);
        az_diags *diags = az_diags_new();
        json_object *result = NULL;
        if (!t || !diags)
            die("out of memory");
        opts.transport = t;
        az_status st = az_run(w->desc, NULL, w->inputs, &opts, diags, &result);
        bool ok = check_run(w, st, result, t, detail && i == 0);
        if (!ok && az_diags_count(diags) > 0)
            az_diags_render_text(diags, stderr, NULL);
        json_object_put(result);
        az_diags_free(diags);
        az_transport_free(t);
        if (!ok)
            return -1.0;
    }
    return bench_now() - t0;
}

/*
 * Times the replay transport alone for `n` runs: create it, send it the
 * requests the first run received (same method, URL, headers and body),
 * free it. Returns the seconds taken.
 */
static double replay_batch(const workload *w, size_t n)
{
    /* Record one run's requests first. */
    az_run_opts opts;
    az_run_opts_init(&opts);
    opts.servers = w->servers;
    opts.n_servers = w->n_servers;
    opts.transport = az_transport_replay_new(w->script);
    az_diags *diags = az_diags_new();
    json_object *result = NULL;
    if (!opts.transport || !diags ||
        az_run(w->desc, NULL, w->inputs, &opts, diags, &result) != AZ_OK)
        die("%s: cannot record the requests of one run", w->name);
    json_object_put(result);
    az_diags_free(diags);
    json_object *received = json_object_get(az_replay_requests(opts.transport));
    az_transport_free(opts.transport);

    size_t steps = json_object_array_length(received);
    az_http_request *reqs = calloc(steps, sizeof *reqs);
    az_http_header *headers = calloc(steps * 16, sizeof *headers);
    if (!reqs || !headers)
        die("out of memory");
    for (size_t i = 0; i < steps; i++) {
        json_object *r = json_object_array_get_idx(received, i);
        json_object *body = az_json_get(r, "body");
        size_t h = 0;
        json_object_object_foreach(az_json_get(r, "headers"), name, value)
        {
            if (h == 16)
                break;
            headers[i * 16 + h].name = name;
            headers[i * 16 + h].value = (char *)json_object_get_string(value);
            h++;
        }
        reqs[i].method = json_object_get_string(az_json_get(r, "method"));
        reqs[i].url = json_object_get_string(az_json_get(r, "url"));
        reqs[i].headers = &headers[i * 16];
        reqs[i].n_headers = h;
        reqs[i].body = body ? json_object_get_string(body) : NULL;
        reqs[i].body_len = body ? (size_t)json_object_get_string_len(body) : 0;
    }

    double t0 = bench_now();
    for (size_t k = 0; k < n; k++) {
        az_transport *t = az_transport_replay_new(w->script);
        if (!t)
            die("out of memory");
        for (size_t i = 0; i < steps; i++) {
            az_http_response resp;
            if (az_transport_send(t, &reqs[i], &resp) != AZ_OK || resp.status != 200)
                die("%s: the replay transport alone failed: %s", w->name,
                    resp.error ? resp.error : "unexpected status");
            az_http_response_clear(&resp);
        }
        az_transport_free(t);
    }
    double secs = bench_now() - t0;
    free(headers);
    free(reqs);
    json_object_put(received);
    return secs;
}

/* The figures of one workload. */
typedef struct figures {
    double run_secs;    /* best batch / runs */
    double replay_secs; /* best replay-only batch / runs */
    long rss_first_kib, rss_last_kib;
} figures;

/*
 * Runs one untimed checked run (requests compared in detail), then
 * `batches` timed batches of `runs` runs, then the replay-only batches.
 * Returns false when a run failed its check.
 */
static bool measure(const workload *w, size_t runs, int batches, figures *f)
{
    memset(f, 0, sizeof *f);
    if (run_batch(w, 1, true) < 0)
        return false;
    for (int b = 0; b < batches; b++) {
        double secs = run_batch(w, runs, false);
        if (secs < 0)
            return false;
        if (b == 0)
            f->rss_first_kib = bench_proc_status_kib("VmRSS");
        f->rss_last_kib = bench_proc_status_kib("VmRSS");
        if (b == 0 || secs / (double)runs < f->run_secs)
            f->run_secs = secs / (double)runs;
    }
    for (int b = 0; b < batches; b++) {
        double secs = replay_batch(w, runs) / (double)runs;
        if (b == 0 || secs < f->replay_secs)
            f->replay_secs = secs;
    }
    return true;
}

/* Prints the rows of one workload. */
static void print_figures(const workload *w, size_t runs, int batches, const figures *f)
{
    double us = f->run_secs * 1e6, replay_us = f->replay_secs * 1e6;
    printf("%s: %zu steps a run, best of %d batches of %zu runs\n", w->name, w->steps, batches,
           runs);
    printf("  %-44s %10.1f us  (%8.0f runs/s)\n", "per workflow run (az_run + replay)", us,
           1e6 / us);
    printf("  %-44s %10.2f us\n", "per step", us / (double)w->steps);
    printf("  %-44s %10.1f us\n", "  replay transport alone, per run", replay_us);
    printf("  %-44s %10.2f us\n", "per step, engine only (minus replay)",
           (us - replay_us) / (double)w->steps);
    printf("  %-44s %+10ld KiB (VmRSS after batch %d vs batch 1)\n", "RSS growth over the runs",
           f->rss_last_kib - f->rss_first_kib, batches);
}

/* ------------------------------------------------------------------------ */
/* The seed workflow                                                         */
/* ------------------------------------------------------------------------ */

/*
 * Loads and validates a description the way `arazzo run` does; exits when
 * loading fails or validation reports an error. Stores the load and
 * validation times.
 */
static az_description *load_checked(const char *path, double *load_secs, double *valid_secs)
{
    az_validate_opts vopts;
    az_validate_opts_init(&vopts);
    vopts.load.docset.allow_network = false;
    az_diags *diags = az_diags_new();
    az_description *desc = NULL;
    double t0 = bench_now();
    az_status st = az_description_load(path, &vopts.load, diags, &desc);
    double t1 = bench_now();
    if (st == AZ_OK)
        st = az_validate_description(desc, &vopts, diags);
    double t2 = bench_now();
    if (st != AZ_OK || az_diags_count_severity(diags, AZ_SEVERITY_ERROR) > 0) {
        az_diags_render_text(diags, stderr, NULL);
        die("%s does not load or validate (%s)", path, az_status_name(st));
    }
    az_diags_free(diags);
    *load_secs = t1 - t0;
    *valid_secs = t2 - t1;
    return desc;
}

/* Fills the seed workload (the description loaded from `path`). */
static void seed_workload(workload *w, az_description *desc, az_server_override *server)
{
    static const char *const ops[SEED_STEPS][3] = {
        {"request_code", "code_method", "\"SMS\""},
        {"verify_code", "code", "\"123456\""},
        {"register", "pin", "\"654321\""},
    };
    memset(w, 0, sizeof *w);
    w->name = "seed (WhatsApp register-phone-number)";
    w->desc = desc;
    w->steps = SEED_STEPS;
    w->inputs = parse_json("{\"accessToken\": \"EAAbench-token\", \"phoneNumberId\": "
                           "\"106540352242922\", \"codeMethod\": \"SMS\", \"language\": \"en\", "
                           "\"code\": \"123456\", \"pin\": \"654321\"}");
    w->expected = parse_json("{\"verified\": true, \"registered\": true}");
    w->script = json_object_new_array();
    w->requests = json_object_new_array();
    for (size_t i = 0; i < SEED_STEPS; i++) {
        char text[512];
        snprintf(text, sizeof text,
                 "{\"request\": {\"method\": \"POST\", \"url\": \"%s/106540352242922/%s\"}, "
                 "\"response\": {\"status\": 200, \"headers\": {\"Content-Type\": "
                 "\"application/json\"}, \"body\": {\"success\": true}}}",
                 SEED_SERVER, ops[i][0]);
        json_object_array_add(w->script, parse_json(text));
        snprintf(text, sizeof text, "[\"POST\", \"%s/106540352242922/%s\", \"%s\", %s]",
                 SEED_SERVER, ops[i][0], ops[i][1], ops[i][2]);
        json_object_array_add(w->requests, parse_json(text));
    }
    server->source = "whatsappCloudApi";
    server->url = SEED_SERVER;
    w->servers = server;
    w->n_servers = 1;
}

/* ------------------------------------------------------------------------ */
/* The synthetic workflow                                                    */
/* ------------------------------------------------------------------------ */

/* The OpenAPI description the synthetic workflow calls: one operation. */
static const char synth_openapi[] =
    "{\"openapi\": \"3.1.0\", \"info\": {\"title\": \"bench items\", \"version\": \"1.0.0\"},\n"
    " \"servers\": [{\"url\": \"" SYNTH_SERVER "\"}],\n"
    " \"paths\": {\"/items/{itemId}\": {\"post\": {\"operationId\": \"updateItem\",\n"
    "  \"parameters\": [\n"
    "   {\"name\": \"itemId\", \"in\": \"path\", \"required\": true, \"schema\": {\"type\": "
    "\"string\"}},\n"
    "   {\"name\": \"page\", \"in\": \"query\", \"schema\": {\"type\": \"integer\"}},\n"
    "   {\"name\": \"tags\", \"in\": \"query\", \"style\": \"form\", \"explode\": false,\n"
    "    \"schema\": {\"type\": \"array\", \"items\": {\"type\": \"string\"}}},\n"
    "   {\"name\": \"X-Trace\", \"in\": \"header\", \"schema\": {\"type\": \"string\"}}],\n"
    "  \"requestBody\": {\"content\": {\"application/json\": {\"schema\": {\"type\": "
    "\"object\"}}}},\n"
    "  \"responses\": {\"200\": {\"description\": \"updated\", \"content\": "
    "{\"application/json\": {\"schema\": {\"type\": \"object\"}}}}}}}}}\n";

/*
 * Writes the Arazzo document of a chain of `steps` steps: step k sends
 * POST /items/item-k (the previous step's output), with a query, a header
 * and a body built from inputs and outputs, and checks four criteria.
 */
static void synth_arazzo(az_buf *b, size_t steps)
{
    bench_puts(b, "{\"arazzo\": \"1.0.1\", \"info\": {\"title\": \"bench chain\", \"version\": "
                  "\"1.0.0\"},\n"
                  " \"sourceDescriptions\": [{\"name\": \"items\", \"url\": "
                  "\"bench-engine-openapi.json\", \"type\": \"openapi\"}],\n"
                  " \"workflows\": [{\"workflowId\": \"chain\",\n"
                  "  \"inputs\": {\"type\": \"object\", \"required\": [\"token\", \"start\"],\n"
                  "   \"properties\": {\"token\": {\"type\": \"string\"}, \"start\": {\"type\": "
                  "\"string\"},\n"
                  "    \"page\": {\"type\": \"integer\", \"default\": 3}}},\n"
                  "  \"steps\": [");
    for (size_t k = 1; k <= steps; k++) {
        char prev[64];
        if (k == 1)
            snprintf(prev, sizeof prev, "$inputs.start");
        else
            snprintf(prev, sizeof prev, "$steps.s%zu.outputs.next", k - 1);
        bench_printf(b, "%s\n   {\"stepId\": \"s%zu\", \"operationId\": \"updateItem\",\n",
                     k == 1 ? "" : ",", k);
        bench_printf(b,
                     "    \"parameters\": [{\"name\": \"itemId\", \"in\": \"path\", \"value\": "
                     "\"%s\"},\n",
                     prev);
        bench_puts(b,
                   "     {\"name\": \"page\", \"in\": \"query\", \"value\": \"$inputs.page\"},\n"
                   "     {\"name\": \"tags\", \"in\": \"query\", \"value\": [\"a\", \"b c\"]},\n");
        bench_printf(b,
                     "     {\"name\": \"X-Trace\", \"in\": \"header\", \"value\": "
                     "\"run-{$inputs.start}-step-%zu\"},\n",
                     k);
        bench_puts(b, "     {\"name\": \"Authorization\", \"in\": \"header\", \"value\": "
                      "\"Bearer {$inputs.token}\"}],\n");
        bench_printf(b,
                     "    \"requestBody\": {\"contentType\": \"application/json\", \"payload\": "
                     "{\"id\": \"%s\", \"step\": %zu, \"note\": \"step %zu after {%s}\", "
                     "\"flags\": {\"dry\": false, \"page\": \"$inputs.page\"}}},\n",
                     prev, k, k, prev);
        bench_printf(b,
                     "    \"successCriteria\": [{\"condition\": \"$statusCode == 200\"},\n"
                     "     {\"condition\": \"$response.body#/ok == true && $response.body#/count "
                     "== %zu\"},\n",
                     k);
        bench_puts(b, "     {\"context\": \"$response.body\", \"condition\": \"$.tags[?@ == "
                      "'fresh']\", \"type\": \"jsonpath\"},\n"
                      "     {\"context\": \"$response.body#/next\", \"condition\": "
                      "\"^item-[0-9]+$\", \"type\": \"regex\"}],\n"
                      "    \"outputs\": {\"next\": \"$response.body#/next\", \"count\": "
                      "\"$response.body#/count\"}}");
    }
    bench_printf(b,
                 "],\n  \"outputs\": {\"last\": \"$steps.s%zu.outputs.next\", \"count\": "
                 "\"$steps.s%zu.outputs.count\"}}]}\n",
                 steps, steps);
}

/* Fills the synthetic workload (its description loaded already). */
static void synth_workload(workload *w, az_description *desc, size_t steps)
{
    char text[512];
    memset(w, 0, sizeof *w);
    w->name = "synthetic chain";
    w->desc = desc;
    w->steps = steps;
    w->inputs = parse_json("{\"token\": \"bench-secret-token\", \"start\": \"item-1\"}");
    snprintf(text, sizeof text, "{\"last\": \"item-%zu\", \"count\": %zu}", steps + 1, steps);
    w->expected = parse_json(text);
    w->script = json_object_new_array();
    w->requests = json_object_new_array();
    for (size_t k = 1; k <= steps; k++) {
        snprintf(text, sizeof text,
                 "{\"request\": {\"method\": \"POST\", \"url\": "
                 "\"%s/items/item-%zu?page=3&tags=a,b%%20c\"}, "
                 "\"response\": {\"status\": 200, \"headers\": {\"X-Request-Id\": \"r%zu\"}, "
                 "\"body\": {\"ok\": true, \"next\": \"item-%zu\", \"count\": %zu, "
                 "\"tags\": [\"bench\", \"fresh\"], \"meta\": {\"step\": %zu}}}}",
                 SYNTH_SERVER, k, k, k + 1, k, k);
        json_object_array_add(w->script, parse_json(text));
        snprintf(text, sizeof text,
                 "[\"POST\", \"%s/items/item-%zu?page=3&tags=a,b%%20c\", \"note\", \"step %zu "
                 "after item-%zu\"]",
                 SYNTH_SERVER, k, k, k);
        json_object_array_add(w->requests, parse_json(text));
    }
}

/* Releases what a workload holds (not its description). */
static void workload_clear(workload *w)
{
    json_object_put(w->inputs);
    json_object_put(w->script);
    json_object_put(w->expected);
    json_object_put(w->requests);
}

/* ------------------------------------------------------------------------ */
/* The program                                                               */
/* ------------------------------------------------------------------------ */

typedef struct options {
    size_t runs, synth_runs, steps;
    int batches;
    const char *file;
    bool synthetic;
} options;

/* Prints the usage text. */
static void usage(FILE *out)
{
    fprintf(out,
            "usage: bench_engine [--runs N] [--batches B] [--file FILE]\n"
            "                    [--steps S] [--synthetic-runs N] [--no-synthetic]\n"
            "  --runs N            runs of the seed workflow per batch (default %d)\n"
            "  --batches B         best of B batches (default %d)\n"
            "  --file FILE         the seed workflow (default the WhatsApp example)\n"
            "  --steps S           steps of the synthetic chain (default %d)\n"
            "  --synthetic-runs N  runs of the synthetic chain per batch (default runs/20)\n"
            "  --no-synthetic      only the seed workflow\n",
            DEFAULT_RUNS, DEFAULT_BATCH, DEFAULT_STEPS);
}

/* Parses the command line into `opts`; exits on a bad argument. */
static void parse_args(int argc, char **argv, options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->runs = DEFAULT_RUNS;
    opts->batches = DEFAULT_BATCH;
    opts->steps = DEFAULT_STEPS;
    opts->file = AZ_BENCH_SOURCE_DIR "/" SEED_FILE;
    opts->synthetic = true;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--runs") == 0 && i + 1 < argc) {
            opts->runs = bench_parse_count("bench_engine", a, argv[++i], 10000000);
        } else if (strcmp(a, "--batches") == 0 && i + 1 < argc) {
            opts->batches = (int)bench_parse_count("bench_engine", a, argv[++i], 100);
        } else if (strcmp(a, "--steps") == 0 && i + 1 < argc) {
            opts->steps = bench_parse_count("bench_engine", a, argv[++i], 1000);
        } else if (strcmp(a, "--synthetic-runs") == 0 && i + 1 < argc) {
            opts->synth_runs = bench_parse_count("bench_engine", a, argv[++i], 1000000);
        } else if (strcmp(a, "--file") == 0 && i + 1 < argc) {
            opts->file = argv[++i];
        } else if (strcmp(a, "--no-synthetic") == 0) {
            opts->synthetic = false;
        } else {
            bench_usage_exit(a, usage);
        }
    }
    if (opts->synth_runs == 0)
        opts->synth_runs = opts->runs / 20 > 0 ? opts->runs / 20 : 1;
}

/*
 * Writes the synthetic documents into a temporary folder, loads them and
 * measures the chain. Returns 0, or 1 when a run failed its check.
 */
static int bench_synthetic(const options *opts)
{
    const char *tmpdir = getenv("TMPDIR");
    char dir[4096], oas_path[4200], wf_path[4200];
    az_buf text = {0};
    workload w;
    figures f;
    int status = 0;
    double load_secs, valid_secs;

    snprintf(dir, sizeof dir, "%s/bench-engine-XXXXXX", tmpdir && *tmpdir ? tmpdir : "/tmp");
    if (!mkdtemp(dir))
        die("cannot create a folder in %s: %s", tmpdir && *tmpdir ? tmpdir : "/tmp",
            strerror(errno));
    snprintf(oas_path, sizeof oas_path, "%s/bench-engine-openapi.json", dir);
    snprintf(wf_path, sizeof wf_path, "%s/bench-engine-chain.arazzo.json", dir);
    bench_write_file("bench_engine", oas_path, synth_openapi, sizeof synth_openapi - 1);
    synth_arazzo(&text, opts->steps);
    bench_write_file("bench_engine", wf_path, text.data, text.len);
    size_t bytes = text.len;
    free(text.data);

    az_description *desc = load_checked(wf_path, &load_secs, &valid_secs);
    synth_workload(&w, desc, opts->steps);
    printf("\n");
    if (!measure(&w, opts->synth_runs, opts->batches, &f)) {
        status = 1;
        goto out;
    }
    print_figures(&w, opts->synth_runs, opts->batches, &f);
    printf("  %-44s %10.2f ms  (%zu bytes of JSON; validation %.2f ms)\n",
           "load of the description", load_secs * 1e3, bytes, valid_secs * 1e3);
out:
    workload_clear(&w);
    az_description_free(desc);
    remove(wf_path);
    remove(oas_path);
    rmdir(dir);
    return status;
}

/* Measures the seed workflow, then the synthetic chain; prints the figures. */
int main(int argc, char **argv)
{
    options opts;
    parse_args(argc, argv, &opts);
    long rss_start = bench_proc_status_kib("VmRSS");

    printf("arazzo engine benchmark (arazzo %s, json-c %s): az_run over the replay "
           "transport,\n"
           "a fresh replay transport per run; us = microseconds, best batch / runs\n\n",
           az_version(), json_c_version());

    double load_secs, valid_secs, reload_secs = -1.0;
    az_description *desc = load_checked(opts.file, &load_secs, &valid_secs);
    long rss_loaded = bench_proc_status_kib("VmRSS");
    for (int i = 0; i < opts.batches; i++) {
        double l, v;
        az_description *again = load_checked(opts.file, &l, &v);
        az_description_free(again);
        if (reload_secs < 0 || l < reload_secs)
            reload_secs = l;
    }

    workload seed;
    az_server_override server;
    figures f;
    int status = 0;
    seed_workload(&seed, desc, &server);
    if (!measure(&seed, opts.runs, opts.batches, &f)) {
        status = 1;
        goto out;
    }
    print_figures(&seed, opts.runs, opts.batches, &f);
    /* What the contract checks (status, Content-Type, schema; on by default) cost. */
    figures off;
    seed.checks_off = true;
    if (!measure(&seed, opts.runs, opts.batches, &off)) {
        status = 1;
        goto out;
    }
    seed.checks_off = false;
    printf("  %-44s %10.1f us  (contract checks cost %.1f us a run)\n",
           "per workflow run, --check off", off.run_secs * 1e6, (f.run_secs - off.run_secs) * 1e6);
    printf("  %-44s %10.2f ms  (first; best of %d reloads %.2f ms)\n",
           "load of the description + its OpenAPI", load_secs * 1e3, opts.batches,
           reload_secs * 1e3);
    printf("  %-44s %10.2f ms\n", "validation (az_validate_description)", valid_secs * 1e3);
    printf("  %-44s %10ld KiB (VmRSS %ld KiB at start, %ld KiB once loaded)\n",
           "peak RSS after the seed runs (VmHWM)", bench_proc_status_kib("VmHWM"), rss_start,
           rss_loaded);

    if (opts.synthetic)
        status = bench_synthetic(&opts);
    if (status == 0)
        printf("\npeak RSS at the end (VmHWM): %ld KiB\n", bench_proc_status_kib("VmHWM"));
out:
    workload_clear(&seed);
    az_description_free(desc);
    if (status != 0)
        fprintf(stderr, "bench_engine: a run did not give the expected result\n");
    return status;
}
