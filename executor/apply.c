/* apply.c: what each node of the DAG does at apply time (see apply.h).
 *
 * One mutex (mu) serialises everything that touches shared values: the
 * evaluation of expressions (they read the module instances' values), the
 * arena they allocate in, the diagnostics and the progress stream.
 * Provider calls run outside it, each with an arena of its own; a result
 * goes to state as JSON and comes back typed, under the lock. */
#include "executor/apply.h"
#include "executor/providers.h"
#include "executor/provision.h"
#include "executor/backend.h"
#include "executor/ctyjson.h"
#include "compiler/expand.h"
#include "compiler/instance.h"
#include "executor/aws/provider.h"
#include "executor/aws/trace.h"
#include "util/safetext.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct ctx {
	cl_dag *g;
	const cl_apply_opts *o;
	pthread_mutex_t mu;
	cl_arena *a;
	cl_diags *d;
	char (*deposed)[9];        /* per node id: the key its old object was deposed under */
	void **handoff;            /* per destroy node id: what its replacement's create hands
	                            * it (aws_op.handoff), kept beside the plan */
	time_t *started;
	unsigned added, changed, destroyed;
	/* A state write failed (a full disk): the walk starts nothing new;
	 * what runs finishes and is kept in memory for the last write. */
	volatile sig_atomic_t halt;
} ctx;

static const char *verb(const cl_node *n, int tense)
{
	static const char *const create[] = { "Creating...", "Still creating...", "Creation complete" };
	static const char *const update[] = { "Modifying...", "Still modifying...", "Modifications complete" };
	static const char *const destroy[] = { "Destroying...", "Still destroying...", "Destruction complete" };
	static const char *const read[] = { "Reading...", "Still reading...", "Read complete" };
	if (n->kind == CL_N_DESTROY)
		return destroy[tense];
	if (n->kind == CL_N_DATA)
		return read[tense];
	return n->action == CL_ACT_UPDATE ? update[tense] : create[tense];
}

static const char *id_of(const cl_value *v)
{
	const cl_value *id = v ? cl_value_get(v, "id") : NULL;
	return id && id->kind == CL_V_STRING ? id->u.str.s : NULL;
}

static const char *state_addr(const cl_node *n)
{
	return n->kind == CL_N_DESTROY && n->pair ? n->pair->addr : n->addr;
}

/* One line of progress, made safe: AWS ids and messages in it may hold
 * control characters or echo a sensitive value. */
static void put_line(FILE *f, const char *line)
{
	char *safe = cl_safetext(line);
	fprintf(f, "%s\n", safe);
	fflush(f);
	free(safe);
}

void cl_apply_json_line(FILE *f, const char *level, const char *type, const char *message, json_t *extra)
{
	char *safe = cl_safetext(message);
	char when[40];
	time_t now = time(NULL);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s}", "@level", level, "@message", safe, "@module",
	                      "clicamosc.ui", "@timestamp", when, "type", type);
	free(safe);
	if (extra)
		json_object_update(o, extra);
	json_decref(extra);
	char *text = json_dumps(o, JSON_COMPACT);
	fprintf(f, "%s\n", text);
	fflush(f);
	free(text);
	json_decref(o);
}

/* Terraform's hook object for -json messages about one resource. */
static json_t *hook(const cl_node *n, const char *id, long elapsed)
{
	json_t *h = json_pack("{s:{s:s}, s:s}", "resource", "addr", state_addr(n), "action", cl_action_name(n->action));
	if (id)
		json_object_set_new(h, "id_value", json_string(id));
	if (elapsed >= 0)
		json_object_set_new(h, "elapsed_seconds", json_integer(elapsed));
	return json_pack("{s:o}", "hook", h);
}

/* "ADDR: Creating..." (tense 0) or "... complete after Ns" (tense 2), as
 * text or as an apply_start / apply_complete message. */
static void say(ctx *x, const cl_node *n, int tense, const cl_value *v)
{
	const char *id = id_of(v);
	long elapsed = (long)(time(NULL) - x->started[n->id]);
	char line[1024];
	if (tense == 2)
		snprintf(line, sizeof line, "%s: %s after %lds%s%s%s", state_addr(n), verb(n, 2), elapsed, id ? " [id=" : "",
		         id ? id : "", id ? "]" : "");
	else
		snprintf(line, sizeof line, "%s: %s%s%s%s", state_addr(n), verb(n, 0), id ? " [id=" : "", id ? id : "",
		         id ? "]" : "");
	pthread_mutex_lock(&x->mu);
	if (x->o->json)
		cl_apply_json_line(x->o->progress, "info", tense == 2 ? "apply_complete" : "apply_start", line,
		                   hook(n, id, tense == 2 ? elapsed : -1));
	else
		put_line(x->o->progress, line);
	pthread_mutex_unlock(&x->mu);
}

static void tick(void *ud, cl_node *n, unsigned secs)
{
	ctx *x = ud;
	if (n->kind != CL_N_RESOURCE && n->kind != CL_N_DESTROY && n->kind != CL_N_DATA)
		return;
	char line[512];
	snprintf(line, sizeof line, "%s: %s [%us elapsed]", state_addr(n), verb(n, 1), secs);
	if (x->o->json)
		cl_apply_json_line(x->o->progress, "info", "apply_progress", line, hook(n, NULL, secs));
	else
		put_line(x->o->progress, line);
}

static void progress(void *ud, const char *line)
{
	ctx *x = ud;
	pthread_mutex_lock(&x->mu);
	if (x->o->json)
		cl_apply_json_line(x->o->progress, "info", "apply_progress", line, NULL);
	else
		put_line(x->o->progress, line);
	pthread_mutex_unlock(&x->mu);
}

/* Structured events from the providers: shown only as -json messages (the
 * text output has the progress line already). */
static void event(void *ud, const char *type, const char *message, json_t *fields)
{
	ctx *x = ud;
	pthread_mutex_lock(&x->mu);
	if (x->o->json)
		cl_apply_json_line(x->o->progress, "info", type, message, json_pack("{s:o}", type, fields));
	else
		json_decref(fields);
	pthread_mutex_unlock(&x->mu);
}

/* The block in the configuration that n comes from, for the error's
 * file:line and caret (none for an orphan's destroy). */
static cl_range block_range(const cl_node *n)
{
	cl_loc at = cl_dag_node_loc(n);
	return at.file ? cl_loc_range(at) : CL_NOWHERE;
}

/* An error about n, at the block that failed: at (a provisioner block)
 * when it has a file, else n's resource block. */
static void fail_at(ctx *x, const cl_node *n, cl_loc at, const char *doing, const char *err)
{
	pthread_mutex_lock(&x->mu);
	cl_diag_error(x->d, at.file ? cl_loc_range(at) : block_range(n), "%s: %s: %s", state_addr(n), doing, err);
	pthread_mutex_unlock(&x->mu);
}

static void fail(ctx *x, const cl_node *n, const char *doing, const char *err)
{
	fail_at(x, n, (cl_loc){ 0 }, doing, err);
}

/* A rollout rolled back (n's new object is gone, the old one current
 * again): what n's replacement replaced before it in this run, such as its
 * launch configuration, goes back too.  The old object becomes current
 * again and the new one is deposed (the next apply destroys it), so that
 * planning the previous configuration again has nothing to replace. */
static void restore_replaced(ctx *x, const cl_node *n)
{
	pthread_mutex_lock(&x->mu);   /* x->a is shared */
	unsigned nd, nsaid = 0;
	cl_node **deps = cl_dag_resource_deps(x->a, n, &nd);
	const char **said = CL_NEWN(x->a, const char *, nd + 1);
	for (unsigned i = 0; i < nd; i++) {
		const cl_node *d = deps[i];
		if (d->action != CL_ACT_REPLACE || !d->cbd || !d->pair || !x->deposed[d->pair->id][0])
			continue;
		char aside[9];
		if (cl_state_depose(x->o->state, d->addr, aside) &&
		    cl_state_undepose(x->o->state, d->addr, x->deposed[d->pair->id]))
			said[nsaid++] = cl_arena_printf(x->a, "%s: the object it replaced is current again; the new one "
			                                "(deposed %s) goes at the next apply", d->addr, aside);
	}
	pthread_mutex_unlock(&x->mu);
	for (unsigned i = 0; i < nsaid; i++)
		progress(x, said[i]);
}

/* The resource addresses n depends on, for the state's dependencies. */
static const char **dependencies(ctx *x, const cl_node *n, size_t *count)
{
	unsigned nd;
	cl_node **deps = cl_dag_resource_deps(x->a, n, &nd);
	const char **out = CL_NEWN(x->a, const char *, nd + 1);
	size_t k = 0;
	for (unsigned i = 0; i < nd; i++) {
		const char *r = cl_addr_resource_str(x->a, &deps[i]->at);
		bool dup = false;
		for (size_t j = 0; j < k && !dup; j++)
			dup = !strcmp(out[j], r);
		if (!dup)
			out[k++] = r;
	}
	*count = k;
	return out;
}

/* The local file stays on the direct path: this runs after every operation. */
static bool save(const cl_apply_opts *o, cl_diags *d)
{
	return o->backend ? cl_backend_write(o->backend, o->state, d) : cl_state_write(o->state, o->state_path, d);
}

/* save, and on failure stop the walk from starting anything more. */
static bool save_or_halt(ctx *x)
{
	if (save(x->o, x->d))
		return true;
	x->halt = 1;
	return false;
}

/* The strings config marks sensitive (at any depth). */
static void secrets_of(cl_arena *a, const cl_value *v, bool marked, const char ***out, unsigned *n)
{
	marked |= (v->marks & CL_MARK_SENSITIVE) != 0;
	if (v->kind == CL_V_STRING && marked) {
		*out = cl_arena_realloc(a, *out, *n * sizeof **out, (*n + 1) * sizeof **out);
		(*out)[(*n)++] = v->u.str.s;
	} else if (v->kind >= CL_V_LIST && v->kind <= CL_V_OBJECT && (marked || cl_value_marks_deep(v))) {
		for (uint32_t i = 0; i < v->n; i++)
			secrets_of(a, v->u.c.v[i], marked, out, n);
	}
}

static bool strstr_any(const char *s, const char *const *secrets, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (*secrets[i] && strstr(s, secrets[i]))
			return true;
	return false;
}

static bool holds_secret(const cl_value *v, const char *const *secrets, unsigned n)
{
	if (v->kind == CL_V_STRING) {
		return strstr_any(v->u.str.s, secrets, n);
	} else if (v->kind >= CL_V_LIST && v->kind <= CL_V_OBJECT) {
		for (uint32_t i = 0; i < v->n; i++)
			if (holds_secret(v->u.c.v[i], secrets, n) ||
			    (v->u.c.keys && v->kind >= CL_V_MAP && strstr_any(v->u.c.keys[i], secrets, n)))
				return true;
	}
	return false;
}

/* What the configuration marks sensitive stays marked in the object AWS
 * gave back: the attributes configured with it, and any attribute that
 * holds one of its values (tags_all copies tags), so state and every
 * display hide them. */
static cl_value *carry_marks(cl_arena *a, const cl_value *config, cl_value *v)
{
	const char **secrets = NULL;
	unsigned nsecrets = 0;
	secrets_of(a, config, false, &secrets, &nsecrets);
	if (v->kind != CL_V_OBJECT || !nsecrets)
		return v;
	cl_value **vals = CL_NEWN(a, cl_value *, v->n + 1);
	for (uint32_t i = 0; i < v->n; i++) {
		const cl_value *c = cl_value_get(config, v->u.c.keys[i]);
		bool hide = (c && (cl_value_marks_deep(c) & CL_MARK_SENSITIVE)) || holds_secret(v->u.c.v[i], secrets, nsecrets);
		vals[i] = hide ? cl_value_mark(a, v->u.c.v[i], CL_MARK_SENSITIVE) : v->u.c.v[i];
	}
	return cl_value_object(a, v->u.c.keys, vals, v->n);
}

/* Sensitive values are about to travel to AWS: keep them out of traces. */
static void hide_from_traces(cl_arena *a, const cl_value *config)
{
	const char **secrets = NULL;
	unsigned n = 0;
	secrets_of(a, config, false, &secrets, &n);
	for (unsigned i = 0; i < n; i++)
		aws_trace_sensitive(secrets[i]);
}

/* The provider configuration n's object belongs to ("aws", "aws.west"):
 * the configuration's, or for an orphan the one the state recorded. */
static const char *node_provider(ctx *x, cl_node *n)
{
	cl_node *c = n->kind == CL_N_DESTROY ? n->pair : n;
	if (c)
		return cl_provider_of(x->a, c->mi, &c->mi->mod->resources[c->index], NULL);
	return cl_provider_key(x->a, x->o->prior->v[n->index].provider);
}

/* Records v as n's object in state, writes the state, and makes the typed
 * value what references to n now see.  False when the file could not be
 * written (the object is still recorded in memory). */
static bool record(ctx *x, cl_node *n, const cl_value *config, cl_value *v, bool tainted)
{
	pthread_mutex_lock(&x->mu);
	cl_state_meta m = { .tainted = tainted, .cbd = n->cbd };
	m.provider = cl_provider_state_name(x->a, node_provider(x, n));
	m.deps = dependencies(x, n, &m.ndeps);
	cl_state_put_value(x->o->state, n->addr, NULL, carry_marks(x->a, config, v), &m, x->d);
	const cl_resource *r = &n->mi->mod->resources[n->index];
	cl_value *typed = cl_state_value(x->o->state, x->a, n->addr, cl_schema_type(x->a, r->rt->schema), NULL, x->d);
	if (typed)
		cl_expand_set_value(x->g, x->a, n, typed);
	pthread_mutex_unlock(&x->mu);
	return save_or_halt(x);
}

static aws_op new_op(ctx *x, cl_node *n, cl_arena *local, const cl_resource_type *rt)
{
	aws_client *client = x->o->clients ? cl_clients_get(x->o->clients, node_provider(x, n)) : x->o->client;
	aws_op op = { .client = client ? client : x->o->client, .arena = local, .rt = rt, .addr = state_addr(n),
	              .lineage = x->o->state->lineage, .default_tags = x->o->default_tags,
	              .progress = progress, .event = event, .ud = x, .cancel = x->o->cancel, .keep_failed = x->o->keep_failed };
	return op;
}

/* n's configuration with what is known now (expressions read shared values). */
static cl_value *config_of(ctx *x, cl_node *n)
{
	pthread_mutex_lock(&x->mu);
	cl_value *config = cl_expand_config(x->g, x->a, n, x->d);
	pthread_mutex_unlock(&x->mu);
	return config;
}

/* *op, to create, update or read resource or data node n, allocating in
 * local, and n's configuration (returned), its secrets kept out of traces.
 * NULL when the configuration cannot be evaluated; local is then untouched. */
static cl_value *prepare_op(ctx *x, cl_node *n, cl_arena *local, aws_op *op)
{
	cl_value *config = config_of(x, n);
	if (!config)
		return NULL;
	cl_arena_init(local);
	hide_from_traces(local, config);
	*op = new_op(x, n, local, n->mi->mod->resources[n->index].rt);
	return config;
}

static const char **recorded_ids(cl_state *st, cl_arena *a, const char *addr, unsigned *n);

static bool apply_resource(ctx *x, cl_node *n)
{
	if (n->action == CL_ACT_NOOP)
		return true;
	const cl_resource *r = &n->mi->mod->resources[n->index];
	const aws_ops *ops = r->rt->provider;
	cl_arena local;
	aws_op op;
	cl_value *config = prepare_op(x, n, &local, &op);
	if (!config)
		return false;
	if (n->action == CL_ACT_REPLACE) {
		op.replacing = n->prior;   /* for a rollout: capacity carry-over, rollback */
		op.handoff = n->pair ? &x->handoff[n->pair->id] : NULL;
	}
	/* What a create adopts after a lost answer is never an object already
	 * recorded here (the one it replaces carries the same identity tags). */
	pthread_mutex_lock(&x->mu);
	op.known_ids = recorded_ids(x->o->state, &local, op.addr, &op.nknown);
	pthread_mutex_unlock(&x->mu);
	cl_value *now = NULL;
	bool update = n->action == CL_ACT_UPDATE && ops->update;
	bool deposed = false;
	char token[37] = "";
	if (!update && x->o->journal && !cl_journal_intent(x->o->journal, n->addr, r->type, x->o->state->lineage, token,
	                                                   x->d)) {
		cl_arena_free(&local);
		x->halt = 1;    /* the disk is full or gone: the next creates would fail alike */
		return false;   /* no intent on disk, no create: a crash now could leak it */
	}
	op.token = token[0] ? token : NULL;
	if (n->action == CL_ACT_REPLACE && n->cbd) {
		/* The old object steps aside; its destroy node deletes it later. */
		deposed = cl_state_depose(x->o->state, n->addr, x->deposed[n->pair->id]);
	}
	x->started[n->id] = time(NULL);
	say(x, n, 0, update ? n->prior : NULL);
	bool ok = update ? ops->update(&op, n->prior, config, &now) : ops->create(&op, config, &now);
	bool saved = true;
	if (now)
		saved = record(x, n, config, now, !ok);
	else if (deposed) {
		cl_state_undepose(x->o->state, n->addr, x->deposed[n->pair->id]);
		if (!(x->o->cancel && *x->o->cancel))   /* a rollback, not an interrupt */
			restore_replaced(x, n);
	}
	/* A create cut short by the second Ctrl-C may have acted in AWS with
	 * its answer lost: its intent stays open, as after a crash, so that the
	 * next command looks for the object by its tags and adopts it.  So does
	 * one not on disk (a state write failed): found again by its tags even
	 * if the last-resort copy of the state is lost. */
	bool unknown = !ok && !now && x->o->cancel && *x->o->cancel;
	if (token[0] && !unknown && saved)
		cl_journal_done(x->o->journal, token, now ? "created" : "failed", x->d);
	cl_loc failed_at = { 0 };
	if (ok && !update && r->nprovisioners) {
		cl_provision pv = { r, cl_expand_node_scope(x->g, n), now, false, n->addr, &x->mu, progress, x };
		if (!cl_provision_run(&pv, &local, op.err, sizeof op.err, &failed_at)) {
			record(x, n, config, now, true);   /* as Terraform: a failed provisioner taints */
			ok = false;
		}
	}
	if (ok) {
		say(x, n, 2, now);
		pthread_mutex_lock(&x->mu);
		if (update)
			x->changed++;
		else
			x->added++;
		pthread_mutex_unlock(&x->mu);
	} else {
		fail_at(x, n, failed_at, update ? "updating" : "creating", op.err);
		if (now)
			progress(x, cl_arena_printf(x->a, "%s: recorded as tainted: the next apply replaces it", n->addr));
	}
	cl_arena_free(&local);
	return ok;
}

/* when = destroy provisioners of what n destroys, while its resource block
 * is still in the configuration (a replacement's, or the root module's). */
static bool destroy_provisioners(ctx *x, cl_node *n, const cl_prior_inst *pi, cl_arena *a, char *err, size_t len,
                                 cl_loc *where)
{
	cl_scope sc = { .mi = x->g->root, .root_dir = x->g->root_dir };
	const cl_resource *r = NULL;
	if (n->pair) {
		r = &n->pair->mi->mod->resources[n->pair->index];
		sc = cl_expand_node_scope(x->g, n->pair);
	} else if (pi && !pi->data && strncmp(pi->resource, "module.", 7)) {
		const char *dot = strchr(pi->resource, '.');
		const cl_module *m = x->g->root->mod;
		for (unsigned i = 0; dot && i < m->nresources && !r; i++)
			if (!m->resources[i].data && !strcmp(m->resources[i].name, dot + 1) &&
			    !strcmp(m->resources[i].type, pi->type))
				r = &m->resources[i];
	}
	if (!r || !r->nprovisioners)
		return true;
	cl_provision pv = { r, sc, n->prior, true, n->pair ? n->pair->addr : pi->addr, &x->mu, progress, x };
	return cl_provision_run(&pv, a, err, len, where);
}

static bool apply_destroy(ctx *x, cl_node *n)
{
	const cl_prior_inst *pi = n->pair ? NULL : &x->o->prior->v[n->index];
	const char *type = n->pair ? n->pair->mi->mod->resources[n->pair->index].type : pi->type;
	const cl_resource_type *rt = cl_schema_find(type, false);
	const aws_ops *ops = rt ? rt->provider : NULL;
	const char *addr = n->pair ? n->pair->addr : pi->addr;
	const char *deposed = n->pair ? (x->deposed[n->id][0] ? x->deposed[n->id] : NULL) : pi->deposed;
	if (!ops) {
		fail(x, n, "destroying", "no provider for this resource type");
		return false;
	}
	cl_arena local;
	cl_arena_init(&local);
	aws_op op = new_op(x, n, &local, rt);
	op.handoff = n->pair ? &x->handoff[n->id] : NULL;
	x->started[n->id] = time(NULL);
	say(x, n, 0, n->prior);
	cl_loc failed_at = { 0 };
	if (n->prior && !destroy_provisioners(x, n, pi, &local, op.err, sizeof op.err, &failed_at)) {
		fail_at(x, n, failed_at, "destroying", op.err);
		cl_arena_free(&local);
		return false;
	}
	bool ok = !n->prior || ops->destroy(&op, n->prior);
	if (ok) {
		cl_state_remove(x->o->state, addr, deposed);
		save_or_halt(x);
		say(x, n, 2, NULL);
		pthread_mutex_lock(&x->mu);
		x->destroyed++;
		pthread_mutex_unlock(&x->mu);
	} else {
		fail(x, n, "destroying", op.err);
	}
	cl_arena_free(&local);
	return ok;
}

static bool apply_data(ctx *x, cl_node *n)
{
	if (n->action == CL_ACT_NOOP)
		return true;   /* read while planning */
	cl_arena local;
	aws_op op;
	cl_value *config = prepare_op(x, n, &local, &op);
	if (!config)
		return false;
	const aws_ops *ops = op.rt->provider;
	cl_value *now = NULL;
	bool ok = ops && ops->read(&op, config, &now) && now;
	if (ok) {
		pthread_mutex_lock(&x->mu);
		const char *err = NULL;
		cl_value *typed = cl_ctyjson_retype(x->a, now, cl_schema_type(x->a, op.rt->schema), &err);
		if (typed)
			cl_expand_set_value(x->g, x->a, n, typed);
		pthread_mutex_unlock(&x->mu);
	} else {
		fail(x, n, "reading", ops ? op.err : "no provider for this data source");
	}
	cl_arena_free(&local);
	return ok;
}

static bool run(void *ud, cl_node *n)
{
	ctx *x = ud;
	switch (n->kind) {
	case CL_N_RESOURCE:
		return apply_resource(x, n);
	case CL_N_DESTROY:
		return apply_destroy(x, n);
	case CL_N_DATA:
		return apply_data(x, n);
	default: {
		if (n->kind == CL_N_VAR && !n->mi->parent)
			return true;
		pthread_mutex_lock(&x->mu);
		bool ok = cl_expand_reevaluate(x->g, x->a, n, x->d);
		pthread_mutex_unlock(&x->mu);
		return ok;
	}
	}
}

/* The root module's outputs into state, as the walk left them. */
static void save_outputs(ctx *x)
{
	const cl_module *m = x->g->root->mod;
	for (unsigned i = 0; !x->o->destroy && i < m->noutputs; i++) {
		cl_value *v = x->g->root->outputs[i];
		if (v && cl_value_is_wholly_known(v))
			cl_state_set_output(x->o->state, m->outputs[i].name, v,
			                    (cl_value_marks_deep(v) & CL_MARK_SENSITIVE) != 0);
	}
	cl_state *st = x->o->state;
	for (size_t i = st->nouts; i-- > 0;)
		if (x->o->destroy || !cl_module_output(m, st->outs[i].name))
			cl_state_remove_output(st, st->outs[i].name);
}

/* The ids of every object recorded at addr (current and deposed). */
static const char **recorded_ids(cl_state *st, cl_arena *a, const char *addr, unsigned *n)
{
	*n = 0;
	cl_addr x;
	const char *err;
	cl_state_res *res = cl_addr_parse(a, addr, &x, &err) ? cl_state_find_res(st, &x) : NULL;
	const char **ids = CL_NEWN(a, const char *, (res ? res->nobjs : 0) + 1);
	for (size_t i = 0; res && i < res->nobjs; i++) {
		const char *id = json_string_value(json_object_get(res->objs[i]->attrs, "id"));
		if (id && cl_key_equal(&res->objs[i]->key, &x.key))
			ids[(*n)++] = cl_arena_strdup(a, id);
	}
	return ids;
}

static void recovery_line(void *progress, const char *line)
{
	put_line(progress, line);
}

/* Adopts every object in AWS that carries addr's identity tags and is not
 * in state: the first as the current object when there is CL_NOWHERE, the rest
 * as deposed objects, which the next plan destroys. */
static bool adopt(cl_state *st, const char *state_path, aws_client *client, const cl_intent *in,
                  const aws_ops *ops, const cl_resource_type *rt, FILE *progress, cl_diags *d)
{
	cl_arena local;
	cl_arena_init(&local);
	bool ok = true;
	for (;;) {
		aws_op op = { .client = client, .arena = &local, .rt = rt, .addr = in->address, .lineage = in->lineage,
		              .token = in->token, .progress = recovery_line, .ud = progress };
		op.known_ids = recorded_ids(st, &local, in->address, &op.nknown);
		cl_value *found = NULL;
		if (!ops->find(&op, &found)) {
			cl_diag_error(d, CL_NOWHERE, "%s: looking for what an interrupted run created: %s", in->address, op.err);
			ok = false;
			break;
		}
		if (!found)
			break;
		bool tainted;
		json_t *cur = cl_state_get(st, in->address, NULL, &tainted);
		char key[9] = "";
		if (cur) {
			/* Adopted as deposed: a plan destroys it. */
			char uuid[37];
			cl_uuid(uuid);
			memcpy(key, uuid, 8);
			json_decref(cur);
		}
		const cl_value *id = cl_value_get(found, "id");
		const char *ids = id && id->kind == CL_V_STRING ? id->u.str.s : "?";
		cl_state_meta m = { 0 };
		if (!key[0] && ops->settle && !ops->settle(&op, found)) {
			/* As a create whose wait failed: recorded, tainted, so the plan replaces it. */
			m.tainted = true;
			cl_diag_warning(d, CL_NOWHERE, "%s: adopted [id=%s] from an interrupted run, but it is not ready: %s",
			                in->address, ids, op.err);
			cl_diag_hint(d, "it is recorded as tainted; the next plan replaces it");
		}
		cl_state_put_value(st, in->address, key[0] ? key : NULL, found, &m, d);
		if (state_path)
			cl_state_write(st, state_path, d);
		char *line = cl_arena_printf(&local, "%s: adopted [id=%s]%s, left by an interrupted run", in->address, ids,
		                             key[0] ? " as a deposed object" : m.tainted ? " as tainted" : "");
		put_line(progress, line);
	}
	cl_arena_free(&local);
	return ok;
}

/* A run killed between deposing an object and recording its replacement
 * leaves an address with no current object: the deposed one comes back, as
 * apply does when a replacement fails, and the plan decides from there. */
static void undepose_orphans(cl_state *st, FILE *progress)
{
	for (size_t r = 0; r < st->nres; r++) {
		cl_state_res *res = st->res[r];
		for (size_t k = 0; k < res->nobjs; k++) {
			const cl_state_obj *o = res->objs[k];
			bool current = false;
			for (size_t m = 0; m < res->nobjs && !current; m++)
				current = !res->objs[m]->deposed && cl_key_equal(&res->objs[m]->key, &o->key);
			if (current || !o->deposed)
				continue;
			cl_buf b = CL_BUF_INIT;
			cl_state_res_addr(res, &o->key, &b);
			char key[9];
			snprintf(key, sizeof key, "%s", o->deposed);
			if (cl_state_undepose(st, cl_buf_str(&b), key))
				fprintf(progress, "%s: the deposed object %s is current again (its replacement was never "
				        "recorded)\n", cl_buf_str(&b), key);
			cl_buf_free(&b);
			k = (size_t)-1;   /* the objects moved: look again from the first */
		}
	}
}

bool cl_apply_recover(cl_journal *j, cl_state *st, const char *state_path, aws_client *client, FILE *progress,
                      cl_diags *d)
{
	size_t n;
	const cl_intent *in = cl_journal_open_intents(j, &n);
	bool ok = true;
	for (size_t i = 0; i < n; i++) {
		const cl_resource_type *rt = cl_schema_find(in[i].type, false);
		const aws_ops *ops = rt ? rt->provider : NULL;
		if (!ops || !ops->find) {
			bool tainted;
			json_t *had = cl_state_get(st, in[i].address, NULL, &tainted);
			if (!had) {
				cl_diag_warning(d, CL_NOWHERE, "%s: an interrupted run may have created it, and AWS offers no way to "
				                "find a %s by tags", in[i].address, in[i].type);
				cl_diag_hint(d, "look for it in AWS and remove it by hand if it is there");
			}
			json_decref(had);
			cl_journal_done(j, in[i].token, "absent", d);
			continue;
		}
		if (!adopt(st, state_path, client, &in[i], ops, rt, progress, d)) {
			ok = false;
			continue;
		}
		cl_journal_done(j, in[i].token, "recovered", d);
	}
	undepose_orphans(st, progress);
	return ok;
}

/* The end of a walk that could not write the state every time; saved:
 * whether the last write went through.  When it did not, the state goes
 * where there is room. */
static void unsaved(ctx *x, const walk_result *w, bool saved)
{
	const cl_apply_opts *o = x->o;
	cl_diag_error(x->d, CL_NOWHERE, "the state could not be written during the %s: %u operation%s not started%s",
	              o->destroy ? "destroy" : "apply", w->pending, w->pending == 1 ? " was" : "s were",
	              saved ? "" : "; the journal beside the state is kept, so what this run made can be found again");
	if (saved) {
		cl_diag_hint(x->d, "the state file was written at last and records everything this run did; "
		                "apply again to finish");
	} else if (!o->backend) {    /* the remote backend saved its own copy already */
		char *text = cl_state_text(o->state);
		cl_backend_save_errored(text, x->d);
		free(text);
	}
}

bool cl_apply(cl_dag *g, const cl_apply_opts *o, cl_apply_result *r, cl_diags *d)
{
	ctx x = { .g = g, .o = o, .a = g->arena, .d = d };
	pthread_mutex_init(&x.mu, NULL);
	x.deposed = calloc(g->n + 1, sizeof *x.deposed);
	x.started = calloc(g->n + 1, sizeof *x.started);
	x.handoff = calloc(g->n + 1, sizeof *x.handoff);
	walk_opts wo = { .parallelism = o->parallelism, .run = run, .ud = &x, .stop = o->stop, .halt = &x.halt,
	                 .tick = tick, .tick_secs = o->tick_secs ? o->tick_secs : 10 };
	memset(r, 0, sizeof *r);
	bool ok = walk_run(g, &wo, &r->walk);
	save_outputs(&x);
	bool saved = save(o, d);
	if (!saved || x.halt) {
		unsaved(&x, &r->walk, saved);
		ok = false;   /* never "Apply complete!" */
	}
	r->added = x.added;
	r->changed = x.changed;
	r->destroyed = x.destroyed;
	free(x.deposed);
	free(x.started);
	for (unsigned i = 0; i < g->n; i++)
		free(x.handoff[i]);   /* handed over, never taken (the destroy did not run) */
	free(x.handoff);
	pthread_mutex_destroy(&x.mu);
	return ok;
}
