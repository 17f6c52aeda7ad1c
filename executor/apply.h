/* apply.h: making the plan real.  Walks the DAG with the worker pool: each
 * resource node evaluates its configuration with the values known by then,
 * calls its provider, records the result in state (written after every
 * operation) and makes it visible to what depends on it; variables, locals
 * and outputs are evaluated again as their inputs become known. */
#ifndef CL_APPLY_H
#define CL_APPLY_H

#include "compiler/prior.h"
#include "executor/aws/client.h"
#include "executor/journal.h"
#include "executor/state.h"
#include "executor/walk.h"

#include <jansson.h>
#include <stdio.h>

struct cl_clients;

typedef struct cl_apply_opts {
	aws_client *client;
	const struct cl_clients *clients;   /* by provider configuration (aws.west); NULL: client for all */
	cl_state *state;
	const char *state_path;
	struct cl_state_backend *backend;   /* remote state (backend.h): written through it; NULL: state_path */
	cl_journal *journal;            /* intents before creates; NULL: none */
	const cl_prior *prior;          /* for orphans and deposed objects */
	const cl_value *default_tags;
	unsigned parallelism;
	volatile sig_atomic_t *stop;    /* first SIGINT: start nothing new */
	volatile int *cancel;           /* second SIGINT: stop waiting */
	FILE *progress;                 /* "aws_vpc.main: Creating..." lines */
	unsigned tick_secs;             /* "Still creating..." every so often (10) */
	bool destroy;                   /* destroying everything: no outputs remain */
	bool json;                      /* progress as JSON lines (Terraform's -json UI messages) */
	bool keep_failed;               /* a rollout that fails its health gate keeps its new objects */
} cl_apply_opts;

typedef struct cl_apply_result {
	unsigned added, changed, destroyed;
	walk_result walk;
} cl_apply_result;

/* Before anything else: the creates a killed run left open in the journal.
 * state_path NULL: the caller saves the state (a remote backend).
 * Each is adopted into state when its resource carries our tags in AWS, or
 * closed when there is none; what cannot be searched for is reported. */
bool cl_apply_recover(cl_journal *j, cl_state *st, const char *state_path, aws_client *client, FILE *progress,
                      cl_diags *d);

/* One -json UI message on f: {"@level", "@message", "@module", "@timestamp",
 * "type", ...extra} (extra is taken over; may be NULL). */
void cl_apply_json_line(FILE *f, const char *level, const char *type, const char *message, json_t *extra);

/* True when every node succeeded.  Failures are in d, one per resource
 * with its address and the AWS error. */
bool cl_apply(cl_dag *g, const cl_apply_opts *o, cl_apply_result *r, cl_diags *d);

#endif
