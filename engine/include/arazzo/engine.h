/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arazzo/engine.h - the Arazzo engine: validating documents (and, with
 * later releases, running their workflows).
 *
 * Ownership follows arazzo/core.h: what _new/_load return belongs to the
 * caller; everything else is borrowed.
 */
#ifndef ARAZZO_ENGINE_H
#define ARAZZO_ENGINE_H

#include <arazzo/core.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Checks one Arazzo document file and appends what is wrong to `diags`.
 * Today this covers the syntax level: the file must be readable, well-formed
 * YAML or JSON under the loader's rules (docs/loader.md), and its root must
 * be a mapping (checklist DOC-01). `opts` may be NULL for the defaults.
 * Returns AZ_OK when no error was found (warnings may have been added),
 * AZ_ERR_IO when the file could not be read, AZ_ERR_SYNTAX or AZ_ERR_LIMIT
 * for malformed input, AZ_ERR_INVALID for a well-formed but invalid
 * document, AZ_ERR_NOMEM.
 */
az_status az_validate_file(const char *path, const az_load_opts *opts, az_diags *diags);

/* Same as az_validate_file for a document in memory named `name`. */
az_status az_validate_buffer(const char *name, const char *data, size_t len,
                             const az_load_opts *opts, az_diags *diags);

#ifdef __cplusplus
}
#endif

#endif /* ARAZZO_ENGINE_H */
