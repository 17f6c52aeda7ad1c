/* graph_mermaid.h: a cgraph picture written as a Mermaid flowchart, which
 * GitHub and GitLab draw inside Markdown.  graph_export.c builds the
 * picture; this file only spells it in Mermaid. */
#ifndef CL_GRAPH_MERMAID_H
#define CL_GRAPH_MERMAID_H

#include <graphviz/cgraph.h>
#include <stdio.h>

/* Clusters become subgraphs, the DOT attributes label, shape, style,
 * fillcolor and an edge's label and style their Mermaid spellings. */
void cl_graph_mermaid_write(Agraph_t *g, FILE *out);

#endif
