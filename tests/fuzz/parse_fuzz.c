/* parse_fuzz.c: libFuzzer entry for the grammar.  Each input is parsed as
 * a file, an expression and a template, then dumped (tree, JSON, tokens,
 * diagnostics) so every walker sees the odd trees too.  Build: build.sh. */
#include "grammar/ast.h"
#include "grammar/ast_json.h"
#include "grammar/lex.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

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
	cl_diags_print(sink, &d, false);

	cl_diags_free(&d);
	cl_arena_free(&a);
	cl_source_free(src);
	return 0;
}
