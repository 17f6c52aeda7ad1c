/* common.c: helpers every command uses: colour, diagnostics, the PATH
 * argument, -var/-var-file in order, unset variables made unknown. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
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

