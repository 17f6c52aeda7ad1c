/* graph_cmd.c: `clicamosc graph`.  By default the configuration alone is
 * drawn, as Terraform >= 1.7 does: no state, no lock, no AWS, and a
 * variable nobody set is unknown.  -type=plan|apply|destroy draws the full
 * graphs of those commands, which need the values plan needs. */
#include "cli/cli.h"
#include "cli/pipeline.h"
#include "view/graph_export.h"
#include "plan/plan.h"

#include <string.h>

/* The configuration's graph: expanded as validate does (count over an
 * unknown value gives one instance of unknown key), data sources unread. */
static int config_graph(const command *c, const cl_args *a, const cl_graph_opts *go)
{
	cl_arena arena;
	cl_arena_init(&arena);
	cl_diags d = { 0 };
	const char *path = cli_path(a), *dir = cli_root_dir(&arena, path);
	cl_module *root = cl_config_load(&arena, path, &d);
	unsigned nargs;
	cl_var_arg *vargs = cli_var_args(&arena, a, &nargs);
	cl_value **inputs;
	cl_loc *locs;
	int rc = 1;
	if (!d.nerrors && cl_vars_collect(&arena, root, dir, vargs, nargs, &inputs, &locs, &d)) {
		cl_dag *g = cl_plan_evaluate(&arena, root, dir, inputs, locs, true, cli_workspace(), &d);
		if (!d.nerrors && cl_dag_order(g, &d))
			rc = cl_graph_export(stdout, g, go) == 0 ? 0 : 1;
	}
	if (cli_report(&d, a))
		rc = 1;
	cl_arena_free(&arena);
	return rc;
}

int cmd_graph(const command *c, const cl_args *a)
{
	if (cli_too_many(c, a, 1))
		return 1;
	static const char *const types[] = { [CL_GRAPH_PLAN] = "plan", [CL_GRAPH_APPLY] = "apply",
	                                     [CL_GRAPH_DESTROY] = "destroy" };
	const char *type = cl_args_value(a, "type"), *format = cl_args_value(a, "format");
	cl_graph_opts go = { .type = CL_GRAPH_CONFIG, .verbose = cl_args_flag(a, "verbose") };
	for (int t = CL_GRAPH_PLAN; type && t <= CL_GRAPH_DESTROY; t++)
		if (!strcmp(type, types[t]))
			go.type = (cl_graph_type)t;
	if (type && go.type == CL_GRAPH_CONFIG) {
		fprintf(stderr, "clicamosc graph: -type=%s: the types are plan, apply and destroy\n"
		                "  (without -type: the configuration alone, no variables needed)\n", type);
		return 1;
	}
	if (format && !strcmp(format, "mermaid"))
		go.format = CL_GRAPH_MERMAID;
	else if (format && strcmp(format, "dot")) {
		fprintf(stderr, "clicamosc graph: -format=%s: the formats are dot and mermaid\n", format);
		return 1;
	}
	if (go.type == CL_GRAPH_CONFIG)
		return config_graph(c, a, &go);
	/* The graph of what plan would do, from state as recorded: no AWS calls. */
	cli_run r;
	cli_run_opts o = { .lock_op = CL_LOCK_PLAN, .destroy = go.type == CL_GRAPH_DESTROY, .offline = true };
	int rc = 1;
	if (cli_run_prepare(&r, a, &o))
		rc = cl_graph_export(stdout, r.g, &go) == 0 ? 0 : 1;
	cl_diags_print(stderr, &r.d, cli_color(a));
	if (r.d.nerrors)
		rc = 1;
	cli_run_finish(&r);
	return rc;
}
