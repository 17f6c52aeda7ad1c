/* test_eval.c: what the golden tests (tests/eval/) cannot show: type
 * constraints parsed from syntax, a diagnostic as printed (line, caret,
 * hint), the resolver's traversal protocol, and the eval context's
 * switches (plan time, no file reader). */
#include "compiler/convert.h"
#include "compiler/eval.h"
#include "compiler/functions.h"
#include "tap.h"

#include <stdio.h>
#include <stdlib.h>

static cl_arena A;

static cl_expr *parse(const char *text, cl_diags *d)
{
	cl_source *src = cl_source_new("main.cl", text, strlen(text));   /* lives on for diagnostics */
	return cl_parse_expr(&A, src, d);
}

static const char *type_of(const char *text)
{
	cl_diags d = { 0 };
	cl_expr *e = parse(text, &d);
	const cl_type *t = e ? cl_type_parse(&A, e, &d) : NULL;
	cl_buf b = CL_BUF_INIT;
	if (t)
		cl_type_print(&b, t);
	for (size_t i = 0; i < d.n; i++)
		cl_buf_printf(&b, "%s%s: %s", b.len ? "; " : "", d.v[i].sev == CL_SEV_ERROR ? "error" : "warning", d.v[i].msg);
	char *s = cl_arena_strdup(&A, cl_buf_str(&b));
	cl_buf_free(&b);
	cl_diags_free(&d);
	return s;
}

static void types(void)
{
	is_str(type_of("string"), "string", "string");
	is_str(type_of("list(string)"), "list(string)", "list(string)");
	is_str(type_of("map(object({ port = number, name = string }))"),
	       "map(object({name=string, port=number}))", "nested object, attributes sorted");
	is_str(type_of("object({ a = string, b = optional(number) })"),
	       "object({a=string, b=optional(number)})", "optional attribute");
	is_str(type_of("tuple([string, bool])"), "tuple([string, bool])", "tuple");
	is_str(type_of("set(any)"), "set(any)", "set(any)");
	is_str(type_of("list"), "list(any)", "bare list is list(any), as 0.11 wrote it");
	is_str(type_of("\"string\""), "string; warning: quoted type constraints are deprecated", "quoted type warns");
	is_str(type_of("strng"), "error: invalid type specification: unknown type \"strng\"", "unknown keyword");
	is_str(type_of("list(string, number)"),
	       "error: invalid type specification: the list type constructor takes one argument, the element type",
	       "wrong constructor arity");
	is_str(type_of("optional(string)"),
	       "error: invalid type specification: optional() is only allowed for an attribute of an object type",
	       "optional outside an object");

	cl_diags d = { 0 };
	const cl_type *t = cl_type_parse(&A, parse("object({ a = string, b = optional(number) })", &d), &d);
	const char *k[] = { "a" };
	cl_value *v[] = { cl_value_cstr(&A, "x") };
	const char *err = NULL;
	cl_value *o = cl_convert(&A, cl_value_object(&A, k, v, 1), t, &err);
	ok(o && cl_value_get(o, "b") && cl_value_is_null(cl_value_get(o, "b")), "a missing optional attribute is null");
	cl_diags_free(&d);
}

static void diagnostics(void)
{
	cl_diags d = { 0 };
	cl_expr *e = parse("{ vpc_id = \"v\" }.vpcid", &d);
	cl_eval_ctx ctx = { .arena = &A, .diags = &d };
	ok(e && !cl_eval(&ctx, e), "a missing attribute is an error");
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	cl_diags_print(f, &d, false);
	fclose(f);
	is_str(out, "main.cl:1:18: error: no attribute \"vpcid\"\n"
	            " 1 | { vpc_id = \"v\" }.vpcid\n"
	            "   |                  ^~~~~\n"
	            "  hint: did you mean \"vpc_id\"?\n", "file:line:col, the line, a caret under the name, a hint");
	free(out);
	cl_diags_free(&d);
}

/* A resolver that answers aws_vpc.<name> itself (two steps) and records
 * what it was given. */
static char seen[256];

static cl_value *resolve(cl_eval_ctx *ctx, const cl_traversal *t, uint32_t *used)
{
	cl_buf b = CL_BUF_INIT;
	cl_buf_puts(&b, t->root);
	for (uint32_t i = 0; i < t->n; i++) {
		if (t->steps[i].name) {
			cl_buf_printf(&b, ".%s", t->steps[i].name);
		} else {
			cl_buf_putc(&b, '[');
			cl_value_format(&b, t->steps[i].key, 0);
			cl_buf_putc(&b, ']');
		}
	}
	snprintf(seen, sizeof seen, "%s", cl_buf_str(&b));
	cl_buf_free(&b);
	if (strcmp(t->root, "aws_vpc") == 0 && t->n >= 1 && t->steps[0].name) {
		*used = 1;
		const char *k[] = { "id", "tags" };
		cl_value *v[] = { cl_value_unknown(ctx->arena, &cl_type_string), cl_value_object(ctx->arena, NULL, NULL, 0) };
		return cl_value_object(ctx->arena, k, v, 2);
	}
	if (strcmp(t->root, "var") == 0) {
		const char *k[] = { "names", "i" };
		cl_value **names = CL_NEWN(ctx->arena, cl_value *, 2);   /* a tuple keeps its array */
		names[0] = cl_value_cstr(ctx->arena, "a");
		names[1] = cl_value_cstr(ctx->arena, "b");
		cl_value *v[] = { cl_value_tuple(ctx->arena, names, 2), cl_value_int(ctx->arena, 1) };
		return cl_value_object(ctx->arena, k, v, 2);
	}
	cl_diag_error(ctx->diags, cl_loc_range(t->loc), "no such thing \"%s\"", t->root);
	return NULL;
}

static const char *eval(cl_eval_ctx *ctx, const char *text)
{
	cl_diags d = { 0 };
	ctx->diags = &d;
	cl_expr *e = parse(text, &d);
	cl_value *v = e ? cl_eval(ctx, e) : NULL;
	cl_buf b = CL_BUF_INIT;
	if (v)
		cl_value_format(&b, v, 0);
	for (size_t i = 0; i < d.n; i++)
		cl_buf_printf(&b, "%serror: %s", b.len ? "; " : "", d.v[i].msg);
	char *s = cl_arena_strdup(&A, cl_buf_str(&b));
	cl_buf_free(&b);
	cl_diags_free(&d);
	return s;
}

static void traversals(void)
{
	cl_eval_ctx ctx = { .arena = &A, .resolve = resolve };
	is_str(eval(&ctx, "aws_vpc.main.id"), "(known after apply)", "resolver consumes a step, eval applies the rest");
	is_str(seen, "aws_vpc.main.id", "the resolver sees the whole traversal");
	is_str(eval(&ctx, "var.names[0]"), "\"a\"", "constant index");
	is_str(seen, "var.names[0]", "constant index is a step");
	is_str(eval(&ctx, "var.names[var.i]"), "\"b\"", "computed index");
	is_str(seen, "var.names[1]", "a computed index, once known, is a step too");
	is_str(eval(&ctx, "aws_vpc.main.nope"), "error: no attribute \"nope\"", "eval reports past the resolver");
	is_str(eval(&ctx, "[for x in var.names : x]"), "[\n  \"a\",\n  \"b\",\n]", "for over a resolved value");
	is_str(eval(&ctx, "[for var in [1] : var]"), "[\n  1,\n]", "a for variable shadows a root name");
	is_str(eval(&ctx, "nothing.here"), "error: no such thing \"nothing\"", "resolver errors pass through");
	cl_eval_ctx none = { .arena = &A };
	is_str(eval(&none, "x"), "error: unknown variable \"x\"", "no resolver: no variables");
	is_str(eval(&none, "file(\"x\")"), "error: Invalid value for \"path\" parameter: file functions are not available here.",
	       "no file reader");
	is_str(eval(&none, "timestamp() == timestamp()"), "true", "apply time: timestamp() is known");
	none.plan = true;
	is_str(eval(&none, "timestamp()"), "(known after apply)", "plan time: timestamp() is unknown");
}

static void function_table(void)
{
	bool sorted = true, found = true;
	for (uint32_t i = 0; i < cl_nfunctions; i++) {
		sorted = sorted && (i == 0 || strcmp(cl_functions[i - 1].name, cl_functions[i].name) < 0);
		found = found && cl_function_lookup(cl_functions[i].name) == &cl_functions[i];
	}
	ok(sorted, "the function table is sorted by name");
	ok(found, "every function is found by name");
	ok(!cl_function_lookup("nosuch"), "an unknown name is not");
}

int main(void)
{
	cl_arena_init(&A);
	function_table();
	types();
	diagnostics();
	traversals();
	cl_arena_free(&A);
	return tap_done();
}
