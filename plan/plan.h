/* plan.h: planning, a stage of its own between the compiler and the
 * executor.  From a loaded configuration, its input values and the state it
 * makes one plan: the state refreshed, the configuration expanded (again,
 * once AWS has been asked and the data sources read), deposed objects that
 * the configuration asks for made current again, -replace, the destroy
 * side, -target, and the order.  The CLI parses options and hands them here;
 * rendering the plan is view/plan_render.h; applying it, executor/. */
#ifndef CL_PLAN_PLAN_H
#define CL_PLAN_PLAN_H

#include <stdio.h>

#include "compiler/config.h"
#include "compiler/dag.h"
#include "compiler/prior.h"
#include "executor/aws/client.h"
#include "executor/journal.h"
#include "executor/providers.h"
#include "executor/state.h"
#include "util/buf.h"

typedef struct cl_plan_opts {
	const cl_module *root;
	const char *dir;                /* path.root */
	cl_value **inputs;              /* the root module's input values, and where each was set */
	cl_loc *locs;
	/* destroy, refresh, import: a required variable nobody set is unknown,
	 * an error only where its value is needed (the provider block, which
	 * reports it there); what they do comes from state. */
	bool values_optional;
	const char *workspace;          /* terraform.workspace; NULL: "default" */
	cl_state *state;                /* read and locked by the caller; changed here (refresh, deposed objects) */
	bool refresh;                   /* ask AWS (else the state as recorded) */
	bool need_client;               /* apply: AWS will be called whatever refresh says */
	bool offline;                   /* no AWS call at all: data sources stay unknown (graph) */
	bool destroy;                   /* plan the destruction of everything */
	/* -refresh-only: only the refresh; no deposed object made current
	 * again (the state changes only by what AWS says).  The caller shows
	 * before -> prior and ignores the actions. */
	bool refresh_only;
	unsigned parallelism;
	FILE *progress;                 /* refresh and recovery lines */
	const char *const *targets;     /* -target addresses (strings as given; checked here) */
	unsigned ntargets;
	const char *const *replaces;    /* -replace addresses */
	unsigned nreplaces;
	/* -generate-config-out: resource blocks for the import targets the
	 * configuration lacks (NULL: those are errors). */
	cl_buf *generated;
	/* Asked once the configuration's provider block is evaluated (in g):
	 * the AWS client, kept by the caller; NULL with the reason in d. */
	aws_client *(*connect)(void *user, cl_dag *g, cl_diags *d);
	const cl_clients *clients;      /* ... and every provider configuration's, once connected */
	/* need_client: creates a killed run left half done are recovered first
	 * through the journal of state_path (opened into *journal, the
	 * caller's); then save writes the state, when it is not the local
	 * file state_path itself (NULL: written there directly). */
	const char *state_path;
	cl_journal **journal;
	bool (*save)(void *user, cl_diags *d);
	void *user;
} cl_plan_opts;

/* One plan, in the caller's arena: the DAG with each node's action and
 * reason, prior and planned values, ordered; the state as recorded
 * (before) and as refreshed (prior); the client, when AWS was asked. */
typedef struct cl_plan {
	cl_dag *g;
	cl_prior before;
	cl_prior prior;
	aws_client *client;
} cl_plan;

/* False when something failed (diagnostics in d). */
bool cl_plan_make(cl_arena *a, const cl_plan_opts *o, cl_plan *out, cl_diags *d);

/* Data source node n read through its provider's client (clients NULL: only the standalone ones,
 * such as terraform_remote_state): its value with sensitive parts marked,
 * or NULL when not read. */
cl_value *cl_plan_read_data(const cl_clients *clients, cl_node *n, cl_arena *a, cl_diags *d);

/* The provider configuration key ("aws": the root's block, else the first
 * in a called module; "aws.west": the root's block with that alias)
 * evaluated in g's configuration, in a; NULL when there is none. */
const struct cl_provider_config *cl_plan_provider(const cl_dag *g, cl_arena *a, const char *key, cl_diags *d);

/* import ADDR ID: the AWS object id read as instance addr, which g's
 * configuration declares and the state does not hold yet, and recorded in
 * st (the caller saves it).  Its resource type, or NULL with the reason in
 * d, at at (an import block; CL_NOWHERE for the command). */
const char *cl_plan_import(cl_dag *g, aws_client *client, cl_state *st, const char *addr, const char *id, cl_range at,
                           cl_diags *d);

/* terraform validate: every root variable unknown, nothing read. */
void cl_plan_validate(cl_arena *a, const cl_module *root, const char *dir, cl_diags *d);
/* The configuration alone evaluated with these inputs (a variable nobody
 * set is unknown), no state and no AWS: for console, which reads the data
 * sources that need no client (terraform_remote_state) as plan would; or,
 * validating, for graph, where count over an unknown value gives one
 * instance of unknown key and no data source is read.  workspace:
 * terraform.workspace (NULL: "default").  NULL after errors. */
cl_dag *cl_plan_evaluate(cl_arena *a, const cl_module *root, const char *dir, cl_value **inputs, cl_loc *locs,
                         bool validate, const char *workspace, cl_diags *d);

#endif
