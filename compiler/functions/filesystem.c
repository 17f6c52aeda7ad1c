/* filesystem.c: file, fileexists, filebase64, templatefile, basename,
 * dirname.  Every read goes through the eval context's file callback, so
 * the configuration layer decides where paths lead (the module directory)
 * and may sandbox them.  templatefile evaluates with only the given vars. */
#include "compiler/functions/fn.h"

char *fn_read_file(cl_fn_call *c, uint32_t i, const cl_value *path, size_t *len)
{
	cl_eval_ctx *ctx = c->ctx;
	char *data = NULL;
	const char *err = "file functions are not available here";
	if (ctx->file && ctx->file(ctx, path->u.str.s, &data, len, &err) == 0)
		return data;
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

cl_value *fn_templatefile(cl_fn_call *c, cl_value **args, uint32_t n)
{
	if (c->ctx->resolve == template_resolve)
		return fn_error(c, "cannot recursively call templatefile from inside templatefile");
	cl_value *vars = args[1];
	if (!cl_value_is_mapping(vars))
		return fn_arg_error(c, 1, "invalid vars value: must be a map");
	size_t len;
	char *text = read_text(c, args[0], &len);
	if (!text)
		return NULL;
	/* Sources live for the process: diagnostics point into them.  The
	 * parser registers it. */
	cl_source *src = cl_source_new(args[0]->u.str.s, text, len);
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
