/* parsedump: the grammar's test hook.  Parses FILE and prints the tree
 * (--ast, the default), hcl2json-shaped JSON (--json) or nothing (--check),
 * or parses it as one expression (--expr) or a bare template (--template);
 * --diags prints only the diagnostics' ranges, one per line, for scripts.  The tree goes to
 * stdout, diagnostics to stderr; the exit status is 1 when there were errors. */
#include "grammar/ast.h"
#include "grammar/ast_json.h"
#include "grammar/json.h"
#include "util/arena.h"
#include "util/diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "error 13-14 1:14-1:15 message", then "note ..." lines for its notes. */
static void print_range(const char *sev, const cl_diag *g)
{
	cl_pos a = { 0, 0 }, b = { 0, 0 };
	if (g->range.src) {
		a = cl_source_pos(g->range.src, g->range.start);
		b = cl_source_pos(g->range.src, g->range.end);
	}
	printf("%s %zu-%zu %u:%u-%u:%u %s\n", sev, g->range.start, g->range.end,
	       a.line, a.col, b.line, b.col, g->msg);
}

static void print_ranges(const cl_diags *d)
{
	for (size_t i = 0; i < d->n; i++) {
		print_range(d->v[i].sev == CL_SEV_ERROR ? "error" : "warning", &d->v[i]);
		for (size_t k = 0; k < d->v[i].nnotes; k++)
			print_range("note", &d->v[i].notes[k]);
	}
}

int main(int argc, char **argv)
{
	const char *mode = "--ast";
	if (argc == 3)
		mode = argv[1];
	if (argc < 2 || argc > 3 || (strcmp(mode, "--ast") && strcmp(mode, "--json") && strcmp(mode, "--check") && strcmp(mode, "--diags") &&
	                             strcmp(mode, "--expr") && strcmp(mode, "--template"))) {
		fprintf(stderr, "usage: parsedump [--ast|--json|--check|--diags|--expr|--template] FILE\n");
		return 2;
	}
	cl_diags d = { 0 };
	cl_source *src = cl_source_read(argv[argc - 1], &d);
	if (!src) {
		cl_diags_print(stderr, &d, false);
		return 2;
	}
	cl_arena a;
	cl_arena_init(&a);
	if (!strcmp(mode, "--expr") || !strcmp(mode, "--template")) {
		cl_expr *e = !strcmp(mode, "--expr") ? cl_parse_expr(&a, src, &d) : cl_parse_template(&a, src, &d);
		if (e)
			cl_ast_dump_expr(stdout, e);
	} else {
		/* JSON (by the name): every property an attribute, as a schema-less
		 * reading; its syntax diagnostics are what --diags is for. */
		cl_file *f = cl_json_path(src->name) ? cl_parse_json_file(&a, src, cl_json_all_attrs, &d)
		                                     : cl_parse_file(&a, src, &d);
		if (!strcmp(mode, "--json")) {
			char *j = cl_ast_json(f);
			puts(j);
			free(j);
		} else if (!strcmp(mode, "--ast")) {
			cl_ast_dump(stdout, f);
		}
	}
	fflush(stdout);
	if (!strcmp(mode, "--diags"))
		print_ranges(&d);
	else
		cl_diags_print(stderr, &d, false);
	int rc = d.nerrors ? 1 : 0;
	cl_diags_free(&d);
	cl_arena_free(&a);
	/* the source stays registered for the process: not freed */
	return rc;
}
