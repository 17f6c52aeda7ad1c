/* expand.h: the walk from a decoded configuration to the DAG.  Module by
 * module, in reference order, it evaluates variables, locals, count and
 * for_each, each resource instance's configuration and planned value, and
 * outputs, creating the DAG's nodes and edges as it goes.  What a planned
 * value is (diff against state) is plan.h's; this file only orders and
 * evaluates. */
#ifndef CL_EXPAND_H
#define CL_EXPAND_H

#include "compiler/dag.h"

typedef struct cl_expand_opts {
	cl_value **root_inputs;     /* parallel to the root's variables; NULL = not given */
	cl_loc *root_input_locs;    /* where each was given (file 0: the command line) */
	const char *root_dir;       /* path.root */
	const char *workspace;      /* terraform.workspace; NULL: "default" */
	bool validate;              /* unknown count/for_each expands to one unknown instance */
	/* A first expansion, made to evaluate the provider blocks before any
	 * data source can be read: a count or for_each not known yet (from a
	 * data source) is no instances rather than an error. */
	bool provisional;
	/* The recorded state of an instance (its attributes object), or NULL. */
	cl_value *(*prior)(void *user, const char *addr, bool *tainted);
	/* Reads a data source whose configuration is known (n->config) while
	 * planning; NULL: leave it to apply (or report an error in d). */
	cl_value *(*read_data)(void *user, cl_node *n, cl_arena *a, cl_diags *d);
	/* A root output as recorded in state, or NULL. */
	cl_value *(*prior_output)(void *user, const char *name);
	void *user;
} cl_expand_opts;

/* Never NULL; errors are in d (the graph is then incomplete). */
cl_dag *cl_expand(cl_arena *a, const cl_module *root, const cl_expand_opts *o, cl_diags *d);

/* Apply time, as nodes finish and values become known (the caller
 * serialises these calls: they read and replace the module instances'
 * values).  Results live in a. */
/* A VAR, LOCAL or OUTPUT node's value again, stored where references see it. */
bool cl_expand_reevaluate(cl_dag *g, cl_arena *a, cl_node *n, cl_diags *d);
/* A RESOURCE or DATA node's configuration with the current values. */
cl_value *cl_expand_config(cl_dag *g, cl_arena *a, cl_node *n, cl_diags *d);
/* Where n's expressions are evaluated: its module instance, count.index,
 * each.key and each.value. */
cl_scope cl_expand_node_scope(const cl_dag *g, const cl_node *n);
/* An instance's new value (created, updated, read), where references see it. */
void cl_expand_set_value(cl_dag *g, cl_arena *a, cl_node *n, cl_value *v);

#endif
