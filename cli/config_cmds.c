/* config_cmds.c: the commands that read a configuration and touch no
 * state or AWS: validate, console, fmt. */
#include "cli/cli.h"
#include "cli/pipeline.h"
#include "plan/plan.h"
#include "grammar/fmt.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The configuration validate or console reads, in an arena of its own. */
typedef struct loaded {
	cl_arena arena;
	cl_diags d;        /* the loading errors */
	const char *dir;   /* the root module's directory */
	cl_module *root;
} loaded;

/* Loads the configuration at the PATH argument into l; false (l untouched,
 * nothing to free) when there are too many arguments. */
static bool load(const command *c, const cl_args *a, loaded *l)
{
	if (cli_too_many(c, a, 1))
		return false;
	cl_arena_init(&l->arena);
	l->d = (cl_diags){ 0 };
	const char *path = cli_path(a);
	l->dir = cli_root_dir(&l->arena, path);
	l->root = cl_config_load(&l->arena, path, &l->d);
	return true;
}

int cmd_validate(const command *c, const cl_args *a)
{
	loaded l;
	if (!load(c, a, &l))
		return 1;
	if (!l.d.nerrors) {
		/* Like terraform validate: no input values; every variable is unknown. */
		cl_plan_validate(&l.arena, l.root, l.dir, &l.d);
	}
	int rc = cli_report(&l.d, a);
	if (rc == 0)
		printf("Success! The configuration is valid.\n");
	cl_arena_free(&l.arena);
	return rc;
}

/* Reads one expression: lines are joined while brackets are still open. */
static bool read_expression(FILE *in, cl_buf *b, bool prompt)
{
	cl_buf_reset(b);
	int depth = 0;
	char line[65536];
	for (;;) {
		if (prompt)
			fputs(depth ? "... " : "> ", stdout), fflush(stdout);
		if (!fgets(line, sizeof line, in))
			return b->len > 0;
		cl_buf_puts(b, line);
		bool in_str = false;
		for (const char *p = line; *p; p++) {
			if (*p == '"' && (p == line || p[-1] != '\\'))
				in_str = !in_str;
			else if (!in_str && strchr("([{", *p))
				depth++;
			else if (!in_str && strchr(")]}", *p))
				depth--;
		}
		if (depth <= 0)
			return true;
	}
}

int cmd_console(const command *c, const cl_args *a)
{
	loaded l;
	if (!load(c, a, &l))
		return 1;
	cl_arena *arena = &l.arena;
	cl_diags *d = &l.d;
	unsigned nargs;
	cl_var_arg *vargs = cli_var_args(arena, a, &nargs);
	cl_value **inputs = NULL;
	cl_loc *locs = NULL;
	cl_dag *g = NULL;
	/* console asks no AWS API, but reads the data sources that need no
	 * client (terraform_remote_state), as plan would; variables nobody set
	 * are unknown here rather than an error. */
	if (!d->nerrors && cl_vars_collect(arena, l.root, l.dir, vargs, nargs, &inputs, &locs, d))
		g = cl_plan_evaluate(arena, l.root, l.dir, inputs, locs, false, d);
	bool color = cli_color(a);
	cl_diags_print(stderr, d, color);
	if (d->nerrors) {
		cl_diags_free(d);
		cl_arena_free(arena);
		return 1;
	}
	cl_diags_free(d);
	bool tty = isatty(0);
	cl_buf in = CL_BUF_INIT;
	int rc = 0;
	for (unsigned n = 1; read_expression(stdin, &in, tty); n++) {
		size_t i = 0;
		while (i < in.len && strchr(" \t\r\n", in.data[i]))
			i++;
		if (i == in.len)
			continue;
		if (!strncmp(in.data + i, "exit", 4) && !in.data[i + 4 + strspn(in.data + i + 4, " \t\r\n")])
			break;
		cl_source *src = cl_source_new(cl_arena_printf(arena, "<console:%u>", n), in.data, in.len);
		cl_source_register(src);
		cl_diags ed = { 0 };
		cl_expr *e = cl_parse_expr(arena, src, &ed);
		cl_scope sc = { .mi = g->root, .root_dir = l.dir };
		cl_value *v = e ? cl_scope_eval(&sc, arena, &ed, e) : NULL;
		if (v) {
			cl_buf out = CL_BUF_INIT;
			cl_value_format(&out, v, 0);
			printf("%s\n", cl_buf_str(&out));
			cl_buf_free(&out);
		} else {
			rc = 1;
		}
		cl_diags_print(stderr, &ed, color);
		cl_diags_free(&ed);
		fflush(stdout);
	}
	cl_buf_free(&in);
	cl_arena_free(arena);
	return tty ? 0 : rc;
}

int cmd_fmt(const command *c, const cl_args *a)
{
	int n = cl_args_npos(a);
	char *dot = ".";
	char **paths = calloc((size_t)n + 1, sizeof *paths);
	for (int i = 0; i < n; i++)
		paths[i] = (char *)cl_args_pos(a, i);
	const char *w = cl_args_value(a, "write");
	int rc = cl_fmt_command(n ? paths : &dot, n ? (unsigned)n : 1, cl_args_flag(a, "check"), cl_args_flag(a, "diff"),
	                        !w || !strcmp(w, "true"), cl_args_flag(a, "upgrade"), cli_color(a), stdout, stderr);
	free(paths);
	return rc;
}
