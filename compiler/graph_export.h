/* graph_export.h: the DAG as a Graphviz picture (DOT, built with cgraph),
 * which `clicamosc graph` prints: nodes named by address and coloured by
 * planned action, a cluster per module or kind instance, a legend.  Laying
 * it out is dot's business. */
#ifndef CL_GRAPH_EXPORT_H
#define CL_GRAPH_EXPORT_H

#include <stdio.h>

#include "compiler/dag.h"

typedef enum cl_graph_type {
	CL_GRAPH_PLAN,      /* resources, data sources, root outputs; variables and locals folded away */
	CL_GRAPH_APPLY,     /* every node, destroy nodes too, as the executor walks them */
	CL_GRAPH_DESTROY,   /* the destroys only, dependents first */
} cl_graph_type;

/* 0, or -1 when writing out failed. */
int cl_graph_export(FILE *out, const cl_dag *g, cl_graph_type type);

#endif
