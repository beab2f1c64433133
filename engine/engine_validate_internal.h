/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_validate_internal.h - what the files of the Arazzo validator
 * share (engine_validate*.c): the validation context with the JSON Pointer
 * of the node being checked, the diagnostic helpers that place a finding
 * at that node's file:line:col, the field tables of the objects of
 * checklist section 2, and the entry points of each file.
 */
#ifndef ENGINE_VALIDATE_INTERNAL_H
#define ENGINE_VALIDATE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <arazzo/core.h>
#include <arazzo/engine.h>
#include <arazzo/expr.h>

/* The JSON types a field accepts (a bit set). */
enum {
    AZ__T_STRING = 1u << 0,
    AZ__T_NUMBER = 1u << 1, /* integers included */
    AZ__T_INTEGER = 1u << 2,
    AZ__T_BOOL = 1u << 3,
    AZ__T_OBJECT = 1u << 4,
    AZ__T_ARRAY = 1u << 5,
    AZ__T_NULL = 1u << 6,
    AZ__T_ANY = 0x7fu
};

/* One field of an object of checklist section 2. */
typedef struct az__field {
    const char *name;
    unsigned types;
    bool required;
} az__field;

/* An object kind: its name in messages, its fields, whether `x-` fields
 * are allowed (DOC-10). */
typedef struct az__object_kind {
    const char *what; /* "a step" */
    const az__field *fields;
    bool extensible;
} az__object_kind;

extern const az__object_kind az__k_root, az__k_info, az__k_source, az__k_workflow, az__k_step,
    az__k_parameter, az__k_success_action, az__k_failure_action, az__k_components, az__k_reusable,
    az__k_criterion, az__k_criterion_type, az__k_request_body, az__k_replacement;

/* The operations the workflows use, per OpenAPI index (for the report). */
typedef struct az__used_ops {
    const az_oas_index *index;
    const az_source_desc *source; /* the first source naming it */
    const az_arazzo_doc *doc;     /* the document of that source */
    const az_oas_operation **ops;
    size_t n, cap;
} az__used_ops;

/* One `dependsOn` edge, for the cycle check (WF-05, XREF-08). */
typedef struct az__dep_edge {
    const az_arazzo_doc *doc; /* where the entry is written */
    json_object *from, *to;   /* Workflow Objects */
    char *pointer;            /* of the dependsOn entry */
} az__dep_edge;

/* Where an expression is written, for the reference checks. */
typedef enum az__expr_role {
    AZ__ROLE_OTHER = 0,
    AZ__ROLE_REQUEST,     /* a parameter value or request body: before the call */
    AZ__ROLE_STEP_OUTPUT, /* a step's outputs or criteria: after the call */
    AZ__ROLE_WF_OUTPUT,   /* a workflow's outputs */
    AZ__ROLE_COMPONENT    /* inside components: no workflow known */
} az__expr_role;

/* The state of one validation. */
typedef struct az__vctx {
    const az_description *desc;
    const az_validate_opts *opts;
    az_diags *diags;
    size_t n_errors;
    bool nomem;

    /* The document being validated. */
    const az_arazzo_doc *doc;
    const az_doc *ydoc;
    json_object *root;
    /* JSON Pointer of the node being checked (NUL-terminated). */
    az_buf path;

    /* The workflow and step being checked (NULL / -1 outside). */
    json_object *wf;
    json_object *steps; /* its steps array, when an array */
    long step_index;
    json_object *step;
    az__expr_role role;

    az__used_ops *used;
    size_t n_used, cap_used;
    az__dep_edge *edges;
    size_t n_edges, cap_edges;
} az__vctx;

/* ---- engine_validate.c: context, diagnostics, generic checks ---------- */

/* Appends "/token" (escaped) to the current pointer; returns the mark to pop to. */
size_t az__vpush(az__vctx *c, const char *token);
/* Appends "/<index>". */
size_t az__vpush_index(az__vctx *c, size_t index);
/* Returns to a mark taken by az__vpush. */
void az__vpop(az__vctx *c, size_t mark);

/*
 * Appends a diagnostic at the node of the current pointer: its key when
 * `at_key` (and the node has one), else its value. A warning becomes an
 * error with opts->strict. Returns the diagnostic (NULL when out of memory).
 */
az_diag *az__vdiag(az__vctx *c, az_severity sev, const char *code, bool at_key, const char *fmt,
                   ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* Gives `d` a related position: the node at `pointer` (its key when at_key). */
void az__vrelated(az__vctx *c, az_diag *d, const char *pointer, bool at_key, const char *message);

/* Copies diagnostics positioned inside `text` (the string at the current
 * pointer: an expression, template or condition) into the document. */
void az__vmap_diags(az__vctx *c, const az_diags *scratch, const char *text);

/* Returns a member (borrowed; NULL when absent or null); *present tells
 * whether the member exists. */
json_object *az__member(json_object *obj, const char *key, bool *present);
/* Names a JSON type for messages ("a string", "an array"...). */
const char *az__type_name(json_object *v);

/*
 * Checks the node at the current pointer as an object of `kind`: that it
 * is an object, that required fields exist, that each field has one of
 * its types, and that there is no unknown field (DOC-10, DOC-11, REU-04).
 * Returns false when the node is not an object (nothing else to check).
 */
bool az__vcheck_object(az__vctx *c, json_object *obj, const az__object_kind *kind);

/* Checks a name against ^[A-Za-z0-9_\-]+$ (dots allowed with `dots`). */
bool az__name_ok(const char *s, bool dots);

/* Suggests the closest of `n` candidates to `name`, or NULL. */
const char *az__suggest(const char *name, const char *const *candidates, size_t n);

/* Reports, at the current node, that `key` names no component of
 * `map` (components.<kind>), with the closest name as a suggestion. */
void az__vunknown_component(az__vctx *c, json_object *map, const char *kind, const char *key);

/* Records an operation a step uses (for az_oas_index_report). */
void az__vuse_operation(az__vctx *c, const az_source_desc *source, const az_oas_operation *op);
/* Records a dependsOn edge. */
void az__vadd_edge(az__vctx *c, json_object *from, json_object *to);

/* Tells whether a source named by a reference did not load (its problem is
 * already reported; the reference cannot be checked). */
bool az__source_unusable(const az_arazzo_doc *doc, const char *name);
/* Tells whether some non-arazzo source of the document did not load. */
bool az__some_source_unusable(const az_arazzo_doc *doc);

/* ---- engine_validate_workflow.c ---------------------------------------- */

/* Validates `workflows` and `components` of the current document. */
void az__validate_workflows(az__vctx *c);
void az__validate_components(az__vctx *c);

/* ---- engine_validate_criteria.c ---------------------------------------- */

/* Validates a list of Criterion Objects at the current pointer. */
void az__validate_criteria(az__vctx *c, json_object *list, bool non_empty);

/* ---- engine_validate_expr.c -------------------------------------------- */

/* A `{expression}` field: the string at the current pointer must be one
 * runtime expression (or, with allow_template, may embed `{$...}`). */
void az__vexpr_field(az__vctx *c, json_object *v, bool allow_template);
/* An `any` field (parameter value, payload, replacement value): strings
 * that are runtime expressions or hold `{$...}` are compiled (EXPR-44),
 * objects and arrays walked (EXPR-45). */
void az__vexpr_any(az__vctx *c, json_object *v);
/* A simple condition's expressions checked for references (XREF-05/06). */
void az__vexpr_condition_refs(az__vctx *c, const char *condition);
/* Checks the references of a compiled expression (XREF-04/05/06, EXPR-14,
 * EXPR-17). */
void az__vexpr_refs(az__vctx *c, const az_expr *e);

/* The outputs object of a step of the current workflow by stepId, and the
 * index of the step (-1 when none). */
long az__step_find(az__vctx *c, const char *step_id, json_object **step);

#endif /* ENGINE_VALIDATE_INTERNAL_H */
