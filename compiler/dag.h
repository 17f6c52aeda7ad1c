/* dag.h: the one dependency graph that plan, apply, destroy and graph all
 * use ("the DAG is the plan").  A node per resource instance (and its
 * destroy, when it has one), data source, variable, local and output of
 * every module instance; an edge per reference, keeping the reference's
 * source range.  Ordering (topological order, depth, critical path) and the
 * create_before_destroy transform are computed once and kept here. */
#ifndef CL_DAG_H
#define CL_DAG_H

#include "compiler/address.h"
#include "compiler/scope.h"

typedef enum cl_node_kind {
	CL_N_RESOURCE,      /* create / update / no-op of a managed instance */
	CL_N_DESTROY,       /* delete of an instance (orphan, or the old one of a replacement) */
	CL_N_DATA,          /* read of a data source */
	CL_N_VAR, CL_N_LOCAL, CL_N_OUTPUT,
} cl_node_kind;

typedef enum cl_action {
	CL_ACT_NOOP, CL_ACT_CREATE, CL_ACT_UPDATE, CL_ACT_REPLACE, CL_ACT_DELETE, CL_ACT_READ,
} cl_action;

/* An action's name in machine-readable output (-json, plan files, hooks). */
const char *cl_action_name(cl_action a);

typedef struct cl_node cl_node;

typedef struct cl_edge {
	cl_node *to;          /* runs before the node holding the edge */
	cl_loc loc;           /* the reference that made it (file 0: implied) */
} cl_edge;

struct cl_node {
	unsigned id;
	cl_node_kind kind;
	const char *addr;               /* module.net.aws_subnet.public[1], var.ami, output.x,
	                                 * "ADDR (destroy)": at printed with its phase */
	cl_addr at;                     /* the same, typed */
	cl_modinst *mi;
	unsigned index;                 /* into mi->mod's resources/vars/locals/outputs */
	cl_value *key;                  /* count index / for_each key, or NULL */
	cl_value *each_value;
	cl_edge *deps;                  /* what this node waits for */
	unsigned ndeps, capdeps;
	cl_node **depset;               /* deps' nodes hashed, once there are many (duplicates) */
	unsigned depset_cap;
	/* the plan */
	cl_action action;
	bool cbd;                       /* replace by creating first */
	bool cbd_implied;               /* ... because a create_before_destroy dependent needs it */
	const char *replace_reason;     /* attribute that forces replacement, or "tainted", "-replace" */
	cl_value *config;               /* evaluated configuration (resources, data) */
	cl_value *prior, *planned;      /* objects: state before, expected after */
	cl_node *pair;                  /* a replacement's destroy node <-> its create node */
	const char *import_id;          /* imported while planning (an import block): the object's id */
	/* ordering, filled by cl_dag_order */
	unsigned topo, depth;
	unsigned long long expected_ms; /* this node's own expected duration */
	unsigned long long path_ms;     /* longest weighted chain from here to the end */
};

typedef struct cl_dag {
	cl_arena *arena;
	cl_node **v;
	unsigned n, cap;
	cl_modinst *root;
	const char *root_dir;           /* path.root, for evaluating again at apply time */
	cl_node **order;                /* topological: dependencies first */
	unsigned long long critical_ms; /* the longest chain */
} cl_dag;

/* A node for addr (parsed into its at; a destroy node's phase is set after,
 * with cl_dag_set_phase). */
cl_node *cl_dag_add(cl_dag *g, cl_node_kind kind, const char *addr, cl_modinst *mi, unsigned index, cl_value *key);
void cl_dag_set_phase(cl_dag *g, cl_node *n, cl_addr_phase phase, const char *deposed);
/* from waits for to; duplicate edges are ignored. */
void cl_dag_edge(cl_dag *g, cl_node *from, cl_node *to, cl_loc loc);
cl_node *cl_dag_find(const cl_dag *g, const char *addr);
/* Keeps only the nodes with keep[id] (-target); a kept node's
 * dependencies must be kept too.  Renumbers the nodes. */
void cl_dag_keep(cl_dag *g, const bool *keep);
/* Topological order, depth and critical path; false with the cycle in d. */
bool cl_dag_order(cl_dag *g, cl_diags *d);
/* The block the user wrote that n comes from: its resource block, or the
 * kind block around it; file 0 when there is none (an orphan's destroy). */
cl_loc cl_dag_node_loc(const cl_node *n);
/* The RESOURCE nodes n depends on, directly or through variables, locals
 * and outputs: an array in a, how many in *count. */
cl_node **cl_dag_resource_deps(cl_arena *a, const cl_node *n, unsigned *count);

#endif
