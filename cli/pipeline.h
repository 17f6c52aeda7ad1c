/* pipeline.h: what plan, apply, destroy, refresh and graph share: load the
 * configuration and its input values, lock and read the state, then hand
 * them to the planning stage (plan/plan.h) for one ordered plan.  Each step
 * reports into one cl_diags. */
#ifndef CL_PIPELINE_H
#define CL_PIPELINE_H

#include "cli/cli.h"
#include "compiler/config.h"
#include "compiler/dag.h"
#include "compiler/prior.h"
#include "executor/aws/client.h"
#include "executor/providers.h"
#include "executor/backend.h"
#include "executor/journal.h"
#include "executor/lock.h"
#include "executor/state.h"

typedef struct cli_run {
	cl_arena arena;
	cl_diags d;
	const char *path, *dir, *state_path;
	cl_module *root;
	cl_state *state;
	cl_state_backend *backend;   /* where state is read, locked and written */
	cl_journal *journal;        /* open when the command may create */
	cl_prior before;            /* the state as recorded, before the refresh */
	cl_prior prior;             /* ... and as refreshed */
	aws_config cfg;
	bool have_cfg;
	aws_client *client;         /* the default provider configuration's */
	cl_clients clients;         /* ... and the aliased ones' (provider = aws.west) */
	aws_config *alias_cfgs;     /* theirs, parallel to clients.v */
	cl_value *default_tags;
	cl_dag *g;
	const char *generated_to;   /* plan -generate-config-out: the file written, if any */
} cli_run;

typedef struct cli_run_opts {
	const char *lock_op;        /* CL_LOCK_PLAN, ... */
	bool refresh;               /* ask AWS (else the state as recorded) */
	bool offline;               /* no AWS call at all: data sources stay unknown (graph) */
	bool need_client;           /* apply: AWS will be called whatever refresh says */
	bool destroy;               /* plan the destruction of everything */
	bool refresh_only;          /* -refresh-only: only the refresh counts */
	const char *path;           /* a saved plan's configuration path, else the PATH argument */
	const struct json_t *saved_vars;   /* a saved plan's input values, or NULL */
	bool json;                  /* -json: progress lines go to stderr, stdout is JSON only */
	/* destroy, refresh, import: a required variable nobody set is unknown,
	 * an error only where its value is needed (the provider block, which
	 * reports it there); what they do comes from state. */
	bool values_optional;
	const char *generate_out;   /* plan -generate-config-out=FILE, else NULL */
} cli_run_opts;

/* False when something failed (diagnostics in r->d). */
bool cli_run_prepare(cli_run *r, const cl_args *a, const cli_run_opts *o);
void cli_run_finish(cli_run *r);
/* Writes r->state through the backend, if it changed. */
bool cli_run_save(cli_run *r);
/* The backend for cl_apply_opts: NULL when it is the local file (written directly). */
cl_state_backend *cli_run_remote(const cli_run *r);

#endif
