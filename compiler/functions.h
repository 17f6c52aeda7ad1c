/* functions.h: the built-in functions (abs ... zipmap), as one table.  Each
 * entry says its parameters' names and types, whether it is impure or
 * takes its arguments unevaluated (try, can), and its implementation in
 * compiler/functions/<family>.c.  cl_function_call checks arity and types,
 * and handles unknown, null and sensitive arguments for every function. */
#ifndef CL_FUNCTIONS_H
#define CL_FUNCTIONS_H

#include "compiler/eval.h"
#include "compiler/value.h"

enum {
	CL_P_NULL = 1,      /* the parameter accepts null */
	CL_P_UNKNOWN = 2,   /* accepts unknown values, wholly or in part */
	CL_P_NESTED = 4,    /* accepts known collections with unknown elements */
};
/* Without these flags an argument that is null is an error, and one that is
 * unknown (or has unknown elements) makes the call's result unknown. */

enum {
	CL_FN_IMPURE = 1,   /* result differs call to call: unknown at plan time */
	CL_FN_LAZY = 2,     /* gets its arguments unevaluated (try, can) */
	CL_FN_MARKS = 4,    /* handles sensitive marks itself (sensitive, nonsensitive) */
};

typedef struct cl_fn_param {
	const char *name;
	const cl_type *type;   /* NULL: any */
	unsigned flags;        /* CL_P_* */
} cl_fn_param;

typedef struct cl_fn_call cl_fn_call;
/* args converted to the parameters' types; NULL after reporting an error. */
typedef cl_value *cl_fn_impl(cl_fn_call *c, cl_value **args, uint32_t n);

typedef struct cl_function {
	const char *name;
	cl_fn_impl *impl;
	const cl_type *ret;        /* result type when it does not depend on the args; NULL: any */
	unsigned flags;            /* CL_FN_* */
	uint32_t nparams;
	cl_fn_param params[3];
	cl_fn_param variadic;      /* name NULL: none */
} cl_function;

extern const cl_function cl_functions[];
extern const uint32_t cl_nfunctions;

const cl_function *cl_function_lookup(const char *name);
/* Call with evaluated arguments ("..." already expanded).  call is the CALL
 * node, for messages.  NULL after reporting an error. */
cl_value *cl_function_call(cl_eval_ctx *ctx, const cl_function *fn, const cl_expr *call,
                           cl_value **args, uint32_t n);

#endif
