/* statefile.c: the state as a version 4 file (Terraform's
 * states/statefile/): reading it into the tree with precise errors, and
 * writing it atomically with a backup.  The file layout, key order and sort
 * order are those of version4.go, so files diff cleanly.  The tree is state.c. */
#include "executor/state.h"
#include "executor/state_tree.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "executor/ctyjson.h"
#include "executor/jsonw.h"
#include "util/fatal.h"
#include "util/file.h"

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
	cl_diag_error(rd->d, CL_NOWHERE, "%s: %s", rd->name, cl_buf_str(&b));
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
	if (!cl_state_tree_insert(r, o)) {
		cl_buf b = CL_BUF_INIT;
		cl_state_res_addr(r, &o->key, &b);
		bad(rd, "instance %s%s%s appears more than once", cl_buf_str(&b),
		    o->deposed ? " deposed object " : "", o->deposed ? o->deposed : "");
		cl_buf_free(&b);
		cl_state_tree_obj_free(o);
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
	cl_state_res *r = cl_state_tree_res(st, module ? module : "", !strcmp(mode, "data"), type, name, provider);
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
		cl_diag_error(d, CL_NOWHERE, "cannot read the state file %s: %s", path, strerror(errno));
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
	st->serial_full = !same && st->serial >= CL_STATE_SERIAL_MAX;
	if (!same && !st->serial_full) {
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
	cl_diag_error(d, CL_NOWHERE, "%s %s: %s", what, path, strerror(errno));
	return false;
}

/* path replaced by text, or left as it was (see cl_file_replace). */
static bool replace_file(const char *path, const char *text, size_t len, cl_diags *d)
{
	const char *step = NULL;
	if (cl_file_replace(path, text, len, &step))
		return true;
	char what[64];
	snprintf(what, sizeof what, "cannot %s", step);
	io_error(d, what, path);
	if (strcmp(step, "write") != 0)
		cl_diag_hint(d, "the state is unchanged; check that the directory is writable and the disk not full");
	return false;
}

void cl_state_retarget(cl_state *st, const char *backup_path, bool new_file)
{
	st->backup_path = backup_path;
	if (new_file) {
		st->from_file = false;
		st->saved_gen = UINT64_MAX;
	}
}

/* The backup (st->backup_path, default path.backup; "-": none) := path's
 * current content, when there is one. */
static bool backup(const cl_state *st, const char *path, cl_diags *d)
{
	if (st->backup_path && !strcmp(st->backup_path, "-"))
		return true;
	FILE *f = fopen(path, "rb");
	if (!f)
		return errno == ENOENT || io_error(d, "cannot read", path);
	cl_buf b = CL_BUF_INIT;
	bool ok = cl_buf_read(&b, f);
	fclose(f);
	if (!ok)
		io_error(d, "cannot read", path);
	cl_buf bp = CL_BUF_INIT;
	if (st->backup_path)
		cl_buf_puts(&bp, st->backup_path);
	else
		cl_buf_printf(&bp, "%s.backup", path);
	ok = ok && replace_file(bp.data, cl_buf_str(&b), b.len, d);
	cl_buf_free(&bp);
	cl_buf_free(&b);
	return ok;
}

bool cl_state_serial_room(const cl_state *st, cl_diags *d)
{
	if (st->serial < CL_STATE_SERIAL_MAX)
		return true;
	cl_diag_error(d, CL_NOWHERE, "the state's serial is %llu, the largest a state file can hold: a change "
	              "cannot be recorded", (unsigned long long)st->serial);
	cl_diag_hint(d, "nothing was changed; reset it: clicamosc state pull > s.json, set \"serial\" to 1 "
	                "in s.json, then clicamosc state push -force s.json");
	return false;
}

bool cl_state_write(cl_state *st, const char *path, cl_diags *d)
{
	pthread_mutex_lock(&st->write_mu);
	pthread_mutex_lock(&st->mu);
	uint64_t gen = st->gen;
	char *text = gen != st->saved_gen ? snapshot(st) : NULL;
	pthread_mutex_unlock(&st->mu);
	bool full = text && st->serial_full;
	bool ok = !text || (!full && (st->backed_up || backup(st, path, d)) && replace_file(path, text, strlen(text), d));
	if (full)
		cl_state_serial_room(st, d);
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
