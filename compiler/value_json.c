/* value_json.c: values as JSON: what jsonencode writes, and jansson's
 * trees to and from values (state files, plan files, provider reads).
 * JSON's type forms and sensitive paths are executor/ctyjson.c. */
#include "compiler/value.h"
#include "compiler/convert.h"

#include <string.h>

/* Go's encoding/json string escaping, which jsonencode inherits. */
static void json_quote(cl_buf *b, const char *s, size_t len)
{
	cl_buf_putc(b, '"');
	for (size_t i = 0; i < len;) {
		unsigned cp;
		int n = cl_utf8_decode(s + i, len - i, &cp);
		if (n < 0) {
			cl_buf_puts(b, "\\ufffd");
			i++;
			continue;
		}
		switch (cp) {
		case '"': cl_buf_puts(b, "\\\""); break;
		case '\\': cl_buf_puts(b, "\\\\"); break;
		case '\n': cl_buf_puts(b, "\\n"); break;
		case '\r': cl_buf_puts(b, "\\r"); break;
		case '\t': cl_buf_puts(b, "\\t"); break;
		case '\b': cl_buf_puts(b, "\\b"); break;
		case '\f': cl_buf_puts(b, "\\f"); break;
		case '<': case '>': case '&': case 0x2028: case 0x2029:
			cl_buf_printf(b, "\\u%04x", cp);
			break;
		default:
			if (cp < 0x20)
				cl_buf_printf(b, "\\u%04x", cp);
			else
				cl_buf_add(b, s + i, (size_t)n);
		}
		i += (size_t)n;
	}
	cl_buf_putc(b, '"');
}

void cl_value_json_encode(cl_buf *b, const cl_value *v)
{
	if (cl_value_print_scalar(b, v))
		return;
	switch (v->kind) {
	case CL_V_NULL: case CL_V_UNKNOWN:
		cl_buf_puts(b, "null");
		return;
	case CL_V_STRING:
		json_quote(b, v->u.str.s, v->u.str.len);
		return;
	default:
		break;
	}
	bool keyed = cl_value_is_mapping(v);
	cl_buf_putc(b, keyed ? '{' : '[');
	for (uint32_t i = 0; i < v->n; i++) {
		if (i)
			cl_buf_putc(b, ',');
		if (keyed) {
			json_quote(b, v->u.c.keys[i], strlen(v->u.c.keys[i]));
			cl_buf_putc(b, ':');
		}
		cl_value_json_encode(b, v->u.c.v[i]);
	}
	cl_buf_putc(b, keyed ? '}' : ']');
}

json_t *cl_value_to_json(const cl_value *v)
{
	switch (v->kind) {
	case CL_V_NULL: case CL_V_UNKNOWN:
		return json_null();
	case CL_V_BOOL:
		return json_boolean(v->u.b);
	case CL_V_NUMBER:
		return v->u.num.isint ? json_integer(v->u.num.i) : json_real(v->u.num.d);
	case CL_V_STRING:
		return json_stringn(v->u.str.s, v->u.str.len);
	default:
		break;
	}
	json_t *j = cl_value_is_mapping(v) ? json_object() : json_array();
	for (uint32_t i = 0; i < v->n; i++) {
		json_t *e = cl_value_to_json(v->u.c.v[i]);
		if (cl_value_is_mapping(v))
			json_object_set_new(j, v->u.c.keys[i], e);
		else
			json_array_append_new(j, e);
	}
	return j;
}

static cl_value *from_json(cl_arena *a, const json_t *j)
{
	switch (json_typeof(j)) {
	case JSON_NULL: return cl_value_null(a, NULL);
	case JSON_TRUE: return cl_value_bool(a, true);
	case JSON_FALSE: return cl_value_bool(a, false);
	case JSON_INTEGER: return cl_value_int(a, json_integer_value(j));
	case JSON_REAL: return cl_value_double(a, json_real_value(j));
	case JSON_STRING: return cl_value_string(a, json_string_value(j), json_string_length(j));
	case JSON_ARRAY: {
		uint32_t n = (uint32_t)json_array_size(j);
		cl_value **v = CL_NEWN(a, cl_value *, n ? n : 1);
		for (uint32_t i = 0; i < n; i++)
			v[i] = from_json(a, json_array_get(j, i));
		return cl_value_tuple(a, v, n);
	}
	case JSON_OBJECT: {
		uint32_t n = (uint32_t)json_object_size(j), i = 0;
		const char **k = CL_NEWN(a, const char *, n ? n : 1);
		cl_value **v = CL_NEWN(a, cl_value *, n ? n : 1);
		const char *key;
		json_t *val;
		json_object_foreach((json_t *)j, key, val) {
			k[i] = cl_arena_strdup(a, key);
			v[i++] = from_json(a, val);
		}
		return cl_value_object(a, k, v, n);
	}
	}
	return cl_value_null(a, NULL);
}

cl_value *cl_value_from_json(cl_arena *a, const json_t *j, const cl_type *t, const char **err)
{
	cl_value *v = from_json(a, j);
	return t ? cl_convert(a, v, t, err) : v;
}
