/* encoding.c: base64encode, base64decode, jsonencode, jsondecode,
 * urlencode, yamlencode.  Output byte for byte as Terraform's (Go's
 * encoding/json escaping, go-yaml's layout with double-quoted strings). */
#include "compiler/functions/fn.h"

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

cl_value *fn_base64decode(cl_fn_call *c, cl_value **args, uint32_t n)
{
	const char *s = args[0]->u.str.s;
	size_t len = args[0]->u.str.len;
	cl_buf b = CL_BUF_INIT;
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
			cl_buf_putc(&b, (char)(acc >> bits & 0xFF));
		}
	}
	for (; ok && i < len; i++)
		ok = s[i] == '=' && len - i <= 2;
	if (!ok) {
		cl_buf_free(&b);
		return fn_arg_error(c, 0, "failed to decode base64 data \"%s\"", s);
	}
	if (!cl_utf8_valid(cl_buf_str(&b), b.len)) {
		cl_buf_free(&b);
		return fn_arg_error(c, 0, "the result of decoding the provided string is not valid UTF-8");
	}
	return fn_buf(c, &b);
}

cl_value *fn_jsonencode(cl_fn_call *c, cl_value **args, uint32_t n)
{
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
