/* SPDX-License-Identifier: Apache-2.0 */
/*
 * expr_xpath.c - `xpath` criterion conditions (Arazzo 1.0.1 Criterion
 * Object and Criterion Expression Type Object, checklist 4.5, CRIT-40..42)
 * on libxml2, which implements XPath 1.0 (W3C REC-xpath-19991116) only.
 *
 * Versions (CRIT-40, OPEN-25): `xpath-10` is supported fully. For the
 * default XPath 3.1 and for `xpath-20` / `xpath-30`, an expression that
 * compiles as XPath 1.0 is evaluated with XPath 1.0 semantics and a
 * criterion-xpath-subset warning; one that does not compile is rejected as
 * criterion-unsupported. No namespace prefixes are registered: match
 * namespaced elements with local-name().
 *
 * The pass rule is the effective boolean value of the result (CRIT-41):
 * true, a non-zero number, a non-empty string or a non-empty node-set.
 * The context must be an XML document (CRIT-42), parsed without network
 * access, without external DTDs and without entity substitution
 * (XML_PARSE_NOENT off), errors silenced and kept on the parser and XPath
 * contexts. A few XPath evaluation errors (an unknown function) are printed
 * by libxml2 through its generic error handler, so that thread-local
 * handler is swapped for a silent one around each compile and evaluation
 * and then restored. Evaluation runs under an operation limit. libxml2 is
 * loaded when the first XPath criterion is compiled (expr_libxml.c).
 *
 * Payload replacements on XML payloads (checklist PR-02, PR-05) share the
 * parsing, the silenced errors and the operation limit: the target is an
 * XPath 1.0 expression, the text content of each selected element or
 * attribute is replaced, and the document is serialized again, its XML
 * declaration kept.
 */
#include "expr_criterion.h"
#include "expr_libxml.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* The most XPath operations one evaluation may run. */
#define XPATH_OP_LIMIT 5000000ul

struct az__xpath {
    xmlXPathCompExprPtr comp;
};

/* The first error reported by libxml2 during one compile or evaluation. */
typedef struct capture {
    bool set;
    int offset;
    char message[256];
} capture;

/*
 * The messages of libxml2's XPath error codes (xmlXPathError order), which
 * its XPath errors do not carry when a context error handler is set.
 */
static const char *const xpath_messages[] = {
    "ok",
    "invalid number",
    "unfinished literal",
    "expected a literal",
    "expected '$' for a variable reference",
    "undefined variable",
    "invalid predicate",
    "invalid expression",
    "missing closing curly brace",
    "unknown function",
    "invalid operand",
    "invalid type",
    "invalid number of arguments",
    "invalid context size",
    "invalid context position",
    "out of memory",
    "syntax error",
    "resource error",
    "sub-resource error",
    "undefined namespace prefix (no prefixes are registered; use local-name())",
    "encoding error",
    "character out of the xml range",
    "invalid or incomplete context",
    "stack usage error",
    "forbidden variable",
    "operation limit exceeded",
    "recursion limit exceeded",
};

/* Records the first libxml2 error (an xmlStructuredErrorFunc). */
static void on_error(void *user, xmlErrorPtr e)
{
    capture *c = user;
    if (c->set || !e)
        return;
    c->set = true;
    c->offset = e->int1;
    const char *msg = e->message;
    int k = e->code - XML_XPATH_EXPRESSION_OK;
    if (!msg && e->domain == XML_FROM_XPATH && k >= 0 &&
        (size_t)k < sizeof xpath_messages / sizeof xpath_messages[0])
        msg = xpath_messages[k];
    snprintf(c->message, sizeof c->message, "%s", msg ? msg : "unknown error");
    size_t n = strlen(c->message);
    while (n > 0 && (c->message[n - 1] == '\n' || c->message[n - 1] == ' '))
        c->message[--n] = '\0';
    if (n > 0 && c->message[0] >= 'A' && c->message[0] <= 'Z' &&
        !(c->message[1] >= 'A' && c->message[1] <= 'Z'))
        c->message[0] = (char)(c->message[0] - 'A' + 'a');
}

/* libxml2's generic error handler, saved while a silent one is installed. */
typedef struct quiet {
    xmlGenericErrorFunc fn;
    void *ctx;
} quiet;

/* Swallows a libxml2 generic error message (an xmlGenericErrorFunc). */
static void silent(void *ctx, const char *msg, ...)
{
    (void)ctx;
    (void)msg;
}

/* Installs the silent generic error handler of this thread, saving the old one. */
static void quiet_begin(const az__libxml *lx, quiet *q)
{
    q->fn = *lx->generic_error();
    q->ctx = *lx->generic_error_context();
    *lx->generic_error() = silent;
    *lx->generic_error_context() = NULL;
}

/* Restores the saved generic error handler. */
static void quiet_end(const az__libxml *lx, const quiet *q)
{
    *lx->generic_error() = q->fn;
    *lx->generic_error_context() = q->ctx;
}

/* Creates an XPath context over `doc` (may be NULL) reporting to `cap`. */
static xmlXPathContextPtr new_context(const az__libxml *lx, xmlDocPtr doc, capture *cap)
{
    xmlXPathContextPtr xc = lx->xpath_new_context(doc);
    if (!xc)
        return NULL;
    xc->error = on_error;
    xc->userData = cap;
    xc->opLimit = XPATH_OP_LIMIT;
    return xc;
}

/*
 * Parses an XML document without network access or entity substitution.
 * On failure returns NULL with "<what><name> is not well-formed xml: ..."
 * in *error (*error stays NULL when memory ran out).
 */
static xmlDocPtr parse_xml(const az__libxml *lx, const char *xml, size_t len, const char *what,
                           const char *name, char **error)
{
    if (len > INT_MAX) {
        *error = az_strdupf("%s%s is too large to parse as xml (%zu bytes)", what, name, len);
        return NULL;
    }
    xmlParserCtxtPtr pc = lx->new_parser_ctxt();
    if (!pc)
        return NULL;
    xmlDocPtr doc = lx->ctxt_read_memory(pc, xml, (int)len, NULL, NULL,
                                         XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    if (!doc) {
        xmlErrorPtr e = lx->ctxt_get_last_error(pc);
        capture pe = {0};
        on_error(&pe, e);
        *error = az_strdupf("%s%s is not well-formed xml: %s (line %d)", what, name,
                            pe.set ? pe.message : "no document", e ? e->line : 0);
    }
    lx->free_parser_ctxt(pc);
    return doc;
}

/* Compiles an XPath expression. */
az_status az__xpath_compile(const char *text, az__xpath_version version, az_diags *diags,
                            char **message, az__xpath **out)
{
    az_status st = AZ_OK;
    capture cap = {0};
    quiet q;
    size_t len = strlen(text);
    az__expr_scan s = {.text = text, .text_len = len, .end = len, .diags = diags};
    static const char *const names[] = {"1.0", "2.0", "3.0", "3.1"};
    const char *why_not = NULL;
    const az__libxml *lx = az__libxml_get(&why_not);
    az__xpath *x = NULL;
    xmlXPathContextPtr xc = NULL;
    *out = NULL;
    if (message)
        *message = NULL;
    if (!lx) {
        st = AZ_ERR_INVALID;
        if (message)
            *message =
                az_strdupf("xpath criteria need libxml2, which cannot be loaded: %s", why_not);
        else
            az__expr_diag(&s, AZ_SEVERITY_ERROR, "criterion-unsupported", 0, len,
                          "xpath criteria need libxml2, which cannot be loaded: %s", why_not);
        return st;
    }
    x = calloc(1, sizeof *x);
    xc = new_context(lx, NULL, &cap);
    if (!x || !xc) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    quiet_begin(lx, &q);
    x->comp = lx->xpath_ctxt_compile(xc, (const xmlChar *)text);
    quiet_end(lx, &q);
    if (!x->comp) {
        size_t off = cap.offset >= 0 && (size_t)cap.offset <= len ? (size_t)cap.offset : 0;
        const char *why = cap.set ? cap.message : "invalid expression";
        st = version == AZ__XPATH_10 ? AZ_ERR_SYNTAX : AZ_ERR_INVALID;
        if (message) {
            *message = az_strdupf("invalid xpath '%s' at offset %zu: %s", text, off, why);
            if (!*message)
                st = AZ_ERR_NOMEM;
        } else if (version == AZ__XPATH_10) {
            az__expr_diag(&s, AZ_SEVERITY_ERROR, "criterion-xpath", off, 1, "invalid xpath: %s",
                          why);
        } else {
            az__expr_diag(&s, AZ_SEVERITY_ERROR, "criterion-unsupported", off, 1,
                          "xpath %s expression is not in the xpath 1.0 subset this engine "
                          "supports: %s",
                          names[version], why);
        }
        goto out;
    }
    if (version != AZ__XPATH_10 && !message)
        az__expr_diag(&s, AZ_SEVERITY_WARNING, "criterion-xpath-subset", 0, len,
                      "xpath %s requested: only its xpath 1.0 subset is supported, and the "
                      "expression is evaluated with xpath 1.0 semantics (CRIT-40)",
                      names[version]);
    *out = x;
    x = NULL;
out:
    if (xc)
        lx->xpath_free_context(xc);
    az__xpath_free(x);
    return st;
}

/* Evaluates an XPath expression against an XML document. */
az_status az__xpath_eval(const az__xpath *x, const char *name, const char *xml, size_t len,
                         bool *passed, char **error)
{
    az_status st = AZ_OK;
    capture cap = {0};
    xmlDocPtr doc = NULL;
    xmlXPathContextPtr xc = NULL;
    xmlXPathObjectPtr r = NULL;
    quiet q;
    /* A compiled expression means libxml2 is loaded. */
    const az__libxml *lx = az__libxml_get(NULL);
    *passed = false;
    *error = NULL;
    if (!(doc = parse_xml(lx, xml, len, "the context ", name, error))) {
        if (!*error)
            st = AZ_ERR_NOMEM;
        goto out;
    }
    if (!(xc = new_context(lx, doc, &cap))) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    quiet_begin(lx, &q);
    r = lx->xpath_compiled_eval(x->comp, xc);
    quiet_end(lx, &q);
    if (!r) {
        *error = az_strdupf("the xpath could not be evaluated: %s",
                            cap.set ? cap.message : "evaluation failed");
        goto out;
    }
    *passed = lx->xpath_cast_to_boolean(r) != 0;
out:
    if (st == AZ_OK && !*passed && !*error && !r)
        st = AZ_ERR_NOMEM;
    if (r)
        lx->xpath_free_object(r);
    if (xc)
        lx->xpath_free_context(xc);
    if (doc)
        lx->free_doc(doc);
    return st;
}

/* Releases an XPath expression. */
void az__xpath_free(az__xpath *x)
{
    if (!x)
        return;
    if (x->comp)
        az__libxml_get(NULL)->xpath_free_comp_expr(x->comp);
    free(x);
}

/* `text` with "&" and "<" escaped, as xmlNodeSetContent reads entity
 * references; NULL when memory ran out. */
static char *escape_text(const char *text)
{
    az_buf esc = {0};
    for (const char *p = text; *p; p++) {
        if (*p == '&')
            az_buf_puts(&esc, "&amp;");
        else if (*p == '<')
            az_buf_puts(&esc, "&lt;");
        else
            az_buf_add(&esc, p, 1);
    }
    if (esc.failed) {
        free(esc.data);
        return NULL;
    }
    return esc.data ? az_buf_take(&esc) : strdup("");
}

/* The declaration the payload began with, then the root element, serialized. */
static char *serialize(const az__libxml *lx, const char *xml, size_t len, xmlDocPtr doc)
{
    xmlBufferPtr buf = lx->buffer_create();
    if (!buf)
        return NULL;
    az_buf b = {0};
    if (len >= 5 && strncmp(xml, "<?xml", 5) == 0) {
        const char *end = strstr(xml, "?>");
        if (end)
            az_buf_add(&b, xml, (size_t)(end - xml) + 2);
    }
    xmlNodePtr root = lx->doc_get_root_element(doc);
    if (root && lx->node_dump(buf, doc, root, 0, 0) >= 0)
        az_buf_puts(&b, (const char *)lx->buffer_content(buf));
    lx->buffer_free(buf);
    if (b.failed) {
        free(b.data);
        return NULL;
    }
    return b.data ? az_buf_take(&b) : strdup("");
}

/* Replaces the selected nodes' text (PR-05); see expr.h. */
az_status az_xml_replace(const char *xml, size_t len, const char *xpath, const char *text,
                         char **out, char **error)
{
    const char *why_not = NULL;
    const az__libxml *lx = az__libxml_get(&why_not);
    az_status st = AZ_ERR_INVALID;
    capture cap = {0};
    quiet q;
    xmlDocPtr doc = NULL;
    xmlXPathContextPtr xc = NULL;
    xmlXPathCompExprPtr comp = NULL;
    xmlXPathObjectPtr r = NULL;
    char *escaped = NULL;
    *out = NULL;
    *error = NULL;
    if (!lx) {
        *error = az_strdupf("xml replacements need libxml2, which cannot be loaded: %s", why_not);
        return AZ_ERR_INVALID;
    }
    if (!(doc = parse_xml(lx, xml, len, "the payload", "", error))) {
        if (!*error)
            st = AZ_ERR_NOMEM;
        goto out;
    }
    if (!(xc = new_context(lx, doc, &cap)) || !(escaped = escape_text(text))) {
        st = AZ_ERR_NOMEM;
        goto out;
    }
    xc->node = (xmlNodePtr)doc;
    quiet_begin(lx, &q);
    comp = lx->xpath_ctxt_compile(xc, (const xmlChar *)xpath);
    if (comp)
        r = lx->xpath_compiled_eval(comp, xc);
    quiet_end(lx, &q);
    if (!comp) {
        *error = az_strdupf("replacement target '%s' is not an xpath 1.0 expression: %s", xpath,
                            cap.set ? cap.message : "invalid expression");
        goto out;
    }
    if (!r) {
        *error = az_strdupf("replacement target '%s' could not be evaluated: %s", xpath,
                            cap.set ? cap.message : "evaluation failed");
        goto out;
    }
    if (r->type != XPATH_NODESET || !r->nodesetval || r->nodesetval->nodeNr == 0) {
        *error = az_strdupf("replacement target '%s' selects nothing in the xml payload", xpath);
        goto out;
    }
    for (int i = 0; i < r->nodesetval->nodeNr; i++)
        lx->node_set_content(r->nodesetval->nodeTab[i], (const xmlChar *)escaped);
    *out = serialize(lx, xml, len, doc);
    st = *out ? AZ_OK : AZ_ERR_NOMEM;
out:
    free(escaped);
    if (r)
        lx->xpath_free_object(r);
    if (comp)
        lx->xpath_free_comp_expr(comp);
    if (xc)
        lx->xpath_free_context(xc);
    if (doc)
        lx->free_doc(doc);
    return st;
}
