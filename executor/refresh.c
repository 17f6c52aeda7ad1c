/* refresh.c: from state to cl_prior, reading objects back in parallel. */
#include "executor/refresh.h"
#include "executor/providers.h"
#include "compiler/instance.h"
#include "executor/ctyjson.h"
#include "executor/aws/provider.h"
#include "executor/walk.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef struct job {
	cl_prior *p;
	cl_state *st;
	aws_client *client;
	const cl_clients *clients;
	FILE *progress;
	pthread_mutex_t mu;     /* the diagnostics, the arena, the progress stream */
	cl_arena *a;
	cl_diags *d;
} job;

static bool read_one(void *ud, cl_node *n)
{
	job *j = ud;
	cl_prior_inst *pi = &j->p->v[n->index];
	const cl_resource_type *rt = cl_schema_find(pi->type, false);
	const aws_ops *ops = rt->provider;
	cl_arena local;
	cl_arena_init(&local);
	aws_client *client = j->clients ? cl_clients_get(j->clients, cl_provider_key(&local, pi->provider)) : NULL;
	aws_op op = { .client = client ? client : j->client, .arena = &local, .rt = rt, .addr = pi->addr };
	cl_value *now = NULL;
	pthread_mutex_lock(&j->mu);
	cl_value *id = cl_value_get(pi->attrs, "id");
	fprintf(j->progress, "%s: Refreshing state... [id=%s]\n", pi->addr,
	        id && id->kind == CL_V_STRING ? id->u.str.s : "");
	pthread_mutex_unlock(&j->mu);
	bool ok = ops->read(&op, pi->attrs, &now);
	pthread_mutex_lock(&j->mu);
	if (!ok) {
		cl_diag_error(j->d, CL_NOWHERE, "%s: refreshing: %s", pi->addr, op.err);
	} else if (!now) {
		fprintf(j->progress, "%s: gone (deleted outside clicamosc); it leaves the state\n", pi->addr);
		cl_state_remove(j->st, pi->addr, pi->deposed);
		pi->attrs = NULL;
	} else {
		cl_state_meta m = { .tainted = pi->tainted, .cbd = pi->cbd, .deps = pi->deps, .ndeps = pi->ndeps };
		cl_state_put_value(j->st, pi->addr, pi->deposed, now, &m, j->d);
		/* From the read value itself: a deposed object has no address of its own. */
		const char *err = NULL;
		pi->attrs = cl_ctyjson_retype(j->a, now, cl_schema_type(j->a, rt->schema), &err);
	}
	pthread_mutex_unlock(&j->mu);
	cl_arena_free(&local);
	return ok;
}

/* A copy of attrs with every attribute of the type present: state written
 * by another version (or by hand) may leave some out, which means null. */
static void fill(json_t *v, const cl_type *t)
{
	if (!t)
		return;
	if (t->kind == CL_T_OBJECT && json_is_object(v)) {
		for (uint32_t i = 0; i < t->n; i++) {
			json_t *x = json_object_get(v, t->names[i]);
			if (!x)
				json_object_set_new(v, t->names[i], json_null());
			else
				fill(x, t->elems[i]);
		}
	} else if ((t->kind == CL_T_LIST || t->kind == CL_T_SET) && json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v); i++)
			fill(json_array_get(v, i), t->elem);
	}
}

/* Does v have every attribute of t already (fill would change nothing)? */
static bool is_complete(const json_t *v, const cl_type *t)
{
	if (!t)
		return true;
	if (t->kind == CL_T_OBJECT && json_is_object(v)) {
		for (uint32_t i = 0; i < t->n; i++) {
			const json_t *x = json_object_get(v, t->names[i]);
			if (!x || !is_complete(x, t->elems[i]))
				return false;
		}
	} else if ((t->kind == CL_T_LIST || t->kind == CL_T_SET) && json_is_array(v)) {
		for (size_t i = 0; i < json_array_size(v); i++)
			if (!is_complete(json_array_get(v, i), t->elem))
				return false;
	}
	return true;
}

/* A new reference to attrs, or to a completed copy when something is
 * missing (the state as written by this version has everything). */
static json_t *complete(json_t *attrs, const cl_type *t)
{
	if (is_complete(attrs, t))
		return json_incref(attrs);
	json_t *c = json_deep_copy(attrs);
	fill(c, t);
	return c;
}

/* Every object of the state as a cl_prior_inst, attributes typed by the
 * resource's schema. */
static void collect(cl_state *st, cl_arena *a, cl_prior *out, cl_diags *d)
{
	size_t n = 0;
	for (size_t r = 0; r < st->nres; r++)
		n += st->res[r]->nobjs;
	out->v = CL_NEWN(a, cl_prior_inst, n + 1);
	out->n = 0;
	/* Reading an object's attributes makes an untyped value, then the
	 * typed one: only the parts of the typed one made then are kept. */
	cl_arena tmp;
	cl_arena_init(&tmp);
	for (size_t r = 0; r < st->nres; r++) {
		cl_state_res *res = st->res[r];
		const cl_resource_type *rt = cl_schema_find(res->type, res->data);
		const cl_type *t = rt ? cl_schema_type(a, rt->schema) : NULL;
		for (size_t k = 0; k < res->nobjs; k++) {
			cl_state_obj *o = res->objs[k];
			cl_prior_inst *pi = &out->v[out->n++];
			cl_buf b = CL_BUF_INIT;
			cl_state_res_addr(res, NULL, &b);
			pi->resource = cl_arena_strdup(a, cl_buf_str(&b));
			cl_buf_reset(&b);
			cl_state_res_addr(res, &o->key, &b);
			pi->addr = cl_arena_strdup(a, cl_buf_str(&b));
			cl_buf_free(&b);
			pi->type = cl_arena_strdup(a, res->type);
			pi->provider = cl_arena_strdup(a, res->provider);
			pi->data = res->data;
			pi->tainted = o->tainted;
			pi->cbd = o->cbd;
			pi->deposed = o->deposed ? cl_arena_strdup(a, o->deposed) : NULL;
			const char *err = NULL;
			cl_arena_reset(&tmp);
			json_t *full = o->attrs ? complete(o->attrs, t) : NULL;
			pi->attrs = full ? cl_value_from_json(&tmp, full, t, &err) : NULL;
			json_decref(full);
			if (o->attrs && !pi->attrs) {
				cl_diag_warning(d, CL_NOWHERE, "state: %s: attributes do not fit the schema (%s); read as recorded",
				                pi->addr, err);
				pi->attrs = cl_value_from_json(&tmp, o->attrs, NULL, &err);
			}
			cl_value **made[] = { &pi->attrs };
			cl_value_keep(a, &tmp, made, 1);
			size_t nd = o->deps ? json_array_size(o->deps) : 0;
			pi->deps = CL_NEWN(a, const char *, nd + 1);
			for (size_t i = 0; i < nd; i++) {
				const char *s = json_string_value(json_array_get(o->deps, i));
				if (s)
					pi->deps[pi->ndeps++] = cl_arena_strdup(a, s);
			}
		}
	}
	cl_arena_free(&tmp);
}

/* The root module's outputs, as recorded. */
static void collect_outputs(cl_state *st, cl_arena *a, cl_prior *out)
{
	out->out_names = CL_NEWN(a, const char *, st->nouts + 1);
	out->out_values = CL_NEWN(a, cl_value *, st->nouts + 1);
	out->nouts = 0;
	for (size_t i = 0; i < st->nouts; i++) {
		bool sensitive;
		cl_value *v = cl_state_output(st, a, st->outs[i].name, &sensitive);
		if (!v)
			continue;
		out->out_names[out->nouts] = cl_arena_strdup(a, st->outs[i].name);
		out->out_values[out->nouts++] = v;
	}
}

/* The index of current objects by address (after every change to out->v). */
static void index_prior(cl_arena *a, cl_prior *out)
{
	memset(&out->by_addr, 0, sizeof out->by_addr);
	for (unsigned i = 0; i < out->n; i++)
		if (!out->v[i].deposed)
			cl_index_put(a, &out->by_addr, out->v[i].addr, i);
}

bool cl_refresh(cl_state *st, cl_arena *a, cl_prior *out, const cl_refresh_opts *o, cl_diags *d)
{
	collect(st, a, out, d);
	index_prior(a, out);
	collect_outputs(st, a, out);
	if (!o->client)
		return true;
	/* One node per managed object AWS can be asked about; no edges. */
	cl_dag g = { .arena = a };
	for (unsigned i = 0; i < out->n; i++) {
		const cl_resource_type *rt = cl_schema_find(out->v[i].type, false);
		if (out->v[i].data || !rt || !rt->provider || !out->v[i].attrs)
			continue;
		cl_dag_add(&g, CL_N_RESOURCE, out->v[i].addr, NULL, i, NULL);
	}
	cl_dag_order(&g, d);
	job j = { out, st, o->client, o->clients, o->progress, PTHREAD_MUTEX_INITIALIZER, a, d };
	walk_opts wo = { .parallelism = o->parallelism, .run = read_one, .ud = &j };
	walk_result r;
	bool ok = walk_run(&g, &wo, &r);
	free(r.status);
	/* Objects that vanished are no longer prior state. */
	unsigned k = 0;
	for (unsigned i = 0; i < out->n; i++)
		if (out->v[i].attrs || out->v[i].data)
			out->v[k++] = out->v[i];
	out->n = k;
	index_prior(a, out);
	return ok;
}
