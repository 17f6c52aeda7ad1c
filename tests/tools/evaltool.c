/* evaltool: the evaluator's test hook.  Reads .test files of cases:
 *
 *   # a comment
 *   cidrsubnet("172.31.0.0/16", 8, 3)      <- an expression (a line ending
 *   "172.31.3.0/24"                           in \ continues it); then the
 *                                             expected output, to a blank line
 *
 * The output is the value as terraform console prints it, or "error(L:C):
 * message", "note(L:C): ..." and "hint: ..." lines; an empty line in it is
 * written <blank>, since a blank line ends a case.  Without -check the files are printed
 * back with the actual outputs (to write a new test, then review it); with
 * -check each case is a TAP line and a mismatch shows both sides.
 * A "# mode: apply" line makes later cases run at apply time (uuid() known).
 *
 * Usage: evaltool [-check] [-C DIR] [-var NAME=EXPR]... FILE...
 * In scope: the -var names, `var` (an object of them all) and fixtures:
 * u_str u_num u_bool u_list u_map u_obj u_any (unknown), s_str s_num s_list
 * (sensitive), list nums obj nested n (plain). */
#include "compiler/eval.h"
#include "util/suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct binding { const char *name; cl_value *value; } binding;

static binding vars[128];
static unsigned nvars;
static cl_arena arena;

static cl_value *resolve(cl_eval_ctx *ctx, const cl_traversal *t, uint32_t *used)
{
	for (unsigned i = 0; i < nvars; i++)
		if (strcmp(vars[i].name, t->root) == 0)
			return vars[i].value;
	if (strcmp(t->root, "var") == 0) {
		const char *k[128];
		cl_value *v[128];
		for (unsigned i = 0; i < nvars; i++)
			k[i] = vars[i].name, v[i] = vars[i].value;
		return cl_value_object(ctx->arena, k, v, nvars);
	}
	const char *names[128];
	for (unsigned i = 0; i < nvars; i++)
		names[i] = vars[i].name;
	cl_diag_error(ctx->diags, cl_loc_range(t->loc), "unknown variable \"%s\"", t->root);
	const char *s = cl_suggest(t->root, names, nvars);
	if (s)
		cl_diag_hint(ctx->diags, "did you mean \"%s\"?", s);
	return NULL;
}

/* An empty line would end the case: mark it. */
static void blank_lines(cl_buf *out)
{
	cl_buf b = CL_BUF_INIT;
	const char *s = cl_buf_str(out);
	for (size_t i = 0; i < out->len; i++) {
		cl_buf_putc(&b, s[i]);
		if (s[i] == '\n' && (i + 1 == out->len || s[i + 1] == '\n'))
			cl_buf_puts(&b, "<blank>");
	}
	cl_buf_free(out);
	*out = b;
}

static void print_commented(const char *s)
{
	printf("#   ");
	for (; *s; s++)
		printf(*s == '\n' ? "\n#   " : "%c", *s);
	printf("\n");
}

/* Evaluates text; the printed result (value or diagnostics) in out. */
static void run(cl_eval_ctx *ctx, const char *text, cl_buf *out)
{
	cl_diags d = { 0 };
	cl_source *src = cl_source_new("expr", text, strlen(text));   /* lives on: diagnostics point in */
	cl_expr *e = cl_parse_expr(&arena, src, &d);
	cl_value *v = NULL;
	if (e) {
		ctx->diags = &d;
		v = cl_eval(ctx, e);
	}
	if (v && !d.nerrors)
		cl_value_format(out, v, 0);
	for (size_t i = 0; i < d.n; i++) {
		const cl_diag *g = &d.v[i];
		cl_pos p = g->range.src ? cl_source_pos(g->range.src, g->range.start) : (cl_pos){ 0, 0 };
		if (out->len)
			cl_buf_putc(out, '\n');
		cl_buf_printf(out, "%s(%u:%u): %s", g->sev == CL_SEV_ERROR ? "error" : "warning", p.line, p.col, g->msg);
		for (size_t k = 0; k < g->nnotes; k++) {
			cl_pos np = g->notes[k].range.src ? cl_source_pos(g->notes[k].range.src, g->notes[k].range.start)
			                                  : (cl_pos){ 0, 0 };
			cl_buf_printf(out, "\nnote(%u:%u): %s", np.line, np.col, g->notes[k].msg);
		}
		if (g->hint)
			cl_buf_printf(out, "\nhint: %s", g->hint);
	}
	if (v && d.nerrors)
		cl_buf_puts(out, "\n(and a value despite errors: a bug)");
	cl_diags_free(&d);
	blank_lines(out);
}

static cl_value *fixture(cl_eval_ctx *ctx, const char *text)
{
	cl_diags d = { 0 };
	cl_source *src = cl_source_new("fixture", text, strlen(text));
	cl_expr *e = cl_parse_expr(&arena, src, &d);
	ctx->diags = &d;
	cl_value *v = e ? cl_eval(ctx, e) : NULL;
	if (!v || d.nerrors) {
		cl_diags_print(stderr, &d, false);
		exit(2);
	}
	cl_diags_free(&d);
	return v;
}

static void bind(const char *name, cl_value *v)
{
	if (nvars < sizeof vars / sizeof vars[0])
		vars[nvars++] = (binding){ name, v };
}

static void fixtures(cl_eval_ctx *ctx)
{
	static const struct { const char *name, *type; } unknowns[] = {
		{ "u_str", "string" }, { "u_num", "number" }, { "u_bool", "bool" }, { "u_list", "list(string)" },
		{ "u_map", "map(string)" }, { "u_obj", "object({id=string, name=string})" }, { "u_any", "any" },
	};
	for (size_t i = 0; i < sizeof unknowns / sizeof unknowns[0]; i++) {
		cl_diags d = { 0 };
		cl_source *src = cl_source_new("type", unknowns[i].type, strlen(unknowns[i].type));
		const cl_type *t = cl_type_parse(&arena, cl_parse_expr(&arena, src, &d), &d);
		bind(unknowns[i].name, cl_value_unknown(&arena, t));
		cl_diags_free(&d);
	}
	static const struct { const char *name, *expr; } values[] = {
		{ "s_str", "sensitive(\"secret\")" }, { "s_num", "sensitive(42)" },
		{ "s_list", "sensitive([\"a\", \"b\"])" },
		{ "list", "[\"a\", \"b\", \"c\"]" }, { "nums", "[1, 2, 3]" },
		{ "obj", "{ vpc_id = \"vpc-123\", name = \"main\" }" },
		{ "nested", "{ subnets = [{ id = \"s-1\", az = \"a\" }, { id = \"s-2\", az = \"b\" }] }" },
		{ "n", "null" },
	};
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
		bind(values[i].name, fixture(ctx, values[i].expr));
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		exit(2);
	}
	cl_buf b = CL_BUF_INIT;
	cl_buf_read(&b, f);
	fclose(f);
	return cl_buf_steal(&b);
}

static unsigned ntests, nfailed;

/* One file: cases are "expression lines / expected lines / blank". */
static void run_file(cl_eval_ctx *ctx, const char *path, bool check)
{
	char *text = slurp(path);
	char *line = text;
	unsigned lineno = 0;
	ctx->plan = true;
	while (*line) {
		char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		lineno++;
		if (len == 0 || line[0] == '#') {
			if (strncmp(line, "# mode: apply", 13) == 0)
				ctx->plan = false;
			if (!check)
				printf("%.*s\n", (int)len, line);
			line += len + (nl != NULL);
			continue;
		}
		/* The expression, with its continuation lines. */
		cl_buf expr = CL_BUF_INIT, shown = CL_BUF_INIT;
		unsigned start = lineno;
		for (;;) {
			bool more = len > 0 && line[len - 1] == '\\';
			cl_buf_add(&shown, line, len);
			cl_buf_putc(&shown, '\n');
			cl_buf_add(&expr, line, more ? len - 1 : len);
			line += len + (nl != NULL);
			if (!more || !*line)
				break;
			cl_buf_putc(&expr, '\n');
			nl = strchr(line, '\n');
			len = nl ? (size_t)(nl - line) : strlen(line);
			lineno++;
		}
		/* The expected output, up to a blank line. */
		cl_buf want = CL_BUF_INIT;
		while (*line && *line != '\n') {
			nl = strchr(line, '\n');
			len = nl ? (size_t)(nl - line) : strlen(line);
			lineno++;
			if (want.len)
				cl_buf_putc(&want, '\n');
			cl_buf_add(&want, line, len);
			line += len + (nl != NULL);
		}
		cl_buf got = CL_BUF_INIT;
		run(ctx, cl_buf_str(&expr), &got);
		if (!check) {
			printf("%s%s\n", cl_buf_str(&shown), cl_buf_str(&got));
		} else {
			bool same = strcmp(cl_buf_str(&got), cl_buf_str(&want)) == 0;
			ntests++;
			nfailed += !same;
			const char *title = cl_buf_str(&expr), *eol = strchr(title, '\n');
			printf("%sok %u - %s:%u %.*s%s\n", same ? "" : "not ", ntests, path, start,
			       (int)(eol ? eol - title : (long)strlen(title)), title, eol ? " ..." : "");
			if (!same) {
				printf("# expected:\n");
				print_commented(cl_buf_str(&want));
				printf("# got:\n");
				print_commented(cl_buf_str(&got));
			}
		}
		cl_buf_free(&expr);
		cl_buf_free(&shown);
		cl_buf_free(&want);
		cl_buf_free(&got);
	}
	free(text);
}

int main(int argc, char **argv)
{
	cl_arena_init(&arena);
	cl_diags d = { 0 };
	cl_eval_ctx ctx = { .arena = &arena, .diags = &d, .resolve = resolve, .file = cl_eval_file_default };
	bool check = false;
	int i = 1;
	fixtures(&ctx);
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-check") == 0) {
			check = true;
		} else if (strcmp(argv[i], "-C") == 0 && i + 1 < argc) {
			ctx.basedir = argv[++i];
		} else if (strcmp(argv[i], "-var") == 0 && i + 1 < argc && strchr(argv[i + 1], '=')) {
			char *eq = strchr(argv[++i], '=');
			*eq = 0;
			bind(argv[i], fixture(&ctx, eq + 1));
		} else {
			fprintf(stderr, "usage: evaltool [-check] [-C DIR] [-var NAME=EXPR]... FILE...\n");
			return 2;
		}
	}
	for (; i < argc; i++)
		run_file(&ctx, argv[i], check);
	if (check)
		printf("1..%u\n", ntests);
	cl_arena_free(&arena);
	return nfailed != 0;
}
