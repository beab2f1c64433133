/* SPDX-License-Identifier: Apache-2.0 */
/*
 * expr_libxml.c - loading libxml2 when the first XPath criterion needs it
 * (dlopen of its soname, then the functions the criteria call), once per
 * process under pthread_once. A run whose criteria use no XPath never maps
 * libxml2 and ICU, which cost about 1.4 ms and 2.5 MB of start-up.
 */
#include "expr_libxml.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

/* The library's soname (Debian: package libxml2). */
#define LIBXML_SONAME "libxml2.so.2"

static az__libxml table;
static const az__libxml *loaded;
static char load_error[256];
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* Looks one symbol up; false (and the error recorded) when missing. */
static bool find(void *handle, const char *name, void **slot)
{
    *slot = dlsym(handle, name);
    if (!*slot)
        snprintf(load_error, sizeof(load_error), "%s has no %s", LIBXML_SONAME, name);
    return *slot != NULL;
}

/* Loads the library and fills the table (run once). */
static void load(void)
{
    void *h = dlopen(LIBXML_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        const char *why = dlerror();
        snprintf(load_error, sizeof(load_error), "%s", why ? why : "dlopen failed");
        return;
    }
    /* Function pointers travel through void * as POSIX dlsym requires. */
    struct {
        const char *name;
        void **slot;
    } symbols[] = {
        {"xmlXPathNewContext", (void **)&table.xpath_new_context},
        {"xmlXPathFreeContext", (void **)&table.xpath_free_context},
        {"xmlXPathCtxtCompile", (void **)&table.xpath_ctxt_compile},
        {"xmlXPathCompiledEval", (void **)&table.xpath_compiled_eval},
        {"xmlXPathCastToBoolean", (void **)&table.xpath_cast_to_boolean},
        {"xmlXPathFreeObject", (void **)&table.xpath_free_object},
        {"xmlXPathFreeCompExpr", (void **)&table.xpath_free_comp_expr},
        {"xmlNewParserCtxt", (void **)&table.new_parser_ctxt},
        {"xmlFreeParserCtxt", (void **)&table.free_parser_ctxt},
        {"xmlCtxtReadMemory", (void **)&table.ctxt_read_memory},
        {"xmlCtxtGetLastError", (void **)&table.ctxt_get_last_error},
        {"xmlFreeDoc", (void **)&table.free_doc},
        {"xmlDocGetRootElement", (void **)&table.doc_get_root_element},
        {"xmlNodeSetContent", (void **)&table.node_set_content},
        {"xmlBufferCreate", (void **)&table.buffer_create},
        {"xmlBufferFree", (void **)&table.buffer_free},
        {"xmlBufferContent", (void **)&table.buffer_content},
        {"xmlNodeDump", (void **)&table.node_dump},
        {"__xmlGenericError", (void **)&table.generic_error},
        {"__xmlGenericErrorContext", (void **)&table.generic_error_context},
    };
    for (size_t i = 0; i < sizeof(symbols) / sizeof(symbols[0]); i++)
        if (!find(h, symbols[i].name, symbols[i].slot))
            return; /* the handle stays open: harmless, and dlclose could race */
    loaded = &table;
}

/* Returns the loaded table; see expr_libxml.h. */
const az__libxml *az__libxml_get(const char **error)
{
    pthread_once(&once, load);
    if (!loaded && error)
        *error = load_error;
    return loaded;
}
