/* jsonw.c: the Go-compatible JSON writer.  Escaping follows
 * encoding/json with HTML escaping on (what MarshalIndent does); reals are
 * printed with the fewest digits that read back exactly, in 'f' notation
 * between 1e-6 and 1e21 and 'e' notation outside, as Go does. */
#include "executor/jsonw.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put_string(cl_buf *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	cl_buf_putc(b, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\') {
			cl_buf_putc(b, '\\');
			cl_buf_putc(b, (char)c);
		} else if (c == '\n') {
			cl_buf_puts(b, "\\n");
		} else if (c == '\r') {
			cl_buf_puts(b, "\\r");
		} else if (c == '\t') {
			cl_buf_puts(b, "\\t");
		} else if (c < 0x20 || c == '<' || c == '>' || c == '&') {
			char u[7] = { '\\', 'u', '0', '0', hex[c >> 4], hex[c & 15], 0 };
			cl_buf_puts(b, u);
		} else if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
		           ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
			/* U+2028 and U+2029 break JavaScript string literals. */
			cl_buf_puts(b, (unsigned char)s[i + 2] == 0xA8 ? "\\u2028" : "\\u2029");
			i += 2;
		} else {
			cl_buf_putc(b, (char)c);
		}
	}
	cl_buf_putc(b, '"');
}

static void put_real(cl_buf *b, double d)
{
	if (!isfinite(d)) {           /* JSON has no such numbers; jansson never makes them */
		cl_buf_puts(b, "null");
		return;
	}
	char tmp[40];
	int prec = 1;
	for (; prec < 17; prec++) {
		snprintf(tmp, sizeof tmp, "%.*e", prec - 1, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	snprintf(tmp, sizeof tmp, "%.*e", prec - 1, d);
	double ad = fabs(d);
	/* A whole number past int64 in Go's plain form would read back as an
	 * integer jansson cannot hold: such numbers keep their exponent. */
	bool too_big = ad >= 9223372036854775808.0 && ad == floor(ad);
	if (!too_big && (ad == 0 || (ad >= 1e-6 && ad < 1e21))) {
		int exp10 = atoi(strchr(tmp, 'e') + 1);
		int decimals = prec - 1 - exp10;
		cl_buf_printf(b, "%.*f", decimals > 0 ? decimals : 0, d);
		return;
	}
	char *e = strchr(tmp, 'e');
	*e = 0;
	int x = atoi(e + 1);
	cl_buf_printf(b, "%se%c%d", tmp, x < 0 ? '-' : '+', abs(x));
}

static void newline(cl_buf *b, int depth)
{
	cl_buf_putc(b, '\n');
	for (int i = 0; i < depth; i++)
		cl_buf_puts(b, "  ");
}

/* depth < 0: compact. */
static void put(cl_buf *b, const json_t *j, int depth)
{
	int inner = depth < 0 ? depth : depth + 1;
	switch (json_typeof(j)) {
	case JSON_OBJECT: {
		if (!json_object_size(j)) {
			cl_buf_puts(b, "{}");
			break;
		}
		cl_buf_putc(b, '{');
		const char *k;
		json_t *v;
		bool first = true;
		json_object_foreach((json_t *)j, k, v) {
			if (!first)
				cl_buf_putc(b, ',');
			first = false;
			if (depth >= 0)
				newline(b, inner);
			put_string(b, k, strlen(k));
			cl_buf_puts(b, depth >= 0 ? ": " : ":");
			put(b, v, inner);
		}
		if (depth >= 0)
			newline(b, depth);
		cl_buf_putc(b, '}');
		break;
	}
	case JSON_ARRAY: {
		if (!json_array_size(j)) {
			cl_buf_puts(b, "[]");
			break;
		}
		cl_buf_putc(b, '[');
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v) {
			if (i)
				cl_buf_putc(b, ',');
			if (depth >= 0)
				newline(b, inner);
			put(b, v, inner);
		}
		if (depth >= 0)
			newline(b, depth);
		cl_buf_putc(b, ']');
		break;
	}
	case JSON_STRING:
		put_string(b, json_string_value(j), json_string_length(j));
		break;
	case JSON_INTEGER:
		cl_buf_printf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(j));
		break;
	case JSON_REAL:
		put_real(b, json_real_value(j));
		break;
	case JSON_TRUE:
		cl_buf_puts(b, "true");
		break;
	case JSON_FALSE:
		cl_buf_puts(b, "false");
		break;
	case JSON_NULL:
		cl_buf_puts(b, "null");
		break;
	}
}

void cl_jsonw(cl_buf *b, const json_t *j, bool indent)
{
	put(b, j, indent ? 0 : -1);
}

void cl_jsonw_at(cl_buf *b, const json_t *j, int depth)
{
	put(b, j, depth);
}
