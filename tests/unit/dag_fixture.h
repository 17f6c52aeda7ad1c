/* dag_fixture.h: small hand-built plans for the plan rendering and graph
 * export tests: cut-down resource schemas under the AWS type names, values
 * written as JSON, and golden-file comparison.  Not a test of its own. */
#ifndef CL_DAG_FIXTURE_H
#define CL_DAG_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "compiler/convert.h"
#include "compiler/dag.h"
#include "compiler/instance.h"
#include "tests/unit/tap.h"

#define S(n, f) { (n), CL_AT_STRING, CL_AT_STRING, (f), NULL, NULL }
#define N(n, f) { (n), CL_AT_NUMBER, CL_AT_NUMBER, (f), NULL, NULL }
#define B(n, f) { (n), CL_AT_BOOL, CL_AT_BOOL, (f), NULL, NULL }
#define L(n, f) { (n), CL_AT_LIST, CL_AT_STRING, (f), NULL, NULL }
#define SET(n, f) { (n), CL_AT_SET, CL_AT_STRING, (f), NULL, NULL }
#define M(n, f) { (n), CL_AT_MAP, CL_AT_STRING, (f), NULL, NULL }
#define OPT CL_SA_OPTIONAL
#define COMP (CL_SA_OPTIONAL | CL_SA_COMPUTED)
#define NEW CL_SA_FORCE_NEW

static const cl_schema_attr vpc_attrs[] = {
	S("cidr_block", NEW), B("enable_dns_hostnames", OPT), S("id", COMP), S("arn", COMP), M("tags", OPT), { NULL } };
static const cl_schema vpc_schema = { vpc_attrs, NULL };
static const cl_schema_attr subnet_attrs[] = {
	S("vpc_id", NEW), S("cidr_block", NEW), S("availability_zone", COMP | NEW), S("id", COMP), { NULL } };
static const cl_schema subnet_schema = { subnet_attrs, NULL };
static const cl_schema_attr listener_attrs[] = {
	N("instance_port", 0), S("instance_protocol", 0), N("lb_port", 0), S("lb_protocol", 0), { NULL } };
static const cl_schema listener_schema = { listener_attrs, NULL };
static const cl_schema_attr check_attrs[] = {
	S("target", 0), N("interval", 0), N("healthy_threshold", 0), N("unhealthy_threshold", 0), N("timeout", 0), { NULL } };
static const cl_schema check_schema = { check_attrs, NULL };
static const cl_schema_block elb_blocks[] = {
	{ "listener", CL_NEST_SET, 1, 0, 0, &listener_schema },
	{ "health_check", CL_NEST_LIST, 0, 1, CL_SA_COMPUTED, &check_schema }, { NULL } };
static const cl_schema_attr elb_attrs[] = {
	S("name", COMP | NEW), SET("subnets", COMP), SET("security_groups", COMP), SET("instances", COMP),
	N("idle_timeout", OPT), B("cross_zone_load_balancing", OPT), S("dns_name", COMP), S("id", COMP),
	M("tags", OPT), { NULL } };
static const cl_schema elb_schema = { elb_attrs, elb_blocks };
static const cl_schema_attr lc_attrs[] = {
	S("name", COMP | NEW), S("image_id", NEW), S("instance_type", NEW), SET("security_groups", NEW),
	S("user_data", OPT | NEW), S("id", COMP), { NULL } };
static const cl_schema lc_schema = { lc_attrs, NULL };
static const cl_schema_attr tag_attrs[] = { S("key", 0), S("value", 0), B("propagate_at_launch", 0), { NULL } };
static const cl_schema tag_schema = { tag_attrs, NULL };
static const cl_schema_block asg_blocks[] = { { "tag", CL_NEST_SET, 0, 0, 0, &tag_schema }, { NULL } };
static const cl_schema_attr asg_attrs[] = {
	S("name", COMP | NEW), S("launch_configuration", 0), N("min_size", 0), N("max_size", 0),
	N("desired_capacity", COMP), SET("load_balancers", COMP), SET("vpc_zone_identifier", COMP), S("id", COMP),
	N("wait_for_elb_capacity", OPT),
	{ NULL } };
static const cl_schema asg_schema = { asg_attrs, asg_blocks };
static const cl_schema_attr instance_attrs[] = {
	S("ami", NEW), S("instance_type", 0), S("id", COMP), S("private_ip", COMP), S("user_data", OPT | NEW),
	S("admin_password", OPT | CL_SA_SENSITIVE), M("tags", OPT), { NULL } };
static const cl_schema instance_schema = { instance_attrs, NULL };
static const cl_schema_attr ami_attrs[] = {
	L("owners", OPT), B("most_recent", OPT), S("name_regex", OPT), S("id", COMP), S("image_id", COMP), { NULL } };
static const cl_schema ami_schema = { ami_attrs, NULL };

static const cl_resource_type fixture_types[] = {
	{ "aws_vpc", false, &vpc_schema, 3000, false, NULL },
	{ "aws_subnet", false, &subnet_schema, 2000, false, NULL },
	{ "aws_elb", false, &elb_schema, 5000, true, NULL, .balancer_members = "instances" },
	{ "aws_launch_configuration", false, &lc_schema, 1000, false, NULL },
	{ "aws_autoscaling_group", false, &asg_schema, 120000, true, NULL, .group_rollout = true },
	{ "aws_instance", false, &instance_schema, 30000, true, NULL, .serves_when_balanced = true },
	{ "aws_ami", true, &ami_schema, 1000, false, NULL },
};

static void fixture_register(void)
{
	for (unsigned i = 0; i < sizeof fixture_types / sizeof *fixture_types; i++)
		cl_schema_register(&fixture_types[i]);
}

/* The type named in an instance address: the step before the name. */
static const cl_resource_type *fixture_type(const char *addr)
{
	char buf[256];
	snprintf(buf, sizeof buf, "%s", addr);
	buf[strcspn(buf, "[ ")] = 0;
	char *name = strrchr(buf, '.');
	*name = 0;
	char *type = strrchr(buf, '.');
	type = type ? type + 1 : buf;
	bool data = type - buf >= 5 && !strncmp(type - 5, "data.", 5);
	return cl_schema_find(type, data);
}

/* Every attribute and block of s that j lacks, as null (JSON can leave
 * them out; a value of the schema's type cannot). */
static void fill(json_t *j, const cl_schema *s)
{
	if (!json_is_object(j))
		return;
	for (const cl_schema_attr *sa = s->attrs; sa->name; sa++)
		if (!json_object_get(j, sa->name))
			json_object_set_new(j, sa->name, json_null());
	for (const cl_schema_block *sb = s->blocks; sb && sb->name; sb++) {
		json_t *v = json_object_get(j, sb->name);
		size_t i;
		json_t *e;
		if (!v)
			json_object_set_new(j, sb->name, json_array());
		json_array_foreach(v, i, e)
			fill(e, sb->body);
	}
}

/* "?" is unknown; "!text" is text marked sensitive. */
static cl_value *marks(cl_arena *a, cl_value *v)
{
	if (v->kind == CL_V_STRING && !strcmp(v->u.str.s, "?"))
		return cl_value_unknown(a, NULL);
	if (v->kind == CL_V_STRING && v->u.str.s[0] == '!')
		return cl_value_mark(a, cl_value_cstr(a, v->u.str.s + 1), CL_MARK_SENSITIVE);
	if (!cl_value_is_seq(v) && !cl_value_is_mapping(v))
		return v;
	cl_value **e = CL_NEWN(a, cl_value *, v->n + 1);
	for (uint32_t i = 0; i < v->n; i++)
		e[i] = marks(a, v->u.c.v[i]);
	switch (v->kind) {
	case CL_V_LIST: return cl_value_list(a, v->type->elem, e, v->n);
	case CL_V_SET: return cl_value_set(a, v->type->elem, e, v->n);
	case CL_V_MAP: return cl_value_map(a, v->type->elem, v->u.c.keys, e, v->n);
	case CL_V_OBJECT: return cl_value_object(a, v->u.c.keys, e, v->n);
	default: return cl_value_tuple(a, e, v->n);
	}
}

/* A value from JSON written with ' for " (NULL stays NULL), of schema s's
 * object type when s is given. */
static cl_value *fixture_value(cl_arena *a, const cl_schema *s, const char *text)
{
	if (!text)
		return NULL;
	char *t = strdup(text);
	for (char *c = t; *c; c++)
		if (*c == '\'')
			*c = '"';
	json_error_t je;
	json_t *j = json_loads(t, JSON_DECODE_ANY, &je);
	if (!j) {
		fprintf(stderr, "fixture: bad JSON: %s: %s\n", je.text, text);
		exit(2);
	}
	if (s)
		fill(j, s);
	const char *err = NULL;
	cl_value *v = marks(a, cl_value_from_json(a, j, NULL, &err));
	if (s && !(v = cl_convert(a, v, cl_schema_type(a, s), &err))) {
		fprintf(stderr, "fixture: %s: %s\n", err, text);
		exit(2);
	}
	json_decref(j);
	free(t);
	return v;
}

/* A resource, data source or destroy node with its values. */
static cl_node *fixture_node(cl_dag *g, cl_node_kind k, const char *addr, cl_action act, const char *prior,
                             const char *planned)
{
	const cl_resource_type *rt = fixture_type(addr);
	cl_node *nd = cl_dag_add(g, k, addr, g->root, 0, NULL);
	nd->action = act;
	nd->prior = fixture_value(g->arena, rt->schema, prior);
	nd->planned = fixture_value(g->arena, rt->schema, planned);
	nd->config = nd->planned;
	return nd;
}

/* An output, variable or local; outputs carry their values. */
static cl_node *fixture_named(cl_dag *g, cl_node_kind k, const char *addr, const char *prior, const char *planned)
{
	cl_node *nd = cl_dag_add(g, k, addr, g->root, 0, NULL);
	nd->prior = fixture_value(g->arena, NULL, prior);
	nd->planned = fixture_value(g->arena, NULL, planned);
	return nd;
}

static void fixture_edge(cl_dag *g, cl_node *from, cl_node *to)
{
	cl_loc none = { 0 };
	cl_dag_edge(g, from, to, none);
}

/* A replacement: its RESOURCE node, and the DESTROY node destroy.c adds. */
static cl_node *fixture_replace(cl_dag *g, const char *addr, bool cbd, const char *reason, const char *prior,
                                const char *planned)
{
	cl_node *nd = fixture_node(g, CL_N_RESOURCE, addr, CL_ACT_REPLACE, prior, planned);
	nd->cbd = cbd;
	nd->replace_reason = reason;
	cl_node *d = cl_dag_add(g, CL_N_DESTROY, addr, g->root, 0, NULL);
	cl_dag_set_phase(g, d, CL_PHASE_DESTROY, NULL);
	d->action = CL_ACT_DELETE;
	d->prior = nd->prior;
	d->pair = nd, nd->pair = d;
	if (cbd)
		fixture_edge(g, d, nd);
	else
		fixture_edge(g, nd, d);
	return nd;
}

/* got against tests/unit/data/plan/name; a difference is shown as a diff.
 * CL_GOLDEN_UPDATE=1 rewrites the file instead (review it, then commit). */
static void golden(const char *name, const char *got)
{
	char path[512], tmp[] = "/tmp/cl_golden_XXXXXX";
	const char *top = getenv("TOP");
	snprintf(path, sizeof path, "%s/tests/unit/data/plan/%s", top ? top : ".", name);
	if (getenv("CL_GOLDEN_UPDATE")) {
		FILE *f = fopen(path, "wb");
		fputs(got, f);
		fclose(f);
	}
	char *want = tap_slurp(path, NULL);
	bool same = want && !strcmp(want, got);
	tap_ok(same, __FILE__, __LINE__, name);
	if (!same) {
		int fd = mkstemp(tmp);
		FILE *f = fdopen(fd, "wb");
		fputs(got, f);
		fclose(f);
		char cmd[1200];
		snprintf(cmd, sizeof cmd, "diff -u '%s' '%s' | sed 's/^/# /'", path, tmp);
		fflush(stdout);
		if (system(cmd) < 0)
			printf("# could not run diff\n");
		unlink(tmp);
	}
	free(want);
}

#endif
