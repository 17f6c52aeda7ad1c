/* plan_render.h: the plan shown to people (Terraform 1.x's text, colours
 * when asked) and to programs (-json, one JSON object per line), its counts,
 * and the downtime lint.  Deciding actions is plan.h's and destroy.h's
 * business; drawing the graph is graph_export.h's. */
#ifndef CL_PLAN_RENDER_H
#define CL_PLAN_RENDER_H

#include "compiler/dag.h"

typedef struct cl_plan_render_opts {
	bool color;                 /* ANSI colours: a terminal, no -no-color, no NO_COLOR */
	FILE *stream;               /* or NULL: the text goes there as each change is made,
	                             * out keeping only what is not yet written */
} cl_plan_render_opts;

void cl_plan_render(cl_buf *out, const cl_dag *g, const cl_plan_render_opts *o);
/* planned_change, change_summary, outputs and diagnostic messages (the CLI
 * writes the version message).  @timestamp is now, or SOURCE_DATE_EPOCH. */
void cl_plan_render_json(cl_buf *out, const cl_dag *g);

/* "Plan: add to add, change to change, destroy to destroy." (a replacement
 * counts once in add and once in destroy). */
void cl_plan_counts(const cl_dag *g, unsigned *add, unsigned *change, unsigned *destroy);
/* Anything to apply: a resource change, a read deferred to apply, a root
 * output change (-detailed-exitcode). */
bool cl_plan_has_changes(const cl_dag *g);
/* Objects imported while planning (import blocks), which apply records. */
unsigned cl_plan_imports_count(const cl_dag *g);

/* What a node shows: a resource's action, DELETE for a destroy node, READ
 * for a data source only when its configuration waits for values known
 * after apply (else it is read while planning), an output's from its prior
 * and planned values, NOOP for the rest. */
cl_action cl_plan_action(const cl_node *nd);

#endif
