/* number.c: the 512-bit numbers (see number.h).  An exact value lives in
 * the arena of the value that holds it: MPFR's custom interface puts its
 * limbs there, so nothing is freed one by one and cl_value_keep copies it
 * like any other part of a value. */
#include "compiler/number.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static mpfr_ptr new_big(cl_arena *a)
{
	void *limbs = cl_arena_alloc(a, mpfr_custom_get_size(CL_NUM_PREC));
	mpfr_custom_init(limbs, CL_NUM_PREC);
	mpfr_ptr x = cl_arena_alloc(a, sizeof(__mpfr_struct));
	mpfr_custom_init_set(x, MPFR_ZERO_KIND, 0, CL_NUM_PREC, limbs);
	return x;
}

void cl_num_get(mpfr_ptr out, const cl_value *v)
{
	if (v->u.num.isint)
		mpfr_set_sj(out, v->u.num.i, MPFR_RNDN);
	else if (v->u.num.big)
		mpfr_set(out, (mpfr_srcptr)v->u.num.big, MPFR_RNDN);
	else
		mpfr_set_d(out, v->u.num.d, MPFR_RNDN);
}

bool cl_num_exact(const cl_value *v)
{
	return v->u.num.isint || v->u.num.big;
}

cl_value *cl_num_value(cl_arena *a, mpfr_srcptr x)
{
	if (!mpfr_number_p(x))
		return cl_value_double(a, mpfr_get_d(x, MPFR_RNDN));   /* infinities and NaN, as before */
	if (mpfr_integer_p(x) && !(mpfr_zero_p(x) && mpfr_signbit(x)) && mpfr_fits_intmax_p(x, MPFR_RNDN)) {
		intmax_t i = mpfr_get_sj(x, MPFR_RNDN);
		if (i >= INT64_MIN && i <= INT64_MAX)
			return cl_value_int(a, (int64_t)i);
	}
	return cl_value_big(a, mpfr_get_d(x, MPFR_RNDN), cl_num_copy(a, x));
}

const void *cl_num_copy(cl_arena *a, const void *big)
{
	mpfr_ptr c = new_big(a);
	mpfr_set(c, (mpfr_srcptr)big, MPFR_RNDN);
	return c;
}

cl_value *cl_num_arith(cl_arena *a, int op, const cl_value *x, const cl_value *y)
{
	mpfr_t p, q, r;
	mpfr_inits2(CL_NUM_PREC, p, q, r, (mpfr_ptr)0);
	cl_num_get(p, x);
	cl_num_get(q, y);
	switch (op) {
	case '+': mpfr_add(r, p, q, MPFR_RNDN); break;
	case '-': mpfr_sub(r, p, q, MPFR_RNDN); break;
	case '*': mpfr_mul(r, p, q, MPFR_RNDN); break;
	case '/': mpfr_div(r, p, q, MPFR_RNDN); break;
	default:   /* cty: x - y * trunc(x / y) */
		mpfr_div(r, p, q, MPFR_RNDN);
		mpfr_trunc(r, r);
		mpfr_mul(r, q, r, MPFR_RNDN);
		mpfr_sub(r, p, r, MPFR_RNDN);
		break;
	}
	cl_value *v = cl_num_value(a, r);
	mpfr_clears(p, q, r, (mpfr_ptr)0);
	return v;
}

cl_value *cl_num_neg(cl_arena *a, const cl_value *x)
{
	mpfr_t p;
	mpfr_init2(p, CL_NUM_PREC);
	cl_num_get(p, x);
	mpfr_neg(p, p, MPFR_RNDN);
	cl_value *v = cl_num_value(a, p);
	mpfr_clear(p);
	return v;
}

int cl_num_cmp(const cl_value *x, const cl_value *y)
{
	if (x->u.num.isint && y->u.num.isint)
		return (x->u.num.i > y->u.num.i) - (x->u.num.i < y->u.num.i);
	if (!x->u.num.big && !y->u.num.big)
		return (x->u.num.d > y->u.num.d) - (x->u.num.d < y->u.num.d);
	mpfr_t p, q;
	mpfr_inits2(CL_NUM_PREC, p, q, (mpfr_ptr)0);
	cl_num_get(p, x);
	cl_num_get(q, y);
	int c = mpfr_cmp(p, q);
	mpfr_clears(p, q, (mpfr_ptr)0);
	return (c > 0) - (c < 0);
}

/* The shortest n whose n-digit rounding reads back as x: Go's
 * Text('f', -1) at x's precision.  A binary search: if n digits read back,
 * so do more. */
static char *shortest(mpfr_srcptr x, mpfr_exp_t *exp)
{
	mpfr_t back;
	mpfr_init2(back, CL_NUM_PREC);
	size_t lo = 1, hi = 160;
	char *best = NULL;
	mpfr_exp_t best_exp = 0;
	while (lo <= hi) {
		size_t mid = (lo + hi) / 2;
		mpfr_exp_t e;
		char *s = mpfr_get_str(NULL, &e, 10, mid, x, MPFR_RNDN);
		/* "d...d" times 10^(e - n): read it back. */
		char buf[200];
		snprintf(buf, sizeof buf, "%s%s%se%ld", s[0] == '-' ? "-" : "", "0.", s + (s[0] == '-'), (long)e);
		mpfr_strtofr(back, buf, NULL, 10, MPFR_RNDN);
		if (mpfr_equal_p(back, x)) {
			if (best)
				mpfr_free_str(best);
			best = s;
			best_exp = e;
			hi = mid - 1;
		} else {
			mpfr_free_str(s);
			lo = mid + 1;
		}
	}
	mpfr_clear(back);
	*exp = best_exp;
	return best;
}

void cl_num_print(cl_buf *b, const cl_value *v)
{
	mpfr_srcptr x = v->u.num.big;
	if (mpfr_zero_p(x)) {
		cl_buf_puts(b, mpfr_signbit(x) ? "-0" : "0");
		return;
	}
	mpfr_exp_t e;
	char *s = shortest(x, &e);
	if (!s) {
		cl_value_number(b, v);
		return;
	}
	const char *d = s;
	if (*d == '-') {
		cl_buf_putc(b, '-');
		d++;
	}
	size_t nd = strlen(d);
	while (nd > 1 && d[nd - 1] == '0')
		nd--;
	if (e <= 0) {   /* 0.000ddd */
		cl_buf_puts(b, "0.");
		for (mpfr_exp_t i = e; i < 0; i++)
			cl_buf_putc(b, '0');
		cl_buf_add(b, d, nd);
	} else {
		for (mpfr_exp_t i = 0; i < e || (size_t)i < nd; i++) {
			if (i == e)
				cl_buf_putc(b, '.');
			cl_buf_putc(b, (size_t)i < nd ? d[i] : '0');
		}
	}
	mpfr_free_str(s);
}

cl_value *cl_num_parse(cl_arena *a, const char *text)
{
	mpfr_t x;
	mpfr_init2(x, CL_NUM_PREC);
	mpfr_strtofr(x, text, NULL, 10, MPFR_RNDN);
	cl_value *v = cl_num_value(a, x);
	mpfr_clear(x);
	return v;
}

cl_value *cl_num_round(cl_arena *a, const cl_value *x, bool up)
{
	mpfr_t p;
	mpfr_init2(p, CL_NUM_PREC);
	cl_num_get(p, x);
	if (up)
		mpfr_ceil(p, p);
	else
		mpfr_floor(p, p);
	cl_value *v = cl_num_value(a, p);
	mpfr_clear(p);
	return v;
}
