/* call.c: what every function call goes through: arity, converting each
 * argument to its parameter's type, and the rules for null, unknown and
 * sensitive arguments, so that the implementations need not repeat them. */
#include "compiler/functions/fn.h"

#include <stdarg.h>

const cl_type fn_list_string = { .kind = CL_T_LIST, .elem = &cl_type_string };
const cl_type fn_set_string = { .kind = CL_T_SET, .elem = &cl_type_string };
const cl_type fn_list_any = { .kind = CL_T_LIST, .elem = &cl_type_any };
const cl_type fn_set_any = { .kind = CL_T_SET, .elem = &cl_type_any };
const cl_type fn_map_any = { .kind = CL_T_MAP, .elem = &cl_type_any };

static const cl_fn_param *param(const cl_function *fn, uint32_t i)
{
	return i < fn->nparams ? &fn->params[i] : &fn->variadic;
}

/* The argument's expression; after "..." expansion several share the last. */
static const cl_expr *arg_expr(const cl_fn_call *c, uint32_t i)
{
	uint32_t n = c->call->u.call.n;
	if (n == 0)
		return c->call;
	return c->call->u.call.v[i < n ? i : n - 1];
}

static void usage(cl_fn_call *c)
{
	cl_buf b = CL_BUF_INIT;
	const cl_function *fn = c->fn;
	cl_buf_printf(&b, "%s(", fn->name);
	for (uint32_t i = 0; i < fn->nparams; i++)
		cl_buf_printf(&b, "%s%s", i ? ", " : "", fn->params[i].name);
	if (fn->variadic.name)
		cl_buf_printf(&b, "%s%s...", fn->nparams ? ", " : "", fn->variadic.name);
	cl_buf_putc(&b, ')');
	cl_diag_hint(c->ctx->diags, "usage: %s", cl_buf_str(&b));
	cl_buf_free(&b);
}

static const char withheld[] = "the error message includes a sensitive value, so it is not shown";

static bool sensitive_arg(const cl_fn_call *c, uint32_t i)
{
	return c->args && i < c->nargs && (cl_value_marks_deep(c->args[i]) & CL_MARK_SENSITIVE);
}

cl_value *fn_arg_error(cl_fn_call *c, uint32_t i, const char *fmt, ...)
{
	cl_buf b = CL_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	if (sensitive_arg(c, i))
		cl_buf_puts(&b, withheld);
	else
		cl_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	cl_diag_error(c->ctx->diags, cl_loc_range(arg_expr(c, i)->loc),
	              "Invalid value for \"%s\" parameter: %s.", param(c->fn, i)->name, cl_buf_str(&b));
	cl_buf_free(&b);
	return NULL;
}

cl_value *fn_error(cl_fn_call *c, const char *fmt, ...)
{
	bool secret = false;
	for (uint32_t i = 0; i < c->nargs; i++)
		secret = secret || sensitive_arg(c, i);
	cl_buf b = CL_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	if (secret)
		cl_buf_puts(&b, withheld);
	else
		cl_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	cl_diag_error(c->ctx->diags, cl_loc_range(c->call->loc), "Call to function \"%s\" failed: %s.",
	              c->fn->name, cl_buf_str(&b));
	cl_buf_free(&b);
	return NULL;
}

bool fn_int(cl_fn_call *c, uint32_t i, const cl_value *v, int64_t *out)
{
	if (cl_value_as_int(v, out))
		return true;
	fn_arg_error(c, i, "value must be a whole number, between -9223372036854775808 and 9223372036854775807");
	return false;
}

cl_value *fn_buf(cl_fn_call *c, cl_buf *b)
{
	cl_value *v = cl_value_string(c->a, cl_buf_str(b), b->len);
	cl_buf_free(b);
	return v;
}

cl_value *fn_list(cl_fn_call *c, cl_value **v, uint32_t n)
{
	const cl_type *t = cl_convert_common(c->a, v, n);
	return t ? cl_value_list(c->a, t, v, n) : cl_value_tuple(c->a, v, n);
}

cl_value *fn_strings(cl_fn_call *c, const char **s, uint32_t n)
{
	cl_value **v = CL_NEWN(c->a, cl_value *, n ? n : 1);
	for (uint32_t i = 0; i < n; i++)
		v[i] = cl_value_cstr(c->a, s[i]);
	return cl_value_list(c->a, &cl_type_string, v, n);
}

static bool arity_ok(const cl_function *fn, uint32_t n)
{
	return fn->variadic.name ? n >= fn->nparams : n == fn->nparams;
}

cl_value *cl_function_call(cl_eval_ctx *ctx, const cl_function *fn, const cl_expr *call,
                           cl_value **args, uint32_t n)
{
	cl_fn_call c = { ctx, ctx->arena, fn, call, args, n };
	if (!arity_ok(fn, n)) {
		cl_diag_error(ctx->diags, cl_loc_range(call->loc), "function \"%s\" takes %s%u argument%s, got %u",
		              fn->name, fn->variadic.name ? "at least " : "", fn->nparams,
		              fn->nparams == 1 ? "" : "s", n);
		usage(&c);
		return NULL;
	}
	if (fn->flags & CL_FN_LAZY)
		return fn->impl(&c, NULL, n);
	cl_value **conv = CL_NEWN(ctx->arena, cl_value *, n ? n : 1);
	unsigned marks = 0;
	bool unknown = false;
	for (uint32_t i = 0; i < n; i++) {
		const cl_fn_param *p = param(fn, i);
		cl_value *v = args[i];
		if (!(fn->flags & CL_FN_MARKS))
			marks |= cl_value_marks_deep(v);
		if (cl_value_is_null(v) && !(p->flags & CL_P_NULL))
			return fn_arg_error(&c, i, "argument must not be null");
		bool known = p->flags & CL_P_NESTED ? cl_value_is_known(v) : cl_value_is_wholly_known(v);
		if (!(p->flags & CL_P_UNKNOWN) && !known) {
			unknown = true;
			continue;
		}
		const char *err = NULL;
		if (p->type && !(conv[i] = cl_convert(ctx->arena, v, p->type, &err)))
			return fn_arg_error(&c, i, "%s", err);
		if (!p->type)
			conv[i] = v;
	}
	if (unknown || ((fn->flags & CL_FN_IMPURE) && ctx->plan))
		return cl_value_mark(ctx->arena, cl_value_unknown(ctx->arena, fn->ret), marks);
	cl_value *r = fn->impl(&c, conv, n);
	return r ? cl_value_mark(ctx->arena, r, marks) : NULL;
}
