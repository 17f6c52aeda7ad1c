/* encoding.c: base64encode, base64decode, csvdecode, jsonencode,
 * jsondecode, urlencode, yamlencode.  Output byte for byte as Terraform's (Go's
 * encoding/json escaping, go-yaml's layout with double-quoted strings). */
#include "compiler/functions/fn.h"

#include <math.h>

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void fn_base64(cl_buf *b, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
		cl_buf_putc(b, b64[v >> 18 & 63]);
		cl_buf_putc(b, b64[v >> 12 & 63]);
		cl_buf_putc(b, i + 1 < n ? b64[v >> 6 & 63] : '=');
		cl_buf_putc(b, i + 2 < n ? b64[v & 63] : '=');
	}
}

cl_value *fn_base64encode(cl_fn_call *c, cl_value **args, uint32_t n)
{
	cl_buf b = CL_BUF_INIT;
	fn_base64(&b, (const unsigned char *)args[0]->u.str.s, args[0]->u.str.len);
	return fn_buf(c, &b);
}

bool fn_base64_decode(cl_buf *b, const char *s, size_t len, size_t *bad_at)
{
	unsigned acc = 0, bits = 0;
	size_t i = 0;
	bool ok = len % 4 == 0;
	for (; ok && i < len && s[i] != '='; i++) {
		const char *p = strchr(b64, s[i]);
		if (!p || !s[i]) {
			ok = false;
			break;
		}
		acc = acc << 6 | (unsigned)(p - b64);
		if ((bits += 6) >= 8) {
			bits -= 8;
			cl_buf_putc(b, (char)(acc >> bits & 0xFF));
		}
	}
	for (; ok && i < len; i++)
		ok = s[i] == '=' && len - i <= 2;
	*bad_at = i < len ? i : len;
	return ok;
}

cl_value *fn_base64decode(cl_fn_call *c, cl_value **args, uint32_t n)
{
	const char *s = args[0]->u.str.s;
	cl_buf b = CL_BUF_INIT;
	size_t at;
	if (!fn_base64_decode(&b, s, args[0]->u.str.len, &at)) {
		cl_buf_free(&b);
		return fn_arg_error(c, 0, "failed to decode base64 data \"%s\"", s);
	}
	if (!cl_utf8_valid(cl_buf_str(&b), b.len)) {
		cl_buf_free(&b);
		return fn_arg_error(c, 0, "the result of decoding the provided string is not valid UTF-8");
	}
	return fn_buf(c, &b);
}

/* CSV as Go's encoding/csv reads it (RFC 4180): one record; NULL at the
 * end of input, or with *err.  *line counts lines for messages. */
static cl_value **csv_record(cl_fn_call *c, const char **p, uint32_t *nf, int *line, const char **err)
{
	const char *s = *p;
	if (!*s)
		return NULL;
	uint32_t cap = 8, n = 0;
	cl_value **f = CL_NEWN(c->a, cl_value *, cap);
	int start = *line;
	for (;;) {
		cl_buf b = CL_BUF_INIT;
		if (*s == '"') {
			for (s++;; s++) {
				if (!*s) {
					cl_buf_free(&b);
					*err = cl_arena_printf(c->a, "parse error on line %d: extraneous or missing \" in quoted-field", start);
					return NULL;
				}
				if (*s == '"' && s[1] == '"') {
					cl_buf_putc(&b, '"');
					s++;
				} else if (*s == '"') {
					s++;
					break;
				} else {
					*line += *s == '\n';
					cl_buf_putc(&b, *s);
				}
			}
			if (*s && *s != ',' && *s != '\n' && *s != '\r') {
				cl_buf_free(&b);
				*err = cl_arena_printf(c->a, "parse error on line %d: extraneous or missing \" in quoted-field", *line);
				return NULL;
			}
		} else {
			for (; *s && *s != ',' && *s != '\n' && !(*s == '\r' && s[1] == '\n'); s++) {
				if (*s == '"') {
					cl_buf_free(&b);
					*err = cl_arena_printf(c->a, "parse error on line %d: bare \" in non-quoted-field", *line);
					return NULL;
				}
				cl_buf_putc(&b, *s);
			}
		}
		if (n == cap) {
			f = cl_arena_realloc(c->a, f, cap * sizeof *f, 2 * cap * sizeof *f);
			cap *= 2;
		}
		f[n++] = fn_buf(c, &b);
		if (*s == ',') {
			s++;
			continue;
		}
		if (*s == '\r')
			s++;
		if (*s == '\n')
			s++;
		break;
	}
	(*line)++;
	*p = s;
	*nf = n;
	return f;
}

cl_value *fn_csvdecode(cl_fn_call *c, cl_value **args, uint32_t n)
{
	const char *p = args[0]->u.str.s, *err = NULL;
	int line = 1;
	uint32_t nh, nf;
	cl_value **head = csv_record(c, &p, &nh, &line, &err);
	if (!head)
		return fn_error(c, "%s", err ? err : "missing header line");
	const char **names = CL_NEWN(c->a, const char *, nh);
	for (uint32_t i = 0; i < nh; i++)
		names[i] = head[i]->u.str.s;
	uint32_t cap = 16, k = 0;
	cl_value **rows = CL_NEWN(c->a, cl_value *, cap);
	cl_value **f;
	for (int at = line; (f = csv_record(c, &p, &nf, &line, &err)); at = line) {
		if (nf != nh)
			return fn_error(c, "record on line %d: wrong number of fields", at);
		if (k == cap) {
			rows = cl_arena_realloc(c->a, rows, cap * sizeof *rows, 2 * cap * sizeof *rows);
			cap *= 2;
		}
		rows[k++] = cl_value_object(c->a, names, f, nf);
	}
	if (err)
		return fn_error(c, "%s", err);
	const cl_type **ts = CL_NEWN(c->a, const cl_type *, nh ? nh : 1);
	for (uint32_t i = 0; i < nh; i++)
		ts[i] = &cl_type_string;
	return cl_value_list(c->a, cl_type_object(c->a, names, ts, nh), rows, k);
}

/* JSON has no infinities (1/0). */
static bool finite_numbers(const cl_value *v)
{
	if (v->kind == CL_V_NUMBER)
		return isfinite(v->u.num.d);
	for (uint32_t i = 0; v->kind >= CL_V_LIST && i < v->n; i++)
		if (!finite_numbers(v->u.c.v[i]))
			return false;
	return true;
}

cl_value *fn_jsonencode(cl_fn_call *c, cl_value **args, uint32_t n)
{
	if (!finite_numbers(args[0]))
		return fn_arg_error(c, 0, "an infinite number cannot be encoded as JSON");
	cl_buf b = CL_BUF_INIT;
	cl_value_json_encode(&b, args[0]);
	return fn_buf(c, &b);
}

cl_value *fn_jsondecode(cl_fn_call *c, cl_value **args, uint32_t n)
{
	json_error_t e;
	json_t *j = json_loadb(args[0]->u.str.s, args[0]->u.str.len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &e);
	if (!j)
		return fn_arg_error(c, 0, "%s, at line %d column %d", e.text, e.line, e.column);
	cl_value *v = cl_value_from_json(c->a, j, NULL, NULL);
	json_decref(j);
	return v;
}

cl_value *fn_urlencode(cl_fn_call *c, cl_value **args, uint32_t n)
{
	cl_buf b = CL_BUF_INIT;
	for (size_t i = 0; i < args[0]->u.str.len; i++) {
		unsigned char ch = (unsigned char)args[0]->u.str.s[i];
		if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || strchr("-_.~", ch))
			cl_buf_putc(&b, (char)ch);
		else if (ch == ' ')
			cl_buf_putc(&b, '+');
		else
			cl_buf_printf(&b, "%%%02X", ch);
	}
	return fn_buf(c, &b);
}

/* YAML: block style, strings double-quoted (as JSON, without <>& escapes). */

static void yaml_quote(cl_buf *b, const char *s, size_t len)
{
	cl_buf_putc(b, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == '"' || ch == '\\')
			cl_buf_printf(b, "\\%c", ch);
		else if (ch == '\n')
			cl_buf_puts(b, "\\n");
		else if (ch == '\t')
			cl_buf_puts(b, "\\t");
		else if (ch == '\r')
			cl_buf_puts(b, "\\r");
		else if (ch < 0x20 || ch == 0x7F)
			cl_buf_printf(b, "\\x%02X", ch);
		else
			cl_buf_putc(b, (char)ch);
	}
	cl_buf_putc(b, '"');
}

static bool is_block(const cl_value *v)
{
	return v->kind >= CL_V_LIST && v->n > 0;
}

static void newline(cl_buf *b, int indent)
{
	cl_buf_putc(b, '\n');
	for (int i = 0; i < indent; i++)
		cl_buf_putc(b, ' ');
}

static void yaml(cl_buf *b, const cl_value *v, int indent)
{
	if (!is_block(v)) {
		if (v->kind == CL_V_STRING)
			yaml_quote(b, v->u.str.s, v->u.str.len);
		else if (v->kind == CL_V_NUMBER && isinf(v->u.num.d))
			cl_buf_puts(b, v->u.num.d > 0 ? ".inf" : "-.inf");
		else if (v->kind >= CL_V_LIST)
			cl_buf_puts(b, cl_value_is_mapping(v) ? "{}" : "[]");
		else
			cl_value_json_encode(b, v);
		return;
	}
	bool keyed = cl_value_is_mapping(v);
	for (uint32_t i = 0; i < v->n; i++) {
		const cl_value *e = v->u.c.v[i];
		if (i)
			newline(b, indent);
		if (!keyed) {
			cl_buf_puts(b, "- ");
			yaml(b, e, indent + 2);
			continue;
		}
		yaml_quote(b, v->u.c.keys[i], strlen(v->u.c.keys[i]));
		cl_buf_putc(b, ':');
		if (is_block(e)) {
			/* go-yaml puts a sequence under a key at the key's own indent. */
			int in = cl_value_is_mapping(e) ? indent + 2 : indent;
			newline(b, in);
			yaml(b, e, in);
		} else {
			cl_buf_putc(b, ' ');
			yaml(b, e, indent);
		}
	}
}

cl_value *fn_yamlencode(cl_fn_call *c, cl_value **args, uint32_t n)
{
	cl_buf b = CL_BUF_INIT;
	yaml(&b, args[0], 0);
	cl_buf_putc(&b, '\n');
	return fn_buf(c, &b);
}
