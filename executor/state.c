/* state.c: the state tree, its version 4 file format, and its atomic
 * write.  The tree is heap-allocated piece by piece, not in an arena: it
 * lives for a whole apply while objects are replaced thousands of times, so
 * an arena would only grow.  The file layout, key order and sort order are
 * those of Terraform's statefile/version4.go, so files diff cleanly. */
#include "executor/state.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "executor/ctyjson.h"
#include "executor/jsonw.h"
#include "util/fatal.h"

static const cl_range NOWHERE;

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

static void obj_free(cl_state_obj *o)
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
		obj_free(r->objs[i]);
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

static cl_state_res *res_ensure(cl_state *st, const char *module, bool data, const char *type, const char *name,
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
static bool obj_insert(cl_state_res *r, cl_state_obj *o)
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
	obj_free(r->objs[at]);
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

/* ---- reading ---- */

typedef struct reader {
	const char *name;
	cl_diags *d;
	bool ok;
} reader;

static void bad(reader *rd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bad(reader *rd, const char *fmt, ...)
{
	cl_buf b = CL_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	cl_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	cl_diag_error(rd->d, NOWHERE, "%s: %s", rd->name, cl_buf_str(&b));
	cl_buf_free(&b);
	rd->ok = false;
}

static const char *str_member(const json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

static json_t *keep(json_t *j)
{
	return j && !json_is_null(j) ? json_incref(j) : NULL;
}

/* A hand-edited or hostile file may put any type anywhere: each member we
 * read is checked here (absent or null is fine), so nothing downstream
 * meets a number where it expects an array. */
static bool typed(reader *rd, const char *what, const json_t *o, const char *key, json_type want)
{
	static const char *const names[] = {
		[JSON_OBJECT] = "an object", [JSON_ARRAY] = "an array", [JSON_STRING] = "a string",
		[JSON_INTEGER] = "an integer", [JSON_TRUE] = "true or false", [JSON_FALSE] = "true or false",
	};
	const json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v) || json_typeof(v) == want || (want == JSON_TRUE && json_is_boolean(v)))
		return true;
	bad(rd, "%s: \"%s\" must be %s", what, key, names[want]);
	return false;
}

/* dependencies: resource addresses. */
static bool strings(reader *rd, const char *what, const json_t *o, const char *key)
{
	if (!typed(rd, what, o, key, JSON_ARRAY))
		return false;
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(o, key), i, x)
		if (!json_is_string(x)) {
			bad(rd, "%s: \"%s\" must hold only strings", what, key);
			return false;
		}
	return true;
}

static void read_instance(reader *rd, cl_state_res *r, const char *what, json_t *ji)
{
	if (!json_is_object(ji)) {
		bad(rd, "%s has an instance that is not an object", what);
		return;
	}
	bool ok = typed(rd, what, ji, "status", JSON_STRING) & typed(rd, what, ji, "deposed", JSON_STRING) &
	          typed(rd, what, ji, "schema_version", JSON_INTEGER) & typed(rd, what, ji, "private", JSON_STRING) &
	          typed(rd, what, ji, "create_before_destroy", JSON_TRUE) &
	          typed(rd, what, ji, "sensitive_attributes", JSON_ARRAY) & strings(rd, what, ji, "dependencies");
	if (!ok)
		return;
	cl_state_obj *o = cl_xcalloc(1, sizeof *o);
	json_t *k = json_object_get(ji, "index_key");
	if (json_is_integer(k)) {
		o->key.kind = CL_KEY_INT;
		o->key.i = json_integer_value(k);
	} else if (json_is_string(k)) {
		o->key.kind = CL_KEY_STR;
		o->key.s = cl_xstrdup(json_string_value(k));
	} else if (k && !json_is_null(k)) {
		bad(rd, "%s has an instance with an invalid index_key (a number or a string)", what);
	}
	const char *status = str_member(ji, "status");
	if (status && *status && strcmp(status, "tainted"))
		bad(rd, "%s has an instance with the invalid status \"%s\"", what, status);
	o->tainted = status && !strcmp(status, "tainted");
	const char *dep = str_member(ji, "deposed");
	if (dep && *dep) {
		if (strlen(dep) != 8)
			bad(rd, "%s has a deposed object with the malformed key \"%s\"", what, dep);
		o->deposed = cl_xstrdup(dep);
	}
	o->schema_version = json_integer_value(json_object_get(ji, "schema_version"));
	o->attrs = keep(json_object_get(ji, "attributes"));
	o->attrs_flat = keep(json_object_get(ji, "attributes_flat"));
	if (o->attrs && !json_is_object(o->attrs))
		bad(rd, "%s: attributes is not an object", what);
	if (!o->attrs && !o->attrs_flat)
		o->attrs = json_object();     /* as Terraform: an empty object */
	o->sensitive = keep(json_object_get(ji, "sensitive_attributes"));
	const char *priv = str_member(ji, "private");
	o->private = priv ? cl_xstrdup(priv) : NULL;
	o->deps = keep(json_object_get(ji, "dependencies"));
	o->cbd = json_is_true(json_object_get(ji, "create_before_destroy"));
	if (!obj_insert(r, o)) {
		cl_buf b = CL_BUF_INIT;
		cl_state_res_addr(r, &o->key, &b);
		bad(rd, "instance %s%s%s appears more than once", cl_buf_str(&b),
		    o->deposed ? " deposed object " : "", o->deposed ? o->deposed : "");
		cl_buf_free(&b);
		obj_free(o);
	}
}

static void read_resource(reader *rd, cl_state *st, size_t i, json_t *jr)
{
	const char *module = str_member(jr, "module"), *mode = str_member(jr, "mode");
	const char *type = str_member(jr, "type"), *name = str_member(jr, "name");
	const char *provider = str_member(jr, "provider");
	json_t *insts = json_object_get(jr, "instances");
	if (!json_is_object(jr) || !mode || !type || !name || !provider || !json_is_array(insts)) {
		bad(rd, "resources[%zu] lacks mode, type, name, provider or instances", i);
		return;
	}
	char at[256];
	snprintf(at, sizeof at, "resources[%zu] (%s.%s)", i, type, name);
	if (!(typed(rd, at, jr, "module", JSON_STRING) & typed(rd, at, jr, "each", JSON_STRING)))
		return;
	if (strcmp(mode, "managed") && strcmp(mode, "data")) {
		bad(rd, "resources[%zu] (%s.%s) has the unknown mode \"%s\"", i, type, name, mode);
		return;
	}
	cl_state_res *r = res_ensure(st, module ? module : "", !strcmp(mode, "data"), type, name, provider);
	const char *each = str_member(jr, "each");
	if (each && !r->each)
		r->each = cl_xstrdup(each);
	cl_buf what = CL_BUF_INIT;
	cl_state_res_addr(r, NULL, &what);
	size_t j;
	json_t *ji;
	json_array_foreach(insts, j, ji)
		read_instance(rd, r, cl_buf_str(&what), ji);
	cl_buf_free(&what);
}

static void read_outputs(reader *rd, cl_state *st, json_t *outs)
{
	const char *name;
	json_t *jo;
	json_object_foreach(outs, name, jo) {
		json_t *v = json_object_get(jo, "value"), *t = json_object_get(jo, "type");
		if (!v || !t) {
			bad(rd, "output \"%s\" lacks its value or type", name);
			continue;
		}
		if (!typed(rd, "outputs", jo, "sensitive", JSON_TRUE))
			continue;
		if (st->nouts == st->capouts) {
			st->capouts = st->capouts ? 2 * st->capouts : 8;
			st->outs = cl_xrealloc(st->outs, st->capouts * sizeof *st->outs);
		}
		cl_state_out *o = &st->outs[st->nouts++];
		o->name = cl_xstrdup(name);
		o->value = json_incref(v);
		o->type = json_incref(t);
		o->sensitive = json_is_true(json_object_get(jo, "sensitive"));
	}
}

static int out_cmp(const void *x, const void *y)
{
	return strcmp(((const cl_state_out *)x)->name, ((const cl_state_out *)y)->name);
}

bool cl_state_parse(const char *name, const char *text, size_t len, cl_state **out, cl_diags *d)
{
	*out = NULL;
	reader rd = { name, d, true };
	json_error_t e;
	json_t *j = json_loadb(text, len, 0, &e);
	if (!j) {
		cl_source *src = cl_source_new(name, text, len);
		cl_source_register(src);   /* lives as long as the diagnostic may */
		size_t at = (size_t)e.position < len ? (size_t)e.position : len;
		cl_diag_error(d, (cl_range){ src, at, at }, "the state file is not valid JSON: %s", e.text);
		return false;
	}
	json_t *ver = json_object_get(j, "version");
	if (!json_is_integer(ver)) {
		bad(&rd, "not a state file: no \"version\" number at the top level");
	} else if (json_integer_value(ver) < 4) {
		bad(&rd, "state format version %lld was written by Terraform 0.11 or earlier; clicamosc reads version 4",
		    (long long)json_integer_value(ver));
		cl_diag_hint(d, "run terraform 0.12+ once (terraform refresh) to upgrade it to version 4");
	} else if (json_integer_value(ver) > 4) {
		bad(&rd, "state format version %lld is newer than this clicamosc understands (version 4)",
		    (long long)json_integer_value(ver));
	}
	const char *lineage = str_member(j, "lineage");
	json_t *res = json_object_get(j, "resources"), *outs = json_object_get(j, "outputs");
	json_t *serial = json_object_get(j, "serial");
	if (rd.ok && (!lineage || strlen(lineage) > 36 || !json_is_integer(serial) || json_integer_value(serial) < 0))
		bad(&rd, "the state has no valid \"serial\" and \"lineage\"");
	if (rd.ok)
		typed(&rd, "the state", j, "terraform_version", JSON_STRING);
	if (rd.ok && ((res && !json_is_array(res) && !json_is_null(res)) || (outs && !json_is_object(outs) && !json_is_null(outs))))
		bad(&rd, "\"resources\" must be an array and \"outputs\" an object");
	if (!rd.ok) {
		json_decref(j);
		return false;
	}
	cl_state *st = cl_state_new();
	snprintf(st->lineage, sizeof st->lineage, "%s", lineage);
	st->serial = (uint64_t)json_integer_value(serial);
	const char *tfv = str_member(j, "terraform_version");
	st->tf_version = tfv ? cl_xstrdup(tfv) : NULL;
	st->check_results = keep(json_object_get(j, "check_results"));
	size_t i;
	json_t *jr;
	json_array_foreach(res, i, jr)
		read_resource(&rd, st, i, jr);
	if (json_is_object(outs))
		read_outputs(&rd, st, outs);
	if (st->nouts)
		qsort(st->outs, st->nouts, sizeof *st->outs, out_cmp);
	json_decref(j);
	if (!rd.ok) {
		cl_state_free(st);
		return false;
	}
	st->from_file = true;
	*out = st;
	return true;
}

bool cl_state_read(const char *path, cl_state **out, cl_diags *d)
{
	*out = NULL;
	FILE *f = fopen(path, "rb");
	if (!f && errno == ENOENT) {
		*out = cl_state_new();
		return true;
	}
	cl_buf b = CL_BUF_INIT;
	if (!f || !cl_buf_read(&b, f)) {
		cl_diag_error(d, NOWHERE, "cannot read the state file %s: %s", path, strerror(errno));
		if (f)
			fclose(f);
		cl_buf_free(&b);
		return false;
	}
	fclose(f);
	bool ok;
	if (b.len == 0) {
		*out = cl_state_new();   /* as Terraform: an empty file is no state */
		ok = true;
	} else if (!(ok = cl_state_parse(path, b.data, b.len, out, d)) && d->n && d->v[d->n - 1].range.src) {
		/* not JSON: damaged rather than foreign */
		cl_diag_hint(d, "if it was damaged, %s.backup holds the state from before the last command", path);
	}
	cl_buf_free(&b);
	return ok;
}

/* ---- writing ---- */

static void set_str(json_t *o, const char *k, const char *v)
{
	json_object_set_new(o, k, json_string(v));
}

static json_t *key_json(const cl_key *k)
{
	return k->kind == CL_KEY_INT ? json_integer(k->i) : json_string(k->s);
}

static json_t *obj_json(const cl_state_obj *o)
{
	json_t *ji = json_object();
	if (o->key.kind != CL_KEY_NONE)
		json_object_set_new(ji, "index_key", key_json(&o->key));
	if (o->tainted)
		set_str(ji, "status", "tainted");
	if (o->deposed)
		set_str(ji, "deposed", o->deposed);
	json_object_set_new(ji, "schema_version", json_integer(o->schema_version));
	if (o->attrs)
		json_object_set(ji, "attributes", o->attrs);
	if (o->attrs_flat)
		json_object_set(ji, "attributes_flat", o->attrs_flat);
	if (o->sensitive)
		json_object_set(ji, "sensitive_attributes", o->sensitive);
	else
		json_object_set_new(ji, "sensitive_attributes", json_array());
	if (o->private)
		set_str(ji, "private", o->private);
	if (o->deps && json_array_size(o->deps))
		json_object_set(ji, "dependencies", o->deps);
	if (o->cbd)
		json_object_set_new(ji, "create_before_destroy", json_true());
	return ji;
}

static json_t *res_json(const cl_state_res *r)
{
	json_t *jr = json_object();
	if (*r->module)
		set_str(jr, "module", r->module);
	set_str(jr, "mode", r->data ? "data" : "managed");
	set_str(jr, "type", r->type);
	set_str(jr, "name", r->name);
	if (r->each)
		set_str(jr, "each", r->each);
	set_str(jr, "provider", r->provider);
	json_t *insts = json_array();
	for (size_t i = 0; i < r->nobjs; i++)
		json_array_append_new(insts, obj_json(r->objs[i]));
	json_object_set_new(jr, "instances", insts);
	return jr;
}

/* The file after its serial: everything from "lineage" on, which decides
 * whether the content changed.  Caller holds st->mu. */
static char *render_body(cl_state *st)
{
	json_t *rest = json_object();
	set_str(rest, "lineage", st->lineage);
	json_t *outs = json_object();
	for (size_t i = 0; i < st->nouts; i++) {
		json_t *o = json_object();
		json_object_set(o, "value", st->outs[i].value);
		json_object_set(o, "type", st->outs[i].type);
		if (st->outs[i].sensitive)
			json_object_set_new(o, "sensitive", json_true());
		json_object_set_new(outs, st->outs[i].name, o);
	}
	json_object_set_new(rest, "outputs", outs);
	json_t *res = json_array();
	for (size_t i = 0; i < st->nres; i++)
		json_array_append_new(res, res_json(st->res[i]));
	json_object_set_new(rest, "resources", res);
	json_object_set(rest, "check_results", st->check_results ? st->check_results : json_null());
	cl_buf b = CL_BUF_INIT;
	cl_jsonw(&b, rest, true);
	cl_buf_putc(&b, '\n');
	json_decref(rest);
	/* Without the "{\n  " that opened it: the header reopens the object. */
	memmove(b.data, b.data + 4, b.len - 3);
	return cl_buf_steal(&b);
}

/* The text to write: the serial goes up when the content changed since
 * the file was read or last written.  Caller holds st->mu. */
static char *snapshot(cl_state *st)
{
	char *body = render_body(st);
	bool same = st->written ? !strcmp(st->written, body) : st->from_file && st->gen == 0;
	if (!same) {
		st->serial++;
		free(st->written);
		st->written = cl_xstrdup(body);
	}
	cl_buf b = CL_BUF_INIT;
	cl_buf_printf(&b, "{\n  \"version\": 4,\n  \"terraform_version\": \"%s\",\n  \"serial\": %llu,\n  %s",
	              CL_STATE_TF_VERSION, (unsigned long long)st->serial, body);
	free(body);
	return cl_buf_steal(&b);
}

char *cl_state_text(cl_state *st)
{
	pthread_mutex_lock(&st->mu);
	char *t = snapshot(st);
	pthread_mutex_unlock(&st->mu);
	return t;
}

static bool io_error(cl_diags *d, const char *what, const char *path)
{
	cl_diag_error(d, NOWHERE, "%s %s: %s", what, path, strerror(errno));
	return false;
}

static bool write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

/* path replaced by text, or left as it was: temporary file, fsync, rename,
 * fsync of the directory so the rename itself survives a power cut. */
static bool replace_file(const char *path, const char *text, size_t len, cl_diags *d)
{
	char *dcopy = cl_xstrdup(path), *bcopy = cl_xstrdup(path);
	const char *dir = dirname(dcopy);
	cl_buf tmp = CL_BUF_INIT;
	cl_buf_printf(&tmp, "%s/.%s.tmp.XXXXXX", dir, basename(bcopy));
	bool ok = false;
	int fd = mkostemp(tmp.data, O_CLOEXEC);    /* mode 0600 */
	if (fd < 0) {
		io_error(d, "cannot create a temporary file beside", path);
		cl_diag_hint(d, "the state is unchanged; check that the directory is writable and the disk not full");
		goto out;
	}
	if (!write_all(fd, text, len) || fsync(fd) < 0) {
		io_error(d, "cannot write", tmp.data);
		close(fd);
		unlink(tmp.data);
		goto out;
	}
	if (close(fd) < 0 || rename(tmp.data, path) < 0) {
		io_error(d, "cannot replace", path);
		unlink(tmp.data);
		goto out;
	}
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	ok = true;
out:
	cl_buf_free(&tmp);
	free(dcopy);
	free(bcopy);
	return ok;
}

/* path.backup := path's current content, when there is one. */
static bool backup(const char *path, cl_diags *d)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return errno == ENOENT || io_error(d, "cannot read", path);
	cl_buf b = CL_BUF_INIT;
	bool ok = cl_buf_read(&b, f);
	fclose(f);
	if (!ok)
		io_error(d, "cannot read", path);
	cl_buf bp = CL_BUF_INIT;
	cl_buf_printf(&bp, "%s.backup", path);
	ok = ok && replace_file(bp.data, cl_buf_str(&b), b.len, d);
	cl_buf_free(&bp);
	cl_buf_free(&b);
	return ok;
}

bool cl_state_write(cl_state *st, const char *path, cl_diags *d)
{
	pthread_mutex_lock(&st->write_mu);
	pthread_mutex_lock(&st->mu);
	uint64_t gen = st->gen;
	char *text = gen != st->saved_gen ? snapshot(st) : NULL;
	pthread_mutex_unlock(&st->mu);
	bool ok = !text || ((st->backed_up || backup(path, d)) && replace_file(path, text, strlen(text), d));
	if (ok && text) {
		st->backed_up = true;
		pthread_mutex_lock(&st->mu);
		st->saved_gen = gen;
		pthread_mutex_unlock(&st->mu);
	}
	pthread_mutex_unlock(&st->write_mu);
	free(text);
	return ok;
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
		cl_diag_error(d, NOWHERE, "cannot record %s in the state: %s", addr, err);
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
	if (m) {
		o->tainted = m->tainted;
		o->cbd = m->cbd;
		o->private = m->private ? cl_xstrdup(m->private) : NULL;
	}
	pthread_mutex_lock(&st->mu);
	cl_state_res *r = res_ensure(st, x.module, x.data, x.type, x.name, m ? m->provider : NULL);
	bool found;
	size_t at = obj_search(r, &o->key, deposed, &found);
	if (found)
		obj_remove_at(r, at);
	obj_insert(r, o);
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
			cl_diag_error(d, NOWHERE, "cannot move %s to %s: %s already holds %s.%s", f->module, t->module,
			              to[n], r->type, r->name);
			return false;
		}
		v[n++] = r;
	}
	if (!n) {
		cl_diag_error(d, NOWHERE, "cannot move %s: nothing in the state is in that module", f->module);
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
			cl_diag_error(d, NOWHERE, "cannot move to %s: it is already in the state", cl_buf_str(&b));
			cl_diag_hint(d, "remove it first (clicamosc state rm %s) or choose another address", cl_buf_str(&b));
			cl_buf_free(&b);
			return true;
		}
	if (!dst)
		dst = res_ensure(st, t->module, t->data, t->type, t->name, r->provider);
	while (first < r->nobjs && cl_key_equal(&r->objs[first]->key, &f->key)) {
		cl_state_obj *o = r->objs[first];
		memmove(r->objs + first, r->objs + first + 1, (r->nobjs - first - 1) * sizeof *r->objs);
		r->nobjs--;
		free((char *)o->key.s);
		o->key = t->key;
		o->key.s = t->key.kind == CL_KEY_STR ? cl_xstrdup(t->key.s) : NULL;
		obj_insert(dst, o);
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
		cl_diag_error(d, NOWHERE, "%s", err);
		cl_arena_free(&a);
		return false;
	}
	size_t nerr = d->nerrors;
	pthread_mutex_lock(&st->mu);
	cl_state_res *r = cl_state_find_res(st, &f);
	if (!f.type != !t.type) {
		cl_diag_error(d, NOWHERE, "cannot move %s to %s: both must be modules, or both resources", from, to);
	} else if (!f.type) {
		move_module(st, &f, &t, d, &a);
	} else if (f.data != t.data || strcmp(f.type, t.type)) {
		cl_diag_error(d, NOWHERE, "cannot move %s to %s: the resource types differ", from, to);
		cl_diag_hint(d, "state mv renames; changing a resource's type needs a new resource (and import)");
	} else if (!r) {
		cl_diag_error(d, NOWHERE, "cannot move %s: it is not in the state", from);
		cl_diag_hint(d, "clicamosc state list shows what is");
	} else if (!f.key.kind && !t.key.kind) {
		if (cl_state_find_res(st, &t))
			cl_diag_error(d, NOWHERE, "cannot move %s to %s: %s is already in the state", from, to, to);
		else
			res_rename(st, r, t.module, t.name);
	} else if (!move_instance(st, r, &f, &t, d)) {
		cl_diag_error(d, NOWHERE, "cannot move %s: it is not in the state", from);
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
	obj_insert(r, o);
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
		cl_diag_error(d, NOWHERE, "%s: the state holds only legacy flat attributes", addr);
	else if (o && !v)
		cl_diag_error(d, NOWHERE, "%s: the state's attributes do not fit the schema: %s", addr, err);
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
