/* specdecode: the HCL spec suite's hook into the evaluator
 * (tests/grammar/test_specsuite.py, which implements hcldec's specs on top
 * of it).  Parses FILE and prints its body as JSON: every attribute with its
 * evaluated value and that value's type in cty's JSON form, every block with
 * its labels and body, and byte ranges for all of them.  It decodes nothing
 * against a schema; that is the runner's job.
 *
 * Usage: specdecode [-vars SPEC] [-type PATH=TYPE]... [-block PATH=N]... [-constraint NAME]... [-null PATH]... FILE
 *   -vars SPEC        the attributes of SPEC's top-level "variables" block are
 *                     the names in scope (hcldec's spec files declare them so)
 *   -type PATH=TYPE   the attribute at PATH (the enclosing block types and the
 *                     attribute name, joined by dots: "arithmetic.add") is
 *                     converted to the type constraint TYPE, as an hcldec
 *                     attr spec does; a failed conversion is its error
 *   -constraint NAME  attributes named NAME hold type constraints, not values
 *                     ("type = map(string)"): printed as their cty type
 *   -block PATH=N     in a JSON FILE (HCL's JSON syntax), the property at PATH
 *                     (dotted as for -type) is a block type with N labels;
 *                     every other property is an attribute, as hcldec's
 *                     spec would say
 *   -null PATH        the item at PATH (an attribute, then the bare-name keys
 *                     of nested object constructors: "result.arithmetic.x")
 *                     is null: for an expected value the evaluator cannot
 *                     read (the runner's KNOWN table says which and why)
 *
 *   {"diagnostics": [DIAG...], "body": BODY}          parse diagnostics
 *   BODY  {"attributes": [ATTR...], "blocks": [BLOCK...]}   in source order
 *   ATTR  {"name", "name_range", "range", "traversals", "value", "type"}
 *         or {"name", "name_range", "range", "traversals", "errors": [DIAG...]}
 *         range: the expression's; traversals: the variables it refers to,
 *         [{"root", "steps": [{"attr": NAME} or {"index": KEY}...], "range"}]
 *   BLOCK {"type", "type_range", "labels", "label_ranges", "open_range", "range", "body"}
 *   DIAG  {"severity", "range", "message"}             ranges are [start, end)
 * The exit status is 1 when FILE does not parse. */
#include "compiler/convert.h"
#include "compiler/eval.h"
#include "compiler/refs.h"
#include "grammar/ast.h"
#include "grammar/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct binding { const char *name; cl_value *value; } binding;
typedef struct conversion { const char *path; const cl_type *type; } conversion;

static cl_arena arena;
static binding vars[64];
static unsigned nvars;
static conversion convs[64];
static unsigned nconvs;
static const char *constraints[8];
static unsigned nconstraints;
static const char *nulls[8];
static unsigned nnulls;
static conversion blocks[64];   /* -block: the labels' count in type's place */
static unsigned nblocks;
static int block_labels[64];

static cl_value *resolve(cl_eval_ctx *ctx, const cl_traversal *t, uint32_t *used)
{
	for (unsigned i = 0; i < nvars; i++)
		if (strcmp(vars[i].name, t->root) == 0)
			return vars[i].value;
	cl_diag_error(ctx->diags, cl_loc_range(t->loc), "unknown variable \"%s\"", t->root);
	return NULL;
}

static json_t *range_json(cl_loc l)
{
	return json_pack("[I, I]", (json_int_t)l.start, (json_int_t)l.end);
}

static json_t *diags_json(const cl_diags *d)
{
	json_t *j = json_array();
	for (size_t i = 0; i < d->n; i++)
		json_array_append_new(j, json_pack("{s:s, s:[I, I], s:s}",
			"severity", d->v[i].sev == CL_SEV_ERROR ? "error" : "warning",
			"range", (json_int_t)d->v[i].range.start, (json_int_t)d->v[i].range.end, "message", d->v[i].msg));
	return j;
}

/* cty's JSON for a type: "string", ["list", "number"], ["object", {...}]. */
static json_t *type_json(const cl_type *t)
{
	static const char *const prim[] = {
		[CL_T_ANY] = "dynamic", [CL_T_BOOL] = "bool", [CL_T_NUMBER] = "number", [CL_T_STRING] = "string",
	};
	static const char *const coll[] = { [CL_T_LIST] = "list", [CL_T_SET] = "set", [CL_T_MAP] = "map" };
	json_t *j;
	switch (t->kind) {
	case CL_T_LIST: case CL_T_SET: case CL_T_MAP:
		return json_pack("[s, o]", coll[t->kind], type_json(t->elem));
	case CL_T_TUPLE:
		j = json_array();
		for (uint32_t i = 0; i < t->n; i++)
			json_array_append_new(j, type_json(t->elems[i]));
		return json_pack("[s, o]", "tuple", j);
	case CL_T_OBJECT:
		j = json_object();
		for (uint32_t i = 0; i < t->n; i++)
			json_object_set_new(j, t->names[i], type_json(t->elems[i]));
		return json_pack("[s, o]", "object", j);
	default:
		return json_string(prim[t->kind]);
	}
}

static const cl_type *parse_type(const char *text)
{
	cl_diags d = { 0 };
	cl_source *src = cl_source_new("-type", text, strlen(text));   /* lives on: diagnostics point in */
	cl_expr *e = cl_parse_expr(&arena, src, &d);
	const cl_type *t = e ? cl_type_parse(&arena, e, &d) : NULL;
	if (!t) {
		cl_diags_print(stderr, &d, false);
		exit(2);
	}
	cl_diags_free(&d);
	return t;
}

static const cl_type *conversion_for(const char *path)
{
	for (unsigned i = 0; i < nconvs; i++)
		if (strcmp(convs[i].path, path) == 0)
			return convs[i].type;
	return NULL;
}

static bool is_constraint(const char *name)
{
	for (unsigned i = 0; i < nconstraints; i++)
		if (strcmp(constraints[i], name) == 0)
			return true;
	return false;
}

/* The references in e, as hcldec --var-refs lists them. */
static json_t *traversals_json(const cl_expr *e)
{
	cl_refs refs = { 0 };
	cl_refs_expr(&arena, e, &refs);
	json_t *j = json_array();
	for (unsigned i = 0; i < refs.n; i++) {
		const cl_traversal *t = &refs.v[i].t;
		json_t *steps = json_array();
		for (uint32_t k = 0; k < t->n; k++)
			json_array_append_new(steps, t->steps[k].name ? json_pack("{s:s}", "attr", t->steps[k].name)
			                                               : json_pack("{s:o}", "index", cl_value_to_json(t->steps[k].key)));
		json_array_append_new(j, json_pack("{s:s, s:o, s:o}", "root", t->root, "steps", steps,
		                                   "range", range_json(refs.v[i].loc)));
	}
	return j;
}

/* An attribute: its value (converted when PATH asks), type or errors. */
static json_t *attr_json(cl_eval_ctx *ctx, const cl_attr *at, const char *path)
{
	cl_diags d = { 0 };
	json_t *j = json_pack("{s:s, s:o, s:o, s:o}", "name", at->name, "name_range", range_json(at->name_loc),
	                      "range", range_json(at->expr->loc), "traversals", traversals_json(at->expr));
	if (is_constraint(at->name)) {
		const cl_type *t = cl_type_parse(&arena, at->expr, &d);
		if (t)
			json_object_set_new(j, "type", type_json(t));
	} else {
		ctx->diags = &d;
		cl_value *v = cl_eval(ctx, at->expr);
		const cl_type *want = conversion_for(path);
		const char *err = NULL;
		if (v && want && !(v = cl_convert(&arena, v, want, &err)))
			cl_diag_error(&d, cl_loc_range(at->expr->loc), "Inappropriate value for attribute \"%s\": %s.",
			              at->name, err);
		if (v && !d.nerrors) {
			json_object_set_new(j, "value", cl_value_to_json(v));
			json_object_set_new(j, "type", type_json(cl_value_type(&arena, v)));
		}
	}
	if (d.nerrors)
		json_object_set_new(j, "errors", diags_json(&d));
	cl_diags_free(&d);
	return j;
}

/* prefix: the enclosing block types joined by dots, "" at the top. */
static json_t *body_json(cl_eval_ctx *ctx, const cl_body *b, const char *prefix)
{
	json_t *attrs = json_array(), *blocks = json_array();
	for (uint32_t i = 0; b && i < b->n; i++) {
		const cl_attr *at = b->v[i].attr;
		const cl_block *bl = b->v[i].block;
		const char *name = at ? at->name : bl->type;
		char *path = cl_arena_alloc(&arena, strlen(prefix) + strlen(name) + 2);
		sprintf(path, "%s%s%s", prefix, *prefix ? "." : "", name);
		if (at) {
			json_array_append_new(attrs, attr_json(ctx, at, path));
			continue;
		}
		json_t *labels = json_array(), *label_ranges = json_array();
		for (uint32_t k = 0; k < bl->nlabels; k++) {
			json_array_append_new(labels, json_stringn(bl->labels[k].s, bl->labels[k].len));
			json_array_append_new(label_ranges, range_json(bl->labels[k].loc));
		}
		json_array_append_new(blocks, json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "type", bl->type,
			"type_range", range_json(bl->type_loc), "labels", labels, "label_ranges", label_ranges,
			"open_range", range_json(bl->open_loc), "range", range_json(bl->loc),
			"body", body_json(ctx, bl->body, path)));
	}
	return json_pack("{s:o, s:o}", "attributes", attrs, "blocks", blocks);
}

/* -null: the expression at path becomes null. */
static void null_item(cl_body *b, const char *path)
{
	char *keys = cl_arena_strdup(&arena, path), *save = NULL;
	char *key = strtok_r(keys, ".", &save);
	cl_expr **slot = NULL;
	for (uint32_t i = 0; key && i < b->n; i++)
		if (b->v[i].attr && strcmp(b->v[i].attr->name, key) == 0)
			slot = &b->v[i].attr->expr;
	while (slot && (key = strtok_r(NULL, ".", &save))) {
		const cl_expr *o = *slot;
		slot = NULL;
		for (uint32_t i = 0; o->kind == CL_E_OBJECT && i < o->u.object.n; i++)
			if (o->u.object.v[i].key_is_name && strcmp(o->u.object.v[i].key->u.name, key) == 0)
				slot = &o->u.object.v[i].value;
	}
	if (!slot) {
		fprintf(stderr, "specdecode: -null %s: no such item\n", path);
		exit(2);
	}
	cl_expr *null = CL_NEW(&arena, cl_expr);
	null->kind = CL_E_NULL;
	null->loc = (*slot)->loc;
	*slot = null;
}

/* The JSON schema the -block options describe. */
static cl_json_key json_schema(const cl_block *const *chain, unsigned n, const char *key)
{
	cl_buf path = CL_BUF_INIT;
	for (unsigned i = 0; i < n; i++)
		cl_buf_printf(&path, "%s.", chain[i]->type);
	cl_buf_printf(&path, "%s", key);
	cl_json_key k = { CL_JSON_ATTR, 0 };
	for (unsigned i = 0; i < nblocks; i++)
		if (!strcmp(blocks[i].path, cl_buf_str(&path)))
			k = (cl_json_key){ CL_JSON_BLOCK, (unsigned)block_labels[i] };
	cl_buf_free(&path);
	return k;
}

static cl_file *parse(const char *path, cl_diags *d)
{
	cl_source *src = cl_source_read(path, d);
	if (!src) {
		cl_diags_print(stderr, d, false);
		exit(2);
	}
	return cl_json_path(path) ? cl_parse_json_file(&arena, src, json_schema, d) : cl_parse_file(&arena, src, d);
}

/* -vars: binds the attributes of SPEC's "variables" blocks. */
static void load_vars(cl_eval_ctx *ctx, const char *spec)
{
	cl_diags d = { 0 };
	cl_file *f = parse(spec, &d);
	ctx->diags = &d;
	for (uint32_t i = 0; i < f->body->n; i++) {
		const cl_block *bl = f->body->v[i].block;
		if (!bl || strcmp(bl->type, "variables") != 0)
			continue;
		for (uint32_t k = 0; k < bl->body->n; k++) {
			const cl_attr *at = bl->body->v[k].attr;
			cl_value *v = at ? cl_eval(ctx, at->expr) : NULL;
			if (v && nvars == sizeof vars / sizeof vars[0])
				cl_diag_error(&d, cl_loc_range(at->loc), "more variables than specdecode holds");
			else if (v)
				vars[nvars++] = (binding){ at->name, v };
		}
	}
	if (d.nerrors) {
		cl_diags_print(stderr, &d, false);
		exit(2);
	}
	cl_diags_free(&d);
}

static void usage(void)
{
	fprintf(stderr, "usage: specdecode [-vars SPEC] [-type PATH=TYPE]... [-block PATH=N]... [-constraint NAME]... [-null PATH]... FILE\n");
	exit(2);
}

int main(int argc, char **argv)
{
	cl_arena_init(&arena);
	cl_diags d = { 0 };
	cl_eval_ctx ctx = { .arena = &arena, .diags = &d, .resolve = resolve };
	int i = 1;
	for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
		char *eq = strchr(argv[i + 1], '=');
		if (strcmp(argv[i], "-vars") == 0)
			load_vars(&ctx, argv[i + 1]);
		else if (strcmp(argv[i], "-type") == 0 && eq && nconvs < sizeof convs / sizeof convs[0])
			*eq = 0, convs[nconvs++] = (conversion){ argv[i + 1], parse_type(eq + 1) };
		else if (strcmp(argv[i], "-constraint") == 0 && nconstraints < sizeof constraints / sizeof constraints[0])
			constraints[nconstraints++] = argv[i + 1];
		else if (strcmp(argv[i], "-block") == 0 && eq && nblocks < sizeof blocks / sizeof blocks[0])
			*eq = 0, block_labels[nblocks] = atoi(eq + 1), blocks[nblocks++] = (conversion){ argv[i + 1], NULL };
		else if (strcmp(argv[i], "-null") == 0 && nnulls < sizeof nulls / sizeof nulls[0])
			nulls[nnulls++] = argv[i + 1];
		else
			usage();
	}
	if (i != argc - 1)
		usage();
	cl_file *f = parse(argv[i], &d);
	for (unsigned k = 0; k < nnulls && !d.nerrors; k++)
		null_item(f->body, nulls[k]);
	json_t *out = json_pack("{s:o, s:o}", "diagnostics", diags_json(&d), "body",
	                        d.nerrors ? json_pack("{s:[], s:[]}", "attributes", "blocks") : body_json(&ctx, f->body, ""));
	json_dumpf(out, stdout, JSON_INDENT(1) | JSON_REAL_PRECISION(17));
	putchar('\n');
	int rc = d.nerrors ? 1 : 0;
	json_decref(out);
	cl_diags_free(&d);
	cl_arena_free(&arena);
	return rc;
}
