/* plan.c: the planning passes in their order (see plan.h): refresh, expand,
 * connect and recover, refresh and expand again, deposed objects, the
 * -target and -replace addresses, the destroy side, the order.  Each pass
 * reports into one cl_diags; none prints the plan. */
#include "plan/plan.h"
#include "compiler/address.h"
#include "compiler/conditions.h"
#include "compiler/expand.h"
#include "compiler/instance.h"
#include "executor/apply.h"
#include "executor/aws/provider.h"
#include "executor/aws/resource.h"
#include "executor/ctyjson.h"
#include "executor/moved.h"
#include "executor/refresh.h"
#include "plan/destroy.h"
#include "plan/import.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* What the passes share. */
typedef struct planner {
	cl_arena *a;
	const cl_plan_opts *o;
	cl_plan *p;
	cl_diags *d;
} planner;

static cl_value *prior_of(void *user, const char *addr, bool *tainted)
{
	cl_prior_inst *pi = cl_prior_find(&((planner *)user)->p->prior, addr);
	if (!pi)
		return NULL;
	*tainted = pi->tainted;
	return pi->attrs;
}

static cl_value *prior_output_of(void *user, const char *name)
{
	return cl_prior_output(&((planner *)user)->p->prior, name);
}

/* Data sources are read while planning, as Terraform does, so that what
 * depends on them is known.  Sensitive parts keep their mark. */
cl_value *cl_plan_read_data(const cl_clients *clients, cl_node *n, cl_arena *a, cl_diags *d)
{
	const cl_resource *res = &n->mi->mod->resources[n->index];
	aws_client *client = cl_clients_get(clients, cl_provider_of(a, n->mi, res, NULL));
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
	planner *pl = user;
	return cl_plan_read_data(pl->p->client ? pl->o->clients : NULL, n, a, d);
}

static cl_dag *expand(planner *pl, bool provisional)
{
	const cl_plan_opts *o = pl->o;
	cl_expand_opts eo = { .root_inputs = o->inputs, .root_input_locs = o->locs, .root_dir = o->dir,
	                      .provisional = provisional, .workspace = o->workspace,
	                      .prior = prior_of, .prior_output = prior_output_of, .read_data = read_data, .user = pl };
	return cl_expand(pl->a, o->root, &eo, pl->d);
}

/* Does address addr fall under one of the addresses v? */
static bool selected(planner *pl, const char *const *v, unsigned n, const char *addr)
{
	cl_addr x;
	const char *err;
	if (!cl_addr_parse(pl->a, addr, &x, &err))
		return false;
	for (unsigned i = 0; i < n; i++) {
		cl_addr f;
		if (cl_addr_parse(pl->a, v[i], &f, &err) && cl_addr_match(&f, &x))
			return true;
	}
	return false;
}

static bool check_addresses(planner *pl, const char *option, const char *const *v, unsigned n)
{
	bool ok = true;
	for (unsigned i = 0; i < n; i++) {
		const char *err;
		cl_addr f;
		if (cl_addr_parse(pl->a, v[i], &f, &err))
			continue;
		cl_diag_error(pl->d, CL_NOWHERE, "-%s=%s: %s", option, v[i], err);
		cl_diag_hint(pl->d, "write a resource address: aws_instance.nat, module.net.aws_subnet.public[0]");
		ok = false;
	}
	return ok;
}

/* -replace=ADDR: the instance is replaced even though nothing changed. */
static void force_replacements(planner *pl)
{
	cl_dag *g = pl->p->g;
	for (unsigned i = 0; i < g->n; i++) {
		cl_node *n = g->v[i];
		if (n->kind == CL_N_RESOURCE && n->prior && selected(pl, pl->o->replaces, pl->o->nreplaces, n->addr)) {
			n->action = CL_ACT_REPLACE;
			n->replace_reason = "-replace";
		}
	}
}

/* -target=ADDR: the targets, the old halves of their replacements, and
 * everything they depend on; nothing else. */
static void keep_targets(planner *pl)
{
	cl_dag *g = pl->p->g;
	bool *keep = CL_NEWN(pl->a, bool, g->n + 1);
	cl_node **stack = CL_NEWN(pl->a, cl_node *, g->n + 1);
	unsigned top = 0;
	for (unsigned i = 0; i < g->n; i++) {
		cl_node *n = g->v[i];
		const char *addr = n->kind == CL_N_DESTROY && n->pair ? n->pair->addr : n->addr;
		if ((n->kind == CL_N_RESOURCE || n->kind == CL_N_DESTROY || n->kind == CL_N_DATA) &&
		    selected(pl, pl->o->targets, pl->o->ntargets, addr) && !keep[i]) {
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
	cl_diag_warning(pl->d, CL_NOWHERE, "resource targeting is in effect: the plan may be incomplete");
	cl_diag_hint(pl->d, "-target is for exceptional situations (recovering from mistakes, working around "
	                    "limits); run a full plan and apply afterwards");
}

/* A plan to create an object whose name a deposed object at the same
 * address already has (runs killed between a create_before_destroy
 * replacement and the destroy of the old object, with names derived from
 * other names, can leave that): creating it again would fail, as the name
 * is taken.  That object is what the configuration asks for, so it becomes
 * the current one again, and the current one is deposed in its place.
 * True when the state changed (plan again). */
static bool revive_deposed(planner *pl)
{
	const cl_prior *prior = &pl->p->prior;
	cl_dag *g = pl->p->g;
	bool changed = false, any = false;
	for (unsigned k = 0; k < prior->n && !any; k++)
		any = prior->v[k].deposed != NULL;
	for (unsigned i = 0; any && i < g->n; i++) {
		cl_node *n = g->v[i];
		if (n->kind != CL_N_RESOURCE || (n->action != CL_ACT_CREATE && n->action != CL_ACT_REPLACE) || !n->planned)
			continue;
		const cl_value *want = cl_value_get(n->planned, "name");
		if (!want || want->kind != CL_V_STRING)
			continue;
		for (unsigned k = 0; k < prior->n; k++) {
			const cl_prior_inst *pi = &prior->v[k];
			const cl_value *has = pi->deposed && pi->attrs ? cl_value_get(pi->attrs, "name") : NULL;
			if (!has || has->kind != CL_V_STRING || strcmp(pi->addr, n->addr) || strcmp(has->u.str.s, want->u.str.s))
				continue;
			char aside[9], key[9];
			snprintf(key, sizeof key, "%s", pi->deposed);
			cl_state_depose(pl->o->state, n->addr, aside);   /* nothing to depose is fine */
			if (cl_state_undepose(pl->o->state, n->addr, key)) {
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
 * source that is not read from elsewhere, like a local remote state)?
 * data_only: only data sources count. */
static bool needs_aws(const cl_module *m, bool data_only)
{
	for (unsigned i = 0; i < m->nresources; i++) {
		const cl_resource_type *rt = m->resources[i].rt;
		const aws_ops *ops = rt ? rt->provider : NULL;
		if ((!ops || !ops->standalone) && (!data_only || m->resources[i].data))
			return true;
	}
	for (unsigned i = 0; i < m->ncalls; i++)
		if (m->calls[i].child && needs_aws(m->calls[i].child, data_only))
			return true;
	return false;
}

/* The required variables nobody set become unknown. */
static void unknown_unset(cl_arena *a, const cl_module *root, cl_value **inputs)
{
	for (unsigned i = 0; i < root->nvars; i++)
		if (!inputs[i] && !root->vars[i].def)
			inputs[i] = cl_value_unknown(a, root->vars[i].type);
}

/* Does the state hold objects only AWS can refresh or destroy? */
static bool prior_needs_aws(const cl_prior *p)
{
	for (unsigned i = 0; i < p->n; i++) {
		const cl_resource_type *rt = cl_schema_find(p->v[i].type, p->v[i].data);
		const aws_ops *ops = rt ? rt->provider : NULL;
		if (!ops || !ops->standalone)
			return true;
	}
	return false;
}

/* The client, and a killed run's creates recovered when AWS is to be
 * called; then the state refreshed again if it changed or was asked. */
static bool connect_and_refresh(planner *pl, cl_refresh_opts *ro)
{
	const cl_plan_opts *o = pl->o;
	bool collect_again = false;
	pl->p->client = o->connect(o->user, pl->p->g, pl->d);
	if (!pl->p->client)
		return false;
	if (o->need_client) {
		*o->journal = cl_journal_open(o->state_path, pl->d);
		const char *direct = o->save ? NULL : o->state_path;
		if (!*o->journal || !cl_apply_recover(*o->journal, o->state, direct, pl->p->client, stdout, pl->d) ||
		    (!direct && !o->save(o->user, pl->d)))
			return false;
		collect_again = true;
	}
	if ((o->refresh && pl->p->prior.n) || collect_again) {
		ro->client = o->refresh ? pl->p->client : NULL;
		ro->clients = o->clients;
		if (!cl_refresh(o->state, pl->a, &pl->p->prior, ro, pl->d))
			return false;
	}
	return true;
}

/* The state changed here (imported, or a deposed object revived): its
 * objects collected again, without AWS, and the configuration expanded. */
static bool replan(planner *pl, const cl_refresh_opts *ro)
{
	cl_refresh_opts again = { .progress = ro->progress };
	if (!cl_refresh(pl->o->state, pl->a, &pl->p->prior, &again, pl->d))
		return false;
	pl->p->g = expand(pl, false);
	return !pl->d->nerrors;
}

bool cl_plan_make(cl_arena *a, const cl_plan_opts *o, cl_plan *out, cl_diags *d)
{
	memset(out, 0, sizeof *out);
	planner pl = { a, o, out, d };
	if (o->values_optional)
		unknown_unset(a, o->root, o->inputs);
	cl_refresh_opts ro = { .parallelism = o->parallelism, .progress = o->progress };
	if (!o->destroy && !cl_moved_apply(o->state, o->root, ro.progress, d))
		return false;
	if (!cl_refresh(o->state, a, &out->prior, &ro, d))
		return false;
	out->before = out->prior;   /* each refresh collects anew: this one stays as recorded */
	/* The first expansion only evaluates the provider block when AWS is to
	 * be asked: its warnings would repeat the final one's.  -refresh=false
	 * still reads the data sources, as Terraform does: an AMI looked up by
	 * name would otherwise be unknown and replace what uses it.  (With no
	 * state everything is created anyway: no credentials are needed then.) */
	bool read_data = !o->offline && prior_needs_aws(&out->prior) && needs_aws(o->root, true);
	bool imports = o->root->nimports && !o->destroy && !o->offline && !o->refresh_only;
	bool ask = ((o->refresh || o->need_client || read_data) &&
	            (prior_needs_aws(&out->prior) || needs_aws(o->root, false))) || imports;
	cl_diags first = { 0 }, keep = *d;
	if (ask)
		*d = first;
	out->g = expand(&pl, ask);
	if (ask) {
		first = *d;
		*d = keep;
		if (first.nerrors)
			cl_diags_move(d, &first);
		cl_diags_free(&first);
	}
	if (d->nerrors)
		return false;
	if (ask) {
		if (!connect_and_refresh(&pl, &ro))
			return false;
		/* Again, with what AWS says now and the data sources read. */
		out->g = expand(&pl, false);
		if (d->nerrors)
			return false;
	}
	/* Import blocks: their objects into the state, then planned again. */
	cl_imported *imported = NULL;
	unsigned nimported = 0;
	if (imports && !cl_plan_imports(a, o, out->g, &imported, &nimported, o->generated, d))
		return false;
	if (nimported && !replan(&pl, &ro))
		return false;
	if (!o->destroy && !o->refresh_only && revive_deposed(&pl) && !replan(&pl, &ro))
		return false;
	for (unsigned i = 0; i < nimported; i++) {
		cl_node *n = cl_dag_find(out->g, imported[i].addr);
		if (n)
			n->import_id = imported[i].id;
	}
	if (!check_addresses(&pl, "target", o->targets, o->ntargets) ||
	    !check_addresses(&pl, "replace", o->replaces, o->nreplaces))
		return false;
	if (o->nreplaces)
		force_replacements(&pl);
	cl_destroy_plan(out->g, &out->prior, o->destroy);
	if (o->ntargets)
		keep_targets(&pl);
	if (!o->destroy && !cl_conditions_check(out->g, a, d))
		return false;
	return cl_dag_order(out->g, d);
}

const char *cl_plan_import(cl_dag *g, aws_client *client, cl_state *st, const char *addr, const char *id, cl_range at,
                           cl_diags *d)
{
	cl_node *n = cl_dag_find(g, addr);
	if (!n || n->kind != CL_N_RESOURCE) {
		cl_diag_error(d, at, "import: the configuration has no resource instance %s", addr);
		cl_diag_hint(d, "declare it first (resource \"TYPE\" \"NAME\" { ... }), then import the object into it");
		return NULL;
	}
	if (n->prior) {
		cl_diag_error(d, at, "import: %s is already in state", addr);
		cl_diag_hint(d, "clicamosc state rm %s first to import another object there", addr);
		return NULL;
	}
	const cl_resource *res = &n->mi->mod->resources[n->index];
	const aws_ops *ops = res->rt->provider;
	cl_arena local;
	cl_arena_init(&local);
	aws_op op = { .client = client, .arena = &local, .rt = res->rt, .addr = addr, .lineage = st->lineage };
	cl_value *now = NULL;
	bool ok = ops->read(&op, aws_with_id(&op, NULL, id), &now);
	if (!ok) {
		cl_diag_error(d, at, "import %s: %s", addr, op.err);
	} else if (!now) {
		cl_diag_error(d, at, "import %s: AWS has no %s with id %s", addr, res->type, id);
		ok = false;
	} else {
		cl_state_meta m = { 0 };
		ok = cl_state_put_value(st, addr, NULL, now, &m, d);
	}
	cl_arena_free(&local);
	return ok ? res->type : NULL;
}

static cl_value *read_standalone(void *user, cl_node *n, cl_arena *a, cl_diags *d)
{
	return cl_plan_read_data(NULL, n, a, d);
}

void cl_plan_validate(cl_arena *a, const cl_module *root, const char *dir, cl_diags *d)
{
	cl_value **inputs = CL_NEWN(a, cl_value *, root->nvars + 1);
	for (unsigned i = 0; i < root->nvars; i++)
		inputs[i] = cl_value_unknown(a, root->vars[i].type);
	cl_expand_opts o = { .root_inputs = inputs, .root_dir = dir, .validate = true };
	cl_expand(a, root, &o, d);
}

cl_dag *cl_plan_evaluate(cl_arena *a, const cl_module *root, const char *dir, cl_value **inputs, cl_loc *locs,
                         bool validate, const char *workspace, cl_diags *d)
{
	unknown_unset(a, root, inputs);
	cl_expand_opts o = { .root_inputs = inputs, .root_input_locs = locs, .root_dir = dir, .validate = validate,
	                     .workspace = workspace,
	                     .read_data = validate ? NULL : read_standalone };
	return cl_expand(a, root, &o, d);
}
