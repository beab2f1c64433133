/* SPDX-License-Identifier: Apache-2.0 */
/*
 * expr_xml_replace.c - payload replacements on XML payloads (checklist
 * PR-02, PR-05): the target is an XPath 1.0 expression, evaluated on the
 * parsed payload (no network, no entity substitution); the text content
 * of each selected element or attribute is replaced; the document is
 * serialized again, its XML declaration kept. libxml2 is loaded on first
 * use (expr_libxml.c).
 */
#include "expr_criterion.h"
#include "expr_libxml.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* Replaces the selected nodes' text; see expr.h. */
az_status az_xml_replace(const char *xml, size_t len, const char *xpath, const char *text,
                         char **out, char **error)
{
    const char *why_not = NULL;
    const az__libxml *lx = az__libxml_get(&why_not);
    az_status st = AZ_ERR_INVALID;
    xmlParserCtxtPtr pc = NULL;
    xmlDocPtr doc = NULL;
    xmlXPathContextPtr xc = NULL;
    xmlXPathCompExprPtr comp = NULL;
    xmlXPathObjectPtr r = NULL;
    xmlBufferPtr buf = NULL;
    *out = NULL;
    *error = NULL;
    if (!lx) {
        *error = az_strdupf("xml replacements need libxml2, which cannot be loaded: %s", why_not);
        return AZ_ERR_INVALID;
    }
    if (len > INT_MAX) {
        *error = az_strdupf("the xml payload is too large (%zu bytes)", len);
        return AZ_ERR_INVALID;
    }
    if (!(pc = lx->new_parser_ctxt()) || !(xc = lx->xpath_new_context(NULL))) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    doc = lx->ctxt_read_memory(pc, xml, (int)len, NULL, NULL,
                               XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        xmlErrorPtr e = lx->ctxt_get_last_error(pc);
        *error = az_strdupf("the payload is not well-formed xml (line %d)", e ? e->line : 0);
        goto out;
    }
    xc->doc = doc;
    xc->node = (xmlNodePtr)doc;
    if (!(comp = lx->xpath_ctxt_compile(xc, (const xmlChar *)xpath))) {
        *error = az_strdupf("replacement target '%s' is not an xpath 1.0 expression", xpath);
        goto out;
    }
    r = lx->xpath_compiled_eval(comp, xc);
    if (!r || r->type != XPATH_NODESET || !r->nodesetval || r->nodesetval->nodeNr == 0) {
        *error = az_strdupf("replacement target '%s' selects nothing in the xml payload", xpath);
        goto out;
    }
    /* xmlNodeSetContent reads entity references, so the text is escaped
     * first: "&" stays an ampersand. */
    az_buf esc = {0};
    for (const char *p = text; *p; p++) {
        if (*p == '&')
            az_buf_puts(&esc, "&amp;");
        else if (*p == '<')
            az_buf_puts(&esc, "&lt;");
        else
            az_buf_add(&esc, p, 1);
    }
    char *escaped = esc.data ? az_buf_take(&esc) : strdup("");
    if (!escaped) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    for (int i = 0; i < r->nodesetval->nodeNr; i++)
        lx->node_set_content(r->nodesetval->nodeTab[i], (const xmlChar *)escaped);
    free(escaped);
    if (!(buf = lx->buffer_create())) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    /* The declaration the payload began with, then the root element. */
    az_buf b = {0};
    if (len >= 5 && strncmp(xml, "<?xml", 5) == 0) {
        const char *end = strstr(xml, "?>");
        if (end)
            az_buf_add(&b, xml, (size_t)(end - xml) + 2);
    }
    xmlNodePtr root = lx->doc_get_root_element(doc);
    if (root && lx->node_dump(buf, doc, root, 0, 0) >= 0)
        az_buf_puts(&b, (const char *)lx->buffer_content(buf));
    if (b.failed) {
        free(b.data);
        st = AZ_ERR_NOMEM;
        goto out;
    }
    *out = b.data ? az_buf_take(&b) : strdup("");
    st = *out ? AZ_OK : AZ_ERR_NOMEM;
out:
    if (buf)
        lx->buffer_free(buf);
    if (r)
        lx->xpath_free_object(r);
    if (comp)
        lx->xpath_free_comp_expr(comp);
    if (xc)
        lx->xpath_free_context(xc);
    if (doc)
        lx->free_doc(doc);
    if (pc)
        lx->free_parser_ctxt(pc);
    return st;
}
