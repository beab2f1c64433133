/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_graph_render.c - prints the picture of `arazzo graph` as a Mermaid
 * flowchart (`flowchart TD`, https://mermaid.js.org/syntax/flowchart.html)
 * or a Graphviz digraph (https://graphviz.org/doc/info/lang.html). Every
 * label is written as a quoted string with the format's escapes, so no text
 * from a document can end a label or start a statement: Mermaid gets
 * entity codes (#quot; #35; #lt; #gt; #amp; #124; #96;) and <br> between
 * lines; dot gets \" \\ and \n. Control characters become spaces.
 */
#include "cli_graph.h"

#include <stdlib.h>

/* Frees what a graph holds (not the struct itself). */
void cli_graph_cleanup(cli_graph *g)
{
    for (size_t i = 0; i < g->n_clusters; i++)
        free(g->clusters[i]);
    for (size_t i = 0; i < g->n_nodes; i++) {
        free(g->nodes[i].id);
        free(g->nodes[i].label);
    }
    for (size_t i = 0; i < g->n_edges; i++)
        free(g->edges[i].label);
    free(g->clusters);
    free(g->nodes);
    free(g->edges);
    *g = (cli_graph){0};
}

/* Prints a label as the inside of a Mermaid "..." string. */
static void mermaid_text(FILE *out, const char *s)
{
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        switch (*p) {
        case '"': fputs("#quot;", out); break;
        case '#': fputs("#35;", out); break;
        case '<': fputs("#lt;", out); break;
        case '>': fputs("#gt;", out); break;
        case '&': fputs("#amp;", out); break;
        case '|': fputs("#124;", out); break;
        case '`': fputs("#96;", out); break;
        case '\n': fputs("<br>", out); break;
        default: fputc(*p < 0x20 || *p == 0x7f ? ' ' : *p, out);
        }
    }
}

/* Prints one node declaration in Mermaid, shaped by what it stands for. */
static void mermaid_node(FILE *out, const cli_graph_node *n)
{
    const char *indent = n->cluster < 0 ? "  " : "    ";
    static const char *const open[] = {"[\"", "([\"", "((\"", "(((\"", "[[\""};
    static const char *const close[] = {"\"]", "\"])", "\"))", "\")))", "\"]]"};
    fprintf(out, "%s%s%s", indent, n->id, open[n->shape]);
    mermaid_text(out, n->label);
    fprintf(out, "%s\n", close[n->shape]);
}

/* Prints the graph as a Mermaid flowchart. */
void cli_graph_print_mermaid(FILE *out, const cli_graph *g)
{
    fputs("flowchart TD\n", out);
    for (size_t c = 0; c < g->n_clusters; c++) {
        fprintf(out, "  subgraph w%zu[\"", c);
        mermaid_text(out, g->clusters[c]);
        fputs("\"]\n", out);
        for (size_t i = 0; i < g->n_nodes; i++)
            if (g->nodes[i].cluster == (long)c)
                mermaid_node(out, &g->nodes[i]);
        fputs("  end\n", out);
    }
    for (size_t i = 0; i < g->n_nodes; i++)
        if (g->nodes[i].cluster < 0)
            mermaid_node(out, &g->nodes[i]);
    for (size_t i = 0; i < g->n_edges; i++) {
        const cli_graph_edge *e = &g->edges[i];
        fprintf(out, "  %s %s", g->nodes[e->from].id,
                e->style == CLI_GRAPH_DASHED ? "-.->" : "-->");
        if (e->label) {
            fputs("|\"", out);
            mermaid_text(out, e->label);
            fputs("\"|", out);
        }
        fprintf(out, " %s\n", g->nodes[e->to].id);
    }
}

/* Prints a label as a dot "..." string, quotes included. */
static void dot_text(FILE *out, const char *s)
{
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(out, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", out);
        else
            fputc(*p < 0x20 || *p == 0x7f ? ' ' : *p, out);
    }
    fputc('"', out);
}

/* Prints one node declaration in dot, shaped by what it stands for. */
static void dot_node(FILE *out, const cli_graph_node *n)
{
    const char *indent = n->cluster < 0 ? "  " : "    ";
    static const char *const shape[] = {"box", "oval", "circle", "doublecircle", "box3d"};
    fprintf(out, "%s%s [shape=%s, label=", indent, n->id, shape[n->shape]);
    dot_text(out, n->label);
    fputs("];\n", out);
}

/* Prints the graph as a Graphviz digraph. */
void cli_graph_print_dot(FILE *out, const cli_graph *g)
{
    fputs("digraph arazzo {\n  node [fontname=\"Helvetica\"];\n"
          "  edge [fontname=\"Helvetica\", fontsize=10];\n",
          out);
    for (size_t c = 0; c < g->n_clusters; c++) {
        fprintf(out, "  subgraph cluster_w%zu {\n    label=", c);
        dot_text(out, g->clusters[c]);
        fputs(";\n", out);
        for (size_t i = 0; i < g->n_nodes; i++)
            if (g->nodes[i].cluster == (long)c)
                dot_node(out, &g->nodes[i]);
        fputs("  }\n", out);
    }
    for (size_t i = 0; i < g->n_nodes; i++)
        if (g->nodes[i].cluster < 0)
            dot_node(out, &g->nodes[i]);
    for (size_t i = 0; i < g->n_edges; i++) {
        const cli_graph_edge *e = &g->edges[i];
        fprintf(out, "  %s -> %s", g->nodes[e->from].id, g->nodes[e->to].id);
        if (e->label || e->style == CLI_GRAPH_DASHED) {
            fputs(" [", out);
            if (e->label) {
                fputs("label=", out);
                dot_text(out, e->label);
            }
            if (e->style == CLI_GRAPH_DASHED)
                fprintf(out, "%sstyle=dashed", e->label ? ", " : "");
            fputc(']', out);
        }
        fputs(";\n", out);
    }
    fputs("}\n", out);
}
