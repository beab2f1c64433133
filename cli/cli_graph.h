/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cli_graph.h - the picture `arazzo graph` draws, shared by the file that
 * builds it from a document (cli_graph.c) and the file that prints it as
 * Mermaid or Graphviz dot (cli_graph_render.c). A graph owns every string
 * it holds; labels are plain UTF-8 text with '\n' between lines, escaped
 * only by the renderer.
 */
#ifndef ARAZZO_CLI_GRAPH_H
#define ARAZZO_CLI_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* What a node stands for, which decides its shape. */
typedef enum cli_graph_shape {
    CLI_GRAPH_STEP,     /* a step: a box */
    CLI_GRAPH_START,    /* where a workflow starts: a stadium */
    CLI_GRAPH_END,      /* the workflow succeeded: a circle */
    CLI_GRAPH_FAILED,   /* the workflow failed: a double circle */
    CLI_GRAPH_WORKFLOW, /* a workflow not drawn in full: a subroutine box */
} cli_graph_shape;

/* How an edge is drawn. */
typedef enum cli_graph_style {
    CLI_GRAPH_SOLID,  /* the flow of control */
    CLI_GRAPH_DASHED, /* calls, detours, dependsOn */
} cli_graph_style;

/* A node; `cluster` is the index of its workflow, or -1 outside any. */
typedef struct cli_graph_node {
    char *id;
    char *label;
    cli_graph_shape shape;
    long cluster;
} cli_graph_node;

/* An edge between two nodes (indices into the graph's nodes). */
typedef struct cli_graph_edge {
    size_t from, to;
    char *label; /* NULL for none */
    cli_graph_style style;
} cli_graph_edge;

/* A whole picture: one cluster per workflow drawn in full. */
typedef struct cli_graph {
    char **clusters; /* the label of each cluster; its id is "w<index>" */
    size_t n_clusters;
    cli_graph_node *nodes;
    size_t n_nodes;
    cli_graph_edge *edges;
    size_t n_edges;
    bool oom; /* set when an allocation failed; the graph is then incomplete */
} cli_graph;

/* Frees what a graph holds (not the struct itself). */
void cli_graph_cleanup(cli_graph *g);

/* Prints the graph as a Mermaid flowchart. */
void cli_graph_print_mermaid(FILE *out, const cli_graph *g);

/* Prints the graph as a Graphviz digraph. */
void cli_graph_print_dot(FILE *out, const cli_graph *g);

#endif /* ARAZZO_CLI_GRAPH_H */
