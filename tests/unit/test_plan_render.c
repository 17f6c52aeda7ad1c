/* test_plan_render.c: the plan's text and -json renderings of hand-built
 * graphs against golden files in tests/unit/data/plan/, the counts, and
 * that a sensitive value never shows. */
#include "view/plan_render.h"
#include "compiler/rollout.h"
#include "tests/unit/dag_fixture.h"

static cl_arena arena;

static cl_dag *dag(void)
{
	cl_dag *g = CL_NEW(&arena, cl_dag);
	g->arena = &arena;
	return g;
}

static char *text(const cl_dag *g, bool color)
{
	cl_buf b = CL_BUF_INIT;
	cl_plan_render_opts o = { color };
	cl_plan_render(&b, g, &o);
	return cl_buf_steal(&b);
}

static char *json(const cl_dag *g)
{
	cl_buf b = CL_BUF_INIT;
	cl_plan_render_json(&b, g);
	return cl_buf_steal(&b);
}

static void check(const char *name, const cl_dag *g)
{
	char *t = text(g, false);
	golden(name, t);
	free(t);
}

static void counts(const cl_dag *g, unsigned add, unsigned change, unsigned destroy, const char *name)
{
	unsigned a, c, d;
	cl_plan_counts(g, &a, &c, &d);
	char what[128];
	snprintf(what, sizeof what, "%s: %u to add, %u to change, %u to destroy", name, add, change, destroy);
	ok(a == add && c == change && d == destroy, what);
}

/* No state: everything is created; unknowns, maps, lists, counted instances. */
static cl_dag *all_create(void)
{
	cl_dag *g = dag();
	cl_node *vpc = fixture_node(g, CL_N_RESOURCE, "aws_vpc.main", CL_ACT_CREATE, NULL,
	    "{'cidr_block':'172.31.0.0/16','enable_dns_hostnames':true,'id':'?','arn':'?','tags':{'Name':'main','Team':'web'}}");
	for (int i = 0; i < 2; i++) {
		cl_node *s = fixture_node(g, CL_N_RESOURCE, i ? "aws_subnet.public[1]" : "aws_subnet.public[0]", CL_ACT_CREATE,
		    NULL, i ? "{'vpc_id':'?','cidr_block':'172.31.1.0/24','availability_zone':'us-east-1b','id':'?'}"
		            : "{'vpc_id':'?','cidr_block':'172.31.0.0/24','availability_zone':'us-east-1a','id':'?'}");
		fixture_edge(g, s, vpc);
	}
	fixture_node(g, CL_N_RESOURCE, "aws_elb.app", CL_ACT_CREATE, NULL,
	    "{'name':'app','subnets':'?','security_groups':['sg-1','sg-2'],'idle_timeout':60,'id':'?','dns_name':'?',"
	    "'listener':[{'instance_port':80,'instance_protocol':'http','lb_port':80,'lb_protocol':'http'}],"
	    "'health_check':[{'target':'HTTP:80/','interval':30,'healthy_threshold':3,'unhealthy_threshold':2,'timeout':10}]}");
	fixture_node(g, CL_N_RESOURCE, "module.net.aws_vpc.inner", CL_ACT_CREATE, NULL, "{'cidr_block':'10.0.0.0/16','id':'?'}");
	cl_node *out = fixture_named(g, CL_N_OUTPUT, "output.vpc_id", NULL, "'?'");
	fixture_edge(g, out, vpc);
	fixture_named(g, CL_N_OUTPUT, "output.region", NULL, "'us-east-1'");
	fixture_named(g, CL_N_OUTPUT, "module.net.output.cidr", NULL, "'10.0.0.0/16'");
	fixture_named(g, CL_N_VAR, "var.ami", NULL, NULL);
	return g;
}

/* State matches configuration. */
static cl_dag *no_op(void)
{
	cl_dag *g = dag();
	const char *v = "{'cidr_block':'172.31.0.0/16','id':'vpc-1','arn':'arn:vpc-1','tags':{'Name':'main'}}";
	fixture_node(g, CL_N_RESOURCE, "aws_vpc.main", CL_ACT_NOOP, v, v);
	fixture_named(g, CL_N_OUTPUT, "output.vpc_id", "'vpc-1'", "'vpc-1'");
	return g;
}

/* In place: a changed number, map and set, a nested block, the rest hidden. */
static cl_dag *update(void)
{
	cl_dag *g = dag();
	fixture_node(g, CL_N_RESOURCE, "aws_elb.app", CL_ACT_UPDATE,
	    "{'name':'app','subnets':['subnet-1','subnet-2'],'security_groups':['sg-1','sg-2'],'instances':[],"
	    "'idle_timeout':60,'cross_zone_load_balancing':true,'id':'app','dns_name':'app.elb','tags':{'Env':'dev','Name':'app'},"
	    "'listener':[{'instance_port':80,'instance_protocol':'http','lb_port':80,'lb_protocol':'http'}],"
	    "'health_check':[{'target':'HTTP:80/','interval':30,'healthy_threshold':3,'unhealthy_threshold':2,'timeout':10}]}",
	    "{'name':'app','subnets':['subnet-1','subnet-2'],'security_groups':['sg-1','sg-3'],'instances':[],"
	    "'idle_timeout':120,'cross_zone_load_balancing':true,'id':'app','dns_name':'app.elb','tags':{'Name':'app','Team':'web'},"
	    "'listener':[{'instance_port':80,'instance_protocol':'http','lb_port':80,'lb_protocol':'http'}],"
	    "'health_check':[{'target':'HTTP:8080/','interval':30,'healthy_threshold':3,'unhealthy_threshold':2,'timeout':10}]}");
	fixture_node(g, CL_N_RESOURCE, "aws_instance.web", CL_ACT_UPDATE,
	    "{'ami':'ami-1','instance_type':'t2.micro','id':'i-1','private_ip':'10.0.0.5',"
	    "'user_data':'#!/bin/sh\\necho hello\\nrun app\\n'}",
	    "{'ami':'ami-1','instance_type':'t2.small','id':'i-1','private_ip':'10.0.0.5',"
	    "'user_data':'#!/bin/sh\\necho hello\\nrun app --fast\\n'}");
	return g;
}

/* Replacements: create-before-destroy (+/-, one of them implied), destroy
 * first (-/+), tainted; the attributes that force them marked. */
static cl_dag *replace(void)
{
	cl_dag *g = dag();
	cl_node *lc = fixture_replace(g, "aws_launch_configuration.app", true, "image_id",
	    "{'name':'app-lc-1','image_id':'ami-1','instance_type':'t2.micro','security_groups':['sg-1'],'id':'app-lc-1'}",
	    "{'name':'?','image_id':'ami-2','instance_type':'t2.micro','security_groups':['sg-1'],'id':'?'}");
	lc->cbd_implied = true;
	cl_node *asg = fixture_replace(g, "aws_autoscaling_group.app", true, "name",
	    "{'name':'app-lc-1','launch_configuration':'app-lc-1','min_size':1,'max_size':2,'desired_capacity':2,"
	    "'load_balancers':['app'],'vpc_zone_identifier':['subnet-3'],'id':'app-lc-1',"
	    "'tag':[{'key':'Name','value':'app','propagate_at_launch':true}]}",
	    "{'name':'?','launch_configuration':'?','min_size':1,'max_size':2,'desired_capacity':2,"
	    "'load_balancers':['app'],'vpc_zone_identifier':['subnet-3'],'id':'?',"
	    "'tag':[{'key':'Name','value':'app','propagate_at_launch':true}]}");
	asg->cbd = true;
	fixture_edge(g, asg, lc);
	fixture_replace(g, "aws_subnet.private[0]", false, "cidr_block",
	    "{'vpc_id':'vpc-1','cidr_block':'10.0.1.0/24','availability_zone':'us-east-1a','id':'subnet-1'}",
	    "{'vpc_id':'vpc-1','cidr_block':'10.0.9.0/24','availability_zone':'us-east-1a','id':'?'}");
	fixture_replace(g, "aws_vpc.main", false, "tainted",
	    "{'cidr_block':'10.0.0.0/16','id':'vpc-1','arn':'arn:vpc-1'}",
	    "{'cidr_block':'10.0.0.0/16','id':'?','arn':'?'}");
	cl_node *out = fixture_named(g, CL_N_OUTPUT, "output.group", "'app-lc-1'", "'?'");
	fixture_edge(g, out, asg);
	return g;
}

/* A rollout of a group scaled out to 3 (its refreshed desired_capacity)
 * beyond the configured 2: the steps give the sizes the apply will use. */
static cl_dag *carried(int elb)
{
	cl_dag *g = dag();
	cl_node *asg = fixture_replace(g, "aws_autoscaling_group.app", true, "launch_configuration",
	    "{'name':'app-1','launch_configuration':'app-lc-1','min_size':1,'max_size':4,'desired_capacity':3,"
	    "'load_balancers':['app'],'id':'app-1'}",
	    elb ? "{'name':'?','launch_configuration':'?','min_size':1,'max_size':4,'desired_capacity':2,"
	          "'wait_for_elb_capacity':2,'load_balancers':['app'],'id':'?'}"
	        : "{'name':'?','launch_configuration':'?','min_size':1,'max_size':4,'desired_capacity':2,"
	          "'load_balancers':[],'id':'?'}");
	asg->cbd = true;
	return g;
}

/* Objects in state the configuration no longer has. */
static cl_dag *orphans(void)
{
	cl_dag *g = dag();
	fixture_node(g, CL_N_RESOURCE, "aws_subnet.a[0]", CL_ACT_NOOP,
	    "{'vpc_id':'vpc-1','cidr_block':'10.0.0.0/24','id':'subnet-0'}", "{'vpc_id':'vpc-1','cidr_block':'10.0.0.0/24','id':'subnet-0'}");
	fixture_node(g, CL_N_DESTROY, "aws_subnet.a[2]", CL_ACT_DELETE,
	    "{'vpc_id':'vpc-1','cidr_block':'10.0.2.0/24','id':'subnet-2'}", NULL);
	fixture_node(g, CL_N_DESTROY, "aws_instance.old", CL_ACT_DELETE,
	    "{'ami':'ami-1','instance_type':'t2.micro','id':'i-9','tags':{'Name':'old'}}", NULL);
	cl_node *deposed = fixture_node(g, CL_N_DESTROY, "aws_instance.web", CL_ACT_DELETE,
	    "{'ami':'ami-1','instance_type':'t2.micro','id':'i-8'}", NULL);
	cl_dag_set_phase(g, deposed, CL_PHASE_DEPOSED, "1a2b3c4d");
	fixture_node(g, CL_N_DESTROY, "module.gone.aws_vpc.v", CL_ACT_DELETE, "{'cidr_block':'10.9.0.0/16','id':'vpc-9'}", NULL);
	fixture_named(g, CL_N_OUTPUT, "output.old_ip", "'10.0.0.9'", NULL);
	return g;
}

/* A data source whose configuration waits for apply, and one read now. */
static cl_dag *data_read(void)
{
	cl_dag *g = dag();
	fixture_node(g, CL_N_DATA, "data.aws_ami.app", CL_ACT_READ, NULL,
	    "{'owners':['self','?'],'most_recent':true,'id':'?','image_id':'?'}");
	fixture_node(g, CL_N_DATA, "data.aws_ami.base", CL_ACT_READ, NULL, "{'owners':['amazon'],'name_regex':'^al2'}");
	return g;
}

/* Only outputs change. */
static cl_dag *outputs_only(void)
{
	cl_dag *g = dag();
	fixture_named(g, CL_N_OUTPUT, "output.dns_name", "'a.elb'", "'b.elb'");
	fixture_named(g, CL_N_OUTPUT, "output.zones", NULL, "['us-east-1a','us-east-1b']");
	fixture_named(g, CL_N_OUTPUT, "output.same", "1", "1");
	return g;
}

/* Replacements without create_before_destroy of what serves traffic. */
static cl_dag *downtime(void)
{
	cl_dag *g = dag();
	fixture_replace(g, "aws_autoscaling_group.app", false, "name",
	    "{'name':'app','launch_configuration':'lc-1','min_size':1,'max_size':2,'id':'app'}",
	    "{'name':'app2','launch_configuration':'lc-1','min_size':1,'max_size':2,'id':'?'}");
	cl_node *web = fixture_replace(g, "aws_instance.web", false, "ami",
	    "{'ami':'ami-1','instance_type':'t2.micro','id':'i-1'}", "{'ami':'ami-2','instance_type':'t2.micro','id':'?'}");
	fixture_replace(g, "aws_instance.batch", false, "ami",
	    "{'ami':'ami-1','instance_type':'t2.micro','id':'i-2'}", "{'ami':'ami-2','instance_type':'t2.micro','id':'?'}");
	const char *elb = "{'name':'app','instances':['i-1'],'id':'app','listener':[{'instance_port':80,"
	                  "'instance_protocol':'http','lb_port':80,'lb_protocol':'http'}]}";
	cl_node *lb = fixture_node(g, CL_N_RESOURCE, "aws_elb.app", CL_ACT_UPDATE, elb,
	    "{'name':'app','instances':'?','id':'app','listener':[{'instance_port':80,"
	    "'instance_protocol':'http','lb_port':80,'lb_protocol':'http'}]}");
	cl_node *ids = fixture_named(g, CL_N_LOCAL, "local.web_ids", NULL, NULL);
	fixture_edge(g, lb, ids);
	fixture_edge(g, ids, web);
	return g;
}

/* A secret in a marked value, a schema-sensitive attribute and an output. */
static cl_dag *secrets(void)
{
	cl_dag *g = dag();
	fixture_node(g, CL_N_RESOURCE, "aws_instance.db", CL_ACT_UPDATE,
	    "{'ami':'ami-1','instance_type':'t2.micro','id':'i-1','admin_password':'hunter2-old',"
	    "'user_data':'!hunter2-in-user-data','tags':{'Name':'db','Token':'!hunter2-tag'}}",
	    "{'ami':'ami-1','instance_type':'t2.micro','id':'i-1','admin_password':'hunter2-new',"
	    "'user_data':'!hunter2-in-user-data','tags':{'Name':'db','Token':'!hunter2-tag2'}}");
	fixture_node(g, CL_N_RESOURCE, "aws_instance.new", CL_ACT_CREATE, NULL,
	    "{'ami':'ami-1','instance_type':'t2.micro','id':'?','admin_password':'hunter2-created','user_data':'!hunter2-ud'}");
	fixture_named(g, CL_N_OUTPUT, "output.password", NULL, "'!hunter2-output'");
	return g;
}

int main(void)
{
	cl_arena_init(&arena);
	fixture_register();
	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);

	cl_addr x;
	const char *err;
	ok(cl_addr_parse(&arena, "aws_vpc.main", &x, &err) && !*x.module && !x.npath, "root address has no module");
	ok(cl_addr_parse(&arena, "module.net.aws_subnet.a[1]", &x, &err) && !strcmp(x.module, "module.net"), "module.net");
	ok(cl_addr_parse(&arena, "module.a[\"x.y\"].asg.app.aws_launch_configuration.this", &x, &err) &&
	   !strcmp(x.module, "module.a[\"x.y\"].asg.app") && x.npath == 2 && !strcmp(x.path[1].kind, "asg"),
	   "module with a dotted key, then a kind instance");
	ok(cl_addr_parse(&arena, "module.net.var.cidr", &x, &err) && !strcmp(x.module, "module.net"), "a module's variable");
	ok(cl_addr_parse(&arena, "aws_subnet.a[\"x[1]\"]", &x, &err) && !strcmp(cl_addr_resource_str(&arena, &x), "aws_subnet.a"),
	   "a key holding '[': the resource is what is before the key");
	x.phase = CL_PHASE_DEPOSED;
	x.deposed = "0a1b2c3d";
	is_str(cl_addr_phase_str(&arena, &x), "aws_subnet.a[\"x[1]\"] (deposed 0a1b2c3d)", "a deposed object's step");

	cl_dag *g = all_create();
	check("create.txt", g);
	counts(g, 5, 0, 0, "all create");
	ok(cl_plan_has_changes(g), "all create has changes");

	g = no_op();
	check("noop.txt", g);
	counts(g, 0, 0, 0, "no-op");
	ok(!cl_plan_has_changes(g), "no-op has no changes");

	g = update();
	check("update.txt", g);
	counts(g, 0, 2, 0, "update");

	g = replace();
	check("replace.txt", g);
	counts(g, 4, 0, 4, "replace");
	char *j = json(g);
	golden("replace.jsonl", j);
	free(j);
	char *c = text(g, true);
	for (char *e; (e = strchr(c, '\x1b'));)   /* ESC shown as \e, for a readable golden file */
		memmove(e + 2, e + 1, strlen(e + 1) + 1), e[0] = '\\', e[1] = 'e';
	golden("replace-color.txt", c);
	free(c);

	g = carried(1);
	check("rollout-carried.txt", g);
	g = carried(0);
	check("rollout-carried-no-elb.txt", g);

	ok(cl_rollout_size_of(5, 2, 4, 2).start == 4 && cl_rollout_size_of(5, 2, 4, 2).gate == 4,
	   "carry-over: capped by max_size, and a gate for every instance counts every started one");
	ok(cl_rollout_size_of(3, 2, 4, 1).gate == 1 && cl_rollout_size_of(3, 2, 4, -1).gate == -1,
	   "carry-over: a gate for fewer than all, or none, is left as configured");
	ok(!cl_rollout_size_of(2, 2, 4, 2).carried && !cl_rollout_size_of(-1, 2, 4, 2).carried &&
	   cl_rollout_size_of(1, 2, 4, 2).start == 2, "no carry-over at or below the configured capacity, or unknown");

	g = orphans();
	check("orphans.txt", g);
	counts(g, 0, 0, 4, "orphans");
	j = json(g);
	golden("orphans.jsonl", j);
	free(j);

	g = data_read();
	check("data.txt", g);
	counts(g, 0, 0, 0, "data read");
	ok(cl_plan_has_changes(g), "a read deferred to apply is a change");

	g = outputs_only();
	check("outputs.txt", g);
	ok(cl_plan_has_changes(g), "an output change is a change");

	g = downtime();
	check("downtime.txt", g);
	j = json(g);
	golden("downtime.jsonl", j);
	ok(strstr(j, "aws_instance.web is replaced without create_before_destroy") != NULL,
	   "-json: the instance behind the ELB is flagged");
	ok(!strstr(j, "aws_instance.batch is replaced"), "-json: an instance outside any ELB is not");
	free(j);

	g = secrets();
	check("sensitive.txt", g);
	char *all[3] = { text(g, false), text(g, true), json(g) };
	for (int i = 0; i < 3; i++) {
		ok(!strstr(all[i], "hunter2"), i == 0 ? "no secret in text" : i == 1 ? "no secret in colour" : "no secret in -json");
		free(all[i]);
	}

	cl_arena_free(&arena);
	return tap_done();
}
