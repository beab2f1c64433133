/* SPDX-License-Identifier: Apache-2.0 */
/*
 * expr_libxml.h - libxml2 as the XPath criteria see it: a table of the
 * functions they call, filled when the first XPath criterion is compiled
 * (expr_libxml.c). Every other run of arazzo never loads libxml2 (and
 * ICU behind it), which takes a good part of the start-up time.
 */
#ifndef ARAZZO_EXPR_LIBXML_H
#define ARAZZO_EXPR_LIBXML_H

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>

/* The libxml2 functions the XPath criteria use. */
typedef struct az__libxml {
    xmlXPathContextPtr (*xpath_new_context)(xmlDocPtr doc);
    void (*xpath_free_context)(xmlXPathContextPtr ctxt);
    xmlXPathCompExprPtr (*xpath_ctxt_compile)(xmlXPathContextPtr ctxt, const xmlChar *str);
    xmlXPathObjectPtr (*xpath_compiled_eval)(xmlXPathCompExprPtr comp, xmlXPathContextPtr ctx);
    int (*xpath_cast_to_boolean)(xmlXPathObjectPtr val);
    void (*xpath_free_object)(xmlXPathObjectPtr obj);
    void (*xpath_free_comp_expr)(xmlXPathCompExprPtr comp);
    xmlParserCtxtPtr (*new_parser_ctxt)(void);
    void (*free_parser_ctxt)(xmlParserCtxtPtr ctxt);
    xmlDocPtr (*ctxt_read_memory)(xmlParserCtxtPtr ctxt, const char *buffer, int size,
                                  const char *url, const char *encoding, int options);
    xmlErrorPtr (*ctxt_get_last_error)(void *ctx);
    void (*free_doc)(xmlDocPtr cur);
    /* For XML payload replacements (az_xml_replace, expr_xpath.c). */
    xmlNodePtr (*doc_get_root_element)(const xmlDoc *doc);
    void (*node_set_content)(xmlNodePtr cur, const xmlChar *content);
    xmlBufferPtr (*buffer_create)(void);
    void (*buffer_free)(xmlBufferPtr buf);
    const xmlChar *(*buffer_content)(const xmlBuffer *buf);
    int (*node_dump)(xmlBufferPtr buf, xmlDocPtr doc, xmlNodePtr cur, int level, int format);
    /* The thread's generic error handler and its context (libxml2's
     * xmlGenericError and xmlGenericErrorContext). */
    xmlGenericErrorFunc *(*generic_error)(void);
    void **(*generic_error_context)(void);
} az__libxml;

/*
 * Returns the table, loading libxml2 on first use (thread-safe), or NULL
 * when it cannot be loaded; then *error (when not NULL) receives a
 * borrowed message saying why.
 */
const az__libxml *az__libxml_get(const char **error);

#endif /* ARAZZO_EXPR_LIBXML_H */
