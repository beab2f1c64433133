/* SPDX-License-Identifier: Apache-2.0 */
/*
 * expr_regex.c - `regex` criterion conditions (Arazzo 1.0.1 Criterion
 * Object, checklist 4.3, CRIT-20..22) on PCRE2.
 *
 * The dialect is unspecified in 1.0.1 (issue #515); the checklist decides
 * for an ECMA-262-like subset (CRIT-20). Patterns are compiled with
 * PCRE2_UTF (code points, not bytes), PCRE2_ALT_BSUX (ECMAScript's \uhhhh
 * and \xhh), PCRE2_DOLLAR_ENDONLY (`$` matches only at the very end, as in
 * ECMAScript without the m flag) and PCRE2_NEVER_BACKSLASH_C; \d and \w
 * stay ASCII, as in ECMAScript. A match is a search anywhere in the subject
 * (CRIT-21) and is case-sensitive unless the pattern says otherwise.
 * Matching runs under a match limit and a depth limit, so catastrophic
 * backtracking such as `(a+)+$` fails the criterion instead of hanging.
 * Subjects that are not valid UTF-8 are matched with PCRE2_MATCH_INVALID_UTF.
 */
#include "expr_criterion.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <stdlib.h>
#include <string.h>

struct az__regex {
    pcre2_code *code;
    pcre2_match_context *mctx;
};

/* Compiles a regex pattern. */
az_status az__regex_compile(const char *pattern, az_diags *diags, char **message, az__regex **out)
{
    az_status st = AZ_OK;
    int err = 0;
    PCRE2_SIZE off = 0;
    PCRE2_UCHAR msg[256];
    size_t len = strlen(pattern);
    az__regex *re = calloc(1, sizeof *re);
    *out = NULL;
    if (message)
        *message = NULL;
    if (!re)
        return AZ_ERR_NOMEM;
    re->code = pcre2_compile((PCRE2_SPTR)pattern, len,
                             PCRE2_UTF | PCRE2_ALT_BSUX | PCRE2_DOLLAR_ENDONLY |
                                 PCRE2_NEVER_BACKSLASH_C | PCRE2_MATCH_INVALID_UTF,
                             &err, &off, NULL);
    if (!re->code) {
        if (err == PCRE2_ERROR_NOMEMORY) {
            st = AZ_ERR_NOMEM;
            goto out;
        }
        st = AZ_ERR_SYNTAX;
        if (pcre2_get_error_message(err, msg, sizeof msg) < 0)
            strcpy((char *)msg, "unknown error");
        if (off > len)
            off = len;
        if (message) {
            *message = az_strdupf("invalid regex '%s' at offset %zu: %s", pattern, (size_t)off,
                                  (const char *)msg);
            if (!*message)
                st = AZ_ERR_NOMEM;
        } else {
            az__expr_scan s = {.text = pattern, .text_len = len, .end = len, .diags = diags};
            az__expr_diag(&s, AZ_SEVERITY_ERROR, "criterion-regex", off, 1, "invalid regex: %s",
                          (const char *)msg);
        }
        goto out;
    }
    re->mctx = pcre2_match_context_create(NULL);
    if (!re->mctx) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    pcre2_set_match_limit(re->mctx, AZ_CRITERION_REGEX_MATCH_LIMIT);
    pcre2_set_depth_limit(re->mctx, AZ_CRITERION_REGEX_DEPTH_LIMIT);
    *out = re;
    re = NULL;
out:
    az__regex_free(re);
    return st;
}

/* Searches a subject for the first match. */
az_status az__regex_search(const az__regex *re, const char *subject, size_t len, bool *matched,
                           char **error)
{
    PCRE2_UCHAR msg[256];
    *matched = false;
    *error = NULL;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(re->code, NULL);
    if (!md)
        return AZ_ERR_NOMEM;
    int rc = pcre2_match(re->code, (PCRE2_SPTR)subject, len, 0, 0, md, re->mctx);
    pcre2_match_data_free(md);
    if (rc >= 0) {
        *matched = true;
        return AZ_OK;
    }
    if (rc == PCRE2_ERROR_NOMATCH)
        return AZ_OK;
    if (rc == PCRE2_ERROR_NOMEMORY)
        return AZ_ERR_NOMEM;
    if (rc == PCRE2_ERROR_MATCHLIMIT)
        *error =
            az_strdupf("the regex hit its match limit (%u steps)", AZ_CRITERION_REGEX_MATCH_LIMIT);
    else if (rc == PCRE2_ERROR_DEPTHLIMIT)
        *error = az_strdupf("the regex hit its depth limit (%u)", AZ_CRITERION_REGEX_DEPTH_LIMIT);
    else {
        if (pcre2_get_error_message(rc, msg, sizeof msg) < 0)
            strcpy((char *)msg, "unknown error");
        *error = az_strdupf("the regex could not be matched: %s", (const char *)msg);
    }
    return *error ? AZ_OK : AZ_ERR_NOMEM;
}

/* Releases a regex. */
void az__regex_free(az__regex *re)
{
    if (!re)
        return;
    pcre2_code_free(re->code);
    pcre2_match_context_free(re->mctx);
    free(re);
}
