/* test_graph_export.c: the DOT of hand-built graphs, of each type, against
 * golden files in tests/unit/data/plan/, and dot rendering every one to SVG
 * and PNG without a word on stderr. */
#include "view/graph_export.h"
#include "tests/unit/dag_fixture.h"

static cl_arena arena;

static cl_dag *dag(void)
{
	cl_dag *g = CL_NEW(&arena, cl_dag);
	g->arena = &arena;
	return g;
}

static char *export(const cl_dag *g, cl_graph_opts o)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	ok(cl_graph_export(f, g, &o) == 0, "export succeeds");
	fclose(f);
	return text;
}

/* dot reads it and says nothing on stderr, for each output format. */
static void renders(const char *dot, const char *name)
{
	static const char *const formats[] = { "svg", "png" };
	for (int i = 0; i < 2; i++) {
		char in[] = "/tmp/cl_dot_XXXXXX", err[] = "/tmp/cl_dot_err_XXXXXX";
		FILE *f = fdopen(mkstemp(in), "w");
		fputs(dot, f);
		fclose(f);
		close(mkstemp(err));
		char cmd[256];
		snprintf(cmd, sizeof cmd, "dot -T%s '%s' > /dev/null 2> '%s'", formats[i], in, err);
		int rc = system(cmd);
		char *msg = tap_slurp(err, NULL);
		char what[128];
		snprintf(what, sizeof what, "%s renders as %s without warnings", name, formats[i]);
		if (!ok(rc == 0 && msg && !*msg, what))
			printf("# dot: %s\n", msg ? msg : "(no stderr)");
		free(msg);
		unlink(in);
		unlink(err);
	}
}

static void check(const cl_dag *g, cl_graph_opts o, const char *name)
{
	char *dot = export(g, o);
	golden(name, dot);
	renders(dot, name);
	free(dot);
}

/* The Mermaid text against its golden file (no Mermaid renderer is packaged
 * for Debian: the golden file pins the text, its syntax read against
 * Mermaid's flowchart grammar). */
static void mermaid(const cl_dag *g, cl_graph_opts o, const char *name)
{
	char *text = export(g, o);
	golden(name, text);
	free(text);
}

/* No state: a VPC, subnets reading it through a local, a module and a kind
 * instance as clusters, a data source read while planning, outputs. */
static cl_dag *fresh(void)
{
	cl_dag *g = dag();
	cl_node *ami = fixture_node(g, CL_N_DATA, "data.aws_ami.app", CL_ACT_READ, NULL, "{'owners':['self']}");
	cl_node *var = fixture_named(g, CL_N_VAR, "var.cidr", NULL, NULL);
	cl_node *vpc = fixture_node(g, CL_N_RESOURCE, "module.net.aws_vpc.main", CL_ACT_CREATE, NULL,
	                            "{'cidr_block':'10.0.0.0/16','id':'?'}");
	cl_node *mvar = fixture_named(g, CL_N_VAR, "module.net.var.cidr", NULL, NULL);
	fixture_edge(g, mvar, var);
	fixture_edge(g, vpc, mvar);
	cl_node *local = fixture_named(g, CL_N_LOCAL, "module.net.local.vpc_id", NULL, NULL);
	fixture_edge(g, local, vpc);
	cl_node *mout = fixture_named(g, CL_N_OUTPUT, "module.net.output.subnet_ids", NULL, NULL);
	for (int i = 0; i < 2; i++) {
		cl_node *s = fixture_node(g, CL_N_RESOURCE, i ? "module.net.aws_subnet.public[1]" : "module.net.aws_subnet.public[0]",
		                          CL_ACT_CREATE, NULL, "{'vpc_id':'?','cidr_block':'10.0.0.0/24','id':'?'}");
		fixture_edge(g, s, local);
		fixture_edge(g, mout, s);
	}
	cl_node *lc = fixture_node(g, CL_N_RESOURCE, "asg.app.aws_launch_configuration.this", CL_ACT_CREATE, NULL,
	                           "{'image_id':'?','instance_type':'t2.micro','id':'?'}");
	fixture_edge(g, lc, ami);
	cl_node *asg = fixture_node(g, CL_N_RESOURCE, "asg.app.aws_autoscaling_group.this", CL_ACT_CREATE, NULL,
	                            "{'launch_configuration':'?','min_size':1,'max_size':2,'id':'?'}");
	fixture_edge(g, asg, lc);
	fixture_edge(g, asg, mout);
	cl_node *out = fixture_named(g, CL_N_OUTPUT, "output.group", NULL, "'?'");
	fixture_edge(g, out, asg);
	return g;
}

/* With state: a new AMI replaces the launch configuration and the group,
 * create_before_destroy; the ELB is updated; an orphan goes. */
static cl_dag *rollout(void)
{
	cl_dag *g = dag();
	const char *elb = "{'name':'app','id':'app','idle_timeout':60,'listener':[{'instance_port':80,"
	                  "'instance_protocol':'http','lb_port':80,'lb_protocol':'http'}]}";
	cl_node *lb = fixture_node(g, CL_N_RESOURCE, "aws_elb.app", CL_ACT_UPDATE, elb, elb);
	cl_node *lc = fixture_replace(g, "aws_launch_configuration.app", true, "image_id",
	                              "{'image_id':'ami-1','instance_type':'t2.micro','id':'lc-1'}",
	                              "{'image_id':'ami-2','instance_type':'t2.micro','id':'?'}");
	lc->cbd_implied = true;
	cl_node *asg = fixture_replace(g, "aws_autoscaling_group.app", true, "name",
	                               "{'name':'lc-1','launch_configuration':'lc-1','min_size':1,'max_size':2,'id':'lc-1'}",
	                               "{'name':'?','launch_configuration':'?','min_size':1,'max_size':2,'id':'?'}");
	fixture_edge(g, asg, lc);
	fixture_edge(g, asg, lb);
	/* destroy.c's edges: the old group goes before the old configuration,
	 * which goes once the new group uses the new one. */
	fixture_edge(g, lc->pair, asg->pair);
	fixture_edge(g, lc->pair, asg);
	fixture_node(g, CL_N_DESTROY, "aws_instance.old", CL_ACT_DELETE, "{'ami':'ami-1','instance_type':'t2.micro','id':'i-9'}", NULL);
	cl_node *out = fixture_named(g, CL_N_OUTPUT, "output.group", "'lc-1'", "'?'");
	fixture_edge(g, out, asg);
	return g;
}

int main(void)
{
	cl_arena_init(&arena);
	fixture_register();

	cl_dag *g = fresh();
	check(g, (cl_graph_opts){ CL_GRAPH_PLAN }, "fresh-plan.dot");
	check(g, (cl_graph_opts){ CL_GRAPH_PLAN, .verbose = true }, "fresh-plan-verbose.dot");
	check(g, (cl_graph_opts){ CL_GRAPH_APPLY }, "fresh-apply.dot");
	check(g, (cl_graph_opts){ CL_GRAPH_APPLY, .verbose = true }, "fresh-apply-verbose.dot");
	check(g, (cl_graph_opts){ CL_GRAPH_DESTROY }, "fresh-destroy.dot");
	check(g, (cl_graph_opts){ CL_GRAPH_CONFIG }, "fresh-config.dot");
	mermaid(g, (cl_graph_opts){ CL_GRAPH_PLAN, CL_GRAPH_MERMAID }, "fresh-plan.mmd");
	g = rollout();
	check(g, (cl_graph_opts){ CL_GRAPH_PLAN }, "rollout-plan.dot");
	check(g, (cl_graph_opts){ CL_GRAPH_APPLY, .verbose = true }, "rollout-apply.dot");
	check(g, (cl_graph_opts){ CL_GRAPH_DESTROY }, "rollout-destroy.dot");
	mermaid(g, (cl_graph_opts){ CL_GRAPH_APPLY, CL_GRAPH_MERMAID }, "rollout-apply.mmd");

	FILE *full = fopen("/dev/full", "w");
	if (full) {
		ok(cl_graph_export(full, g, &(cl_graph_opts){ CL_GRAPH_PLAN }) == -1, "a failed write is reported");
		fclose(full);
	}
	cl_arena_free(&arena);
	return tap_done();
}
