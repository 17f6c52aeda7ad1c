/* vpc.c: aws_vpc, a virtual private cloud.  Schema and operations; the
 * DNS attributes are separate calls, one attribute per call, as the API wants. */
#include "executor/aws/resource.h"

#include <string.h>

static const cl_schema_attr attrs[] = {
	A_STR("cidr_block", REQ | NEW),
	A_DEF(CL_AT_STRING, "instance_tenancy", NEW, "\"default\""),
	A_DEF(CL_AT_BOOL, "enable_dns_support", 0, "true"),
	A_BOOL("enable_dns_hostnames", OPT | COMP),
	A_DEF(CL_AT_BOOL, "assign_generated_ipv6_cidr_block", NEW, "false"),
	A_TAGS, A_ID,
	A_STR("arn", COMP), A_STR("owner_id", COMP), A_STR("main_route_table_id", COMP),
	A_STR("default_route_table_id", COMP), A_STR("default_security_group_id", COMP),
	A_STR("default_network_acl_id", COMP), A_STR("ipv6_cidr_block", COMP),
	A_END
};
static const cl_schema schema = { attrs, NULL };

static const char *const dns_attrs[][2] = {
	{ "enable_dns_support", "EnableDnsSupport" }, { "enable_dns_hostnames", "EnableDnsHostnames" },
};

static bool set_dns(aws_op *op, const char *id, int which, bool on, bool fresh)
{
	aws_params *p = aws_op_params(AWS_EC2, fresh);
	aws_params_add(p, "VpcId", id);
	char key[64];
	snprintf(key, sizeof key, "%s.Value", dns_attrs[which][1]);
	aws_params_bool(p, key, on);
	return aws_op_call(op, "ModifyVpcAttribute", p, NULL, NULL);
}

/* Hostnames need support: turn support on first, hostnames off first. */
static bool apply_dns(aws_op *op, const char *id, const cl_value *prior, const cl_value *cfg, bool fresh)
{
	bool support = aws_bool(cfg, "enable_dns_support", true);
	int order[2] = { support ? 0 : 1, support ? 1 : 0 };
	for (int k = 0; k < 2; k++) {
		int i = order[k];
		bool want = aws_bool(cfg, dns_attrs[i][0], i == 0);
		bool have = aws_bool(prior, dns_attrs[i][0], i == 0);
		if (want != have && !set_dns(op, id, i, want, fresh))
			return false;
	}
	return true;
}

/* The id of the first item under list of action filtered by vpc-id and one more filter. */
static const char *vpc_child(aws_op *op, const char *id, const char *action, const char *filter,
                             const char *value, const char *list, const char *field)
{
	aws_params *p = aws_params_new(AWS_EC2);
	aws_params_filter(p, "vpc-id", &id, 1);
	aws_params_filter(p, filter, &value, 1);
	aws_xml *x;
	if (!aws_op_call(op, action, p, &x, NULL))
		return NULL;
	const char *s = aws_xml_str(aws_xml_first(aws_xml_find(x, list)), field);
	s = cl_arena_strdup(op->arena, s ? s : "");
	aws_xml_free(x);
	return s;
}

/* The state from v (a DescribeVpcs item) and the VPC's main route table
 * and default security group; dns: read the DNS attributes as well (else
 * base's stand: on create, what apply_dns made them). */
static bool from_item(aws_op *op, const cl_value *base, const aws_xml *v, bool dns, bool fresh,
                      cl_value **state)
{
	const char *id = aws_xml_text(aws_xml_child(v, "vpcId"));
	aws_obj *o = aws_obj_new(op, &schema, base);
	aws_obj_x(o, "id", v, "vpcId");
	aws_obj_x(o, "cidr_block", v, "cidrBlock");
	aws_obj_x(o, "instance_tenancy", v, "instanceTenancy");
	aws_obj_x(o, "owner_id", v, "ownerId");
	const char *v6 = aws_xml_str(aws_xml_first(aws_xml_child(v, "ipv6CidrBlockAssociationSet")), "ipv6CidrBlock");
	aws_obj_str(o, "ipv6_cidr_block", v6);
	aws_obj_bool(o, "assign_generated_ipv6_cidr_block", v6 != NULL);
	aws_obj_tags_xml(o, aws_xml_child(v, "tagSet"));
	/* Not read: what apply_dns made them (AWS's defaults where the
	 * configuration leaves them to AWS). */
	for (int i = 0; !dns && i < 2; i++)
		aws_obj_bool(o, dns_attrs[i][0], aws_bool(base, dns_attrs[i][0], i == 0));
	bool ok = true;
	for (int i = 0; dns && ok && i < 2; i++) {
		aws_params *p = aws_op_params(AWS_EC2, fresh);
		aws_params_add(p, "VpcId", id);
		const char *attr = i ? "enableDnsHostnames" : "enableDnsSupport";
		aws_params_add(p, "Attribute", attr);
		aws_xml *x;
		ok = aws_op_call(op, "DescribeVpcAttribute", p, &x, NULL);
		if (ok) {
			char path[64];
			snprintf(path, sizeof path, "%s/value", attr);
			aws_obj_x(o, dns_attrs[i][0], x, path);
			aws_xml_free(x);
		}
	}
	const char *rtb = ok ? vpc_child(op, id, "DescribeRouteTables", "association.main", "true",
	                                 "routeTableSet", "routeTableId") : NULL;
	const char *sg = rtb ? vpc_child(op, id, "DescribeSecurityGroups", "group-name", "default",
	                                 "securityGroupInfo", "groupId") : NULL;
	if (!sg)
		return false;
	aws_obj_str(o, "main_route_table_id", rtb);
	aws_obj_str(o, "default_route_table_id", rtb);
	aws_obj_str(o, "default_security_group_id", sg);
	*state = aws_obj_done(o);
	return true;
}

static bool load(aws_op *op, const cl_value *base, bool fresh, cl_value **state)
{
	aws_xml *x, *v;
	*state = NULL;
	if (!aws_describe_one(op, "DescribeVpcs", "VpcId.1", aws_str(base, "id"), "vpcSet", fresh, &x, &v))
		return false;
	bool ok = !v || from_item(op, base, v, true, fresh, state);
	aws_xml_free(x);
	return ok;
}

static bool read(aws_op *op, const cl_value *prior, cl_value **state)
{
	return load(op, prior, false, state);
}

/* Is VPC id available?  x: the last answer (the caller frees it), v: the VPC in it. */
typedef struct seen {
	const char *id;
	aws_xml *x, *v;
} seen;

static int available(aws_op *op, void *ud)
{
	seen *s = ud;
	aws_xml_free(s->x);
	if (!aws_describe_one(op, "DescribeVpcs", "VpcId.1", s->id, "vpcSet", true, &s->x, &s->v))
		return -1;
	return s->v && strcmp(aws_xml_text(aws_xml_child(s->v, "state")), "available") == 0;
}

/* The state is the VPC as the wait saw it available, with the DNS
 * attributes as apply_dns made them: no reading back. */
static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	aws_params *p = aws_params_new(AWS_EC2);
	aws_params_add(p, "CidrBlock", aws_str(cfg, "cidr_block"));
	if (aws_str(cfg, "instance_tenancy"))
		aws_params_add(p, "InstanceTenancy", aws_str(cfg, "instance_tenancy"));
	if (aws_bool(cfg, "assign_generated_ipv6_cidr_block", false))
		aws_params_add(p, "AmazonProvidedIpv6CidrBlock", "true");
	aws_tags_spec(op, p, "vpc", cfg);
	*state = NULL;
	seen s = { aws_op_create_id(op, "CreateVpc", p, "vpc/vpcId", NULL, NULL, NULL), NULL, NULL };
	if (!s.id)
		return false;
	bool ok = aws_wait(op, "the VPC to become available", 600, available, &s) &&
	          apply_dns(op, s.id, NULL, cfg, true) &&
	          from_item(op, aws_with_id(op, cfg, s.id), s.v, false, true, state);
	aws_xml_free(s.x);
	return ok || aws_created(op, false, cfg, s.id, load, state);
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	const char *id = aws_str(prior, "id");
	if (!apply_dns(op, id, prior, cfg, false) || !aws_tags_update(op, AWS_EC2, id, prior, cfg))
		return false;
	return load(op, aws_with_id(op, cfg, id), false, state);
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	static const char *const busy[] = { "DependencyViolation", NULL };
	return aws_delete_ec2(op, "DeleteVpc", "VpcId", aws_str(prior, "id"), busy, 300);
}

static bool find(aws_op *op, cl_value **state)
{
	return aws_find_ec2(op, "DescribeVpcs", NULL, "vpcSet", "vpcId", state);
}

static const aws_ops ops = { create, read, update, destroy, find };
const cl_resource_type aws_vpc_type = { "aws_vpc", false, &schema, 3000, false, &ops, 1 };
