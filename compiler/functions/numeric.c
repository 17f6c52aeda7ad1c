/* numeric.c: abs, ceil, floor, log, max, min, parseint, pow, signum, sum.
 * Exact numbers stay exact (number.h); log and pow compute doubles, as
 * cty's do. */
#include "compiler/functions/fn.h"
#include "compiler/number.h"

#include <math.h>
#include <stdlib.h>

cl_value *fn_abs(cl_fn_call *c, cl_value **args, uint32_t n)
{
	const cl_value *x = args[0];
	if (x->u.num.isint && x->u.num.i != INT64_MIN)
		return cl_value_int(c->a, x->u.num.i < 0 ? -x->u.num.i : x->u.num.i);
	if (cl_num_exact(x))
		return x->u.num.d < 0 ? cl_num_neg(c->a, x) : args[0];
	return cl_value_double(c->a, fabs(x->u.num.d));
}

cl_value *fn_ceil(cl_fn_call *c, cl_value **args, uint32_t n)
{
	return args[0]->u.num.isint ? args[0] : cl_num_round(c->a, args[0], true);
}

cl_value *fn_floor(cl_fn_call *c, cl_value **args, uint32_t n)
{
	return args[0]->u.num.isint ? args[0] : cl_num_round(c->a, args[0], false);
}

/* A computed double; NaN (log(-1), pow(-8, 0.5)) is an error, not a value. */
static cl_value *result(cl_fn_call *c, double d)
{
	return isnan(d) ? fn_error(c, "the result is not a number") : cl_value_double(c->a, d);
}

cl_value *fn_log(cl_fn_call *c, cl_value **args, uint32_t n)
{
	return result(c, log(args[0]->u.num.d) / log(args[1]->u.num.d));
}

cl_value *fn_pow(cl_fn_call *c, cl_value **args, uint32_t n)
{
	return result(c, pow(args[0]->u.num.d, args[1]->u.num.d));
}

cl_value *fn_signum(cl_fn_call *c, cl_value **args, uint32_t n)
{
	double d = args[0]->u.num.d;
	return cl_value_int(c->a, d > 0 ? 1 : d < 0 ? -1 : 0);
}

static cl_value *extreme(cl_fn_call *c, cl_value **args, uint32_t n, int sign)
{
	if (n == 0)
		return fn_error(c, "must pass at least one number");
	cl_value *best = args[0];
	for (uint32_t i = 1; i < n; i++)
		if (cl_value_compare(args[i], best) * sign > 0)
			best = args[i];
	return best;
}

cl_value *fn_max(cl_fn_call *c, cl_value **args, uint32_t n)
{
	return extreme(c, args, n, 1);
}

cl_value *fn_min(cl_fn_call *c, cl_value **args, uint32_t n)
{
	return extreme(c, args, n, -1);
}

cl_value *fn_sum(cl_fn_call *c, cl_value **args, uint32_t n)
{
	const cl_value *l = args[0];
	if (!cl_value_is_seq(l))
		return fn_arg_error(c, 0, "argument must be list, set, or tuple. Received %s",
		                    cl_type_friendly(c->a, cl_value_type(c->a, l)));
	if (l->n == 0)
		return fn_error(c, "cannot sum an empty list");
	cl_value *total = NULL;
	for (uint32_t i = 0; i < l->n; i++) {
		const char *err;
		cl_value *x = cl_convert(c->a, l->u.c.v[i], &cl_type_number, &err);
		if (!x || cl_value_is_null(x))
			return fn_arg_error(c, 0, "element %u: %s", i, x ? "null value cannot be summed" : err);
		if (!total)
			total = x;
		else if (cl_num_exact(total) || cl_num_exact(x))
			total = cl_num_arith(c->a, '+', total, x);   /* as cty's Add: exact */
		else
			total = cl_value_double(c->a, total->u.num.d + x->u.num.d);
	}
	return isnan(total->u.num.d) ? fn_error(c, "the result is not a number") : total;
}

static int digit_value(char ch, int64_t base)
{
	int d = ch >= '0' && ch <= '9' ? ch - '0'
	      : ch >= 'a' && ch <= 'z' ? ch - 'a' + 10
	      : ch >= 'A' && ch <= 'Z' ? ch - 'A' + (base <= 36 ? 10 : 36)
	      : 99;
	return d;
}

cl_value *fn_parseint(cl_fn_call *c, cl_value **args, uint32_t n)
{
	int64_t base;
	if (!fn_int(c, 1, args[1], &base))
		return NULL;
	if (base < 2 || base > 62)
		return fn_arg_error(c, 1, "base must be a whole number between 2 and 62 inclusive");
	const char *s = args[0]->u.str.s, *p = s;
	bool neg = *p == '-';
	if (*p == '-' || *p == '+')
		p++;
	double d = 0;
	int64_t v = 0;
	bool exact = true;
	if (!*p)
		goto bad;
	for (; *p; p++) {
		int dv = digit_value(*p, base);
		if (dv >= base)
			goto bad;
		d = d * (double)base + dv;
		exact = exact && !__builtin_mul_overflow(v, base, &v) && !__builtin_add_overflow(v, dv, &v);
	}
	if (exact)
		return cl_value_int(c->a, neg ? -v : v);
	return cl_value_double(c->a, neg ? -d : d);
bad:
	return fn_arg_error(c, 0, "cannot parse \"%s\" as a base %lld integer", s, (long long)base);
}
