/* eval_parts.h: what eval.c (operators, references, templates, calls) and
 * eval_for.c (for expressions) share, and no one else includes.  Values are
 * made in ctx->arena. */
#ifndef CL_EVAL_PARTS_H
#define CL_EVAL_PARTS_H

#include "compiler/eval.h"
#include "util/buf.h"

/* A for-expression variable, or (name NULL) the current splat element. */
struct cl_eval_var {
	const char *name;
	cl_value *value;
	const cl_eval_var *next;
};

/* An error at loc; returns NULL, for "return cl_eval_error(...)". */
cl_value *cl_eval_error(cl_eval_ctx *ctx, cl_loc loc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const char *cl_eval_type_name(cl_eval_ctx *ctx, const cl_value *v);   /* "list of string" */
cl_value *cl_eval_with_marks(cl_eval_ctx *ctx, cl_value *v, unsigned marks);
/* One template part appended to b (false after an error; the text is
 * checked against the value size cap as it grows). */
bool cl_eval_append_part(cl_eval_ctx *ctx, cl_buf *b, const cl_expr *part, unsigned *marks, bool *unknown);

cl_value *cl_eval_for(cl_eval_ctx *ctx, const cl_expr *e);        /* eval_for.c */
cl_value *cl_eval_tmpl_for(cl_eval_ctx *ctx, const cl_expr *e);

#endif
