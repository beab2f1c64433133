/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openapi_index.c - the operation index of an OpenAPI 3.0/3.1 or Swagger
 * 2.0 description: every Operation Object under `paths` (Path Item `$ref`s
 * followed) with its merged parameters (operation-level overriding
 * path-level by name and location), request body, responses, effective
 * security and servers; lookup by operationId and by operationPath
 * pointer (checklist STEP-03, STEP-04). Defects are kept per operation and
 * reported by az_oas_index_report; the whole-document `$ref` scan lives in
 * openapi_refscan.c and Swagger 2.0 specifics in openapi_swagger.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "openapi_index_internal.h"

/* The HTTP methods a Path Item may hold, in the order OpenAPI lists them. */
static const char *const METHODS[] = {"get",     "put",  "post",  "delete",
                                      "options", "head", "patch", "trace"};

/*
 * Moves the diagnostics of `scratch` into the index's defect list, each
 * once (the same defect met from several operations is kept once), and
 * attaches them to `op` when not NULL. Empties `scratch`. Returns the
 * index of the last defect taken, or SIZE_MAX when there was none.
 */
size_t az__oas_take_defects(az_oas_index *ix, az_oas_operation *op, az_diags **scratch)
{
    size_t n = az_diags_count(*scratch), last = SIZE_MAX;
    for (size_t i = 0; i < n; i++) {
        const az_diag *d = az_diags_get(*scratch, i);
        char key[64];
        az_buf b = {0};
        snprintf(key, sizeof(key), ":%u:%u:", d->line, d->column);
        az_buf_puts(&b, d->file ? d->file : "");
        az_buf_puts(&b, key);
        az_buf_puts(&b, d->code ? d->code : "");
        az_buf_puts(&b, d->message);
        char *k = az_buf_take(&b);
        if (!k)
            continue;
        json_object *slot = NULL;
        size_t idx;
        if (json_object_object_get_ex(ix->defect_keys, k, &slot)) {
            idx = (size_t)json_object_get_int64(slot);
        } else {
            idx = az_diags_count(ix->defects);
            if (!az_diags_add_copy(ix->defects, d, AZ_SEVERITY_ERROR)) {
                free(k);
                continue;
            }
            json_object_object_add(ix->defect_keys, k, json_object_new_int64((int64_t)idx));
        }
        free(k);
        last = idx;
        if (op)
            az__oas_op_add_defect(ix, op, idx);
    }
    if (n > 0) {
        az_diags_free(*scratch);
        *scratch = az_diags_new();
    }
    return last;
}

/* Attaches defect `idx` to an operation (once). */
void az__oas_op_add_defect(az_oas_index *ix, az_oas_operation *op, size_t idx)
{
    az_op_extra *x = &ix->extra[op - ix->ops];
    for (size_t i = 0; i < x->n_defects; i++)
        if (x->defects[i] == idx)
            return;
    if (x->n_defects == x->cap_defects) {
        size_t cap = x->cap_defects ? x->cap_defects * 2 : 2;
        size_t *grown = realloc(x->defects, cap * sizeof(*grown));
        if (!grown)
            return;
        x->defects = grown;
        x->cap_defects = cap;
    }
    x->defects[x->n_defects++] = idx;
    op->n_defects = x->n_defects;
}

/* Adds a defect located at `node` of `src` for `op` (may be NULL). */
void az__oas_defect(az_oas_index *ix, az_oas_operation *op, const az_source *src, json_object *node,
                    const char *code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    az_doc_node_diagv(az_source_doc(src), ix->scratch, AZ_SEVERITY_ERROR, code, node, fmt, ap);
    va_end(ap);
    az__oas_take_defects(ix, op, &ix->scratch);
}

/* Follows `$ref`s from a node, recording failures as defects of `op`. */
bool az__oas_follow(az_oas_index *ix, az_oas_operation *op, az_oas_node at, az_oas_node *out)
{
    az_status st = az_oas_ref_follow(ix->set, at, ix->scratch, out);
    az__oas_take_defects(ix, op, &ix->scratch);
    return st == AZ_OK;
}

/* Reads a parameter's location. */
static bool parse_in(const char *in, az_oas_param_in *out)
{
    static const struct {
        const char *name;
        az_oas_param_in in;
    } names[] = {{"path", AZ_OAS_IN_PATH},
                 {"query", AZ_OAS_IN_QUERY},
                 {"header", AZ_OAS_IN_HEADER},
                 {"cookie", AZ_OAS_IN_COOKIE}};
    for (size_t i = 0; in && i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcmp(in, names[i].name) == 0) {
            *out = names[i].in;
            return true;
        }
    }
    return false;
}

/* Adds or overrides (same name and location) one parameter of `op`. */
static void put_param(az_oas_operation *op, const az_oas_op_param *p)
{
    for (size_t i = 0; i < op->n_params; i++) {
        if (op->params[i].in == p->in && strcmp(op->params[i].name, p->name) == 0) {
            op->params[i] = *p;
            return;
        }
    }
    op->params[op->n_params++] = *p;
}

/* Reads one Parameter Object (after `$ref`) into a parameter of `op`. */
static void read_param(az_oas_index *ix, az_oas_operation *op, az_oas_node param,
                       json_object *written)
{
    az_oas_op_param p = {0};
    json_object *node = param.node;
    const char *name = az_json_get_string(node, "name");
    const char *in = az_json_get_string(node, "in");
    if (!json_object_is_type(node, json_type_object)) {
        az__oas_defect(ix, op, param.src, written, "oas-parameter-invalid",
                       "a parameter must be an object, not %s", az__oas_type_name(node));
        return;
    }
    if (!name || !in) {
        az__oas_defect(ix, op, param.src, node, "oas-parameter-invalid", "parameter without %s",
                       !name ? "a string 'name'" : "a string 'in'");
        return;
    }
    if (ix->kind == AZ_KIND_SWAGGER_2 && (strcmp(in, "body") == 0 || strcmp(in, "formData") == 0)) {
        az__oas_swagger_body_param(ix, op, param);
        return;
    }
    if (!parse_in(in, &p.in)) {
        az__oas_defect(ix, op, param.src, az_json_get(node, "in"), "oas-parameter-invalid",
                       "parameter '%s' has unknown location '%s' (path, query, header or cookie)",
                       name, in);
        return;
    }
    p.name = name;
    p.node = param;
    p.required = az_json_get_bool(node, "required", false);
    p.explode = -1;
    if (ix->kind == AZ_KIND_SWAGGER_2) {
        az__oas_swagger_param(ix, op, param, &p);
    } else {
        const char *style = az_json_get_string(node, "style");
        json_object *explode = az_json_get(node, "explode");
        if (style && az_oas_style_parse(style, &p.style) != AZ_OK)
            az__oas_defect(ix, op, param.src, az_json_get(node, "style"), "oas-parameter-invalid",
                           "parameter '%s' has unknown style '%s'", name, style);
        if (json_object_is_type(explode, json_type_boolean))
            p.explode = json_object_get_boolean(explode) ? 1 : 0;
        p.allow_reserved = az_json_get_bool(node, "allowReserved", false);
        p.schema.src = param.src;
        p.schema.node = az_json_get(node, "schema");
        json_object *content = az_json_get(node, "content");
        if (json_object_is_type(content, json_type_object)) {
            json_object_object_foreach(content, type, media)
            {
                p.content_type = type;
                p.schema.node = az_json_get(media, "schema");
                break;
            }
        }
    }
    put_param(op, &p);
}

/* Reads a `parameters` list (path level or operation level) into `op`. */
static void read_params(az_oas_index *ix, az_oas_operation *op, const az_source *src,
                        json_object *list)
{
    if (!list)
        return;
    if (!json_object_is_type(list, json_type_array)) {
        az__oas_defect(ix, op, src, list, "oas-parameter-invalid",
                       "'parameters' must be an array, not %s", az__oas_type_name(list));
        return;
    }
    size_t n = json_object_array_length(list);
    az_oas_op_param *grown = realloc(op->params, (op->n_params + n + 1) * sizeof(*grown));
    if (!grown)
        return;
    op->params = grown;
    for (size_t i = 0; i < n; i++) {
        json_object *item = json_object_array_get_idx(list, i);
        az_oas_node at = {src, item}, param;
        if (az__oas_follow(ix, op, at, &param))
            read_param(ix, op, param, item);
    }
}

/* Reads a `content` map into a new media array. */
az_oas_media *az__oas_read_content(const az_source *src, json_object *content, size_t *n_out)
{
    *n_out = 0;
    if (!json_object_is_type(content, json_type_object) || json_object_object_length(content) == 0)
        return NULL;
    az_oas_media *media = calloc((size_t)json_object_object_length(content), sizeof(*media));
    if (!media)
        return NULL;
    json_object_object_foreach(content, type, m)
    {
        az_oas_media *out = &media[(*n_out)++];
        out->type = type;
        out->schema.src = src;
        out->schema.node = az_json_get(m, "schema");
        out->encoding = az_json_get(m, "encoding");
    }
    return media;
}

/* Reads an OpenAPI 3 requestBody into `op`. */
static void read_body(az_oas_index *ix, az_oas_operation *op, const az_source *src,
                      json_object *body)
{
    az_oas_node at = {src, body}, resolved;
    if (!body || !az__oas_follow(ix, op, at, &resolved))
        return;
    op->has_body = true;
    op->body_required = az_json_get_bool(resolved.node, "required", false);
    op->body =
        az__oas_read_content(resolved.src, az_json_get(resolved.node, "content"), &op->n_body);
}

/* Reads the Responses Object into `op`. */
static void read_responses(az_oas_index *ix, az_oas_operation *op, const az_source *src,
                           json_object *responses)
{
    if (!json_object_is_type(responses, json_type_object))
        return;
    size_t n = (size_t)json_object_object_length(responses);
    if (n == 0 || !(op->responses = calloc(n, sizeof(*op->responses))))
        return;
    json_object_object_foreach(responses, status, response)
    {
        if (strncmp(status, "x-", 2) == 0)
            continue;
        az_oas_node at = {src, response}, resolved;
        if (!az__oas_follow(ix, op, at, &resolved))
            continue;
        az_oas_response *r = &op->responses[op->n_responses++];
        r->status = status;
        r->node = resolved;
        if (ix->kind == AZ_KIND_SWAGGER_2)
            r->content = az__oas_swagger_response_content(ix, op, resolved, &r->n_content);
        else
            r->content = az__oas_read_content(resolved.src, az_json_get(resolved.node, "content"),
                                              &r->n_content);
    }
}

/* Keeps a server array for freeing with the index; returns it. */
static az_oas_server *keep_servers(az_oas_index *ix, az_oas_server *servers, size_t n)
{
    if (!servers)
        return NULL;
    if (ix->n_server_lists == ix->cap_server_lists) {
        size_t cap = ix->cap_server_lists ? ix->cap_server_lists * 2 : 8;
        az_server_list *grown = realloc(ix->server_lists, cap * sizeof(*grown));
        if (!grown) {
            az__oas_servers_free(servers, n);
            return NULL;
        }
        ix->server_lists = grown;
        ix->cap_server_lists = cap;
    }
    ix->server_lists[ix->n_server_lists].servers = servers;
    ix->server_lists[ix->n_server_lists].n = n;
    ix->n_server_lists++;
    return servers;
}

/* Reads a `servers` list written at `src` into a kept array. */
static void read_servers(az_oas_index *ix, const az_source *src, json_object *list,
                         az_oas_server **out, size_t *n_out)
{
    *out = NULL;
    *n_out = 0;
    if (!list || ix->kind == AZ_KIND_SWAGGER_2)
        return;
    if (az__oas_servers_read(src, list, out, n_out) == AZ_OK)
        *out = keep_servers(ix, *out, *n_out);
    if (!*out)
        *n_out = 0;
}

/* Returns a new slot for an operation (the array grows), or NULL. */
static az_oas_operation *new_operation(az_oas_index *ix)
{
    if (ix->n_ops == ix->cap_ops) {
        size_t cap = ix->cap_ops ? ix->cap_ops * 2 : 64;
        az_oas_operation *ops = realloc(ix->ops, cap * sizeof(*ops));
        if (!ops)
            return NULL;
        ix->ops = ops;
        az_op_extra *extra = realloc(ix->extra, cap * sizeof(*extra));
        if (!extra)
            return NULL;
        ix->extra = extra;
        ix->cap_ops = cap;
    }
    az_oas_operation *op = &ix->ops[ix->n_ops];
    memset(op, 0, sizeof(*op));
    memset(&ix->extra[ix->n_ops], 0, sizeof(ix->extra[0]));
    ix->n_ops++;
    return op;
}

/* Remembers a defect of a Path Item as such: it hides every operation of
 * its path, so it is an error whenever all operations matter. */
static void keep_path_defect(az_oas_index *ix, size_t idx)
{
    if (idx == SIZE_MAX)
        return;
    size_t *grown = realloc(ix->path_defects, (ix->n_path_defects + 1) * sizeof(*grown));
    if (!grown)
        return;
    ix->path_defects = grown;
    ix->path_defects[ix->n_path_defects++] = idx;
}

/* Indexes the operations of one Path Item. */
static void index_path_item(az_oas_index *ix, const char *path, json_object *written)
{
    az_oas_node at = {ix->src, written}, item;
    az_diags *scratch = ix->scratch;
    az_status st = az_oas_ref_follow(ix->set, at, scratch, &item);
    if (st != AZ_OK) {
        keep_path_defect(ix, az__oas_take_defects(ix, NULL, &ix->scratch));
        return;
    }
    if (!json_object_is_type(item.node, json_type_object)) {
        az__oas_defect(ix, NULL, item.src, item.node, "oas-path-item-invalid",
                       "path item '%s' must be an object, not %s", path,
                       az__oas_type_name(item.node));
        keep_path_defect(ix, az_diags_count(ix->defects) - 1);
        return;
    }
    az_oas_server *path_servers;
    size_t n_path_servers;
    read_servers(ix, item.src, az_json_get(item.node, "servers"), &path_servers, &n_path_servers);
    for (size_t m = 0; m < sizeof(METHODS) / sizeof(METHODS[0]); m++) {
        json_object *node = az_json_get(item.node, METHODS[m]);
        if (!node)
            continue;
        az_oas_operation *op = new_operation(ix);
        if (!op)
            return;
        op->src = ix->src;
        op->method = METHODS[m];
        op->path = path;
        char *item_ptr = az_pointer_append("/paths", path, strlen(path));
        op->pointer = item_ptr ? az_pointer_append(item_ptr, METHODS[m], strlen(METHODS[m])) : NULL;
        free(item_ptr);
        op->node.src = item.src;
        op->node.node = node;
        if (!json_object_is_type(node, json_type_object)) {
            az__oas_defect(ix, op, item.src, node, "oas-operation-invalid",
                           "operation %s %s must be an object, not %s", METHODS[m], path,
                           az__oas_type_name(node));
            continue;
        }
        op->operation_id = az_json_get_string(node, "operationId");
        op->summary = az_json_get_string(node, "summary");
        op->deprecated = az_json_get_bool(node, "deprecated", false);
        read_params(ix, op, item.src, az_json_get(item.node, "parameters"));
        read_params(ix, op, item.src, az_json_get(node, "parameters"));
        if (ix->kind == AZ_KIND_SWAGGER_2)
            az__oas_swagger_finish_body(ix, op);
        else
            read_body(ix, op, item.src, az_json_get(node, "requestBody"));
        read_responses(ix, op, item.src, az_json_get(node, "responses"));
        json_object *security = az_json_get(node, "security");
        op->security = security ? security : az_json_get(az_source_root(ix->src), "security");
        read_servers(ix, item.src, az_json_get(node, "servers"), &op->servers, &op->n_servers);
        if (!op->servers) {
            op->servers = n_path_servers ? path_servers : ix->root_servers;
            op->n_servers = n_path_servers ? n_path_servers : ix->n_root_servers;
        }
    }
}

/* Flags every repeated operationId on both operations. */
static void check_duplicate_ids(az_oas_index *ix)
{
    for (size_t i = 0; i < ix->n_ops; i++) {
        az_oas_operation *op = &ix->ops[i];
        if (!op->operation_id)
            continue;
        json_object *slot;
        if (!json_object_object_get_ex(ix->ids, op->operation_id, &slot)) {
            json_object_object_add(ix->ids, op->operation_id, json_object_new_int64((int64_t)i));
            continue;
        }
        az_oas_operation *first = &ix->ops[json_object_get_int64(slot)];
        json_object *id_node = az_json_get(op->node.node, "operationId");
        json_object *first_node = az_json_get(first->node.node, "operationId");
        az_pos pos = {az_source_name(op->node.src), 0, 0}, first_pos = {NULL, 0, 0};
        az_doc_node_pos(az_source_doc(op->node.src), id_node, &pos);
        az_doc_node_pos(az_source_doc(first->node.src), first_node, &first_pos);
        first_pos.file = az_source_name(first->node.src);
        az_diag *d =
            az_diags_add(ix->scratch, AZ_SEVERITY_ERROR, "oas-operation-id-duplicate", &pos,
                         "operationId '%s' is used by %s %s and by %s %s", op->operation_id,
                         first->method, first->path, op->method, op->path);
        size_t len = 0, first_len = 0;
        const char *line = az_doc_line_text(az_source_doc(op->node.src), pos.line, &len);
        const char *first_line =
            az_doc_line_text(az_source_doc(first->node.src), first_pos.line, &first_len);
        if (d && line)
            az_diag_set_source_line(d, line, len);
        if (d)
            az_diag_set_related(d, &first_pos, "first used here", first_line, first_len);
        size_t before = az_diags_count(ix->defects);
        az__oas_take_defects(ix, op, &ix->scratch);
        if (az_diags_count(ix->defects) > before)
            az__oas_op_add_defect(ix, first, before);
    }
}

/* Builds the index; see openapi.h. */
az_status az_oas_index_build(az_docset *set, const az_source *src, az_diags *diags,
                             az_oas_index **out)
{
    az_status st = AZ_ERR_NOMEM;
    *out = NULL;
    az_doc_kind kind = az_source_kind(src);
    if (kind != AZ_KIND_OPENAPI_3_0 && kind != AZ_KIND_OPENAPI_3_1 && kind != AZ_KIND_SWAGGER_2) {
        az_pos pos = {az_source_name(src), 1, 1};
        az_doc_diag(az_source_doc(src), diags, AZ_SEVERITY_ERROR, "oas-not-a-description", &pos,
                    "%s is not an OpenAPI 3.0/3.1 or Swagger 2.0 description (it is %s)",
                    az_source_name(src),
                    kind == AZ_KIND_ARAZZO ? "an Arazzo document"
                                           : "missing a supported 'openapi' or 'swagger' version");
        return AZ_ERR_INVALID;
    }
    az_oas_index *ix = calloc(1, sizeof(*ix));
    if (!ix)
        return AZ_ERR_NOMEM;
    ix->set = set;
    ix->src = src;
    ix->kind = kind;
    ix->first_doc = az_docset_count(set) - 1;
    ix->defects = az_diags_new();
    ix->scratch = az_diags_new();
    ix->defect_keys = json_object_new_object();
    ix->ids = json_object_new_object();
    ix->owned = json_object_new_array();
    if (!ix->defects || !ix->scratch || !ix->defect_keys || !ix->ids || !ix->owned)
        goto fail;
    for (size_t i = 0; i < az_docset_count(set); i++)
        if (az_docset_get(set, i) == src)
            ix->first_doc = i;

    json_object *root = az_source_root(src);
    az_oas_server *servers = NULL;
    size_t n_servers = 0;
    if (kind == AZ_KIND_SWAGGER_2)
        st = az__oas_servers_swagger(src, &servers, &n_servers);
    else
        st = az__oas_servers_read(src, az_json_get(root, "servers"), &servers, &n_servers);
    if (st == AZ_OK && !servers)
        st = az__oas_servers_default(src, &servers, &n_servers);
    if (st != AZ_OK)
        goto fail;
    ix->root_servers = keep_servers(ix, servers, n_servers);
    ix->n_root_servers = ix->root_servers ? n_servers : 0;

    json_object *paths = az_json_get(root, "paths");
    if (paths && !json_object_is_type(paths, json_type_object)) {
        az__oas_defect(ix, NULL, src, paths, "oas-paths-invalid",
                       "'paths' must be an object, not %s", az__oas_type_name(paths));
    } else if (paths) {
        json_object_object_foreach(paths, path, item)
        {
            if (strncmp(path, "x-", 2) != 0)
                index_path_item(ix, path, item);
        }
    }
    check_duplicate_ids(ix);
    az__oas_scan_refs(ix);
    *out = ix;
    return AZ_OK;
fail:
    az_oas_index_free(ix);
    return AZ_ERR_NOMEM;
}

/* Releases the index; see openapi.h. */
void az_oas_index_free(az_oas_index *ix)
{
    if (!ix)
        return;
    for (size_t i = 0; i < ix->n_ops; i++) {
        az_oas_operation *op = &ix->ops[i];
        free(op->pointer);
        free(op->params);
        free(op->body);
        for (size_t r = 0; r < op->n_responses; r++)
            free(op->responses[r].content);
        free(op->responses);
        free(ix->extra[i].defects);
    }
    for (size_t i = 0; i < ix->n_server_lists; i++)
        az__oas_servers_free(ix->server_lists[i].servers, ix->server_lists[i].n);
    free(ix->server_lists);
    free(ix->path_defects);
    free(ix->ops);
    free(ix->extra);
    az_diags_free(ix->defects);
    az_diags_free(ix->scratch);
    json_object_put(ix->defect_keys);
    json_object_put(ix->ids);
    json_object_put(ix->owned);
    free(ix);
}

/* Accessors; see openapi.h. */
const az_source *az_oas_index_source(const az_oas_index *ix)
{
    return ix->src;
}

/* Counts the operations. */
size_t az_oas_index_count(const az_oas_index *ix)
{
    return ix->n_ops;
}

/* Returns the i-th operation. */
const az_oas_operation *az_oas_index_get(const az_oas_index *ix, size_t i)
{
    return i < ix->n_ops ? &ix->ops[i] : NULL;
}

/* Finds an operation by operationId; see openapi.h. */
const az_oas_operation *az_oas_index_find_id(const az_oas_index *ix, const char *operation_id)
{
    json_object *slot;
    if (!operation_id || !json_object_object_get_ex(ix->ids, operation_id, &slot))
        return NULL;
    return &ix->ops[json_object_get_int64(slot)];
}

/* Tells whether a token is one of the HTTP methods of a Path Item. */
static bool is_method(const char *s)
{
    for (size_t m = 0; m < sizeof(METHODS) / sizeof(METHODS[0]); m++)
        if (strcmp(s, METHODS[m]) == 0)
            return true;
    return false;
}

/* Decodes one JSON Pointer token (~1 then ~0) into a new string. */
static char *pointer_token(const char *s, size_t len)
{
    az_buf b = {0};
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '~' && i + 1 < len && (s[i + 1] == '0' || s[i + 1] == '1')) {
            az_buf_add(&b, s[i + 1] == '0' ? "~" : "/", 1);
            i++;
        } else {
            az_buf_add(&b, s + i, 1);
        }
    }
    char *out = az_buf_take(&b);
    return out ? out : strdup("");
}

/* Finds an operation by operationPath pointer; see openapi.h. */
az_status az_oas_index_find_pointer(const az_oas_index *ix, const char *fragment,
                                    const az_oas_operation **out, char **error)
{
    az_status st = AZ_ERR_INVALID;
    char *path = NULL, *method = NULL;
    *out = NULL;
    if (fragment[0] == '#')
        fragment++;
    /* STEP-04: the fragment may be percent-encoded; raw braces are fine. */
    char *pointer = az_percent_decode(fragment, strlen(fragment), NULL);
    if (!pointer)
        return AZ_ERR_NOMEM;
    const char *p = pointer;
    if (strncmp(p, "/paths/", 7) != 0) {
        az__oas_set_error(
            error, "'%s' does not point at an Operation Object (expected /paths/<path>/<method>)",
            pointer);
        goto out;
    }
    p += 7;
    size_t len = strcspn(p, "/");
    if (p[len] != '/' || strchr(p + len + 1, '/') != NULL) {
        az__oas_set_error(
            error, "'%s' does not point at an Operation Object (expected /paths/<path>/<method>)",
            pointer);
        goto out;
    }
    path = pointer_token(p, len);
    method = pointer_token(p + len + 1, strlen(p + len + 1));
    if (!path || !method) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    if (!is_method(method)) {
        az__oas_set_error(
            error,
            "'%s' does not point at an Operation Object: '%s' is not an HTTP method of a path item",
            pointer, method);
        goto out;
    }
    bool path_found = false;
    for (size_t i = 0; i < ix->n_ops; i++) {
        if (strcmp(ix->ops[i].path, path) != 0)
            continue;
        path_found = true;
        if (strcmp(ix->ops[i].method, method) == 0) {
            *out = &ix->ops[i];
            st = AZ_OK;
            goto out;
        }
    }
    st = AZ_ERR_NOT_FOUND;
    if (path_found)
        az__oas_set_error(error, "path '%s' has no '%s' operation", path, method);
    else
        az__oas_set_error(error, "%s has no path '%s'", az_source_name(ix->src), path);
out:
    free(pointer);
    free(path);
    free(method);
    return st;
}

/* The closest operationId; see openapi.h. */
const char *az_oas_index_suggest(const az_oas_index *ix, const char *name)
{
    const char *best = NULL;
    size_t best_d = strlen(name) / 3 + 1;
    for (size_t i = 0; i < ix->n_ops; i++) {
        const char *id = ix->ops[i].operation_id;
        if (!id)
            continue;
        size_t d = strcasecmp(id, name) == 0 ? 0 : az_edit_distance(id, name);
        if (d <= best_d && (!best || d < best_d)) {
            best = id;
            best_d = d;
        }
    }
    return best;
}

/* Appends the findings; see openapi.h. */
size_t az_oas_index_report(const az_oas_index *ix, const az_oas_operation *const *used,
                           size_t n_used, az_diags *diags)
{
    size_t n = az_diags_count(ix->defects), errors = 0;
    bool *is_error = calloc(n ? n : 1, sizeof(bool));
    if (!is_error)
        return 0;
    for (size_t i = 0; i < (used ? n_used : ix->n_ops); i++) {
        const az_oas_operation *op = used ? used[i] : &ix->ops[i];
        if (!op || op < ix->ops || op >= ix->ops + ix->n_ops)
            continue;
        const az_op_extra *x = &ix->extra[op - ix->ops];
        for (size_t d = 0; d < x->n_defects; d++)
            is_error[x->defects[d]] = true;
    }
    for (size_t i = 0; !used && i < ix->n_path_defects; i++)
        is_error[ix->path_defects[i]] = true;
    size_t from = az_diags_count(diags);
    for (size_t i = 0; i < n; i++) {
        az_severity sev = is_error[i] ? AZ_SEVERITY_ERROR : AZ_SEVERITY_WARNING;
        if (az_diags_add_copy(diags, az_diags_get(ix->defects, i), sev) && is_error[i])
            errors++;
    }
    az_diags_sort(diags, from); /* in source order, not in the order of the walk */
    free(is_error);
    return errors;
}
