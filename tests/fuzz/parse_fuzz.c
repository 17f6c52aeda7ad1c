/* parse_fuzz.c: libFuzzer entry for the grammar.  Each input is parsed as
 * a file, an expression and a template, then dumped (tree, JSON, tokens,
 * diagnostics) so every walker sees the odd trees too; and as a file in
 * HCL's JSON syntax.  Build: build.sh. */
#include "grammar/ast.h"
#include "grammar/ast_json.h"
#include "grammar/json.h"
#include "grammar/lex.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

/* Every kind of key for the JSON reader: "b..." a block (with 2 labels
 * for "b2..."), "e..." an expression-mode argument, the rest arguments. */
static cl_json_key schema(const cl_block *const *chain, unsigned n, const char *key)
{
	(void)chain, (void)n;
	if (key[0] == 'b')
		return (cl_json_key){ CL_JSON_BLOCK, key[1] == '2' ? 2 : 1 };
	return (cl_json_key){ key[0] == 'e' ? CL_JSON_EXPR : CL_JSON_ATTR, 0 };
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *sink;
	if (!sink)
		sink = fopen("/dev/null", "w");
	cl_source *src = cl_source_new("fuzz.cl", (const char *)data, size);
	cl_arena a;
	cl_arena_init(&a);
	cl_diags d = { 0 };

	cl_file *f = cl_parse_file(&a, src, &d);
	cl_ast_dump(sink, f);
	char *j = cl_ast_json(f);
	free(j);
	cl_expr *e = cl_parse_expr(&a, src, &d);
	if (e)
		cl_ast_dump_expr(sink, e);
	e = cl_parse_template(&a, src, &d);
	if (e)
		cl_ast_dump_expr(sink, e);
	size_t n;
	cl_lex_tokens(&a, src, &d, true, &n);
	cl_source *js = cl_source_new("fuzz.tf.json", (const char *)data, size);
	cl_ast_dump(sink, cl_parse_json_file(&a, js, schema, &d));
	cl_diags_print(sink, &d, false);

	cl_diags_free(&d);
	cl_arena_free(&a);
	cl_source_free(src);
	cl_source_free(js);
	return 0;
}
