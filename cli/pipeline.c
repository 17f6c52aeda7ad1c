/* pipeline.c: from command-line options to an ordered DAG (see pipeline.h). */
#include "cli/planfile.h"
#include "compiler/destroy.h"
#include "compiler/expand.h"
#include "compiler/instance.h"
#include "compiler/address.h"
#include "executor/aws/provider.h"
#include "executor/aws/settings.h"
#include "executor/apply.h"
#include "executor/ctyjson.h"
#include "executor/refresh.h"
#include "executor/state_cmd.h"
#include "util/clock.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static cl_value *prior_of(void *user, const char *addr, bool *tainted)
{
	cl_prior_inst *pi = cl_prior_find(&((cli_run *)user)->prior, addr);
	if (!pi)
		return NULL;
	*tainted = pi->tainted;
	return pi->attrs;
}

static cl_value *prior_output_of(void *user, const char *name)
{
	return cl_prior_output(&((cli_run *)user)->prior, name);
}

/* Data sources are read while planning, as Terraform does, so that what
 * depends on them is known.  Sensitive parts keep their mark. */
cl_value *cli_read_data(aws_client *client, cl_node *n, cl_arena *a, cl_diags *d)
{
	const cl_resource *res = &n->mi->mod->resources[n->index];
	const aws_ops *ops = res->rt->provider;
	if (!client && !(ops && ops->standalone))
		return NULL;
	cl_arena local;
	cl_arena_init(&local);
	aws_op op = { .client = client, .arena = &local, .rt = res->rt, .addr = n->addr };
	cl_value *now = NULL, *typed = NULL;
	if (ops && ops->read(&op, n->config, &now) && now) {
		const char *err;
		json_t *marks = cl_ctyjson_sensitive_paths(now), *p;
		size_t i;
		typed = cl_ctyjson_retype(a, now, cl_schema_type(a, res->rt->schema), &err);
		json_array_foreach(marks, i, p)
			if (typed)
				typed = cl_ctyjson_mark(a, typed, p);
		json_decref(marks);
	} else {
		cl_diag_error(d, cl_loc_range(res->type_loc), "%s: reading: %s", n->addr,
		              ops ? op.err : "no provider for this data source");
	}
	cl_arena_free(&local);
	return typed;
}

static cl_value *read_data(void *user, cl_node *n, cl_arena *a, cl_diags *d)
{
	return cli_read_data(((cli_run *)user)->client, n, a, d);
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
	                      .prior = prior_of, .prior_output = prior_output_of, .read_data = read_data, .user = r };
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

/* Does address addr fall under one of the -OPTION=ADDR arguments? */
static bool selected(cli_run *r, const cl_args *a, const char *option, const char *addr)
{
	cl_addr x;
	const char *err;
	if (!cl_addr_parse(&r->arena, addr, &x, &err))
		return false;
	for (int i = 0; i < a->n; i++) {
		if (!a->v[i].opt || strcmp(a->v[i].opt->name, option))
			continue;
		cl_addr f;
		if (cl_addr_parse(&r->arena, a->v[i].value, &f, &err) && cl_addr_match(&f, &x))
			return true;
	}
	return false;
}

static bool check_addresses(cli_run *r, const cl_args *a, const char *option)
{
	bool ok = true;
	for (int i = 0; i < a->n; i++) {
		const char *err;
		cl_addr f;
		if (!a->v[i].opt || strcmp(a->v[i].opt->name, option) ||
		    cl_addr_parse(&r->arena, a->v[i].value, &f, &err))
			continue;
		cl_diag_error(&r->d, CL_NOWHERE, "-%s=%s: %s", option, a->v[i].value, err);
		cl_diag_hint(&r->d, "write a resource address: aws_instance.nat, module.net.aws_subnet.public[0]");
		ok = false;
	}
	return ok;
}

/* -replace=ADDR: the instance is replaced even though nothing changed. */
static void force_replacements(cli_run *r, const cl_args *a)
{
	for (unsigned i = 0; i < r->g->n; i++) {
		cl_node *n = r->g->v[i];
		if (n->kind == CL_N_RESOURCE && n->prior && selected(r, a, "replace", n->addr)) {
			n->action = CL_ACT_REPLACE;
			n->replace_reason = "-replace";
		}
	}
}

/* -target=ADDR: the targets, the old halves of their replacements, and
 * everything they depend on; nothing else. */
static void keep_targets(cli_run *r, const cl_args *a)
{
	cl_dag *g = r->g;
	bool *keep = CL_NEWN(&r->arena, bool, g->n + 1);
	cl_node **stack = CL_NEWN(&r->arena, cl_node *, g->n + 1);
	unsigned top = 0;
	for (unsigned i = 0; i < g->n; i++) {
		cl_node *n = g->v[i];
		const char *addr = n->kind == CL_N_DESTROY && n->pair ? n->pair->addr : n->addr;
		if ((n->kind == CL_N_RESOURCE || n->kind == CL_N_DESTROY || n->kind == CL_N_DATA) &&
		    selected(r, a, "target", addr) && !keep[i]) {
			keep[i] = true;
			stack[top++] = n;
		}
	}
	while (top) {
		cl_node *n = stack[--top];
		for (unsigned j = 0; j < n->ndeps; j++) {
			cl_node *d = n->deps[j].to;
			if (!keep[d->id]) {
				keep[d->id] = true;
				stack[top++] = d;
			}
		}
	}
	cl_dag_keep(g, keep);
	cl_diag_warning(&r->d, CL_NOWHERE, "resource targeting is in effect: the plan may be incomplete");
	cl_diag_hint(&r->d, "-target is for exceptional situations (recovering from mistakes, working around "
	                    "limits); run a full plan and apply afterwards");
}

static bool has_option(const cl_args *a, const char *name)
{
	return cl_args_value(a, name) != NULL;
}

/* A plan to create an object whose name a deposed object at the same
 * address already has (runs killed between a create_before_destroy
 * replacement and the destroy of the old object, with names derived from
 * other names, can leave that): creating it again would fail, as the name
 * is taken.  That object is what the configuration asks for, so it becomes
 * the current one again, and the current one is deposed in its place.
 * True when the state changed (plan again). */
static bool revive_deposed(cli_run *r)
{
	bool changed = false, any = false;
	for (unsigned k = 0; k < r->prior.n && !any; k++)
		any = r->prior.v[k].deposed != NULL;
	for (unsigned i = 0; any && i < r->g->n; i++) {
		cl_node *n = r->g->v[i];
		if (n->kind != CL_N_RESOURCE || (n->action != CL_ACT_CREATE && n->action != CL_ACT_REPLACE) || !n->planned)
			continue;
		const cl_value *want = cl_value_get(n->planned, "name");
		if (!want || want->kind != CL_V_STRING)
			continue;
		for (unsigned k = 0; k < r->prior.n; k++) {
			const cl_prior_inst *pi = &r->prior.v[k];
			const cl_value *has = pi->deposed && pi->attrs ? cl_value_get(pi->attrs, "name") : NULL;
			if (!has || has->kind != CL_V_STRING || strcmp(pi->addr, n->addr) || strcmp(has->u.str.s, want->u.str.s))
				continue;
			char aside[9], key[9];
			snprintf(key, sizeof key, "%s", pi->deposed);
			cl_state_depose(r->state, n->addr, aside);   /* nothing to depose is fine */
			if (cl_state_undepose(r->state, n->addr, key)) {
				fprintf(stdout, "%s: the deposed object %s (%s) is what the configuration asks for: it is current "
				        "again\n", n->addr, key, want->u.str.s);
				changed = true;
			}
			break;
		}
	}
	return changed;
}

/* Does anything in the configuration need AWS (a resource, or a data
 * source that is not read from elsewhere, like a local remote state)? */
static bool needs_aws(const cl_module *m)
{
	for (unsigned i = 0; i < m->nresources; i++) {
		const cl_resource_type *rt = m->resources[i].rt;
		const aws_ops *ops = rt ? rt->provider : NULL;
		if (!ops || !ops->standalone)
			return true;
	}
	for (unsigned i = 0; i < m->ncalls; i++)
		if (m->calls[i].child && needs_aws(m->calls[i].child))
			return true;
	return false;
}

bool cli_run_prepare(cli_run *r, const cl_args *a, const cli_run_opts *o)
{
	memset(r, 0, sizeof *r);
	cl_arena_init(&r->arena);
	r->path = o->path ? o->path : cli_path(a);
	r->dir = cli_root_dir(&r->arena, r->path);
	r->state_path = cl_args_value(a, "state") ? cl_args_value(a, "state") : CL_STATE_DEFAULT_PATH;
	r->root = cl_config_load(&r->arena, r->path, &r->d);
	if (r->d.nerrors)
		return false;
	unsigned nargs;
	cl_var_arg *vargs = cli_var_args(&r->arena, a, &nargs);
	cl_value **inputs;
	cl_loc *locs;
	if (!cl_vars_collect(&r->arena, r->root, r->dir, o->saved_vars ? NULL : vargs, o->saved_vars ? 0 : nargs,
	                     &inputs, &locs, &r->d))
		return false;
	for (unsigned i = 0; o->saved_vars && i < r->root->nvars; i++) {
		json_t *j = json_object_get(o->saved_vars, r->root->vars[i].name);
		const char *err;
		if (j && !cli_planfile_is_hashed(j))
			inputs[i] = cl_value_from_json(&r->arena, j, NULL, &err);
	}
	r->backend = cli_backend_open(r->root, cl_args_value(a, "state"), &r->d);
	if (!r->backend)
		return false;
	const char *lock = cl_args_value(a, "lock");
	if (!lock || strcmp(lock, "false")) {
		long timeout = 0;
		const char *t = cl_args_value(a, "lock-timeout");
		if (t && !cl_duration_parse(t, &timeout)) {
			cl_diag_error(&r->d, CL_NOWHERE, "-lock-timeout=%s is not a duration", t);
			cl_diag_hint(&r->d, "write it like 30s, 5m or 1h30m");
			return false;
		}
		if (!cl_backend_lock(r->backend, o->lock_op, timeout, &r->d))
			return false;
	}
	if (!cl_backend_read(r->backend, &r->state, &r->d))
		return false;
	cl_refresh_opts ro = { .parallelism = parallelism(a), .progress = o->json ? stderr : stdout };
	bool collect_again = false;
	if (!cl_refresh(r->state, &r->arena, &r->prior, &ro, &r->d))
		return false;
	/* The first expansion only evaluates the provider block when AWS is to
	 * be asked: its warnings would repeat the final one's. */
	bool ask = (o->refresh || o->need_client) && (r->prior.n || needs_aws(r->root));
	bool final = !ask;
	cl_diags first = { 0 };
	cl_diags keep = r->d;
	if (!final)
		r->d = first;
	r->g = expand(r, inputs, locs);
	if (!final) {
		first = r->d;
		r->d = keep;
		if (first.nerrors)
			cl_diags_move(&r->d, &first);
		cl_diags_free(&first);
	}
	if (r->d.nerrors)
		return false;
	if (ask) {
		if (!connect(r, r->g))
			return false;
		if (o->need_client) {
			/* Creates a killed run left half done come first. */
			r->journal = cl_journal_open(r->state_path, &r->d);
			const char *direct = cli_run_remote(r) ? NULL : r->state_path;
			if (!r->journal || !cl_apply_recover(r->journal, r->state, direct, r->client, stdout, &r->d) ||
			    (!direct && !cli_run_save(r)))
				return false;
			collect_again = true;
		}
		if ((o->refresh && r->prior.n) || collect_again) {
			ro.client = o->refresh ? r->client : NULL;
			if (!cl_refresh(r->state, &r->arena, &r->prior, &ro, &r->d))
				return false;
		}
		/* Again, with what AWS says now and the data sources read. */
		r->g = expand(r, inputs, locs);
		if (r->d.nerrors)
			return false;
	}
	if (!o->destroy && revive_deposed(r)) {
		cl_refresh_opts again = { .progress = ro.progress };
		if (!cl_refresh(r->state, &r->arena, &r->prior, &again, &r->d))
			return false;
		r->g = expand(r, inputs, locs);
		if (r->d.nerrors)
			return false;
	}
	if (!check_addresses(r, a, "target") || !check_addresses(r, a, "replace"))
		return false;
	if (has_option(a, "replace"))
		force_replacements(r, a);
	cl_destroy_plan(r->g, &r->prior, o->destroy);
	if (has_option(a, "target"))
		keep_targets(r, a);
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
	if (r->journal)
		cl_journal_close(r->journal);
	cl_backend_close(r->backend);
	cl_diags_free(&r->d);
	cl_arena_free(&r->arena);
}

bool cli_run_save(cli_run *r)
{
	return cl_backend_write(r->backend, r->state, &r->d);
}

cl_state_backend *cli_run_remote(const cli_run *r)
{
	return r->backend && !cl_backend_path(r->backend) ? r->backend : NULL;
}
