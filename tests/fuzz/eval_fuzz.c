/* eval_fuzz.c: libFuzzer entry for the evaluator.  Each input is parsed as
 * one expression and evaluated with no root names and no file reader, so
 * operators, for-expressions, templates and the built-in functions (file
 * functions excepted) meet odd values.  Build and run: build.sh, run.sh. */
#include "compiler/eval.h"

#include <stdint.h>
#include <stdio.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	cl_source *src = cl_source_new("fuzz.cl", (const char *)data, size);
	cl_arena a;
	cl_arena_init(&a);
	cl_diags d = { 0 };
	cl_expr *e = cl_parse_expr(&a, src, &d);
	if (e) {
		cl_eval_ctx ctx = { .arena = &a, .diags = &d };
		cl_value *v = cl_eval(&ctx, e);
		if (v) {                   /* printing walks the whole result */
			cl_buf b = CL_BUF_INIT;
			cl_value_format(&b, v, 0);
			cl_buf_free(&b);
		}
	}
	cl_diags_free(&d);
	cl_arena_free(&a);
	cl_source_free(src);
	return 0;
}
