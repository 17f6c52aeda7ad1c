/* config_cmds.c: the commands that read a configuration and touch no
 * state or AWS: validate, console, fmt. */
#include "cli/cli.h"
#include "cli/diag_json.h"
#include "cli/pipeline.h"
#include "compiler/load.h"
#include "compiler/refs.h"
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
 * nothing to free) when there are too many arguments.  may_be_empty: with
 * no PATH, a directory without configuration files is an empty module
 * (console, as terraform console, evaluates functions anywhere). */
static bool load(const command *c, const cl_args *a, loaded *l, bool may_be_empty)
{
	if (cli_too_many(c, a, 1))
		return false;
	cl_arena_init(&l->arena);
	l->d = (cl_diags){ 0 };
	const char *path = cli_path(a);
	l->dir = cli_root_dir(&l->arena, path);
	unsigned nfiles = 1;
	if (may_be_empty && !cl_args_npos(a)) {
		cl_diags quiet = { 0 };
		char **files = cl_load_list(path, &nfiles, &quiet);
		if (files)
			cl_load_list_free(files, nfiles);
		else
			nfiles = 0;
		cl_diags_free(&quiet);
	}
	if (nfiles) {
		l->root = cl_config_load(&l->arena, path, &l->d);
	} else {
		cl_diags quiet = { 0 };   /* its one error: no configuration files */
		l->root = cl_config_load(&l->arena, path, &quiet);
		cl_diags_free(&quiet);
	}
	return true;
}

int cmd_validate(const command *c, const cl_args *a)
{
	loaded l;
	if (!load(c, a, &l, false))
		return 1;
	if (!l.d.nerrors) {
		/* Like terraform validate: no input values; every variable is unknown. */
		cl_plan_validate(&l.arena, l.root, l.dir, &l.d);
	}
	int rc;
	if (cl_args_flag(a, "json")) {
		/* Terraform's validate -json: one document, diagnostics inside */
		json_t *diags = json_array();
		for (size_t i = 0; i < l.d.n; i++)
			json_array_append_new(diags, cli_diag_json(&l.d.v[i]));
		json_t *doc = json_pack("{s:s, s:b, s:I, s:I, s:o}", "format_version", "1.0", "valid", !l.d.nerrors,
		                        "error_count", (json_int_t)l.d.nerrors, "warning_count", (json_int_t)l.d.nwarnings,
		                        "diagnostics", diags);
		char *text = json_dumps(doc, JSON_INDENT(2));
		printf("%s\n", text);
		free(text);
		json_decref(doc);
		rc = l.d.nerrors ? 1 : 0;
		cl_diags_free(&l.d);
	} else {
		rc = cli_report(&l.d, a);
		if (rc == 0)
			printf("Success! The configuration is valid.\n");
	}
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

/* Does e refer to a required variable nobody set?  The error says so (its
 * value would print as "(known after apply)", which it is not). */
static bool unset_var(cl_arena *a, const cl_module *root, const bool *unset, const cl_expr *e, cl_diags *d)
{
	cl_refs refs = { 0 };
	cl_refs_expr(a, e, &refs);
	for (unsigned i = 0; i < refs.n; i++) {
		const cl_traversal *t = &refs.v[i].t;
		if (strcmp(t->root, "var") || !t->n || !t->steps[0].name)
			continue;
		for (unsigned k = 0; k < root->nvars; k++) {
			if (!unset[k] || strcmp(root->vars[k].name, t->steps[0].name))
				continue;
			cl_diag_error(d, cl_loc_range(refs.v[i].loc), "var.%s is not set: it is required and has no value",
			              root->vars[k].name);
			cl_diag_hint(d, "start the console with -var '%s=...' (or -var-file, TF_VAR_%s)", root->vars[k].name,
			             root->vars[k].name);
			return true;
		}
	}
	return false;
}

int cmd_console(const command *c, const cl_args *a)
{
	loaded l;
	if (!load(c, a, &l, true))
		return 1;
	cl_arena *arena = &l.arena;
	cl_diags *d = &l.d;
	unsigned nargs;
	cl_var_arg *vargs = cli_var_args(arena, a, &nargs);
	cl_value **inputs = NULL;
	cl_loc *locs = NULL;
	cl_dag *g = NULL;
	bool *unset = CL_NEWN(arena, bool, l.root->nvars + 1);
	if (!d->nerrors && cl_vars_collect(arena, l.root, l.dir, vargs, nargs, &inputs, &locs, d)) {
		/* Variables nobody set are unknown here rather than an error; an
		 * expression whose value that leaves unknown says so (below). */
		for (unsigned i = 0; i < l.root->nvars; i++)
			unset[i] = !inputs[i] && !l.root->vars[i].def;
		g = cl_plan_evaluate(arena, l.root, l.dir, inputs, locs, false, cli_workspace(), d);
	}
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
		if (v && !cl_value_is_wholly_known(v) && unset_var(arena, l.root, unset, e, &ed)) {
			rc = 1;
		} else if (v) {
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
	                        !w || !strcmp(w, "true"), cl_args_flag(a, "upgrade") ? cl_schema_fmt_block_args : NULL,
	                        cli_color(a), stdout, stderr);
	free(paths);
	return rc;
}
