/* filesystem.c: file, fileexists, filebase64, templatefile, basename,
 * dirname, abspath, pathexpand.  Every read goes through the eval context's file callback, so
 * the configuration layer decides where paths lead (the module directory)
 * and may sandbox them.  templatefile evaluates with only the given vars. */
#include "compiler/functions/fn.h"

#include <stdlib.h>
#include <unistd.h>

char *fn_read_file(cl_fn_call *c, uint32_t i, const cl_value *path, size_t *len)
{
	cl_eval_ctx *ctx = c->ctx;
	char *data = NULL;
	const char *err = "file functions are not available here";
	if (ctx->file && ctx->file(ctx, path->u.str.s, &data, len, &err) == 0) {
		const char *to = ctx->file == cl_eval_file_default ? cl_eval_path_escape(ctx, path->u.str.s) : NULL;
		if (to) {
			cl_diag_warning(ctx->diags, cl_loc_range(c->call->loc),
			                "\"%s\" leads outside the configuration, to \"%s\"", path->u.str.s, to);
			cl_diag_hint(ctx->diags, "a symbolic link on the way points there; if that file is meant, "
			             "name it by that path");
		}
		return data;
	}
	fn_arg_error(c, i, "%s", err);
	return NULL;
}

static char *read_text(cl_fn_call *c, const cl_value *path, size_t *len)
{
	char *data = fn_read_file(c, 0, path, len);
	if (data && !cl_utf8_valid(data, *len)) {
		fn_arg_error(c, 0, "contents of %s are not valid UTF-8; use the filebase64 function to obtain the "
		             "Base64 encoded contents or the other file functions (e.g. filemd5, filesha256) to "
		             "obtain file hashing results instead", path->u.str.s);
		return NULL;
	}
	return data;
}

cl_value *fn_file(cl_fn_call *c, cl_value **args, uint32_t n)
{
	size_t len;
	char *data = read_text(c, args[0], &len);
	return data ? cl_value_string(c->a, data, len) : NULL;
}

cl_value *fn_filebase64(cl_fn_call *c, cl_value **args, uint32_t n)
{
	size_t len;
	char *data = fn_read_file(c, 0, args[0], &len);
	if (!data)
		return NULL;
	cl_buf b = CL_BUF_INIT;
	fn_base64(&b, (const unsigned char *)data, len);
	return fn_buf(c, &b);
}

cl_value *fn_fileexists(cl_fn_call *c, cl_value **args, uint32_t n)
{
	cl_eval_ctx *ctx = c->ctx;
	const char *err = "file functions are not available here";
	int r = ctx->file ? ctx->file(ctx, args[0]->u.str.s, NULL, NULL, &err) : -1;
	if (r < 0)
		return fn_arg_error(c, 0, "%s", err);
	return cl_value_bool(c->a, r == 1);
}

/* templatefile: the template sees only vars, never the caller's scope. */
typedef struct template_scope {
	cl_fn_call *call;
	cl_value *vars;
} template_scope;

static cl_value *template_resolve(cl_eval_ctx *ctx, const cl_traversal *t, uint32_t *used)
{
	template_scope *s = ctx->user;
	cl_value *v = cl_value_get(s->vars, t->root);
	if (v)
		return v;
	cl_diag_error(ctx->diags, cl_loc_range(t->loc), "Invalid value for \"vars\" parameter: vars map does "
	              "not contain key \"%s\"", t->root);
	cl_diag_note(ctx->diags, cl_loc_range(s->call->call->loc), "in this templatefile call");
	return NULL;
}

/* Renders template text (named name in messages) with only vars in scope. */
static cl_value *render(cl_fn_call *c, const char *name, char *text, size_t len, cl_value *vars)
{
	if (!cl_value_is_mapping(vars))
		return fn_arg_error(c, 1, "invalid vars value: must be a map");
	/* Sources live for the process: diagnostics point into them.  The
	 * parser registers it. */
	cl_source *src = cl_source_new(name, text, len);
	cl_expr *tmpl = cl_parse_template(c->a, src, c->ctx->diags);
	if (!tmpl)
		return NULL;
	template_scope scope = { c, vars };
	cl_eval_ctx sub = *c->ctx;
	sub.resolve = template_resolve;
	sub.user = &scope;
	sub.vars = NULL;
	cl_value *v = cl_eval(&sub, tmpl);
	if (!v)
		return NULL;
	const char *err;
	cl_value *s = cl_convert(c->a, v, &cl_type_string, &err);
	return s ? s : fn_error(c, "the template must produce a string, not %s",
	                        cl_type_friendly(c->a, cl_value_type(c->a, v)));
}

cl_value *fn_templatefile(cl_fn_call *c, cl_value **args, uint32_t n)
{
	if (c->ctx->resolve == template_resolve)
		return fn_error(c, "cannot recursively call templatefile from inside templatefile");
	size_t len;
	char *text = read_text(c, args[0], &len);
	return text ? render(c, args[0]->u.str.s, text, len, args[1]) : NULL;
}

/* templatestring: as Terraform, the template must come from a reference
 * (a variable, local, attribute): a literal string would have had its
 * ${...} evaluated already, in the caller's scope. */
cl_value *fn_templatestring(cl_fn_call *c, cl_value **args, uint32_t n)
{
	const cl_expr *te = c->call->u.call.v[0];
	while (te->kind == CL_E_PAREN)
		te = te->u.op.a;
	if (te->kind != CL_E_VAR && te->kind != CL_E_GETATTR && te->kind != CL_E_INDEX) {
		cl_diag_error(c->ctx->diags, cl_loc_range(te->loc), "Invalid template argument: the \"template\" "
		              "argument must be a reference to a named value containing the template");
		cl_diag_hint(c->ctx->diags, "put the template in a variable or local value (escape its ${ as $${ there) "
		             "and pass that reference");
		return NULL;
	}
	if (c->ctx->resolve == template_resolve)
		return fn_error(c, "cannot call templatestring from inside a template");
	cl_value *t = cl_eval(c->ctx, te);
	cl_value *vars = t ? cl_eval(c->ctx, c->call->u.call.v[1]) : NULL;
	if (!t || !vars)
		return NULL;
	const char *err;
	cl_value *ts = cl_convert(c->a, t, &cl_type_string, &err);
	if (!ts || cl_value_is_null(ts))
		return fn_arg_error(c, 0, "%s", ts ? "must not be null" : err);
	if (!cl_value_is_wholly_known(ts) || !cl_value_is_wholly_known(vars))
		return cl_value_unknown(c->a, &cl_type_string);
	char *text = cl_arena_strndup(c->a, ts->u.str.s, ts->u.str.len);
	return render(c, "<templatestring>", text, ts->u.str.len, vars);
}

/* Go's filepath.Base and filepath.Dir. */

static size_t trim_slashes(const char *s, size_t len)
{
	while (len > 1 && s[len - 1] == '/')
		len--;
	return len;
}

cl_value *fn_basename(cl_fn_call *c, cl_value **args, uint32_t n)
{
	const char *s = args[0]->u.str.s;
	size_t len = args[0]->u.str.len;
	if (len == 0)
		return cl_value_cstr(c->a, ".");
	len = trim_slashes(s, len);
	size_t start = len;
	while (start > 0 && s[start - 1] != '/')
		start--;
	if (len == 1 && s[0] == '/')
		return cl_value_cstr(c->a, "/");
	return cl_value_string(c->a, s + start, len - start);
}

cl_value *fn_dirname(cl_fn_call *c, cl_value **args, uint32_t n)
{
	const char *s = args[0]->u.str.s;
	size_t end = args[0]->u.str.len;
	while (end > 0 && s[end - 1] != '/')
		end--;
	if (end == 0)
		return cl_value_cstr(c->a, ".");
	end = trim_slashes(s, end);
	return cl_value_string(c->a, s, end);
}

/* Go's filepath.Clean: no "//", no ".", no "dir/.." */
static cl_value *clean_path(cl_fn_call *c, const char *path)
{
	bool rooted = path[0] == '/';
	const char **parts = CL_NEWN(c->a, const char *, strlen(path) / 2 + 2);
	size_t *lens = CL_NEWN(c->a, size_t, strlen(path) / 2 + 2);
	size_t n = 0;
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		const char *e = p;
		while (*e && *e != '/')
			e++;
		size_t len = (size_t)(e - p);
		if (len == 0 || (len == 1 && p[0] == '.')) {
			/* nothing */
		} else if (len == 2 && p[0] == '.' && p[1] == '.' && n > 0 && !(lens[n - 1] == 2 && parts[n - 1][0] == '.')) {
			n--;
		} else if (!(len == 2 && p[0] == '.' && p[1] == '.' && rooted)) {
			parts[n] = p;
			lens[n++] = len;
		}
		p = e;
	}
	cl_buf b = CL_BUF_INIT;
	if (rooted)
		cl_buf_putc(&b, '/');
	for (size_t i = 0; i < n; i++) {
		if (i)
			cl_buf_putc(&b, '/');
		cl_buf_add(&b, parts[i], lens[i]);
	}
	if (!b.len)
		cl_buf_putc(&b, '.');
	return fn_buf(c, &b);
}

cl_value *fn_abspath(cl_fn_call *c, cl_value **args, uint32_t n)
{
	const char *p = args[0]->u.str.s;
	if (p[0] == '/')
		return clean_path(c, p);
	char *cwd = getcwd(NULL, 0);
	if (!cwd)
		return fn_error(c, "the working directory is not known");
	cl_value *r = clean_path(c, cl_arena_printf(c->a, "%s/%s", cwd, p));
	free(cwd);
	return r;
}

cl_value *fn_pathexpand(cl_fn_call *c, cl_value **args, uint32_t n)
{
	const char *p = args[0]->u.str.s, *home = getenv("HOME");
	if (p[0] != '~' || (p[1] && p[1] != '/'))
		return args[0];
	if (!home)
		return fn_error(c, "cannot expand ~: HOME is not set");
	return cl_value_string(c->a, cl_arena_printf(c->a, "%s%s", home, p + 1), strlen(home) + strlen(p + 1));
}
