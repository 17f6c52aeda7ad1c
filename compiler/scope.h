/* scope.h: the values of one module instance (its variables, locals,
 * resources, calls and outputs) and the resolver that gives expressions
 * their meaning: var.x, local.y, aws_vpc.main, module.net.vpc_id,
 * asg.app.name, count.index, each.key, path.module, dynamic iterators.
 * Filled by the expansion walk (expand.h) in dependency order; the
 * executor updates resource values as it applies. */
#ifndef CL_SCOPE_H
#define CL_SCOPE_H

#include "compiler/config.h"
#include "compiler/eval.h"

typedef struct cl_modinst cl_modinst;
struct cl_modinst {
	const cl_module *mod;
	const char *path;            /* "" for the root, "module.net", "module.net[0]", "asg.app" */
	cl_modinst *parent;
	const cl_call *call;         /* in the parent; NULL for the root */
	cl_value *key;               /* count index or for_each key; NULL when single */
	cl_value *each_value;        /* for_each value */
	/* Parallel to mod's arrays; NULL until evaluated. */
	cl_value **vars, **locals, **outputs, **resources, **calls;
	cl_modinst ***children;      /* per call: its instances */
	unsigned *nchildren;
	const char *workspace;       /* the root's only: terraform.workspace (NULL: "default") */
};

typedef struct cl_binding {
	const char *name;
	cl_value *value;
	const struct cl_binding *next;
} cl_binding;

/* Where an expression is evaluated. */
typedef struct cl_scope {
	cl_modinst *mi;
	cl_value *count_index;       /* inside a counted resource or call */
	cl_value *each_key, *each_value;
	const cl_binding *extra;     /* dynamic block iterators */
	bool legacy_count;           /* count.index outside count means 0 (0.11) */
	const char *root_dir;        /* path.root */
} cl_scope;

cl_modinst *cl_modinst_new(cl_arena *a, const cl_module *m, cl_modinst *parent, const cl_call *call,
                           cl_value *key, cl_value *each_value);
/* A ready evaluation context for sc (its resolver and file reader). */
void cl_scope_ctx(cl_eval_ctx *ctx, cl_scope *sc, cl_arena *a, cl_diags *d);
cl_value *cl_scope_eval(cl_scope *sc, cl_arena *a, cl_diags *d, const cl_expr *e);
/* The address prefix of things in mi: "" or "module.net." */
const char *cl_modinst_prefix(cl_arena *a, const cl_modinst *mi);
/* An instance key as written in an address: [0] or ["a"]. */
void cl_key_print(cl_buf *b, const cl_value *key);

#endif
