/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_graph.c - `arazzo graph FILE [--workflow ID] [--format mermaid|dot]`:
 * builds the picture of each workflow (Arazzo 1.0.1 sections 4.6.4 Workflow,
 * 4.6.5 Step, 4.6.8 Success Action, 4.6.9 Failure Action) and prints it with
 * cli_graph_render.c. A workflow is a cluster holding a start node, a node
 * per step (its stepId and `METHOD path` or `workflow ID`), an end node and
 * a failed node. Edges: the default flow ("ok" to the next step, the last
 * one to end), every effective success and failure action of a step - its
 * own, then the workflow-level ones it does not override by name, drawn
 * from every step and marked "every step" - (goto, end, retry as a
 * self-loop plus a dashed detour edge), the implicit "fail" edge, dashed
 * "calls" edges to sub-workflows and dashed "dependsOn" edges from a
 * dependency's end to the workflow's start. See docs/graph.md.
 */
#include "cli.h"
#include "cli_graph.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <arazzo/engine.h>

/* Longest criterion condition shown on an edge, in characters. */
#define CONDITION_MAX 40

/* What building one picture needs. */
typedef struct builder {
    cli_graph *g;
    const az_arazzo_doc *doc; /* the document holding the drawn workflows */
    json_object **wfs;        /* the workflows drawn in full */
    size_t n_wfs;
    size_t *first; /* index of each drawn workflow's start node */
} builder;

/* A growing string; `oom` once an allocation failed. */
typedef struct text {
    char *s;
    size_t len, cap;
    bool oom;
} text;

/* Appends `n` bytes to a text. */
static void text_add(text *t, const char *s, size_t n)
{
    if (t->oom)
        return;
    if (t->len + n + 1 > t->cap) {
        size_t cap = (t->len + n + 1) * 2;
        char *s2 = realloc(t->s, cap);
        if (!s2) {
            t->oom = true;
            return;
        }
        t->s = s2;
        t->cap = cap;
    }
    memcpy(t->s + t->len, s, n);
    t->len += n;
    t->s[t->len] = '\0';
}

/* Length of the valid UTF-8 sequence at `p`, or 0 when it is not one. */
static size_t utf8_len(const unsigned char *p)
{
    size_t n = *p < 0x80             ? 1
               : (*p & 0xe0) == 0xc0 ? 2
               : (*p & 0xf0) == 0xe0 ? 3
               : (*p & 0xf8) == 0xf0 ? 4
                                     : 0;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    return n;
}

/*
 * Appends text from a document, at most `max` characters (0: no limit,
 * else "..." marks the cut), control characters as spaces and invalid
 * UTF-8 as '?', so a label is always one valid line.
 */
static void text_put(text *t, const char *s, size_t max)
{
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; chars++) {
        if (max && chars == max) {
            text_add(t, "...", 3);
            return;
        }
        size_t n = utf8_len(p);
        if (n == 0) {
            text_add(t, "?", 1);
            p++;
        } else if (n == 1 && (*p < 0x20 || *p == 0x7f)) {
            text_add(t, " ", 1);
            p++;
        } else {
            text_add(t, (const char *)p, n);
            p += n;
        }
    }
}

/* Hands over a text's string, NULL (and the graph marked) after a failure. */
static char *text_take(cli_graph *g, text *t)
{
    char *s = t->oom ? NULL : t->s ? t->s : strdup("");
    if (!s) {
        free(t->s);
        g->oom = true;
    }
    return s;
}

/* Adds a node and returns its index (0 after an allocation failure). */
static size_t add_node(cli_graph *g, char *id, char *label, cli_graph_shape shape, long cluster)
{
    cli_graph_node *nodes = g->oom ? NULL : realloc(g->nodes, (g->n_nodes + 1) * sizeof *nodes);
    if (!nodes || !id || !label) {
        free(id);
        free(label);
        g->oom = true;
        return 0;
    }
    g->nodes = nodes;
    nodes[g->n_nodes] = (cli_graph_node){id, label, shape, cluster};
    return g->n_nodes++;
}

/* Adds an edge; `label` (may be NULL) passes to the graph. */
static void add_edge(cli_graph *g, size_t from, size_t to, char *label, cli_graph_style style)
{
    cli_graph_edge *edges = g->oom ? NULL : realloc(g->edges, (g->n_edges + 1) * sizeof *edges);
    if (!edges) {
        free(label);
        g->oom = true;
        return;
    }
    g->edges = edges;
    edges[g->n_edges++] = (cli_graph_edge){from, to, label, style};
}

/* Returns a new string made from a format, NULL after a failure. */
static char *format(cli_graph *g, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static char *format(cli_graph *g, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char *s = strdup(buf);
    if (!s)
        g->oom = true;
    return s;
}

/*
 * The node of a workflow outside the drawn ones, labelled "workflow ID",
 * made on first use: one node per id, in order of first use.
 */
static size_t outside_workflow(builder *b, const char *id)
{
    text t = {0};
    text_add(&t, "workflow ", 9);
    text_put(&t, id, 0);
    char *label = text_take(b->g, &t);
    size_t n = 0;
    for (size_t i = 0; label && i < b->g->n_nodes; i++) {
        if (b->g->nodes[i].cluster >= 0)
            continue;
        if (strcmp(b->g->nodes[i].label, label) == 0) {
            free(label);
            return i;
        }
        n++;
    }
    return add_node(b->g, format(b->g, "ext%zu", n), label, CLI_GRAPH_WORKFLOW, -1);
}

/* The index among the drawn workflows of a plain workflowId, or -1. */
static long drawn_workflow(const builder *b, const char *id)
{
    for (size_t w = 0; id && w < b->n_wfs; w++) {
        const char *wid = az_json_get_string(b->wfs[w], "workflowId");
        if (wid && strcmp(wid, id) == 0)
            return (long)w;
    }
    return -1;
}

/* The node a reference to a workflow leads to: its start, or its own node. */
static size_t workflow_target(builder *b, const char *id)
{
    long w = drawn_workflow(b, id);
    return w >= 0 ? b->first[w] : outside_workflow(b, id);
}

/* The number of steps of a workflow. */
static size_t step_count(json_object *wf)
{
    json_object *steps = az_json_get(wf, "steps");
    return json_object_is_type(steps, json_type_array) ? json_object_array_length(steps) : 0;
}

/* The node of step `id` in drawn workflow `w`, or an "unknown step" node. */
static size_t step_target(builder *b, size_t w, const char *id)
{
    json_object *steps = az_json_get(b->wfs[w], "steps");
    for (size_t i = 0; i < step_count(b->wfs[w]); i++) {
        const char *sid = az_json_get_string(json_object_array_get_idx(steps, i), "stepId");
        if (sid && id && strcmp(sid, id) == 0)
            return b->first[w] + 1 + i;
    }
    text t = {0};
    text_add(&t, "unknown step ", 13);
    text_put(&t, id, 0);
    return add_node(b->g, format(b->g, "w%zu_u%zu", w, b->g->n_nodes), text_take(b->g, &t),
                    CLI_GRAPH_WORKFLOW, (long)w);
}

/* Resolves an action that is a `reference` to a component; NULL if none. */
static json_object *resolve_action(const builder *b, json_object *action, bool success)
{
    const char *ref = az_json_get_string(action, "reference");
    if (!ref)
        return action;
    const char *kind = success ? "successActions" : "failureActions";
    char prefix[64];
    snprintf(prefix, sizeof prefix, "$components.%s.", kind);
    if (strncmp(ref, prefix, strlen(prefix)) != 0)
        return NULL;
    json_object *comps = az_json_get(az_source_root(b->doc->src), "components");
    json_object *found = az_json_get(az_json_get(comps, kind), ref + strlen(prefix));
    return json_object_is_type(found, json_type_object) ? found : NULL;
}

/* Appends "\n<condition>" for each criterion of an action, shortened. */
static void put_criteria(text *t, json_object *criteria)
{
    for (size_t i = 0;
         json_object_is_type(criteria, json_type_array) && i < json_object_array_length(criteria);
         i++) {
        text_add(t, "\n", 1);
        text_put(t, az_json_get_string(json_object_array_get_idx(criteria, i), "condition"),
                 CONDITION_MAX);
    }
}

/* Tells whether an action always applies and leaves the step for good. */
static bool catches_all(json_object *action)
{
    const char *type = az_json_get_string(action, "type");
    json_object *criteria = az_json_get(action, "criteria");
    return type && strcmp(type, "retry") != 0 &&
           !(json_object_is_type(criteria, json_type_array) && json_object_array_length(criteria));
}

/* Draws the edges of one action of the step at node `from` in workflow w. */
static void action_edges(builder *b, size_t w, size_t from, json_object *a, bool success,
                         bool every_step)
{
    cli_graph *g = b->g;
    const char *type = az_json_get_string(a, "type") ? az_json_get_string(a, "type") : "?";
    const char *step = az_json_get_string(a, "stepId");
    const char *wf = az_json_get_string(a, "workflowId");
    size_t last = b->first[w] + step_count(b->wfs[w]);
    text t = {0};
    if (every_step)
        text_add(&t, "every step: ", 12);
    text_put(&t, type, 0);
    text_add(&t, " ", 1);
    text_put(&t, az_json_get_string(a, "name"), 0);
    if (strcmp(type, "retry") == 0) {
        json_object *limit = az_json_get(a, "retryLimit"), *after = az_json_get(a, "retryAfter");
        text_add(&t, " (limit ", 8);
        text_put(&t, limit ? json_object_get_string(limit) : "1", 0);
        text_add(&t, ", after ", 8);
        text_put(&t, after ? json_object_get_string(after) : "0", 0);
        text_add(&t, " s)", 3);
    }
    put_criteria(&t, az_json_get(a, "criteria"));
    char *label = text_take(g, &t);
    if (strcmp(type, "end") == 0) {
        add_edge(g, from, success ? last + 1 : last + 2, label, CLI_GRAPH_SOLID);
    } else if (strcmp(type, "goto") == 0) {
        size_t to = step ? step_target(b, w, step) : wf ? workflow_target(b, wf) : last + 2;
        add_edge(g, from, to, label, CLI_GRAPH_SOLID);
    } else if (strcmp(type, "retry") == 0) {
        add_edge(g, from, from, label, CLI_GRAPH_SOLID);
        if (step || wf) {
            text d = {0};
            text_add(&d, "detour ", 7);
            text_put(&d, az_json_get_string(a, "name"), 0);
            size_t to = step ? step_target(b, w, step) : workflow_target(b, wf);
            add_edge(g, from, to, text_take(g, &d), CLI_GRAPH_DASHED);
        }
    } else {
        free(label);
    }
}

/* Tells whether a list of (resolved) actions has one named `name`. */
static bool has_action(const builder *b, json_object *list, const char *name, bool success)
{
    for (size_t i = 0;
         name && json_object_is_type(list, json_type_array) && i < json_object_array_length(list);
         i++) {
        const char *n = az_json_get_string(
            resolve_action(b, json_object_array_get_idx(list, i), success), "name");
        if (n && strcmp(n, name) == 0)
            return true;
    }
    return false;
}

/*
 * Draws the effective actions of one kind for the step at node `from`: its
 * own, then the workflow-level ones it does not override by name. Returns
 * true when one of them always applies and leaves the step.
 */
static bool actions_edges(builder *b, size_t w, size_t from, json_object *step, bool success)
{
    json_object *own = az_json_get(step, success ? "onSuccess" : "onFailure");
    json_object *all = az_json_get(b->wfs[w], success ? "successActions" : "failureActions");
    bool caught = false;
    for (size_t i = 0;
         json_object_is_type(own, json_type_array) && i < json_object_array_length(own); i++) {
        json_object *a = resolve_action(b, json_object_array_get_idx(own, i), success);
        if (a) {
            action_edges(b, w, from, a, success, false);
            caught = caught || catches_all(a);
        }
    }
    for (size_t i = 0;
         json_object_is_type(all, json_type_array) && i < json_object_array_length(all); i++) {
        json_object *a = resolve_action(b, json_object_array_get_idx(all, i), success);
        if (a && !has_action(b, own, az_json_get_string(a, "name"), success)) {
            action_edges(b, w, from, a, success, true);
            caught = caught || catches_all(a);
        }
    }
    return caught;
}

/* Makes the label of a step: its stepId, then what it calls. */
static char *step_label(builder *b, json_object *step)
{
    text t = {0};
    text_put(&t, az_json_get_string(step, "stepId"), 0);
    text_add(&t, "\n", 1);
    const char *wf = az_json_get_string(step, "workflowId");
    const char *id = az_json_get_string(step, "operationId");
    const char *path = az_json_get_string(step, "operationPath");
    const az_oas_operation *op = NULL;
    const az_source_desc *sd = NULL;
    char *error = NULL;
    if (wf) {
        text_add(&t, "workflow ", 9);
        text_put(&t, wf, 0);
    } else if ((id ? az_arazzo_doc_find_operation(b->doc, id, &op, &sd, &error)
                   : az_arazzo_doc_find_operation_path(b->doc, path ? path : "", &op, &sd,
                                                       &error)) == AZ_OK) {
        for (const char *m = op->method; *m; m++) {
            char c = *m >= 'a' && *m <= 'z' ? (char)(*m - 32) : *m;
            text_add(&t, &c, 1);
        }
        text_add(&t, " ", 1);
        text_put(&t, op->path, 0);
    } else {
        text_add(&t, "unresolved ", 11);
        text_put(&t, id ? id : path, CONDITION_MAX);
    }
    free(error);
    return text_take(b->g, &t);
}

/* Adds the nodes of drawn workflow w: start, steps, end, failed. */
static void workflow_nodes(builder *b, size_t w)
{
    cli_graph *g = b->g;
    json_object *wf = b->wfs[w], *steps = az_json_get(wf, "steps");
    size_t n = step_count(wf);
    b->first[w] =
        add_node(g, format(g, "w%zu_start", w), format(g, "start"), CLI_GRAPH_START, (long)w);
    for (size_t i = 0; i < n; i++)
        add_node(g, format(g, "w%zu_s%zu", w, i),
                 step_label(b, json_object_array_get_idx(steps, i)), CLI_GRAPH_STEP, (long)w);
    add_node(g, format(g, "w%zu_done", w), format(g, "end"), CLI_GRAPH_END, (long)w);
    add_node(g, format(g, "w%zu_failed", w), format(g, "failed"), CLI_GRAPH_FAILED, (long)w);
}

/* Adds the edges of drawn workflow w. */
static void workflow_edges(builder *b, size_t w)
{
    cli_graph *g = b->g;
    json_object *wf = b->wfs[w], *steps = az_json_get(wf, "steps");
    size_t n = step_count(wf), start = b->first[w];
    json_object *deps = az_json_get(wf, "dependsOn");
    for (size_t i = 0;
         json_object_is_type(deps, json_type_array) && i < json_object_array_length(deps); i++) {
        const char *dep = json_object_get_string(json_object_array_get_idx(deps, i));
        long d = drawn_workflow(b, dep);
        size_t from = d >= 0 ? b->first[d] + step_count(b->wfs[d]) + 1 : outside_workflow(b, dep);
        add_edge(g, from, start, format(g, "dependsOn"), CLI_GRAPH_DASHED);
    }
    add_edge(g, start, start + 1, NULL, CLI_GRAPH_SOLID);
    for (size_t i = 0; i < n; i++) {
        json_object *step = json_object_array_get_idx(steps, i);
        size_t node = start + 1 + i;
        if (az_json_get_string(step, "workflowId"))
            add_edge(g, node, workflow_target(b, az_json_get_string(step, "workflowId")),
                     format(g, "calls"), CLI_GRAPH_DASHED);
        if (!actions_edges(b, w, node, step, true))
            add_edge(g, node, node + 1, format(g, "ok"), CLI_GRAPH_SOLID);
        if (!actions_edges(b, w, node, step, false))
            add_edge(g, node, start + n + 2, format(g, "fail"), CLI_GRAPH_SOLID);
    }
}

/* Builds the picture of the given workflows of `doc`. */
static void build(cli_graph *g, const az_arazzo_doc *doc, json_object **wfs, size_t n_wfs)
{
    builder b = {g, doc, wfs, n_wfs, calloc(n_wfs ? n_wfs : 1, sizeof(size_t))};
    g->clusters = calloc(n_wfs ? n_wfs : 1, sizeof(char *));
    if (!b.first || !g->clusters) {
        g->oom = true;
        goto out;
    }
    for (size_t w = 0; w < n_wfs; w++) {
        text t = {0};
        text_add(&t, "workflow ", 9);
        text_put(&t, az_json_get_string(wfs[w], "workflowId"), 0);
        g->clusters[g->n_clusters++] = text_take(g, &t);
        workflow_nodes(&b, w);
    }
    for (size_t w = 0; w < n_wfs; w++)
        workflow_edges(&b, w);
out:
    free(b.first);
}

/* `arazzo graph`. */
int cli_cmd_graph(const cli_command *cmd, int argc, char **argv)
{
    int i = 0, r, status = EXIT_OK;
    bool rest = false;
    const char *file = NULL, *only = NULL, *fmt = "mermaid";
    cli_arg a;
    while ((r = cli_next_arg(cmd, argc, argv, &i, &rest, &a)) > 0) {
        if (cli_is(&a, "help")) {
            cli_print_help(stdout, cmd);
            return EXIT_OK;
        } else if (cli_is(&a, "workflow")) {
            only = a.value;
        } else if (cli_is(&a, "format")) {
            fmt = a.value;
            if (strcmp(fmt, "mermaid") != 0 && strcmp(fmt, "dot") != 0)
                return cli_usage_error(cmd, "unknown format '%s' (expected mermaid or dot)", fmt);
        } else if (cli_take_file(cmd, &file, a.value) != EXIT_OK) {
            return EXIT_USAGE;
        }
    }
    if (cli_check_file(cmd, r, file, "no Arazzo document given") != EXIT_OK)
        return EXIT_USAGE;
    az_description *desc = NULL;
    cli_graph g = {0};
    json_object **wfs = NULL;
    size_t n_wfs = 0;
    if ((status = cli_load_description(file, &desc)) != EXIT_OK)
        goto out;
    const az_arazzo_doc *doc = NULL;
    if ((status = cli_pick_workflows(desc, only, &wfs, &n_wfs, &doc)) != EXIT_OK)
        goto out;
    build(&g, doc, wfs, n_wfs);
    if (g.oom) {
        fputs("arazzo: out of memory\n", stderr);
        status = EXIT_IO;
        goto out;
    }
    if (strcmp(fmt, "dot") == 0)
        cli_graph_print_dot(stdout, &g);
    else
        cli_graph_print_mermaid(stdout, &g);
out:
    cli_graph_cleanup(&g);
    free(wfs);
    az_description_free(desc);
    return status;
}
