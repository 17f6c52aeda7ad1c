/* format.c: format and formatlist, with cty's verbs (%v %#v %t %b %d %o %x
 * %X %e %E %f %g %G %s %q %%), flags (- + space 0 #), width, precision and
 * explicit argument indexes (%[2]s).  Errors use cty's words. */
#include "compiler/functions/fn.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct verb {
	const char *raw;       /* "%-5.2f", for messages */
	int rawlen;
	size_t offset;
	bool minus, plus, space, zero, sharp;
	int width, prec;       /* -1: not given */
	char mode;
} verb;

static size_t chars(const char *s, size_t len)
{
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

static void pad(cl_buf *out, const verb *vb, const char *s, size_t len)
{
	size_t have = chars(s, len);
	size_t want = vb->width > 0 ? (size_t)vb->width : 0;
	size_t fill = have < want ? want - have : 0;
	if (vb->minus)
		cl_buf_add(out, s, len);
	for (size_t i = 0; i < fill; i++)
		cl_buf_putc(out, vb->zero && !vb->minus ? '0' : ' ');
	if (!vb->minus)
		cl_buf_add(out, s, len);
}

/* Go's %g with the shortest precision: exponent form below 1e-4 or from 1e6. */
static void shortest_g(cl_buf *b, const cl_value *v)
{
	char d[32];
	int point;
	bool neg;
	int nd = cl_value_digits(v, d, &point, &neg);
	int exp = point - 1;
	if ((exp >= -4 && exp < 6) || !isfinite(v->u.num.d)) {
		cl_value_number(b, v);
		return;
	}
	if (neg)
		cl_buf_putc(b, '-');
	cl_buf_putc(b, d[0]);
	if (nd > 1) {
		cl_buf_putc(b, '.');
		cl_buf_add(b, d + 1, (size_t)nd - 1);
	}
	cl_buf_printf(b, "e%c%02d", exp < 0 ? '-' : '+', abs(exp));
}

static void integer(cl_buf *out, const verb *vb, const cl_value *v)
{
	int64_t i = v->u.num.i;
	uint64_t m = i < 0 ? -(uint64_t)i : (uint64_t)i;
	int base = vb->mode == 'b' ? 2 : vb->mode == 'o' ? 8 : vb->mode == 'd' ? 10 : 16;
	const char *dig = vb->mode == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[72];
	int n = 0;
	do {
		tmp[n++] = dig[m % (uint64_t)base];
		m /= (uint64_t)base;
	} while (m);
	cl_buf num = CL_BUF_INIT;
	cl_buf_puts(&num, i < 0 ? "-" : vb->plus ? "+" : vb->space ? " " : "");
	if (vb->sharp)
		cl_buf_puts(&num, base == 2 ? "0b" : base == 8 ? "0" : base == 16 ? (vb->mode == 'X' ? "0X" : "0x") : "");
	size_t head = num.len;
	int digits = vb->prec > n ? vb->prec : n;
	/* Zero padding goes between the sign and the digits. */
	if (vb->zero && !vb->minus && vb->prec < 0 && vb->width > (int)head + digits)
		digits = vb->width - (int)head;
	for (int k = n; k < digits; k++)
		cl_buf_putc(&num, '0');
	while (n > 0)
		cl_buf_putc(&num, tmp[--n]);
	verb plain = *vb;
	plain.zero = false;
	pad(out, &plain, cl_buf_str(&num), num.len);
	cl_buf_free(&num);
}

static void floating(cl_buf *out, const verb *vb, const cl_value *v)
{
	if ((vb->mode == 'g' || vb->mode == 'G') && vb->prec < 0) {
		cl_buf s = CL_BUF_INIT;
		if (!v->u.num.isint && v->u.num.d >= 0 && vb->plus)
			cl_buf_putc(&s, '+');
		shortest_g(&s, v);
		pad(out, vb, cl_buf_str(&s), s.len);
		cl_buf_free(&s);
		return;
	}
	/* For floats our syntax is a subset of C's, as it is of Go's. */
	cl_buf f = CL_BUF_INIT;
	cl_buf_printf(&f, "%%%s%s%s%s%s", vb->minus ? "-" : "", vb->plus ? "+" : "", vb->space ? " " : "",
	              vb->zero ? "0" : "", vb->sharp ? "#" : "");
	if (vb->width > 0)
		cl_buf_printf(&f, "%d", vb->width);
	if (vb->prec >= 0)
		cl_buf_printf(&f, ".%d", vb->prec);
	cl_buf_putc(&f, vb->mode);
	char *spec = cl_buf_steal(&f);
	cl_buf_printf(out, spec, v->u.num.d);
	free(spec);
}

static const char *fmt_err(cl_arena *a, const verb *vb, const char *what)
{
	return cl_arena_printf(a, "unsupported value for \"%.*s\" at %zu: %s", vb->rawlen, vb->raw, vb->offset, what);
}

/* One verb applied to one value; an error message or NULL. */
static const char *append(cl_arena *a, cl_buf *out, const verb *vb, cl_value *arg)
{
	const char *err = NULL;
	if (vb->mode != 'v' && cl_value_is_null(arg))
		return fmt_err(a, vb, "null value cannot be formatted");
	switch (vb->mode) {
	case 'v': {
		cl_buf s = CL_BUF_INIT;
		if (!vb->sharp && arg->kind == CL_V_STRING)
			cl_buf_add(&s, arg->u.str.s, arg->u.str.len);
		else if (!vb->sharp && arg->kind == CL_V_NUMBER)
			shortest_g(&s, arg);
		else
			cl_value_json_encode(&s, arg);
		pad(out, vb, cl_buf_str(&s), s.len);
		cl_buf_free(&s);
		return NULL;
	}
	case 't':
		if (!(arg = cl_convert(a, arg, &cl_type_bool, &err)))
			return fmt_err(a, vb, err);
		pad(out, vb, arg->u.b ? "true" : "false", arg->u.b ? 4 : 5);
		return NULL;
	case 'b': case 'd': case 'o': case 'x': case 'X':
	case 'e': case 'E': case 'f': case 'g': case 'G':
		if (!(arg = cl_convert(a, arg, &cl_type_number, &err)))
			return fmt_err(a, vb, err);
		if (strchr("bdoxX", vb->mode)) {
			if (!arg->u.num.isint)
				return fmt_err(a, vb, "an integer is required");
			integer(out, vb, arg);
		} else {
			floating(out, vb, arg);
		}
		return NULL;
	case 's': case 'q': {
		if (!(arg = cl_convert(a, arg, &cl_type_string, &err)))
			return fmt_err(a, vb, err);
		size_t len = arg->u.str.len;
		if (vb->prec > 0) {   /* precision counts characters of the input */
			size_t i = 0;
			for (int k = 0; k < vb->prec && i < len; k++)
				do
					i++;
				while (i < len && ((unsigned char)arg->u.str.s[i] & 0xC0) == 0x80);
			len = i;
		}
		if (vb->mode == 's') {
			pad(out, vb, arg->u.str.s, len);
			return NULL;
		}
		cl_buf s = CL_BUF_INIT;
		cl_value_json_encode(&s, cl_value_string(a, arg->u.str.s, len));
		pad(out, vb, cl_buf_str(&s), s.len);
		cl_buf_free(&s);
		return NULL;
	}
	}
	return cl_arena_printf(a, "unsupported format verb '%c' in \"%.*s\" at offset %zu", vb->mode,
	                       vb->rawlen, vb->raw, vb->offset);
}

/* Go's fmt refuses widths and precisions past a million (BADWIDTH): so do
 * we, before "%9999999999s" overflows or asks for gigabytes of padding. */
enum { MAX_WIDTH = 1000000 };

/* Digits at s[*i]; past MAX_WIDTH the value stops growing, staying above it. */
static int number(const char *s, size_t *i)
{
	int n = 0;
	for (; s[*i] >= '0' && s[*i] <= '9'; (*i)++)
		if (n <= MAX_WIDTH)
			n = n * 10 + (s[*i] - '0');
	return n;
}

/* The whole format string over args; an error message or NULL. */
static const char *format(cl_arena *a, cl_buf *out, const cl_value *fmtv, cl_value **args, uint32_t n)
{
	const char *s = fmtv->u.str.s;
	size_t len = fmtv->u.str.len;
	uint32_t next = 0, used = 0;
	for (size_t i = 0; i < len;) {
		if (s[i] != '%') {
			cl_buf_putc(out, s[i++]);
			continue;
		}
		if (i + 1 < len && s[i + 1] == '%') {
			cl_buf_putc(out, '%');
			i += 2;
			continue;
		}
		verb vb = { .raw = s + i, .offset = i, .width = -1, .prec = -1 };
		size_t j = i + 1;
		for (;; j++) {
			if (s[j] == '-') vb.minus = true;
			else if (s[j] == '+') vb.plus = true;
			else if (s[j] == ' ') vb.space = true;
			else if (s[j] == '0') vb.zero = true;
			else if (s[j] == '#') vb.sharp = true;
			else break;
		}
		if (s[j] >= '0' && s[j] <= '9')
			vb.width = number(s, &j);
		if (s[j] == '.') {
			j++;
			if (!(s[j] >= '0' && s[j] <= '9'))
				return cl_arena_printf(a, "invalid format string starting at offset %zu", i);
			vb.prec = number(s, &j);
		}
		if (vb.width > MAX_WIDTH || vb.prec > MAX_WIDTH)
			return cl_arena_printf(a, "width or precision too large in \"%.*s\" at offset %zu (limit %d)",
			                       (int)(j - i), s + i, i, MAX_WIDTH);
		if (s[j] == '[') {
			j++;
			int argnum = number(s, &j);
			if (s[j] != ']' || argnum < 1)
				return cl_arena_printf(a, "invalid format string starting at offset %zu", i);
			j++;
			next = (uint32_t)argnum - 1;
		}
		if (j >= len)
			return cl_arena_printf(a, "invalid format string starting at offset %zu", i);
		vb.mode = s[j++];
		vb.rawlen = (int)(j - i);
		if (next >= n)
			return cl_arena_printf(a, "not enough arguments for \"%.*s\" at %zu: need index %u but have %u total",
			                       vb.rawlen, vb.raw, vb.offset, next + 1, n);
		const char *err = append(a, out, &vb, args[next++]);
		if (err)
			return err;
		if (next > used)
			used = next;
		i = j;
	}
	if (used < n)
		return cl_arena_printf(a, "too many arguments; only %u used by format string", used);
	return NULL;
}

cl_value *fn_format(cl_fn_call *c, cl_value **args, uint32_t n)
{
	/* An untyped null (the literal null) is, to cty, of a type not yet
	 * known: the result waits, as for an unknown. */
	for (uint32_t i = 1; i < n; i++)
		if (!cl_value_is_wholly_known(args[i]) ||
		    (cl_value_is_null(args[i]) && (!args[i]->type || args[i]->type == &cl_type_any)))
			return cl_value_unknown(c->a, &cl_type_string);
	cl_buf b = CL_BUF_INIT;
	const char *err = format(c->a, &b, args[0], args + 1, n - 1);
	if (err) {
		cl_buf_free(&b);
		return fn_error(c, "%s", err);
	}
	return fn_buf(c, &b);
}

cl_value *fn_formatlist(cl_fn_call *c, cl_value **args, uint32_t n)
{
	/* Sequence arguments are iterated together; others repeat. */
	int64_t iters = -1;
	uint32_t chooser = 0;
	for (uint32_t i = 1; i < n; i++) {
		cl_value *v = args[i];
		if (v->kind == CL_V_UNKNOWN && v->type->kind >= CL_T_LIST && v->type->kind != CL_T_MAP &&
		    v->type->kind != CL_T_OBJECT)
			return cl_value_unknown(c->a, &fn_list_string);
		if (!cl_value_is_seq(v))
			continue;
		if (iters < 0) {
			iters = v->n;
			chooser = i;
		} else if (v->n != iters) {
			return fn_arg_error(c, i, "argument %u has length %u, which is inconsistent with argument %u of length %lld",
			                    i, v->n, chooser, (long long)iters);
		}
	}
	if (iters < 0)
		iters = 1;
	cl_value **out = CL_NEWN(c->a, cl_value *, iters ? iters : 1);
	cl_value **fa = CL_NEWN(c->a, cl_value *, n);
	for (int64_t k = 0; k < iters; k++) {
		bool known = true;
		for (uint32_t i = 1; i < n; i++) {
			fa[i - 1] = cl_value_is_seq(args[i]) ? args[i]->u.c.v[k] : args[i];
			known = known && cl_value_is_wholly_known(fa[i - 1]);
		}
		if (!known) {
			out[k] = cl_value_unknown(c->a, &cl_type_string);
			continue;
		}
		cl_buf b = CL_BUF_INIT;
		const char *err = format(c->a, &b, args[0], fa, n - 1);
		if (err) {
			cl_buf_free(&b);
			return fn_error(c, "error on format iteration %lld: %s", (long long)k, err);
		}
		out[k] = fn_buf(c, &b);
	}
	return cl_value_list(c->a, &cl_type_string, out, (uint32_t)iters);
}
