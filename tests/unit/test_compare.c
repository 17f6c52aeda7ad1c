/* test_compare.c: the one rule for a configured value against the value AWS
 * reports (compiler/compare.h), on the real schema tables of the types
 * where the oracles found it wrong, and the plan it leads to. */
#include "compiler/compare.h"
#include "compiler/plan.h"
#include "compiler/instance.h"
#include "executor/aws/provider.h"
#include "tests/unit/tap.h"

#include <stdlib.h>

static cl_arena arena;

/* Attributes of object type t that j leaves out, as null, all the way down
 * (a value of the type must have them all). */
static void fill(json_t *j, const cl_type *t)
{
	if (t->kind == CL_T_OBJECT && json_is_object(j)) {
		for (uint32_t i = 0; i < t->n; i++) {
			json_t *e = json_object_get(j, t->names[i]);
			if (!e)
				json_object_set_new(j, t->names[i], json_null());
			else
				fill(e, t->elems[i]);
		}
	} else if ((t->kind == CL_T_LIST || t->kind == CL_T_SET) && json_is_array(j)) {
		size_t i;
		json_t *e;
		json_array_foreach(j, i, e)
			fill(e, t->elem);
	}
}

/* A value of type t (NULL: as JSON implies) from JSON written with ' for ";
 * "?" is unknown. */
static cl_value *typed(const cl_type *t, const char *text)
{
	if (!strcmp(text, "'?'"))
		return cl_value_unknown(&arena, t);
	char *q = strdup(text);
	for (char *c = q; *c; c++)
		if (*c == '\'')
			*c = '"';
	json_t *j = json_loads(q, JSON_DECODE_ANY, NULL);
	const char *err = "bad JSON";
	if (j && t)
		fill(j, t);
	cl_value *v = j ? cl_value_from_json(&arena, j, t, &err) : NULL;
	if (!v) {
		fprintf(stderr, "test_compare: %s: %s\n", err, text);
		exit(2);
	}
	json_decref(j);
	free(q);
	return v;
}

static cl_value *val(const cl_schema *s, const char *json)
{
	return typed(cl_schema_type(&arena, s), json);
}

static bool attr_same(const cl_resource_type *rt, const char *name, const char *cfg, const char *old)
{
	const cl_schema_attr *sa = cl_schema_attr_find(rt->schema, name);
	if (!sa) {
		printf("# no attribute %s in %s\n", name, rt->name);
		return false;
	}
	const cl_type *t = cl_schema_attr_type(&arena, sa);
	return cl_compare_attr(&arena, sa, typed(t, cfg), old ? typed(t, old) : NULL);
}

/* The action a plan takes for cfg against the state old (objects of rt). */
static cl_action action(const cl_resource_type *rt, const char *cfg, const char *old, const char **reason)
{
	cl_dag *g = CL_NEW(&arena, cl_dag);
	g->arena = &arena;
	cl_node *nd = cl_dag_add(g, CL_N_RESOURCE, "x.y", g->root, 0, NULL);
	nd->config = val(rt->schema, cfg);
	nd->prior = val(rt->schema, old);
	cl_plan_instance(&arena, rt, nd, false);
	if (reason)
		*reason = nd->replace_reason;
	return nd->action;
}

static void optional_computed(void)
{
	const cl_resource_type *lc = &aws_launch_configuration_type;
	/* moto reports AssociatePublicIpAddress=false for a launch
	 * configuration that never set it; AWS may report true (the subnet's
	 * default).  Either way, left out keeps what AWS reports. */
	ok(attr_same(lc, "associate_public_ip_address", "null", "false"), "Optional+Computed left out: false kept");
	ok(attr_same(lc, "associate_public_ip_address", "null", "true"), "Optional+Computed left out: true kept");
	ok(!attr_same(lc, "associate_public_ip_address", "true", "false"), "Optional+Computed set: compared");
	ok(!attr_same(lc, "associate_public_ip_address", "'?'", "false"), "unknown is never the same");
	const char *lc_cfg = "{'image_id':'ami-1','instance_type':'t2.micro','security_groups':['sg-1'],"
	                     "'enable_monitoring':true}";
	const char *lc_old = "{'image_id':'ami-1','instance_type':'t2.micro','security_groups':['sg-1'],"
	                     "'enable_monitoring':true,'associate_public_ip_address':false,'name':'lc-1','id':'lc-1',"
	                     "'key_name':'','ebs_optimized':false,'placement_tenancy':'','spot_price':'','user_data':'',"
	                     "'iam_instance_profile':''}";
	is_int(action(lc, lc_cfg, lc_old, NULL), CL_ACT_NOOP, "the launch configuration moto reports plans no change");
}

static void defaults(void)
{
	const cl_resource_type *vpc = &aws_vpc_type;
	ok(attr_same(vpc, "assign_generated_ipv6_cidr_block", "null", "false"), "Optional with a default: null is the default");
	ok(!attr_same(vpc, "assign_generated_ipv6_cidr_block", "null", "true"), "... and differs from another value");
	ok(attr_same(vpc, "enable_dns_support", "null", "true"), "default true against true");
	ok(!attr_same(vpc, "enable_dns_support", "null", "false"), "default true against false");
	ok(!attr_same(vpc, "enable_dns_support", "null", NULL), "not recorded is null: the default true differs");
	const char *old = "{'cidr_block':'10.0.0.0/16','id':'vpc-1','assign_generated_ipv6_cidr_block':false,"
	                  "'enable_dns_support':true,'enable_dns_hostnames':false,'instance_tenancy':'default'}";
	const char *reason = NULL;
	is_int(action(vpc, "{'cidr_block':'10.0.0.0/16','assign_generated_ipv6_cidr_block':null}", old, &reason),
	       CL_ACT_NOOP, "assign_generated_ipv6_cidr_block = null plans no change");
	is_int(action(vpc, "{'cidr_block':'10.0.0.0/16','assign_generated_ipv6_cidr_block':true}", old, &reason),
	       CL_ACT_REPLACE, "= true still replaces");
	is_str(reason, "assign_generated_ipv6_cidr_block", "... because of that argument");
}

static void zero_values(void)
{
	const cl_resource_type *lc = &aws_launch_configuration_type;
	/* The provider's SDK records an unset string as "", a set as []. */
	ok(attr_same(lc, "iam_instance_profile", "null", "''"), "null and \"\" are one");
	ok(attr_same(lc, "iam_instance_profile", "''", "null"), "\"\" and null are one");
	ok(!attr_same(lc, "iam_instance_profile", "null", "'role'"), "null and a value differ");
	ok(attr_same(lc, "security_groups", "null", "[]"), "null and an empty set are one");
	ok(!attr_same(lc, "security_groups", "[]", "['sg-1']"), "an empty set and a full one differ");
	ok(attr_same(lc, "security_groups", "['sg-2','sg-1']", "['sg-1','sg-2']"), "sets ignore order");
}

static void set_blocks(void)
{
	const cl_resource_type *sg = &aws_security_group_type;
	const cl_schema_block *in = cl_schema_block_find(sg->schema, "ingress");
	const cl_schema *r = in->body;
	cl_value *rules[3] = {
		val(r, "{'from_port':22,'to_port':22,'protocol':'tcp','cidr_blocks':['0.0.0.0/0']}"),
		val(r, "{'from_port':1194,'to_port':1194,'protocol':'udp','cidr_blocks':['0.0.0.0/0']}"),
		val(r, "{'from_port':80,'to_port':80,'protocol':'tcp','cidr_blocks':['10.0.0.0/8']}"),
	};
	/* As Terraform records them: every argument, unset ones as zero values. */
	cl_value *recorded[2] = {
		val(r, "{'from_port':1194,'to_port':1194,'protocol':'udp','cidr_blocks':['0.0.0.0/0'],"
		       "'ipv6_cidr_blocks':[],'prefix_list_ids':[],'security_groups':[],'self':false,'description':''}"),
		val(r, "{'from_port':22,'to_port':22,'protocol':'TCP','cidr_blocks':['0.0.0.0/0'],"
		       "'ipv6_cidr_blocks':[],'prefix_list_ids':[],'security_groups':[],'self':false,'description':''}"),
	};
	const cl_type *t = cl_schema_type(&arena, r);
	cl_value *cfg = cl_value_list(&arena, t, rules, 2);   /* a list: the order is the configuration's */
	cl_value *old = cl_value_list(&arena, t, recorded, 2);
	ok(cl_compare_block(&arena, in, cfg, old), "set blocks: same rules in another order, zero values, case");
	cl_value *other[2] = { rules[0], rules[2] };
	ok(!cl_compare_block(&arena, in, cl_value_list(&arena, t, other, 2), old), "set blocks: a different rule");
	cl_value *twice[2] = { rules[0], rules[0] };
	ok(!cl_compare_block(&arena, in, cl_value_list(&arena, t, twice, 2), old),
	   "set blocks: each recorded rule pairs once");
	ok(!cl_compare_block(&arena, in, cl_value_list(&arena, t, rules, 1), old), "set blocks: fewer rules");
	ok(cl_compare_block(&arena, in, cl_value_list(&arena, t, NULL, 0), old),
	   "a Computed block left out keeps what AWS reports");
	const cl_schema_block *lst = cl_schema_block_find(aws_launch_configuration_type.schema, "root_block_device");
	const cl_type *bt = cl_schema_type(&arena, lst->body);
	cl_value *cfgd[1] = { val(lst->body, "{'volume_size':8}") };
	cl_value *oldd[1] = { val(lst->body, "{'volume_size':8,'volume_type':'gp2','encrypted':false,'iops':0,"
	                                     "'delete_on_termination':true}") };
	ok(cl_compare_block(&arena, lst, cl_value_list(&arena, bt, cfgd, 1), cl_value_list(&arena, bt, oldd, 1)),
	   "list blocks: Computed attributes inside left out, the default compared");
}

static void hashed(void)
{
	const cl_resource_type *lc = &aws_launch_configuration_type;
	ok(attr_same(lc, "user_data", "'hello'", "'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d'"),
	   "user_data against its SHA-1");
	ok(!attr_same(lc, "user_data", "'hello!'", "'aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d'"),
	   "other user_data against that SHA-1");
}

int main(void)
{
	cl_arena_init(&arena);
	optional_computed();
	defaults();
	zero_values();
	set_blocks();
	hashed();
	cl_arena_free(&arena);
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}
