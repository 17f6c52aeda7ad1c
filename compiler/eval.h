/* eval.h: evaluating an HCL expression to a value.  The caller fills a
 * cl_eval_ctx (arena, diagnostics, how to resolve root names, how to read
 * files) and calls cl_eval; the configuration layer above decides what
 * var.x or aws_vpc.main means, this file only walks expressions.
 *
 *   cl_eval_ctx ctx = { .arena = &a, .diags = &d, .resolve = my_resolve, .user = cfg };
 *   cl_value *v = cl_eval(&ctx, expr);    // NULL: errors are in d
 */
#ifndef CL_EVAL_H
#define CL_EVAL_H

#include "compiler/value.h"
#include "grammar/ast.h"

typedef struct cl_eval_ctx cl_eval_ctx;

/* A reference as written: a root name and the attribute names and constant
 * keys after it, e.g. aws_instance.web[0].id is root "aws_instance",
 * steps .web, [0], .id.  A step past a splat or a key that is not yet
 * known is not part of it. */
typedef struct cl_step {
	const char *name;      /* .name, or NULL for an index */
	cl_value *key;         /* [key]: a known string or number */
	cl_loc loc;            /* the step, for messages */
} cl_step;

typedef struct cl_traversal {
	const char *root;
	cl_loc loc;            /* the root name */
	const cl_step *steps;
	uint32_t n;
} cl_traversal;

/* The value of t's root, with as many of its steps applied as the resolver
 * chooses (*used; 0 is fine: cl_eval applies the rest).  This is how a
 * resolver can answer aws_vpc.main.id without building every resource into
 * an object first, and report "no resource aws_vpc.mian" at the right step.
 * NULL after reporting an error in ctx->diags. */
typedef cl_value *cl_resolve_fn(cl_eval_ctx *ctx, const cl_traversal *t, uint32_t *used);

/* The file functions' only way to the disk.  path is as the user wrote it
 * (relative to the module directory).  data NULL: is there a regular file
 * (1 yes, 0 no)?  Otherwise read it into ctx->arena.  -1 with *err on failure. */
typedef int cl_file_fn(cl_eval_ctx *ctx, const char *path, char **data, size_t *len, const char **err);

typedef struct cl_eval_var cl_eval_var;   /* a for-expression variable (eval.c) */

struct cl_eval_ctx {
	cl_arena *arena;           /* results and temporaries */
	cl_diags *diags;
	cl_resolve_fn *resolve;    /* NULL: no root names at all */
	void *user;                /* for resolve and file */
	cl_file_fn *file;          /* NULL: file functions fail */
	const char *basedir;       /* for cl_eval_file_default */
	const char *rootdir;       /* the root module's directory (NULL: "."), for cl_eval_path_escape */
	bool plan;                 /* plan time: uuid() and timestamp() are unknown */
	const cl_eval_var *vars;   /* set by cl_eval itself: for-expression variables */
	/* Errors that try() and can() do not catch, as Terraform finds them
	 * before evaluating: a name this module does not declare, a function
	 * that does not exist.  NULL: diags (there is no try() around). */
	cl_diags *static_diags;
};

/* Where an error about the configuration itself (not about a value) goes. */
static inline cl_diags *cl_eval_static_diags(const cl_eval_ctx *ctx)
{
	return ctx->static_diags ? ctx->static_diags : ctx->diags;
}

cl_value *cl_eval(cl_eval_ctx *ctx, const cl_expr *e);

/* A cl_file_fn reading ctx->basedir/path (or path itself when absolute). */
int cl_eval_file_default(cl_eval_ctx *ctx, const char *path, char **data, size_t *len, const char **err);
/* Where path (read as cl_eval_file_default reads it) really leads, when a
 * symbolic link takes it out of the working directory and the root module
 * although, as written, it lies inside one of them; else NULL.  A path
 * written to lead outside names its place and is not reported. */
const char *cl_eval_path_escape(cl_eval_ctx *ctx, const char *path);

#endif
