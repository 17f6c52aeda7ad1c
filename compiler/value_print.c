/* value_print.c: values as people read them: a number's shortest digits,
 * UTF-8 decoding and encoding, Go-style quoting, and the console's format
 * (terraform console).  JSON forms are value_json.c. */
#include "compiler/value.h"
#include "compiler/number.h"
#include "util/fatal.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cl_value_digits(const cl_value *v, char digits[32], int *point, bool *neg)
{
	char e[40];
	if (v->u.num.isint) {
		/* Through unsigned, so that INT64_MIN has a magnitude. */
		uint64_t m = v->u.num.i < 0 ? -(uint64_t)v->u.num.i : (uint64_t)v->u.num.i;
		snprintf(e, sizeof e, "%llu", (unsigned long long)m);
		*neg = v->u.num.i < 0;
		int nd = (int)strlen(e);
		*point = nd;
		while (nd > 1 && e[nd - 1] == '0')
			nd--;
		memcpy(digits, e, (size_t)nd);
		return nd;
	}
	double d = v->u.num.d;
	*neg = d < 0;
	if (!isfinite(d)) {   /* callers print infinities themselves */
		digits[0] = '0';
		*point = 1;
		return 1;
	}
	for (int prec = 0; prec < 17; prec++) {
		snprintf(e, sizeof e, "%.*e", prec, fabs(d));
		if (strtod(e, NULL) == fabs(d))
			break;
	}
	/* e is "d.ddde+XX". */
	int nd = 0;
	const char *p = e;
	for (; *p != 'e'; p++)
		if (*p != '.')
			digits[nd++] = *p;
	*point = atoi(p + 1) + 1;
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	return nd;
}

/* Numbers print as Go's big.Float.Text('f', -1): the shortest digits that
 * read back as the same number, never an exponent. */
void cl_value_number(cl_buf *b, const cl_value *v)
{
	if (!v->u.num.isint && v->u.num.big) {
		cl_num_print(b, v);
		return;
	}
	if (!v->u.num.isint && !isfinite(v->u.num.d)) {   /* 1/0 is +Inf, as in cty */
		cl_buf_puts(b, isnan(v->u.num.d) ? "NaN" : v->u.num.d > 0 ? "+Inf" : "-Inf");
		return;
	}
	char digits[32];
	int point;
	bool neg;
	int nd = cl_value_digits(v, digits, &point, &neg);
	if (neg)
		cl_buf_putc(b, '-');
	if (point <= 0) {
		cl_buf_puts(b, "0.");
		for (int i = point; i < 0; i++)
			cl_buf_putc(b, '0');
		cl_buf_add(b, digits, (size_t)nd);
		return;
	}
	for (int i = 0; i < point || i < nd; i++) {
		if (i == point)
			cl_buf_putc(b, '.');
		cl_buf_putc(b, i < nd ? digits[i] : '0');
	}
}

/* Length of the UTF-8 sequence at s (1 for an invalid byte), and its code point. */
int cl_utf8_decode(const char *str, size_t len, unsigned *cp)
{
	const unsigned char *s = (const unsigned char *)str;
	unsigned c = s[0];
	int n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
	if (n == 0 || (size_t)n > len) {
		*cp = 0xFFFD;
		return -1;
	}
	unsigned v = n == 1 ? c : c & (0x7F >> n);
	for (int i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return -1;
		}
		v = v << 6 | (s[i] & 0x3F);
	}
	static const unsigned min[] = { 0, 0, 0x80, 0x800, 0x10000 };
	if (v < min[n] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
		*cp = 0xFFFD;
		return -1;
	}
	*cp = v;
	return n;
}

bool cl_utf8_valid(const char *s, size_t len)
{
	for (size_t i = 0; i < len;) {
		unsigned cp;
		int n = cl_utf8_decode(s + i, len - i, &cp);
		if (n < 0)
			return false;
		i += (size_t)n;
	}
	return true;
}

void cl_utf8_put(cl_buf *b, unsigned cp)
{
	char u[4];
	int n;
	if (cp < 0x80) {
		u[0] = (char)cp, n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | cp >> 6), u[1] = (char)(0x80 | (cp & 0x3F)), n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | cp >> 12), u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F)), n = 3;
	} else {
		u[0] = (char)(0xF0 | cp >> 18), u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
		u[2] = (char)(0x80 | (cp >> 6 & 0x3F)), u[3] = (char)(0x80 | (cp & 0x3F)), n = 4;
	}
	cl_buf_add(b, u, (size_t)n);
}

void cl_value_quote(cl_buf *b, const char *s, size_t len)
{
	cl_buf_putc(b, '"');
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		unsigned cp;
		int n = cl_utf8_decode(s + i, len - i, &cp);
		if (n < 0) {
			cl_buf_printf(b, "\\x%02x", c);
			i++;
			continue;
		}
		const char *esc = NULL;
		switch (cp) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\a': esc = "\\a"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		case '\v': esc = "\\v"; break;
		}
		if (esc)
			cl_buf_puts(b, esc);
		else if (cp < 0x20 || cp == 0x7F)
			cl_buf_printf(b, "\\x%02x", cp);
		else if ((cp >= 0x80 && cp <= 0xA0) || cp == 0xAD || cp == 0xFEFF || cp == 0x061C ||
		         cp == 0x200E || cp == 0x200F || (cp >= 0x202A && cp <= 0x202E) ||
		         (cp >= 0x2066 && cp <= 0x2069))     /* bidi marks: text that reads other than it is */
			cl_buf_printf(b, "\\u%04x", cp);
		else
			cl_buf_add(b, s + i, (size_t)n);
		i += (size_t)n;
	}
	cl_buf_putc(b, '"');
}

static void spaces(cl_buf *b, int n)
{
	for (int i = 0; i < n; i++)
		cl_buf_putc(b, ' ');
}

/* terraform console prints a string of several lines as a heredoc. */
static void format_string(cl_buf *b, const cl_value *v, int indent)
{
	const char *s = v->u.str.s;
	size_t len = v->u.str.len;
	if (!memchr(s, '\n', len)) {
		cl_value_quote(b, s, len);
		return;
	}
	/* The delimiter grows until no line (trimmed) equals it. */
	char delim[64] = "EOT";
	for (bool clash = true; clash && strlen(delim) < sizeof delim - 1;) {
		clash = false;
		for (size_t i = 0; i <= len && !clash;) {
			size_t j = i;
			while (j < len && s[j] != '\n')
				j++;
			size_t ls = i, le = j;
			while (ls < le && (s[ls] == ' ' || s[ls] == '\t'))
				ls++;
			while (le > ls && (s[le - 1] == ' ' || s[le - 1] == '\t' || s[le - 1] == '\r'))
				le--;
			clash = le - ls == strlen(delim) && memcmp(s + ls, delim, le - ls) == 0;
			i = j + 1;
		}
		if (clash)
			strcat(delim, "_");
	}
	cl_buf_printf(b, "%s%s", indent > 0 ? "<<-" : "<<", delim);
	for (size_t i = 0; i <= len;) {
		size_t j = i;
		while (j < len && s[j] != '\n')
			j++;
		cl_buf_putc(b, '\n');
		spaces(b, indent);
		cl_buf_add(b, s + i, j - i);
		i = j + 1;
	}
	cl_buf_putc(b, '\n');
	spaces(b, indent);
	cl_buf_puts(b, delim);
}

static void format_null(cl_buf *b, const cl_type *t)
{
	static const char *const prim[] = { "null", "tobool(null)", "tonumber(null)", "tostring(null)" };
	static const char *const coll[] = { "tolist", "toset", "tomap" };
	cl_arena a;
	cl_arena_init(&a);
	if (t->kind <= CL_T_STRING)
		cl_buf_puts(b, prim[t->kind]);
	else if (t->kind <= CL_T_MAP)
		cl_buf_printf(b, "%s(null) /* of %s */", coll[t->kind - CL_T_LIST], cl_type_friendly(&a, t->elem));
	else
		cl_buf_printf(b, "null /* %s */", cl_type_friendly(&a, t));
	cl_arena_free(&a);
}

/* Bools and numbers read the same in the language and in JSON: writes v
 * when it is one of them. */
bool cl_value_print_scalar(cl_buf *b, const cl_value *v)
{
	if (v->kind == CL_V_BOOL)
		cl_buf_puts(b, v->u.b ? "true" : "false");
	else if (v->kind == CL_V_NUMBER)
		cl_value_number(b, v);
	else
		return false;
	return true;
}

void cl_value_format(cl_buf *b, const cl_value *v, int indent)
{
	if (v->kind == CL_V_UNKNOWN) {
		cl_buf_puts(b, "(known after apply)");
		return;
	}
	if (v->marks & CL_MARK_SENSITIVE) {
		cl_buf_puts(b, "(sensitive value)");
		return;
	}
	if (cl_value_print_scalar(b, v))
		return;
	switch (v->kind) {
	case CL_V_NULL:
		format_null(b, v->type);
		return;
	case CL_V_STRING:
		format_string(b, v, indent);
		return;
	case CL_V_LIST: cl_buf_puts(b, "tolist("); break;
	case CL_V_SET: cl_buf_puts(b, "toset("); break;
	case CL_V_MAP: cl_buf_puts(b, "tomap("); break;
	default: break;
	}
	bool keyed = cl_value_is_mapping(v);
	cl_buf_putc(b, keyed ? '{' : '[');
	for (uint32_t i = 0; i < v->n; i++) {
		cl_buf_putc(b, '\n');
		spaces(b, indent + 2);
		if (keyed) {
			cl_value_quote(b, v->u.c.keys[i], strlen(v->u.c.keys[i]));
			cl_buf_puts(b, " = ");
		}
		cl_value_format(b, v->u.c.v[i], indent + 2);
		if (!keyed)
			cl_buf_putc(b, ',');
	}
	if (v->n) {
		cl_buf_putc(b, '\n');
		spaces(b, indent);
	}
	cl_buf_putc(b, keyed ? '}' : ']');
	if (v->kind == CL_V_LIST || v->kind == CL_V_SET || v->kind == CL_V_MAP)
		cl_buf_putc(b, ')');
}
