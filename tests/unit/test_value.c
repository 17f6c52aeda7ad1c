/* test_value.c: values without the parser: construction, conversion,
 * unification, equality and ordering, printing (numbers, strings,
 * collections, unknown, sensitive), JSON, and type constraints printing. */
#include "compiler/convert.h"
#include "compiler/value.h"
#include "tap.h"

#include <math.h>

static cl_arena A;

static const char *fmt(const cl_value *v)
{
	cl_buf b = CL_BUF_INIT;
	cl_value_format(&b, v, 0);
	char *s = cl_arena_strdup(&A, cl_buf_str(&b));
	cl_buf_free(&b);
	return s;
}

static const char *json(const cl_value *v)
{
	cl_buf b = CL_BUF_INIT;
	cl_value_json_encode(&b, v);
	char *s = cl_arena_strdup(&A, cl_buf_str(&b));
	cl_buf_free(&b);
	return s;
}

static cl_value *S(const char *s) { return cl_value_cstr(&A, s); }
static cl_value *I(int64_t i) { return cl_value_int(&A, i); }
static cl_value *D(double d) { return cl_value_double(&A, d); }

static cl_value *tuple(int n, ...)
{
	va_list ap;
	va_start(ap, n);
	cl_value **v = CL_NEWN(&A, cl_value *, n ? n : 1);
	for (int i = 0; i < n; i++)
		v[i] = va_arg(ap, cl_value *);
	va_end(ap);
	return cl_value_tuple(&A, v, (uint32_t)n);
}

static void numbers(void)
{
	is_str(fmt(I(1)), "1", "integer");
	is_str(fmt(D(1.5)), "1.5", "fraction");
	is_str(fmt(D(0.1)), "0.1", "0.1 prints short");
	is_str(fmt(D(1e21)), "1000000000000000000000", "1e21 prints without exponent, as Terraform");
	is_str(fmt(D(-0.000125)), "-0.000125", "small negative");
	is_str(fmt(I(INT64_MAX)), "9223372036854775807", "int64 max exact");
	is_str(fmt(I(INT64_MIN)), "-9223372036854775808", "int64 min exact");
	ok(D(3.0)->u.num.isint, "integral double becomes int");
	cl_value *big = cl_value_number_parse(&A, "9223372036854775808", 19);
	ok(big && !big->u.num.isint, "2^63 does not fit int64");
	is_str(fmt(big), "9223372036854775808", "2^63 prints exactly");
	ok(!cl_value_number_parse(&A, ".", 1), ". is not a number");
	ok(!cl_value_number_parse(&A, "abc", 3), "abc is not a number");
	ok(cl_value_number_parse(&A, "1e3", 3)->u.num.i == 1000, "1e3 is 1000");
}

static void strings(void)
{
	is_str(fmt(S("abc")), "\"abc\"", "string quoted");
	is_str(fmt(S("a\"b\\c\t")), "\"a\\\"b\\\\c\\t\"", "escapes as Go's strconv.Quote");
	is_str(fmt(S("héllo")), "\"héllo\"", "UTF-8 kept");
	is_str(fmt(S("a\nb")), "<<EOT\na\nb\nEOT", "multi-line string as heredoc");
	is_str(fmt(S("x\nEOT\n")), "<<EOT_\nx\nEOT\n\nEOT_", "heredoc delimiter avoids a clash");
}

static void collections(void)
{
	cl_value *t = tuple(2, S("a"), S("b"));
	is_str(fmt(t), "[\n  \"a\",\n  \"b\",\n]", "tuple");
	is_str(fmt(tuple(0)), "[]", "empty tuple");
	const char *err = NULL;
	cl_value *l = cl_convert(&A, t, cl_type_collection(&A, CL_T_LIST, &cl_type_any), &err);
	ok(l && l->kind == CL_V_LIST && l->type->elem->kind == CL_T_STRING, "tuple of strings -> list(string)");
	is_str(fmt(l), "tolist([\n  \"a\",\n  \"b\",\n])", "list prints with tolist");
	cl_value *mixed = tuple(2, S("a"), I(1));
	l = cl_convert(&A, mixed, cl_type_collection(&A, CL_T_LIST, &cl_type_any), &err);
	ok(l && l->type->elem->kind == CL_T_STRING, "string and number unify to string");
	is_str(fmt(l), "tolist([\n  \"a\",\n  \"1\",\n])", "number converted to string in list");
	cl_value *bad = tuple(2, S("a"), tuple(0));
	ok(!cl_convert(&A, bad, cl_type_collection(&A, CL_T_LIST, &cl_type_any), &err), "string and tuple do not unify");
	is_str(err, "list of any single type required", "message for no common type");

	cl_value *s = cl_convert(&A, tuple(4, S("b"), S("a"), S("b"), S("c")), cl_type_collection(&A, CL_T_SET, &cl_type_any), &err);
	is_int(s->n, 3, "set dedups");
	is_str(fmt(s), "toset([\n  \"a\",\n  \"b\",\n  \"c\",\n])", "set sorted lexically");
	cl_value *ns = cl_convert(&A, tuple(3, I(10), I(9), D(1.5)), cl_type_collection(&A, CL_T_SET, &cl_type_any), &err);
	is_str(fmt(ns), "toset([\n  1.5,\n  9,\n  10,\n])", "number set sorted numerically");

	const char *keys[] = { "b", "a" };
	cl_value *vals[] = { I(2), tuple(1, S("x")) };
	cl_value *o = cl_value_object(&A, keys, vals, 2);
	is_str(o->u.c.keys[0], "a", "object keys sorted");
	is_str(fmt(o), "{\n  \"a\" = [\n    \"x\",\n  ]\n  \"b\" = 2\n}", "object nested indentation");
	cl_value *m = cl_convert(&A, o, cl_type_collection(&A, CL_T_MAP, &cl_type_any), &err);
	ok(!m, "object of tuple and number is no map");
	const char *k2[] = { "x", "y" };
	cl_value *v2[] = { S("1"), I(2) };
	m = cl_convert(&A, cl_value_object(&A, k2, v2, 2), cl_type_collection(&A, CL_T_MAP, &cl_type_any), &err);
	is_str(fmt(m), "tomap({\n  \"x\" = \"1\"\n  \"y\" = \"2\"\n})", "object -> map(string)");
	is_str(fmt(cl_value_map(&A, &cl_type_string, NULL, NULL, 0)), "tomap({})", "empty map");
	is_str(fmt(cl_value_null(&A, &cl_type_string)), "tostring(null)", "typed null");
	is_str(fmt(cl_value_null(&A, NULL)), "null", "untyped null");
}

static void conversions(void)
{
	const char *err = NULL;
	ok(!cl_convert(&A, S("abc"), &cl_type_number, &err), "abc is no number");
	is_str(err, "a number is required", "string->number message");
	is_str(fmt(cl_convert(&A, S("12.50"), &cl_type_number, &err)), "12.5", "\"12.50\" -> 12.5");
	is_str(fmt(cl_convert(&A, I(5), &cl_type_string, &err)), "\"5\"", "5 -> \"5\"");
	is_str(fmt(cl_convert(&A, cl_value_bool(&A, true), &cl_type_string, &err)), "\"true\"", "true -> \"true\"");
	is_str(fmt(cl_convert(&A, S("false"), &cl_type_bool, &err)), "false", "\"false\" -> false");
	ok(!cl_convert(&A, S("yes"), &cl_type_bool, &err), "yes is no bool");
	ok(!cl_convert(&A, tuple(0), &cl_type_string, &err), "tuple is no string");
	is_str(err, "string required", "tuple->string message");

	const char *names[] = { "port", "name" };
	const cl_type *types[] = { &cl_type_number, &cl_type_string };
	const cl_type *ot = cl_type_object(&A, names, types, 2);
	const char *k[] = { "port", "extra" };
	cl_value *v[] = { S("80"), I(1) };
	ok(!cl_convert(&A, cl_value_object(&A, k, v, 2), ot, &err), "missing attribute");
	is_str(err, "attribute \"name\" is required", "missing attribute message");
	const char *k3[] = { "port", "name" };
	cl_value *v3[] = { S("x"), S("n") };
	ok(!cl_convert(&A, cl_value_object(&A, k3, v3, 2), ot, &err), "bad attribute");
	is_str(err, "attribute \"port\": a number is required", "nested path in message");
	cl_value *u = cl_convert(&A, cl_value_unknown(&A, NULL), &cl_type_string, &err);
	ok(u && u->kind == CL_V_UNKNOWN && u->type == &cl_type_string, "unknown converts to unknown of the type");
	cl_value *sv = cl_convert(&A, cl_value_mark(&A, I(1), CL_MARK_SENSITIVE), &cl_type_string, &err);
	ok(sv->marks & CL_MARK_SENSITIVE, "conversion keeps the sensitive mark");

	cl_buf b = CL_BUF_INIT;
	cl_type_print(&b, ot);
	is_str(cl_buf_str(&b), "object({name=string, port=number})", "object type prints");
	cl_buf_free(&b);

	const cl_type *ts[] = { &cl_type_number, &cl_type_bool };
	ok(!cl_type_unify(&A, ts, 2), "number and bool do not unify");
	const cl_type *ts2[] = { cl_value_type(&A, tuple(1, I(1))), cl_value_type(&A, tuple(2, S("a"), S("b"))) };
	const cl_type *u2 = cl_type_unify(&A, ts2, 2);
	ok(u2 && u2->kind == CL_T_LIST && u2->elem->kind == CL_T_STRING, "tuples of other lengths unify to a list");
}

static void equality(void)
{
	ok(cl_value_equal(I(1), D(1.0)) == 1, "1 == 1.0");
	ok(cl_value_equal(I(1), S("1")) == 0, "1 != \"1\"");
	ok(cl_value_equal(tuple(1, I(1)), tuple(1, I(1))) == 1, "tuples equal");
	const char *err;
	cl_value *l = cl_convert(&A, tuple(1, I(1)), cl_type_collection(&A, CL_T_LIST, &cl_type_any), &err);
	ok(cl_value_equal(tuple(1, I(1)), l) == 0, "[1] != tolist([1])");
	ok(cl_value_equal(cl_value_null(&A, &cl_type_string), cl_value_null(&A, NULL)) == 1, "nulls are equal");
	ok(cl_value_equal(I(1), cl_value_unknown(&A, NULL)) == -1, "unknown decides nothing");
	ok(cl_value_equal(tuple(2, I(1), cl_value_unknown(&A, NULL)), tuple(2, I(2), I(3))) == 0,
	   "a known difference beats an unknown");
	ok(cl_value_compare(S("a"), S("b")) < 0 && cl_value_compare(I(10), I(9)) > 0, "ordering");
}

static void marks(void)
{
	cl_value *s = cl_value_mark(&A, S("secret"), CL_MARK_SENSITIVE);
	is_str(fmt(s), "(sensitive value)", "sensitive prints hidden");
	is_str(fmt(tuple(2, S("a"), s)), "[\n  \"a\",\n  (sensitive value),\n]", "sensitive element hidden");
	ok(cl_value_marks_deep(tuple(1, s)) & CL_MARK_SENSITIVE, "deep marks");
	ok(!(cl_value_unmark(&A, s)->marks), "unmark");
	is_str(fmt(cl_value_unknown(&A, &cl_type_string)), "(known after apply)", "unknown prints");
	ok(!cl_value_is_wholly_known(tuple(1, cl_value_unknown(&A, NULL))), "partly unknown");
}

static void json_values(void)
{
	const char *keys[] = { "b", "a" };
	cl_value *vals[] = { S("<x>&"), tuple(3, I(1), D(2.5), cl_value_null(&A, NULL)) };
	cl_value *o = cl_value_object(&A, keys, vals, 2);
	is_str(json(o), "{\"a\":[1,2.5,null],\"b\":\"\\u003cx\\u003e\\u0026\"}", "jsonencode layout");
	json_error_t e;
	json_t *j = json_loads("{\"x\": [1, \"two\", true, null, 1.25]}", 0, &e);
	cl_value *v = cl_value_from_json(&A, j, NULL, NULL);
	json_decref(j);
	is_str(json(v), "{\"x\":[1,\"two\",true,null,1.25]}", "from JSON and back");
	json_t *out = cl_value_to_json(v);
	char *dump = json_dumps(out, JSON_COMPACT | JSON_SORT_KEYS);
	is_str(dump, "{\"x\":[1,\"two\",true,null,1.25]}", "to jansson");
	free(dump);
	json_decref(out);
}

int main(void)
{
	cl_arena_init(&A);
	numbers();
	strings();
	collections();
	conversions();
	equality();
	marks();
	json_values();
	cl_arena_free(&A);
	return tap_done();
}
