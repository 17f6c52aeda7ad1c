/* template.c: cl_template_render (see template.h).  The template is parsed
 * as templatefile parses a file and evaluated with a resolver that knows
 * only the variables given; functions work, other names are errors. */
#include "compiler/template.h"
#include "compiler/convert.h"
#include "compiler/eval.h"
#include "grammar/ast.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cl_value *from_vars(cl_eval_ctx *ctx, const cl_traversal *t, uint32_t *used)
{
	cl_value *v = cl_value_get(ctx->user, t->root);
	if (!v)
		cl_diag_error(ctx->diags, cl_loc_range(t->loc), "vars does not contain \"%s\"", t->root);
	return v;
}

/* The first error as the CLI would print it, into err. */
static void first_error(const cl_diags *d, char *err, size_t errsize)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	for (size_t i = 0; f && i < d->n; i++)
		if (d->v[i].sev == CL_SEV_ERROR) {
			cl_diag_print(f, &d->v[i], false);
			break;
		}
	if (f)
		fclose(f);
	snprintf(err, errsize, "%s", text && len ? text : "the template could not be rendered");
	size_t n = strlen(err);
	while (n && err[n - 1] == '\n')
		err[--n] = 0;
	free(text);
}

cl_value *cl_template_render(cl_arena *a, const char *name, const char *text, const cl_value *vars, char *err,
                             size_t errsize)
{
	/* Sources live for the process: diagnostics point into them. */
	cl_source *src = cl_source_new(name, text, strlen(text));
	cl_diags d = { 0 };
	cl_value *out = NULL;
	cl_expr *tmpl = cl_parse_template(a, src, &d);
	if (tmpl) {
		cl_eval_ctx ctx = { .arena = a, .diags = &d, .resolve = from_vars, .user = (void *)vars };
		cl_value *v = cl_eval(&ctx, tmpl);
		const char *why = NULL;
		out = v && !d.nerrors ? cl_convert(a, v, &cl_type_string, &why) : NULL;
		if (v && !out && !d.nerrors)
			cl_diag_error(&d, cl_loc_range(tmpl->loc), "the template must produce a string");
	}
	if (!out)
		first_error(&d, err, errsize);
	cl_diags_free(&d);
	return out;
}
