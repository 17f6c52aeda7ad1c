/* state.c: the state tree (Terraform's states/): resources and their
 * objects, sorted and looked up by typed address, changed one object at a
 * time under the lock; outputs; moves.  The file format is statefile.c.  The
 * tree is heap-allocated piece by piece, not in an arena: it lives for a
 * whole apply while objects are replaced thousands of times. */
#include "executor/state.h"
#include "executor/state_tree.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "compiler/schema.h"
#include "executor/ctyjson.h"
#include "executor/jsonw.h"
#include "util/fatal.h"
#include "util/file.h"

void cl_uuid(char out[37])
{
	unsigned char r[16];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, r, sizeof r) != (ssize_t)sizeof r) {
		perror("clicamosc: /dev/urandom");   /* no randomness: nothing safe to do */
		abort();
	}
	close(fd);
	r[6] = (unsigned char)((r[6] & 0x0F) | 0x40);   /* version 4 */
	r[8] = (unsigned char)((r[8] & 0x3F) | 0x80);   /* RFC 4122 variant */
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
	         r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14], r[15]);
}

/* ---- the tree ---- */

cl_state *cl_state_new(void)
{
	cl_state *st = cl_xcalloc(1, sizeof *st);
	pthread_mutex_init(&st->mu, NULL);
	pthread_mutex_init(&st->write_mu, NULL);
	cl_uuid(st->lineage);
	st->saved_gen = UINT64_MAX;
	return st;
}

void cl_state_tree_obj_free(cl_state_obj *o)
{
	free((char *)o->key.s);
	free(o->deposed);
	free(o->private);
	json_decref(o->attrs);
	json_decref(o->attrs_flat);
	json_decref(o->sensitive);
	json_decref(o->deps);
	free(o);
}

static void res_free(cl_state_res *r)
{
	for (size_t i = 0; i < r->nobjs; i++)
		cl_state_tree_obj_free(r->objs[i]);
	free(r->objs);
	free(r->module);
	free(r->type);
	free(r->name);
	free(r->each);
	free(r->provider);
	free(r);
}

void cl_state_free(cl_state *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->nres; i++)
		res_free(st->res[i]);
	for (size_t i = 0; i < st->nouts; i++) {
		free(st->outs[i].name);
		json_decref(st->outs[i].value);
		json_decref(st->outs[i].type);
	}
	free(st->res);
	free(st->outs);
	free(st->tf_version);
	free(st->written);
	json_decref(st->check_results);
	pthread_mutex_destroy(&st->mu);
	pthread_mutex_destroy(&st->write_mu);
	free(st);
}

/* Terraform's order: module, mode ("data" before "managed"), type, name. */
static int res_cmp(const char *module, bool data, const char *type, const char *name, const cl_state_res *r)
{
	int c = strcmp(module, r->module);
	if (c)
		return c;
	if (data != r->data)
		return data ? -1 : 1;
	c = strcmp(type, r->type);
	return c ? c : strcmp(name, r->name);
}

/* Index of the resource, or of where it would go (*found false). */
static size_t res_search(const cl_state *st, const char *module, bool data, const char *type, const char *name,
                         bool *found)
{
	size_t lo = 0, hi = st->nres;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = res_cmp(module, data, type, name, st->res[mid]);
		if (!c) {
			*found = true;
			return mid;
		}
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	*found = false;
	return lo;
}

static void res_insert_at(cl_state *st, size_t at, cl_state_res *r)
{
	if (st->nres == st->capres) {
		st->capres = st->capres ? 2 * st->capres : 16;
		st->res = cl_xrealloc(st->res, st->capres * sizeof *st->res);
	}
	memmove(st->res + at + 1, st->res + at, (st->nres - at) * sizeof *st->res);
	st->res[at] = r;
	st->nres++;
}

cl_state_res *cl_state_tree_res(cl_state *st, const char *module, bool data, const char *type, const char *name,
                                const char *provider)
{
	bool found;
	size_t at = res_search(st, module, data, type, name, &found);
	if (found)
		return st->res[at];
	cl_state_res *r = cl_xcalloc(1, sizeof *r);
	r->module = cl_xstrdup(module);
	r->data = data;
	r->type = cl_xstrdup(type);
	r->name = cl_xstrdup(name);
	r->provider = cl_xstrdup(provider ? provider : CL_STATE_PROVIDER);
	res_insert_at(st, at, r);
	return r;
}

static void res_remove_at(cl_state *st, size_t at, bool free_it)
{
	if (free_it)
		res_free(st->res[at]);
	memmove(st->res + at, st->res + at + 1, (st->nres - at - 1) * sizeof *st->res);
	st->nres--;
}

/* Objects: by key, the current one before its deposed ones. */
static int obj_cmp(const cl_key *k, const char *deposed, const cl_state_obj *o)
{
	int c = cl_key_compare(k, &o->key);
	if (c)
		return c;
	if (!deposed || !o->deposed)
		return (deposed != NULL) - (o->deposed != NULL);
	return strcmp(deposed, o->deposed);
}

static size_t obj_search(const cl_state_res *r, const cl_key *k, const char *deposed, bool *found)
{
	size_t i = 0;
	for (; i < r->nobjs; i++) {
		int c = obj_cmp(k, deposed, r->objs[i]);
		if (c <= 0) {
			*found = c == 0;
			return i;
		}
	}
	*found = false;
	return i;
}

/* Inserts o in r; false (o not taken) when r holds that object already. */
bool cl_state_tree_insert(cl_state_res *r, cl_state_obj *o)
{
	bool found;
	size_t at = obj_search(r, &o->key, o->deposed, &found);
	if (found)
		return false;
	if (r->nobjs == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 4;
		r->objs = cl_xrealloc(r->objs, r->cap * sizeof *r->objs);
	}
	memmove(r->objs + at + 1, r->objs + at, (r->nobjs - at) * sizeof *r->objs);
	r->objs[at] = o;
	r->nobjs++;
	return true;
}

static void obj_remove_at(cl_state_res *r, size_t at)
{
	cl_state_tree_obj_free(r->objs[at]);
	memmove(r->objs + at, r->objs + at + 1, (r->nobjs - at - 1) * sizeof *r->objs);
	r->nobjs--;
}

cl_state_res *cl_state_find_res(const cl_state *st, const cl_addr *x)
{
	if (!x->type)
		return NULL;
	bool found;
	size_t at = res_search(st, x->module, x->data, x->type, x->name, &found);
	return found ? st->res[at] : NULL;
}

cl_state_obj *cl_state_find(const cl_state *st, const cl_addr *x, const char *deposed, cl_state_res **res)
{
	cl_state_res *r = cl_state_find_res(st, x);
	if (res)
		*res = r;
	if (!r)
		return NULL;
	bool found;
	size_t at = obj_search(r, &x->key, deposed, &found);
	return found ? r->objs[at] : NULL;
}

void cl_state_res_addr(const cl_state_res *r, const cl_key *k, cl_buf *b)
{
	cl_addr x = { .module = r->module, .data = r->data, .type = r->type, .name = r->name };
	if (k)
		x.key = *k;
	cl_addr_print(b, &x);
}

/* Parses an instance address for a lookup; false (and nothing found) when
 * it is not one: callers pass addresses they made. */
static bool parse_inst(cl_arena *a, const char *addr, cl_addr *x)
{
	const char *err;
	return cl_addr_parse(a, addr, x, &err) && x->type;
}

/* One instance looked up under the state's lock, for the readers and editors
 * of single objects: the parsed address lives in its own arena, and the lock
 * is held from lookup_begin to lookup_end. */
typedef struct lookup {
	cl_arena a;
	cl_addr x;
	cl_state_res *r; /* the instance's resource, NULL when absent */
	cl_state_obj *o; /* the object (current, or deposed as asked), NULL when absent */
} lookup;

static void lookup_begin(cl_state *st, lookup *l, const char *addr, const char *deposed)
{
	cl_arena_init(&l->a);
	pthread_mutex_lock(&st->mu);
	l->r = NULL;
	l->o = parse_inst(&l->a, addr, &l->x) ? cl_state_find(st, &l->x, deposed, &l->r) : NULL;
}

static void lookup_end(cl_state *st, lookup *l)
{
	pthread_mutex_unlock(&st->mu);
	cl_arena_free(&l->a);
}

/* ---- objects ---- */

json_t *cl_state_get(cl_state *st, const char *addr, const char *deposed, bool *tainted)
{
	lookup l;
	json_t *attrs = NULL;
	lookup_begin(st, &l, addr, deposed);
	if (l.o) {
		attrs = json_deep_copy(l.o->attrs);
		if (tainted)
			*tainted = l.o->tainted;
	}
	lookup_end(st, &l);
	return attrs;
}

static json_t *deps_json(const cl_state_meta *m)
{
	if (!m || !m->ndeps)
		return NULL;
	json_t *j = json_array();
	for (size_t i = 0; i < m->ndeps; i++)
		json_array_append_new(j, json_string(m->deps[i]));
	return j;
}

static bool put(cl_state *st, const char *addr, const char *deposed, json_t *attrs, json_t *sensitive,
                const cl_state_meta *m, cl_diags *d)
{
	cl_arena a;
	cl_arena_init(&a);
	cl_addr x;
	const char *err = "not a resource instance";
	if (!cl_addr_parse(&a, addr, &x, &err) || !x.type) {
		cl_diag_error(d, CL_NOWHERE, "cannot record %s in the state: %s", addr, err);
		cl_arena_free(&a);
		json_decref(attrs);
		json_decref(sensitive);
		return false;
	}
	cl_state_obj *o = cl_xcalloc(1, sizeof *o);
	o->key = x.key;
	if (x.key.kind == CL_KEY_STR)
		o->key.s = cl_xstrdup(x.key.s);
	o->deposed = deposed ? cl_xstrdup(deposed) : NULL;
	o->attrs = attrs;
	o->sensitive = sensitive;
	o->deps = deps_json(m);
	/* The provider's schema_version for the type, as Terraform records it:
	 * the attributes are in that version's layout. */
	const cl_resource_type *rt = cl_schema_find(x.type, x.data);
	o->schema_version = rt ? rt->schema_version : 0;
	if (m) {
		o->tainted = m->tainted;
		o->cbd = m->cbd;
		o->private = m->private ? cl_xstrdup(m->private) : NULL;
	}
	pthread_mutex_lock(&st->mu);
	cl_state_res *r = cl_state_tree_res(st, x.module, x.data, x.type, x.name, m ? m->provider : NULL);
	bool found;
	size_t at = obj_search(r, &o->key, deposed, &found);
	if (found)
		obj_remove_at(r, at);
	cl_state_tree_insert(r, o);
	st->gen++;
	pthread_mutex_unlock(&st->mu);
	cl_arena_free(&a);
	return true;
}

bool cl_state_put(cl_state *st, const char *addr, const char *deposed, json_t *attrs, const cl_state_meta *m,
                  cl_diags *d)
{
	return put(st, addr, deposed, attrs, NULL, m, d);
}

bool cl_state_remove(cl_state *st, const char *addr, const char *deposed)
{
	lookup l;
	lookup_begin(st, &l, addr, deposed);
	cl_state_res *r = l.r;
	bool removed = l.o != NULL;
	if (removed) {
		bool found;
		obj_remove_at(r, obj_search(r, &l.x.key, deposed, &found));
		if (!r->nobjs)
			res_remove_at(st, res_search(st, r->module, r->data, r->type, r->name, &found), true);
		st->gen++;
	}
	lookup_end(st, &l);
	return removed;
}

bool cl_state_forget(cl_state *st, const char *addr)
{
	lookup l;
	bool removed = false;
	lookup_begin(st, &l, addr, NULL);
	cl_state_res *r = l.r;
	for (size_t i = r ? r->nobjs : 0; i-- > 0;)
		if (cl_key_equal(&r->objs[i]->key, &l.x.key)) {
			obj_remove_at(r, i);
			removed = true;
		}
	if (r && !r->nobjs) {
		bool found;
		res_remove_at(st, res_search(st, r->module, r->data, r->type, r->name, &found), true);
	}
	st->gen += removed;
	lookup_end(st, &l);
	return removed;
}

/* Takes r out of the sorted array, renames it, puts it back in place. */
static void res_rename(cl_state *st, cl_state_res *r, const char *module, const char *name)
{
	bool found;
	res_remove_at(st, res_search(st, r->module, r->data, r->type, r->name, &found), false);
	char *m = cl_xstrdup(module), *n = cl_xstrdup(name);
	free(r->module);
	free(r->name);
	r->module = m;
	r->name = n;
	res_insert_at(st, res_search(st, r->module, r->data, r->type, r->name, &found), r);
}

static bool move_module(cl_state *st, const cl_addr *f, const cl_addr *t, cl_diags *d, cl_arena *a)
{
	size_t n = 0, flen = strlen(f->module);
	cl_state_res **v = CL_NEWN(a, cl_state_res *, st->nres + 1);
	const char **to = CL_NEWN(a, const char *, st->nres + 1);
	for (size_t i = 0; i < st->nres; i++) {
		cl_state_res *r = st->res[i];
		if (!cl_addr_module_within(r->module, f->module))
			continue;
		to[n] = cl_arena_printf(a, "%s%s", t->module, r->module + flen);
		bool found;
		res_search(st, to[n], r->data, r->type, r->name, &found);
		if (found) {
			cl_diag_error(d, CL_NOWHERE, "cannot move %s to %s: %s already holds %s.%s", f->module, t->module,
			              to[n], r->type, r->name);
			return false;
		}
		v[n++] = r;
	}
	if (!n) {
		cl_diag_error(d, CL_NOWHERE, "cannot move %s: nothing in the state is in that module", f->module);
		return false;
	}
	for (size_t i = 0; i < n; i++)
		res_rename(st, v[i], to[i], v[i]->name);
	return true;
}

static bool move_instance(cl_state *st, cl_state_res *r, const cl_addr *f, const cl_addr *t, cl_diags *d)
{
	bool found;
	size_t first = 0;
	while (first < r->nobjs && !cl_key_equal(&r->objs[first]->key, &f->key))
		first++;
	if (first == r->nobjs)
		return false;
	cl_state_res *dst = cl_state_find_res(st, t);
	for (size_t i = 0; dst && i < dst->nobjs; i++)
		if (cl_key_equal(&dst->objs[i]->key, &t->key)) {
			cl_buf b = CL_BUF_INIT;
			cl_addr_print(&b, t);
			cl_diag_error(d, CL_NOWHERE, "cannot move to %s: it is already in the state", cl_buf_str(&b));
			cl_diag_hint(d, "remove it first (clicamosc state rm %s) or choose another address", cl_buf_str(&b));
			cl_buf_free(&b);
			return true;
		}
	if (!dst)
		dst = cl_state_tree_res(st, t->module, t->data, t->type, t->name, r->provider);
	while (first < r->nobjs && cl_key_equal(&r->objs[first]->key, &f->key)) {
		cl_state_obj *o = r->objs[first];
		memmove(r->objs + first, r->objs + first + 1, (r->nobjs - first - 1) * sizeof *r->objs);
		r->nobjs--;
		free((char *)o->key.s);
		o->key = t->key;
		o->key.s = t->key.kind == CL_KEY_STR ? cl_xstrdup(t->key.s) : NULL;
		cl_state_tree_insert(dst, o);
	}
	if (!r->nobjs)
		res_remove_at(st, res_search(st, r->module, r->data, r->type, r->name, &found), true);
	return true;
}

bool cl_state_move(cl_state *st, const char *from, const char *to, cl_diags *d)
{
	cl_arena a;
	cl_arena_init(&a);
	cl_addr f, t;
	const char *err;
	if (!cl_addr_parse(&a, from, &f, &err) || !cl_addr_parse(&a, to, &t, &err)) {
		cl_diag_error(d, CL_NOWHERE, "%s", err);
		cl_arena_free(&a);
		return false;
	}
	size_t nerr = d->nerrors;
	pthread_mutex_lock(&st->mu);
	cl_state_res *r = cl_state_find_res(st, &f);
	if (!f.type != !t.type) {
		cl_diag_error(d, CL_NOWHERE, "cannot move %s to %s: both must be modules, or both resources", from, to);
	} else if (!f.type) {
		move_module(st, &f, &t, d, &a);
	} else if (f.data != t.data || strcmp(f.type, t.type)) {
		cl_diag_error(d, CL_NOWHERE, "cannot move %s to %s: the resource types differ", from, to);
		cl_diag_hint(d, "state mv renames; changing a resource's type needs a new resource (and import)");
	} else if (!r) {
		cl_diag_error(d, CL_NOWHERE, "cannot move %s: it is not in the state", from);
		cl_diag_hint(d, "clicamosc state list shows what is");
	} else if (!f.key.kind && !t.key.kind) {
		if (cl_state_find_res(st, &t))
			cl_diag_error(d, CL_NOWHERE, "cannot move %s to %s: %s is already in the state", from, to, to);
		else
			res_rename(st, r, t.module, t.name);
	} else if (!move_instance(st, r, &f, &t, d)) {
		cl_diag_error(d, CL_NOWHERE, "cannot move %s: it is not in the state", from);
		cl_diag_hint(d, "clicamosc state list shows what is");
	}
	st->gen++;
	pthread_mutex_unlock(&st->mu);
	cl_arena_free(&a);
	return d->nerrors == nerr;
}

bool cl_state_taint(cl_state *st, const char *addr, bool tainted)
{
	lookup l;
	lookup_begin(st, &l, addr, NULL);
	bool found = l.o != NULL;
	if (found) {
		l.o->tainted = tainted;
		st->gen++;
	}
	lookup_end(st, &l);
	return found;
}

/* Re-keys object `from` of r (current when NULL) as `to`; false when from is
 * absent or to taken.  Caller holds st->mu. */
static bool rekey(cl_state_res *r, const cl_key *k, const char *from, const char *to)
{
	bool found;
	size_t at = obj_search(r, k, from, &found);
	if (!found)
		return false;
	obj_search(r, k, to, &found);
	if (found)
		return false;
	cl_state_obj *o = r->objs[at];
	memmove(r->objs + at, r->objs + at + 1, (r->nobjs - at - 1) * sizeof *r->objs);
	r->nobjs--;
	free(o->deposed);
	o->deposed = to ? cl_xstrdup(to) : NULL;
	cl_state_tree_insert(r, o);
	return true;
}

bool cl_state_depose(cl_state *st, const char *addr, char key[9])
{
	lookup l;
	bool ok = false;
	lookup_begin(st, &l, addr, NULL);
	if (l.o) {
		do {                   /* a random key, as Terraform's */
			char u[37];
			cl_uuid(u);
			memcpy(key, u, 8);
			key[8] = 0;
		} while (!(ok = rekey(l.r, &l.x.key, NULL, key)));
		st->gen++;
	}
	lookup_end(st, &l);
	return ok;
}

bool cl_state_undepose(cl_state *st, const char *addr, const char *key)
{
	lookup l;
	lookup_begin(st, &l, addr, key);
	bool ok = l.o && rekey(l.r, &l.x.key, key, NULL);
	st->gen += ok;
	lookup_end(st, &l);
	return ok;
}

/* ---- values ---- */

cl_value *cl_state_value(cl_state *st, cl_arena *a, const char *addr, const cl_type *t, bool *tainted,
                         cl_diags *d)
{
	lookup l;
	cl_value *v = NULL;
	const char *err = NULL;
	/* Converted under the lock: no reference to the tree leaves it. */
	lookup_begin(st, &l, addr, NULL);
	cl_state_obj *o = l.o;
	if (o && o->attrs) {
		if (tainted)
			*tainted = o->tainted;
		v = cl_value_from_json(a, o->attrs, t, &err);
		size_t i;
		json_t *p;
		json_array_foreach(o->sensitive, i, p)
			if (v && json_is_array(p))
				v = cl_ctyjson_mark(a, v, p);
	}
	bool flat = o && !o->attrs;
	lookup_end(st, &l);
	if (flat)
		cl_diag_error(d, CL_NOWHERE, "%s: the state holds only legacy flat attributes", addr);
	else if (o && !v)
		cl_diag_error(d, CL_NOWHERE, "%s: the state's attributes do not fit the schema: %s", addr, err);
	return v;
}

bool cl_state_put_value(cl_state *st, const char *addr, const char *deposed, const cl_value *v,
                        const cl_state_meta *m, cl_diags *d)
{
	return put(st, addr, deposed, cl_value_to_json(v), cl_ctyjson_sensitive_paths(v), m, d);
}

/* ---- outputs ---- */

static cl_state_out *out_find(cl_state *st, const char *name, size_t *at)
{
	size_t i = 0;
	while (i < st->nouts && strcmp(st->outs[i].name, name) < 0)
		i++;
	*at = i;
	return i < st->nouts && !strcmp(st->outs[i].name, name) ? &st->outs[i] : NULL;
}

void cl_state_set_output(cl_state *st, const char *name, const cl_value *v, bool sensitive)
{
	cl_arena a;
	cl_arena_init(&a);
	json_t *value = cl_value_to_json(v), *type = cl_ctyjson_type(cl_value_type(&a, v));
	cl_arena_free(&a);
	pthread_mutex_lock(&st->mu);
	size_t at;
	cl_state_out *o = out_find(st, name, &at);
	if (o) {
		json_decref(o->value);
		json_decref(o->type);
	} else {
		if (st->nouts == st->capouts) {
			st->capouts = st->capouts ? 2 * st->capouts : 8;
			st->outs = cl_xrealloc(st->outs, st->capouts * sizeof *st->outs);
		}
		memmove(st->outs + at + 1, st->outs + at, (st->nouts - at) * sizeof *st->outs);
		st->nouts++;
		o = &st->outs[at];
		o->name = cl_xstrdup(name);
	}
	o->value = value;
	o->type = type;
	o->sensitive = sensitive;
	st->gen++;
	pthread_mutex_unlock(&st->mu);
}

void cl_state_remove_output(cl_state *st, const char *name)
{
	pthread_mutex_lock(&st->mu);
	size_t at;
	cl_state_out *o = out_find(st, name, &at);
	if (o) {
		free(o->name);
		json_decref(o->value);
		json_decref(o->type);
		memmove(st->outs + at, st->outs + at + 1, (st->nouts - at - 1) * sizeof *st->outs);
		st->nouts--;
		st->gen++;
	}
	pthread_mutex_unlock(&st->mu);
}

cl_value *cl_state_output(cl_state *st, cl_arena *a, const char *name, bool *sensitive)
{
	pthread_mutex_lock(&st->mu);
	size_t at;
	cl_state_out *o = out_find(st, name, &at);
	cl_value *v = NULL;
	if (o) {
		const char *err;
		v = cl_value_from_json(a, o->value, cl_ctyjson_parse_type(a, o->type), &err);
		if (!v)        /* a type we do not model exactly: the implied one */
			v = cl_value_from_json(a, o->value, NULL, &err);
		if (v && o->sensitive)
			v = cl_value_mark(a, v, CL_MARK_SENSITIVE);
		if (sensitive)
			*sensitive = o->sensitive;
	}
	pthread_mutex_unlock(&st->mu);
	return v;
}

/* ---- listing ---- */

char **cl_state_list(cl_state *st, size_t *n)
{
	pthread_mutex_lock(&st->mu);
	size_t cap = 16, k = 0;
	char **v = cl_xmalloc(cap * sizeof *v);
	for (size_t i = 0; i < st->nres; i++) {
		const cl_state_res *r = st->res[i];
		for (size_t j = 0; j < r->nobjs; j++) {
			if (j && cl_key_equal(&r->objs[j]->key, &r->objs[j - 1]->key))
				continue;     /* an instance's deposed objects follow it */
			cl_buf b = CL_BUF_INIT;
			cl_state_res_addr(r, &r->objs[j]->key, &b);
			if (k == cap)
				v = cl_xrealloc(v, (cap *= 2) * sizeof *v);
			v[k++] = cl_buf_steal(&b);
		}
	}
	pthread_mutex_unlock(&st->mu);
	*n = k;
	return v;
}

void cl_state_list_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}
