/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine_transport_internal.h - helpers shared by the transport files
 * (engine_transport.c, engine_transport_curl.c, engine_transport_replay.c);
 * private to the engine module.
 */
#ifndef ENGINE_TRANSPORT_INTERNAL_H
#define ENGINE_TRANSPORT_INTERNAL_H

#include "arazzo/engine.h"

/*
 * Replaces resp->error with a printf-formatted message. Returns false when
 * out of memory (resp->error is then NULL).
 */
bool az__http_set_error(az_http_response *resp, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/*
 * Appends a copy of the header `name` (name_len bytes) and `value`
 * (value_len bytes) to the array *headers of *n entries, growing it by
 * doubling *cap. Returns false when out of memory (the array unchanged).
 */
bool az__http_header_push(az_http_header **headers, size_t *n, size_t *cap, const char *name,
                          size_t name_len, const char *value, size_t value_len);

/* Frees `n` headers and their array. */
void az__http_headers_free(az_http_header *headers, size_t n);

#endif /* ENGINE_TRANSPORT_INTERNAL_H */
