/* state_cmd.c: the state commands.  Readers (list, show, pull, output) take
 * no lock, as Terraform's do; writers (rm, mv, push) lock, read, change,
 * write atomically with a backup, unlock.  `state show` renders as
 * Terraform 1.5 does, through the one value printer (view/diff.h), using
 * the resource type's schema when one is registered (else a list of
 * objects is taken for blocks). */
#include "view/state_cmd.h"
#include "view/diff.h"
#include "view/state_show.h"

#include <stdlib.h>
#include <string.h>

#include "compiler/schema.h"
#include "executor/ctyjson.h"
#include "executor/jsonw.h"
#include "executor/lock.h"
#include "executor/state.h"
#include "util/fatal.h"

static const char *path_of(const cl_state_cmd_opts *o)
{
	return o->state_path ? o->state_path : CL_STATE_DEFAULT_PATH;
}

/* Prints the diagnostics; 1 when there was an error, else rc. */
static int finish(const cl_state_cmd_opts *o, cl_diags *d, FILE *err, int rc)
{
	cl_diags_print(err, d, o->color);
	if (d->nerrors)
		rc = 1;
	cl_diags_free(d);
	return rc;
}

/* ---- list ---- */

static bool id_is(cl_state *st, const char *addr, const char *id)
{
	json_t *a = cl_state_get(st, addr, NULL, NULL);
	const char *v = json_string_value(json_object_get(a, "id"));
	bool is = v && !strcmp(v, id);
	json_decref(a);
	return is;
}

/* The instance addresses selected by the filters (all when none). */
static char **select_addrs(cl_state *st, const char *const *filters, int nf, const char *id, size_t *n,
                           cl_diags *d)
{
	cl_arena a;
	cl_arena_init(&a);
	cl_addr *f = CL_NEWN(&a, cl_addr, nf + 1);
	for (int i = 0; i < nf; i++) {
		const char *err;
		if (!cl_addr_parse(&a, filters[i], &f[i], &err)) {
			cl_diag_error(d, CL_NOWHERE, "%s", err);
			cl_diag_hint(d, "an address looks like aws_vpc.main, aws_subnet.public[0], module.net or "
			             "data.aws_ami.x");
		}
	}
	size_t all, k = 0;
	char **v = cl_state_list(st, &all);
	for (size_t i = 0; i < all && !d->nerrors; i++) {
		cl_addr x;
		const char *err;
		bool keep = nf == 0;
		if (cl_addr_parse(&a, v[i], &x, &err))
			for (int j = 0; j < nf && !keep; j++)
				keep = cl_addr_match(&f[j], &x);
		if (keep && id)
			keep = id_is(st, v[i], id);
		if (keep) {
			char *t = v[k];
			v[k++] = v[i];
			v[i] = t;
		}
	}
	for (size_t i = k; i < all; i++)
		free(v[i]);
	cl_arena_free(&a);
	*n = k;
	return v;
}

int cl_state_cmd_list(const cl_state_cmd_opts *o, FILE *out, FILE *err)
{
	cl_diags d = { 0 };
	cl_state *st;
	if (cl_state_read(path_of(o), &st, &d)) {
		size_t n;
		char **v = select_addrs(st, o->args, o->nargs, o->id, &n, &d);
		for (size_t i = 0; i < n; i++)
			fprintf(out, "%s\n", v[i]);
		cl_state_list_free(v, n);
		cl_state_free(st);
	}
	return finish(o, &d, err, 0);
}

/* ---- show ---- */

/* One object as state show prints it (Terraform 1.5's layout: attributes
 * sorted and aligned, nested blocks after them), through the plan's value
 * printer: the attributes read back as values, the sensitive paths marked. */
static void show_obj(cl_buf *b, const cl_state_res *r, const cl_state_obj *obj)
{
	cl_buf_puts(b, "# ");
	cl_state_res_addr(r, &obj->key, b);
	cl_buf_putc(b, ':');
	if (obj->deposed)
		cl_buf_printf(b, " (deposed object %s)", obj->deposed);
	else if (obj->tainted)
		cl_buf_puts(b, " (tainted)");
	cl_buf_printf(b, "\n%s \"%s\" \"%s\" ", r->data ? "data" : "resource", r->type, r->name);
	const cl_resource_type *rt = cl_schema_find(r->type, r->data);
	cl_arena a;
	cl_arena_init(&a);
	const char *err;
	/* legacy flat attributes: shown as the strings they are */
	const json_t *attrs = obj->attrs ? obj->attrs : obj->attrs_flat;
	cl_value *v = attrs ? cl_value_from_json(&a, attrs, NULL, &err) : NULL;
	size_t i;
	json_t *path;
	json_array_foreach(obj->sensitive, i, path)
		v = cl_ctyjson_mark(&a, v, path);
	cl_buf body = CL_BUF_INIT;
	cl_diff_printer p = { &body, false, &a, true };
	cl_diff_block(&p, rt ? rt->schema : NULL, NULL, v, 0, F_ALL, NULL);
	/* an empty one is still a block of lines */
	cl_buf_printf(b, "%s\n", strcmp(cl_buf_str(&body), "{}") ? cl_buf_str(&body) : "{\n}");
	cl_buf_free(&body);
	cl_arena_free(&a);
}

int cl_state_cmd_show(const cl_state_cmd_opts *o, FILE *out, FILE *err)
{
	cl_diags d = { 0 };
	if (o->nargs != 1) {
		cl_diag_error(&d, CL_NOWHERE, "state show takes exactly one address");
		cl_diag_hint(&d, "clicamosc state show aws_vpc.main (clicamosc state list shows the addresses)");
		return finish(o, &d, err, 1);
	}
	cl_state *st;
	if (!cl_state_read(path_of(o), &st, &d))
		return finish(o, &d, err, 1);
	cl_arena a;
	cl_arena_init(&a);
	cl_addr x;
	const char *e;
	cl_state_res *r = NULL;
	if (!cl_addr_parse(&a, o->args[0], &x, &e)) {
		cl_diag_error(&d, CL_NOWHERE, "%s", e);
	} else if (!x.type) {
		cl_diag_error(&d, CL_NOWHERE, "%s is a module; state show takes one resource instance", o->args[0]);
		cl_diag_hint(&d, "clicamosc state list %s shows what it holds", o->args[0]);
	} else if (!cl_state_find_res(st, &x)) {
		cl_diag_error(&d, CL_NOWHERE, "no resource instance %s in the state", o->args[0]);
		cl_diag_hint(&d, "clicamosc state list shows the addresses");
	} else {
		r = cl_state_find_res(st, &x);
	}
	cl_buf b = CL_BUF_INIT;
	for (size_t i = 0; r && i < r->nobjs; i++) {
		const cl_state_obj *obj = r->objs[i];
		/* The current object; the deposed ones only when it has none. */
		if (cl_key_equal(&obj->key, &x.key) && (!obj->deposed || !cl_state_find(st, &x, NULL, NULL)))
			show_obj(&b, r, obj);
	}
	if (r && !b.len) {
		cl_diag_error(&d, CL_NOWHERE, "no resource instance %s in the state", o->args[0]);
		cl_diag_hint(&d, "%s has several instances: name one, as in %s[0] (clicamosc state list shows them)",
		             o->args[0], o->args[0]);
	}
	fputs(cl_buf_str(&b), out);
	cl_buf_free(&b);
	cl_arena_free(&a);
	cl_state_free(st);
	return finish(o, &d, err, 0);
}

/* ---- rm, mv, push: under the lock ---- */

typedef int (*change_fn)(const cl_state_cmd_opts *o, cl_state **st, FILE *out, cl_diags *d);

/* Lock, read, change, write (when change returns 1), unlock. */
static int locked(const cl_state_cmd_opts *o, change_fn change, FILE *out, FILE *err)
{
	cl_diags d = { 0 };
	cl_lock *l = NULL;
	if (!o->no_lock && !(l = cl_lock_acquire(path_of(o), CL_LOCK_STATE, o->lock_timeout_ms, &d)))
		return finish(o, &d, err, 1);
	cl_state *st;
	if (cl_state_read(path_of(o), &st, &d)) {
		int rc = change(o, &st, out, &d);
		if (rc == 1 && !o->dry_run)
			cl_state_write(st, path_of(o), &d);
		cl_state_free(st);
	}
	cl_lock_release(l);
	return finish(o, &d, err, 0);
}

static int rm(const cl_state_cmd_opts *o, cl_state **st, FILE *out, cl_diags *d)
{
	if (!o->nargs) {
		cl_diag_error(d, CL_NOWHERE, "state rm takes at least one address");
		return 0;
	}
	/* Every address must match something, or nothing is removed. */
	for (int i = 0; i < o->nargs; i++) {
		size_t n;
		char **v = select_addrs(*st, &o->args[i], 1, NULL, &n, d);
		if (!n && !d->nerrors) {
			cl_diag_error(d, CL_NOWHERE, "no objects in the state match %s", o->args[i]);
			cl_diag_hint(d, "clicamosc state list shows the addresses");
		}
		cl_state_list_free(v, n);
	}
	if (d->nerrors)
		return 0;
	size_t n;
	char **v = select_addrs(*st, o->args, o->nargs, NULL, &n, d);
	for (size_t i = 0; i < n; i++) {
		fprintf(out, "%s %s\n", o->dry_run ? "Would remove" : "Removed", v[i]);
		cl_state_forget(*st, v[i]);
	}
	if (o->dry_run)
		fprintf(out, "Would have removed %zu resource instance(s).\n", n);
	else
		fprintf(out, "Successfully removed %zu resource instance(s).\n", n);
	cl_state_list_free(v, n);
	return 1;
}

int cl_state_cmd_rm(const cl_state_cmd_opts *o, FILE *out, FILE *err)
{
	return locked(o, rm, out, err);
}

static int mv(const cl_state_cmd_opts *o, cl_state **st, FILE *out, cl_diags *d)
{
	if (o->nargs != 2) {
		cl_diag_error(d, CL_NOWHERE, "state mv takes a source and a destination address");
		cl_diag_hint(d, "clicamosc state mv aws_vpc.old aws_vpc.new");
		return 0;
	}
	if (!cl_state_move(*st, o->args[0], o->args[1], d))
		return 0;
	fprintf(out, "%s \"%s\" to \"%s\"\n", o->dry_run ? "Would move" : "Move", o->args[0], o->args[1]);
	if (o->dry_run)
		fprintf(out, "Would have moved 1 object(s).\n");
	else
		fprintf(out, "Successfully moved 1 object(s).\n");
	return 1;
}

int cl_state_cmd_mv(const cl_state_cmd_opts *o, FILE *out, FILE *err)
{
	return locked(o, mv, out, err);
}

static int push(const cl_state_cmd_opts *o, cl_state **st, FILE *out, cl_diags *d)
{
	if (o->nargs != 1) {
		cl_diag_error(d, CL_NOWHERE, "state push takes one file (or - for standard input)");
		return 0;
	}
	const char *file = o->args[0];
	FILE *f = strcmp(file, "-") ? fopen(file, "rb") : stdin;
	if (!f) {
		cl_diag_error(d, CL_NOWHERE, "cannot read %s: %m", file);
		return 0;
	}
	cl_buf b = CL_BUF_INIT;
	cl_buf_read(&b, f);
	if (f != stdin)
		fclose(f);
	cl_state *in;
	bool ok = cl_state_parse(file, cl_buf_str(&b), b.len, &in, d);
	cl_buf_free(&b);
	if (!ok)
		return 0;
	cl_state *cur = *st;
	bool empty = !cur->nres && !cur->nouts;
	if (!o->force && !empty && strcmp(in->lineage, cur->lineage)) {
		cl_diag_error(d, CL_NOWHERE, "cannot push %s: its lineage %s differs from the state's (%s)", file, in->lineage,
		              cur->lineage);
		cl_diag_hint(d, "it is the state of another configuration; -force overwrites anyway");
	} else if (!o->force && !empty && in->serial < cur->serial) {
		cl_diag_error(d, CL_NOWHERE, "cannot push %s: its serial %llu is lower than the state's (%llu)", file,
		              (unsigned long long)in->serial, (unsigned long long)cur->serial);
		cl_diag_hint(d, "it is older than the state; -force overwrites anyway");
	}
	if (d->nerrors) {
		cl_state_free(in);
		return 0;
	}
	cl_state_free(cur);
	*st = in;
	return 1;
}

int cl_state_cmd_push(const cl_state_cmd_opts *o, FILE *out, FILE *err)
{
	return locked(o, push, out, err);
}

int cl_state_cmd_pull(const cl_state_cmd_opts *o, FILE *out, FILE *err)
{
	cl_diags d = { 0 };
	cl_state *st;
	FILE *f = fopen(path_of(o), "rb");
	if (f)
		fclose(f);
	if (f && cl_state_read(path_of(o), &st, &d)) {   /* no state: nothing to print */
		char *t = cl_state_text(st);
		fputs(t, out);
		free(t);
		cl_state_free(st);
	}
	return finish(o, &d, err, 0);
}

/* ---- output ---- */

static void output_raw(const cl_state_out *out, FILE *f, cl_diags *d)
{
	const json_t *v = out->value;
	if (json_is_null(v)) {
		cl_diag_error(d, CL_NOWHERE, "the value of output \"%s\" is null, so -raw cannot print it", out->name);
	} else if (json_is_string(v)) {
		fwrite(json_string_value(v), 1, json_string_length(v), f);
	} else if (json_is_number(v) || json_is_boolean(v)) {
		cl_buf b = CL_BUF_INIT;
		cl_jsonw(&b, v, false);
		fputs(cl_buf_str(&b), f);
		cl_buf_free(&b);
	} else {
		cl_diag_error(d, CL_NOWHERE, "-raw prints only strings, numbers and bools, but output \"%s\" is %s",
		              out->name, json_is_array(v) ? "a list" : "an object");
		cl_diag_hint(d, "use -json for a machine-readable form of values of complex types");
	}
}

static void output_human(cl_state *st, const cl_state_out *out, bool named, FILE *f, cl_diags *d)
{
	if (!named && out->sensitive) {
		fprintf(f, "%s = <sensitive>\n", out->name);
		return;
	}
	cl_arena a;
	cl_arena_init(&a);
	cl_value *v = cl_state_output(st, &a, out->name, NULL);
	if (!v) {
		cl_diag_error(d, CL_NOWHERE, "output \"%s\": its value in the state does not fit its type", out->name);
	} else {
		cl_buf b = CL_BUF_INIT;
		cl_value_format(&b, cl_value_unmark(&a, v), 0);
		if (named)
			fprintf(f, "%s\n", cl_buf_str(&b));
		else
			fprintf(f, "%s = %s\n", out->name, cl_buf_str(&b));
		cl_buf_free(&b);
	}
	cl_arena_free(&a);
}

static void outputs(cl_state *st, const cl_state_cmd_opts *o, FILE *out, cl_diags *d);

int cl_state_cmd_output(const cl_state_cmd_opts *o, FILE *out, FILE *err)
{
	cl_diags d = { 0 };
	cl_state *st;
	if (!cl_state_read(path_of(o), &st, &d))
		return finish(o, &d, err, 1);
	outputs(st, o, out, &d);
	cl_state_free(st);
	return finish(o, &d, err, 0);
}

int cl_state_cmd_output_of(cl_state *st, const cl_state_cmd_opts *o, FILE *out, FILE *err)
{
	cl_diags d = { 0 };
	outputs(st, o, out, &d);
	return finish(o, &d, err, 0);
}

/* The outputs of st as output prints them (o->args[0]: one, by name). */
static void outputs(cl_state *st, const cl_state_cmd_opts *o, FILE *out, cl_diags *d)
{
	const char *name = o->nargs ? o->args[0] : NULL;
	const cl_state_out *sel = NULL;
	for (size_t i = 0; name && i < st->nouts; i++)
		if (!strcmp(st->outs[i].name, name))
			sel = &st->outs[i];
	if (o->json && !name) {
		json_t *all = json_object();
		for (size_t i = 0; i < st->nouts; i++)
			json_object_set_new(all, st->outs[i].name,
			                    json_pack("{s:b,s:O,s:O}", "sensitive", st->outs[i].sensitive,
			                              "type", st->outs[i].type, "value", st->outs[i].value));
		cl_buf b = CL_BUF_INIT;
		cl_jsonw(&b, all, true);
		fprintf(out, "%s\n", cl_buf_str(&b));
		cl_buf_free(&b);
		json_decref(all);
	} else if (!st->nouts && !o->json) {
		cl_diag_warning(d, CL_NOWHERE, "no outputs found: the state has none");
		cl_diag_hint(d, "define outputs with output blocks and run clicamosc apply to record them");
	} else if (o->raw && !name) {
		cl_diag_error(d, CL_NOWHERE, "-raw prints a single output: name it");
	} else if (name && !sel) {
		cl_diag_error(d, CL_NOWHERE, "output \"%s\" not found", name);
		cl_diag_hint(d, "if you just added it to the configuration, run clicamosc apply to record it");
	} else if (o->json) {
		cl_buf b = CL_BUF_INIT;
		cl_jsonw(&b, sel->value, false);
		fprintf(out, "%s\n", cl_buf_str(&b));
		cl_buf_free(&b);
	} else if (o->raw) {
		output_raw(sel, out, d);
	} else {
		for (size_t i = 0; i < st->nouts; i++)
			if (!name || &st->outs[i] == sel)
				output_human(st, &st->outs[i], name != NULL, out, d);
	}
}

int cl_state_cmd_force_unlock(const cl_state_cmd_opts *o, FILE *out, FILE *err)
{
	cl_diags d = { 0 };
	if (o->nargs != 1)
		cl_diag_error(&d, CL_NOWHERE, "force-unlock takes the lock ID");
	else if (cl_lock_force_unlock(path_of(o), o->args[0], &d))
		fprintf(out, "clicamosc state has been successfully unlocked!\n\n"
		        "The state has been unlocked, and clicamosc commands should now be able to\n"
		        "obtain a new lock on it.\n");
	return finish(o, &d, err, 0);
}

int cl_state_cmd_show_all(const cl_state_cmd_opts *o, FILE *out, FILE *err)
{
	cl_diags d = { 0 };
	cl_state *st;
	if (!cl_state_read(path_of(o), &st, &d))
		return finish(o, &d, err, 1);
	bool none = !st->from_file;
	if (o->json) {
		char *text = none ? NULL : cl_state_text(st);
		json_error_t je;
		json_t *doc = text ? json_loads(text, 0, &je) : NULL;
		json_t *shown = cl_state_show_json(doc, CL_STATE_TF_VERSION);
		cl_buf b = CL_BUF_INIT;
		cl_jsonw(&b, shown, false);
		fprintf(out, "%s\n", cl_buf_str(&b));
		cl_buf_free(&b);
		json_decref(shown);
		json_decref(doc);
		free(text);
	} else if (none || (!st->nres && !st->nouts)) {
		fprintf(out, "No state.\n");
	} else {
		cl_buf b = CL_BUF_INIT;
		for (size_t i = 0; i < st->nres; i++)
			for (size_t k = 0; k < st->res[i]->nobjs; k++) {
				if (b.len)
					cl_buf_putc(&b, '\n');
				show_obj(&b, st->res[i], st->res[i]->objs[k]);
			}
		fputs(cl_buf_str(&b), out);
		cl_buf_free(&b);
		if (st->nouts) {
			fprintf(out, "%sOutputs:\n\n", st->nres ? "\n\n" : "");
			fflush(out);
			cl_state_cmd_opts oo = *o;
			oo.nargs = 0;
			cl_state_free(st);
			return finish(o, &d, err, cl_state_cmd_output(&oo, out, err));
		}
	}
	cl_state_free(st);
	return finish(o, &d, err, 0);
}
