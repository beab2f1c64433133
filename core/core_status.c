/* SPDX-License-Identifier: Apache-2.0 */
/*
 * core_status.c - names and descriptions of the az_status codes and of the
 * diagnostic severities, and the library version.
 */
#include "arazzo/core.h"

/* Returns the library's version string. */
const char *az_version(void)
{
    return AZ_VERSION_STRING;
}

/* Returns the C name of a status constant. */
const char *az_status_name(az_status status)
{
    switch (status) {
    case AZ_OK: return "AZ_OK";
    case AZ_ERR_NOMEM: return "AZ_ERR_NOMEM";
    case AZ_ERR_IO: return "AZ_ERR_IO";
    case AZ_ERR_SYNTAX: return "AZ_ERR_SYNTAX";
    case AZ_ERR_LIMIT: return "AZ_ERR_LIMIT";
    case AZ_ERR_INVALID: return "AZ_ERR_INVALID";
    case AZ_ERR_NOT_FOUND: return "AZ_ERR_NOT_FOUND";
    }
    return "AZ_ERR_UNKNOWN";
}

/* Returns a short lowercase description of a status. */
const char *az_status_str(az_status status)
{
    switch (status) {
    case AZ_OK: return "success";
    case AZ_ERR_NOMEM: return "out of memory";
    case AZ_ERR_IO: return "input/output error";
    case AZ_ERR_SYNTAX: return "syntax error";
    case AZ_ERR_LIMIT: return "limit exceeded";
    case AZ_ERR_INVALID: return "invalid input";
    case AZ_ERR_NOT_FOUND: return "not found";
    }
    return "unknown status";
}

/* Returns the word a severity is rendered with. */
const char *az_severity_name(az_severity severity)
{
    switch (severity) {
    case AZ_SEVERITY_ERROR: return "error";
    case AZ_SEVERITY_WARNING: return "warning";
    case AZ_SEVERITY_NOTE: return "note";
    }
    return "error";
}
