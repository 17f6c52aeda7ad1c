/* vars.c: collecting the root module's input values (see vars.h). */
#include "compiler/vars.h"
#include "compiler/eval.h"
#include "grammar/json.h"
#include "util/suggest.h"
#include "util/path.h"


#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int var_index(const cl_module *m, const char *name)
{
	for (unsigned i = 0; i < m->nvars; i++)
		if (!strcmp(m->vars[i].name, name))
			return (int)i;
	return -1;
}

static void unknown_var(cl_arena *a, const cl_module *m, const char *name, cl_range at, bool error, const char *origin,
                        cl_diags *d)
{
	const char **names = CL_NEWN(a, const char *, m->nvars + 1);
	for (unsigned i = 0; i < m->nvars; i++)
		names[i] = m->vars[i].name;
	if (error)
		cl_diag_error(d, at, "%s sets \"%s\", but no variable of that name is declared", origin, name);
	else
		cl_diag_warning(d, at, "%s sets \"%s\", but no variable of that name is declared", origin, name);
	const char *s = cl_suggest(name, names, m->nvars);
	if (s)
		cl_diag_hint(d, "did you mean \"%s\"?", s);
	else
		cl_diag_hint(d, "declare it: variable \"%s\" {}", name);
}

static cl_value *eval_closed(cl_arena *a, const cl_expr *e, cl_diags *d)
{
	cl_eval_ctx ctx = { .arena = a, .diags = d, .basedir = "." };
	ctx.file = cl_eval_file_default;
	return cl_eval(&ctx, e);
}

cl_value *cl_vars_parse(cl_arena *a, const cl_variable *v, const char *text, const char *origin, cl_loc *at,
                        cl_diags *d)
{
	cl_source *src = cl_source_new(origin, text, strlen(text));
	*at = (cl_loc){ .file = (uint16_t)cl_source_register(src), .start = 0, .end = (uint32_t)strlen(text) };
	if (cl_type_is_primitive(v->type))
		return cl_value_cstr(a, text);
	bool looks = strchr("[{\"-0123456789", text[0]) || !strcmp(text, "true") || !strcmp(text, "false") ||
	             !strcmp(text, "null");
	if (v->type->kind == CL_T_ANY && !looks)
		return cl_value_cstr(a, text);
	cl_expr *e = cl_parse_expr(a, src, d);
	return e ? eval_closed(a, e, d) : NULL;
}

/* One .tfvars file: name = value lines; or one .tfvars.json file, an
 * object of names and values (HCL's JSON syntax, by the name). */
static bool read_file(cl_arena *a, const cl_module *m, const char *path, bool must_exist, cl_value **vals, cl_loc *locs,
                      cl_diags *d)
{
	struct stat st;
	if (!must_exist && stat(path, &st) != 0)
		return true;
	cl_source *src = cl_source_read(path, d);
	if (!src)
		return false;
	cl_source_register(src);
	size_t before = d->nerrors;
	cl_file *f = cl_json_path(path) ? cl_parse_json_file(a, src, cl_json_all_attrs, d) : cl_parse_file(a, src, d);
	for (uint32_t i = 0; f && i < f->body->n; i++) {
		const cl_item *it = &f->body->v[i];
		if (it->block) {
			cl_diag_error(d, cl_loc_range(it->block->type_loc), "a variables file holds only name = value lines");
			continue;
		}
		int k = var_index(m, it->attr->name);
		if (k < 0) {
			unknown_var(a, m, it->attr->name, cl_loc_range(it->attr->name_loc), false, path, d);
			continue;
		}
		cl_value *v = eval_closed(a, it->attr->expr, d);
		if (v) {
			vals[k] = v;
			locs[k] = it->attr->expr->loc;
		}
	}
	return d->nerrors == before;
}

/* *.auto.tfvars and *.auto.tfvars.json, then *.clvars and *.clvars.json,
 * each group in lexical order (Terraform sorts the .json ones in with the
 * others). */
static bool read_auto_files(cl_arena *a, const cl_module *m, const char *dir, cl_value **vals, cl_loc *locs, cl_diags *d)
{
	static const char *const suffixes[][3] = { { ".auto.tfvars", ".auto.tfvars.json", NULL },
	                                           { ".clvars", ".clvars.json", NULL } };
	bool ok = true;
	for (int s = 0; s < 2; s++) {
		unsigned n;
		const char **names = cl_path_list(a, dir, suffixes[s], &n);
		if (!names)
			return true;
		for (unsigned i = 0; i < n; i++)
			ok &= read_file(a, m, cl_arena_printf(a, "%s/%s", dir, names[i]), true, vals, locs, d);
	}
	return ok;
}

bool cl_vars_collect(cl_arena *a, const cl_module *root, const char *root_dir, const cl_var_arg *args,
                     unsigned nargs, cl_value ***values, cl_loc **locs, cl_diags *d)
{
	cl_value **vals = CL_NEWN(a, cl_value *, root->nvars + 1);
	cl_loc *where = CL_NEWN(a, cl_loc, root->nvars + 1);
	*values = vals;
	*locs = where;
	bool ok = true;
	for (unsigned i = 0; i < root->nvars; i++) {
		static const char *const prefixes[] = { "TF_VAR_", "CL_VAR_" };
		for (int p = 0; p < 2; p++) {
			char *name = cl_arena_printf(a, "%s%s", prefixes[p], root->vars[i].name);
			const char *env = getenv(name);
			if (!env)
				continue;
			cl_value *v = cl_vars_parse(a, &root->vars[i], env, name, &where[i], d);
			if (v)
				vals[i] = v;
			else
				ok = false;
		}
	}
	ok &= read_file(a, root, cl_arena_printf(a, "%s/terraform.tfvars", root_dir), false, vals, where, d);
	ok &= read_file(a, root, cl_arena_printf(a, "%s/terraform.tfvars.json", root_dir), false, vals, where, d);
	ok &= read_auto_files(a, root, root_dir, vals, where, d);
	for (unsigned i = 0; i < nargs; i++) {
		if (args[i].file) {
			ok &= read_file(a, root, args[i].text, true, vals, where, d);
			continue;
		}
		const char *eq = strchr(args[i].text, '=');
		if (!eq || eq == args[i].text) {
			cl_diag_error(d, CL_NOWHERE, "-var \"%s\": expected name=value", args[i].text);
			cl_diag_hint(d, "for example: -var 'ami=ami-0abc123'");
			ok = false;
			continue;
		}
		char *name = cl_arena_strndup(a, args[i].text, (size_t)(eq - args[i].text));
		int k = var_index(root, name);
		if (k < 0) {
			unknown_var(a, root, name, CL_NOWHERE, true, "-var", d);
			ok = false;
			continue;
		}
		cl_loc at;
		cl_value *v = cl_vars_parse(a, &root->vars[k], eq + 1, cl_arena_printf(a, "-var %s", name), &at, d);
		if (!v) {
			ok = false;
			continue;
		}
		vals[k] = v;
		where[k] = at;
	}
	return ok;
}
