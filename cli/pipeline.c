/* pipeline.c: from command-line options to an ordered DAG (see pipeline.h). */
#include "cli/pipeline.h"
#include "compiler/destroy.h"
#include "compiler/expand.h"
#include "compiler/instance.h"
#include "executor/aws/settings.h"
#include "executor/refresh.h"
#include "executor/state_cmd.h"

#include <stdlib.h>
#include <string.h>

static cl_value *prior_of(void *user, const char *addr, bool *tainted)
{
	cl_prior_inst *pi = cl_prior_find(user, addr);
	if (!pi)
		return NULL;
	*tainted = pi->tainted;
	return pi->attrs;
}

static unsigned parallelism(const cl_args *a)
{
	const char *p = cl_args_value(a, "parallelism");
	long n = p ? strtol(p, NULL, 10) : 10;
	return n > 0 && n <= 256 ? (unsigned)n : 10;
}

static cl_dag *expand(cli_run *r, cl_value **inputs, cl_loc *locs)
{
	cl_expand_opts eo = { .root_inputs = inputs, .root_input_locs = locs, .root_dir = r->dir,
	                      .prior = prior_of, .user = &r->prior };
	return cl_expand(&r->arena, r->root, &eo, &r->d);
}

/* The client, from the provider block as the configuration evaluates. */
static bool connect(cli_run *r, cl_dag *g)
{
	aws_settings s;
	if (!aws_settings_from_config(g, &r->arena, &s, &r->default_tags, &r->d))
		return false;
	if (!aws_config_load(&r->cfg, &s, &r->d))
		return false;
	r->have_cfg = true;
	r->client = aws_client_new(&r->cfg, &r->d);
	return r->client != NULL;
}

bool cli_run_prepare(cli_run *r, const cl_args *a, const cli_run_opts *o)
{
	memset(r, 0, sizeof *r);
	cl_arena_init(&r->arena);
	r->path = cli_path(a);
	r->dir = cli_root_dir(&r->arena, r->path);
	r->state_path = cl_args_value(a, "state") ? cl_args_value(a, "state") : CL_STATE_DEFAULT_PATH;
	r->root = cl_config_load(&r->arena, r->path, &r->d);
	if (r->d.nerrors)
		return false;
	unsigned nargs;
	cl_var_arg *vargs = cli_var_args(&r->arena, a, &nargs);
	cl_value **inputs;
	cl_loc *locs;
	if (!cl_vars_collect(&r->arena, r->root, r->dir, vargs, nargs, &inputs, &locs, &r->d))
		return false;
	const char *lock = cl_args_value(a, "lock");
	if (!lock || strcmp(lock, "false")) {
		long timeout = 0;
		const char *t = cl_args_value(a, "lock-timeout");
		if (t && !cl_duration_parse(t, &timeout)) {
			cl_range none = { 0 };
			cl_diag_error(&r->d, none, "-lock-timeout=%s is not a duration", t);
			cl_diag_hint(&r->d, "write it like 30s, 5m or 1h30m");
			return false;
		}
		r->lock = cl_lock_acquire(r->state_path, o->lock_op, timeout, &r->d);
		if (!r->lock)
			return false;
	}
	if (!cl_state_read(r->state_path, &r->state, &r->d))
		return false;
	cl_refresh_opts ro = { .parallelism = parallelism(a), .progress = stdout };
	if (!cl_refresh(r->state, &r->arena, &r->prior, &ro, &r->d))
		return false;
	r->g = expand(r, inputs, locs);
	if (r->d.nerrors)
		return false;
	if (o->refresh || o->need_client) {
		if (!connect(r, r->g))
			return false;
		if (o->refresh && r->prior.n) {
			ro.client = r->client;
			if (!cl_refresh(r->state, &r->arena, &r->prior, &ro, &r->d))
				return false;
			r->g = expand(r, inputs, locs);
			if (r->d.nerrors)
				return false;
		}
	}
	cl_destroy_plan(r->g, &r->prior, o->destroy);
	return cl_dag_order(r->g, &r->d);
}

void cli_run_finish(cli_run *r)
{
	if (r->client)
		aws_client_free(r->client);
	if (r->have_cfg)
		aws_config_free(&r->cfg);
	if (r->state)
		cl_state_free(r->state);
	cl_lock_release(r->lock);
	cl_diags_free(&r->d);
	cl_arena_free(&r->arena);
}
