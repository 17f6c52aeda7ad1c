/* common.c: helpers every command uses: colour, diagnostics, the PATH
 * argument, -var/-var-file in order, unset variables asked for. */
#include "cli/cli.h"
#include "compiler/eval.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

bool cli_color(const cl_args *a)
{
	const char *nc = getenv("NO_COLOR");
	return !(a && cl_args_flag(a, "no-color")) && !(nc && *nc) && isatty(2);
}

int cli_report(cl_diags *d, const cl_args *a)
{
	cl_diags_print(stderr, d, cli_color(a));
	int rc = d->nerrors ? 1 : 0;
	cl_diags_free(d);
	return rc;
}

const char *cli_path(const cl_args *a)
{
	return cl_args_npos(a) > 0 ? cl_args_pos(a, 0) : ".";
}

const char *cli_root_dir(cl_arena *a, const char *path)
{
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
		return path;
	const char *slash = strrchr(path, '/');
	return slash ? cl_arena_strndup(a, path, (size_t)(slash - path)) : ".";
}

bool cli_too_many(const command *c, const cl_args *a, int max)
{
	if (cl_args_npos(a) <= max)
		return false;
	fprintf(stderr, "clicamosc %s: too many arguments (\"%s\")\nusage: clicamosc %s %s\n",
	        c->name, cl_args_pos(a, max), c->name, c->usage);
	return true;
}

cl_var_arg *cli_var_args(cl_arena *ar, const cl_args *a, unsigned *n)
{
	cl_var_arg *v = CL_NEWN(ar, cl_var_arg, (size_t)a->n + 1);
	*n = 0;
	for (int i = 0; i < a->n; i++) {
		const cl_opt *o = a->v[i].opt;
		if (o && (!strcmp(o->name, "var") || !strcmp(o->name, "var-file")))
			v[(*n)++] = (cl_var_arg){ o->name[3] == '-', a->v[i].value };
	}
	return v;
}

bool cli_may_ask(const cl_args *a)
{
	const char *in = cl_args_value(a, "input"), *env = getenv("TF_INPUT");
	if ((in && !strcmp(in, "false")) || (env && (!strcmp(env, "0") || !strcasecmp(env, "false"))))
		return false;
	return isatty(0);
}

bool cli_prompt_unset(cl_arena *ar, const cl_module *root, cl_value **inputs, cl_loc *locs, const cl_args *a,
                      cl_diags *d)
{
	bool ask = cli_may_ask(a);
	for (unsigned i = 0; ask && i < root->nvars; i++) {
		const cl_variable *v = &root->vars[i];
		if (inputs[i] || v->def)
			continue;
		printf("var.%s\n", v->name);
		cl_diags quiet = { 0 };
		cl_eval_ctx ctx = { .arena = ar, .diags = &quiet };
		cl_value *desc = v->description ? cl_eval(&ctx, v->description) : NULL;
		if (desc && desc->kind == CL_V_STRING)
			printf("  %s\n", desc->u.str.s);
		cl_diags_free(&quiet);
		printf("\n  Enter a value: ");
		fflush(stdout);
		char line[65536];
		if (!fgets(line, sizeof line, stdin))
			return true;   /* end of input: the walk says the variable has no value */
		line[strcspn(line, "\n")] = 0;
		printf("\n");
		inputs[i] = cl_vars_parse(ar, v, line, cl_arena_printf(ar, "var.%s (typed)", v->name), &locs[i], d);
		if (!inputs[i])
			return false;
	}
	return true;
}

void cli_diags_compact(FILE *f, const cl_diags *d)
{
	fprintf(f, "\nWarnings:\n\n");
	for (size_t i = 0; i < d->n; i++) {
		const cl_diag *g = &d->v[i];
		fprintf(f, "- %s\n", g->msg);
		if (g->range.src)
			fprintf(f, "  on %s line %u\n", g->range.src->name, cl_source_pos(g->range.src, g->range.start).line);
	}
	fprintf(f, "\nTo see the full warning notes, run clicamosc without -compact-warnings.\n");
}
