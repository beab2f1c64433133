/* SPDX-License-Identifier: Apache-2.0 */
/*
 * openapi_match.c - which part of an operation's description an HTTP
 * response answers to: the Response Object of a status code (exact code,
 * then its "4XX" range, then "default") and the Media Type Object of a
 * Content-Type (exact type, then "type/" + star, then star/star), as
 * OpenAPI 3.1 sections 4.8.16 and 4.8.14 order them. Contract checks of
 * `arazzo run` are built on these.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "openapi_internal.h"

/* The response for a status code; see openapi.h. */
const az_oas_response *az_oas_response_for_status(const az_oas_operation *op, long status)
{
    char code[8], range[4];
    const az_oas_response *by_range = NULL, *by_default = NULL;
    if (!op || status < 100 || status > 999)
        return NULL;
    snprintf(code, sizeof code, "%ld", status);
    snprintf(range, sizeof range, "%ldXX", status / 100);
    for (size_t i = 0; i < op->n_responses; i++) {
        const char *key = op->responses[i].status;
        if (!key)
            continue;
        if (strcmp(key, code) == 0)
            return &op->responses[i];
        if (!by_range && strcasecmp(key, range) == 0)
            by_range = &op->responses[i];
        if (!by_default && strcmp(key, "default") == 0)
            by_default = &op->responses[i];
    }
    return by_range ? by_range : by_default;
}

/* The length of a media type without its parameters and trailing blanks. */
static size_t essence_len(const char *type)
{
    size_t len = strcspn(type, ";");
    while (len > 0 && (type[len - 1] == ' ' || type[len - 1] == '\t'))
        len--;
    return len;
}

/* The media type entry for a Content-Type; see openapi.h. */
const az_oas_media *az_oas_media_for_type(const az_oas_media *content, size_t n,
                                          const char *content_type)
{
    if (!content_type)
        return NULL;
    while (*content_type == ' ' || *content_type == '\t')
        content_type++;
    size_t len = essence_len(content_type);
    const char *slash = memchr(content_type, '/', len);
    size_t type_len = slash ? (size_t)(slash - content_type) : len;
    const az_oas_media *by_type = NULL, *any = NULL;
    for (size_t i = 0; i < n; i++) {
        const char *key = content[i].type;
        if (!key)
            continue;
        size_t key_len = essence_len(key);
        if (key_len == len && strncasecmp(key, content_type, len) == 0)
            return &content[i];
        if (!by_type && slash && key_len == type_len + 2 &&
            strncasecmp(key, content_type, type_len) == 0 && strncmp(key + type_len, "/*", 2) == 0)
            by_type = &content[i];
        if (!any && key_len == 3 && strncmp(key, "*/*", 3) == 0)
            any = &content[i];
    }
    return by_type ? by_type : any;
}

/* Tells whether a media type names JSON; see openapi.h. */
bool az_oas_media_is_json(const char *media_type)
{
    if (!media_type)
        return false;
    while (*media_type == ' ' || *media_type == '\t')
        media_type++;
    size_t len = essence_len(media_type);
    if ((len == 16 && strncasecmp(media_type, "application/json", 16) == 0) ||
        (len == 9 && strncasecmp(media_type, "text/json", 9) == 0))
        return true;
    return len > 5 && strncasecmp(media_type + len - 5, "+json", 5) == 0;
}
