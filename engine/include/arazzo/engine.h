/* SPDX-License-Identifier: Apache-2.0 */
/*
 * arazzo/engine.h - the Arazzo engine: validating Arazzo Descriptions
 * (checklist sections 1, 2 and the static rules of 3; docs/validation.md).
 *
 * Ownership follows arazzo/core.h: what _new/_load return belongs to the
 * caller; everything else is borrowed. Validation never prints: every
 * finding is appended to the caller's az_diags list.
 */
#ifndef ARAZZO_ENGINE_H
#define ARAZZO_ENGINE_H

#include <stdbool.h>

#include <arazzo/core.h>
#include <arazzo/description.h>

#ifdef __cplusplus
extern "C" {
#endif

/* How a description is validated; az_validate_opts_init gives the defaults. */
typedef struct az_validate_opts {
    /* SHOULD-level findings (warnings) become errors. */
    bool strict;
    /* How az_validate_file / az_validate_buffer load the description (the
     * loader limits, network access, the URL map). */
    az_description_opts load;
} az_validate_opts;

/* Fills the defaults: not strict, az_description_opts_init's loading. */
void az_validate_opts_init(az_validate_opts *opts);

/*
 * Validates every Arazzo document of a loaded description (the entry and
 * its arazzo sources) against checklist section 2 and the static rules of
 * section 3: required fields and types, unknown fields, ids and names,
 * references to operations, workflows, steps, components and sources
 * (with "did you mean" hints), every runtime expression, template and
 * criterion compiled, dependsOn cycles, and the defects of the OpenAPI
 * sources in the operations the workflows use. Appends the diagnostics to
 * `diags`, each at the file:line:col of the value (or key) at fault.
 * `opts` may be NULL for the defaults. Returns AZ_OK when no error was
 * added (warnings and notes may have been), AZ_ERR_INVALID otherwise, or
 * AZ_ERR_NOMEM. Problems az_description_load already reported (sources
 * that did not load or are of the wrong kind) are not repeated, but they
 * do not count as errors here: the caller sees them in its own list.
 */
az_status az_validate_description(const az_description *desc, const az_validate_opts *opts,
                                  az_diags *diags);

/*
 * Loads the Arazzo document at `path` with every source it names
 * (az_description_load) and validates it (az_validate_description).
 * `opts` may be NULL for the defaults. Returns AZ_OK when no error was
 * found (warnings may have been added), AZ_ERR_IO when the file could not
 * be read or a source it names could not be read or downloaded
 * (source-unreadable, source-limit; as `arazzo operations` does),
 * AZ_ERR_SYNTAX or AZ_ERR_LIMIT for malformed input, AZ_ERR_INVALID for a
 * well-formed but invalid document, AZ_ERR_NOMEM.
 */
az_status az_validate_file(const char *path, const az_validate_opts *opts, az_diags *diags);

/* Same as az_validate_file for a document in memory named `name`; its
 * relative sources resolve against the current directory. */
az_status az_validate_buffer(const char *name, const char *data, size_t len,
                             const az_validate_opts *opts, az_diags *diags);

#ifdef __cplusplus
}
#endif

#endif /* ARAZZO_ENGINE_H */
