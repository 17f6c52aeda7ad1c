/* graph_export.h: the DAG as a picture (built with cgraph, written as
 * Graphviz DOT or as a Mermaid flowchart), which `clicamosc graph` prints:
 * nodes named by address and coloured by planned action, a cluster per
 * module or kind instance, a legend.  Laying it out is dot's business. */
#ifndef CL_GRAPH_EXPORT_H
#define CL_GRAPH_EXPORT_H

#include <stdio.h>

#include "compiler/dag.h"

typedef enum cl_graph_type {
	CL_GRAPH_PLAN,      /* resource instances and data sources, coloured by action */
	CL_GRAPH_APPLY,     /* destroy nodes too, as the executor walks them */
	CL_GRAPH_DESTROY,   /* the destroys only, dependents first */
	CL_GRAPH_CONFIG,    /* the configuration alone: a node per resource block, no actions */
} cl_graph_type;

typedef enum cl_graph_format { CL_GRAPH_DOT, CL_GRAPH_MERMAID } cl_graph_format;

typedef struct cl_graph_opts {
	cl_graph_type type;
	cl_graph_format format;
	/* Variables and outputs drawn too (apply: locals as well); without it
	 * they are folded away and what reads them waits for what they read. */
	bool verbose;
} cl_graph_opts;

/* 0, or -1 when writing out failed. */
int cl_graph_export(FILE *out, const cl_dag *g, const cl_graph_opts *o);

#endif
