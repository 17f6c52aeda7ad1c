/* data_vpc.c: data "aws_vpc": the one VPC that the id, the attribute
 * arguments (cidr_block, default, dhcp_options_id, state), tags and filter
 * blocks pick; no match, or several, is an error in the provider's words. */
#include "executor/aws/resource.h"

#include <string.h>

static const cl_schema_attr assoc_attrs[] = {
	A_STR("association_id", COMP), A_STR("cidr_block", COMP), A_STR("state", COMP), A_END
};
static const cl_schema assoc = { assoc_attrs, NULL };
static const cl_schema_block blocks[] = {
	{ "filter", CL_NEST_SET, 0, 0, 0, &aws_filter_schema },
	{ "cidr_block_associations", CL_NEST_LIST, 0, 0, COMP, &assoc },
	{ NULL }
};
static const cl_schema_attr attrs[] = {
	A_STR("id", OPT | COMP), A_STR("cidr_block", OPT | COMP), A_BOOL("default", OPT | COMP),
	A_STR("dhcp_options_id", OPT | COMP), A_STR("state", OPT | COMP), A_MAP("tags", OPT | COMP),
	A_STR("arn", COMP), A_BOOL("enable_dns_hostnames", COMP), A_BOOL("enable_dns_support", COMP),
	A_STR("instance_tenancy", COMP), A_STR("ipv6_association_id", COMP), A_STR("ipv6_cidr_block", COMP),
	A_STR("main_route_table_id", COMP), A_STR("owner_id", COMP),
	A_END
};
static const cl_schema schema = { attrs, blocks };

/* One more question about the VPC: the text at path in the answer. */
static bool ask(aws_op *op, const char *action, aws_params *p, const char *path, const char **out)
{
	aws_xml *x;
	if (!aws_op_call(op, action, p, &x, NULL))
		return false;
	const char *s = aws_xml_str(x, path);
	*out = s ? cl_arena_strdup(op->arena, s) : NULL;
	aws_xml_free(x);
	return true;
}

static bool read(aws_op *op, const cl_value *cfg, cl_value **state)
{
	aws_params *p = aws_params_new(AWS_EC2);
	if (aws_str(cfg, "id"))
		aws_params_add(p, "VpcId.1", aws_str(cfg, "id"));
	aws_params_attr_filter(p, cfg, "cidr_block", "cidr");
	aws_params_attr_filter(p, cfg, "default", "is-default");
	aws_params_attr_filter(p, cfg, "dhcp_options_id", "dhcp-options-id");
	aws_params_attr_filter(p, cfg, "state", "state");
	aws_params_tag_filters(op, p, cfg);
	aws_params_filters(op, p, cfg);
	aws_xml *x;
	const aws_xml *v;
	*state = NULL;
	if (!aws_data_one(op, "DescribeVpcs", p, "vpcSet", "EC2 VPC", &x, &v))
		return false;
	const char *id = cl_arena_strdup(op->arena, aws_xml_text(aws_xml_child(v, "vpcId")));
	aws_obj *o = aws_obj_new(op, &schema, cfg);
	static const char *const fields[][2] = {
		{ "id", "vpcId" }, { "cidr_block", "cidrBlock" }, { "default", "isDefault" },
		{ "dhcp_options_id", "dhcpOptionsId" }, { "state", "state" }, { "instance_tenancy", "instanceTenancy" },
		{ "owner_id", "ownerId" },
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		aws_obj_x(o, fields[i][0], v, fields[i][1]);
	const aws_xml *v6 = aws_xml_first(aws_xml_child(v, "ipv6CidrBlockAssociationSet"));
	aws_obj_x(o, "ipv6_cidr_block", v6, "ipv6CidrBlock");
	aws_obj_x(o, "ipv6_association_id", v6, "associationId");
	const aws_xml *set = aws_xml_child(v, "cidrBlockAssociationSet");
	cl_value **assocs = CL_NEWN(op->arena, cl_value *, aws_xml_count(set) + 1);
	size_t n = 0;
	aws_xml_each(a, set) {
		aws_obj *e = aws_obj_new(op, &assoc, NULL);
		aws_obj_x(e, "association_id", a, "associationId");
		aws_obj_x(e, "cidr_block", a, "cidrBlock");
		aws_obj_x(e, "state", a, "cidrBlockState/state");
		assocs[n++] = aws_obj_done(e);
	}
	aws_obj_block(o, "cidr_block_associations", assocs, n, NULL);
	const char *owner = aws_xml_str(v, "ownerId"), *region = aws_client_region(op->client);
	aws_obj_str(o, "arn", owner && region ? cl_arena_printf(op->arena, "arn:aws:ec2:%s:%s:vpc/%s", region, owner, id)
	                                      : NULL);
	aws_obj_set(o, "tags", aws_tags_value(op->arena, aws_xml_child(v, "tagSet")));
	aws_xml_free(x);
	bool ok = true;
	for (int i = 0; ok && i < 2; i++) {
		const char *attr = i ? "enableDnsHostnames" : "enableDnsSupport", *val;
		p = aws_params_new(AWS_EC2);
		aws_params_add(p, "VpcId", id);
		aws_params_add(p, "Attribute", attr);
		ok = ask(op, "DescribeVpcAttribute", p, cl_arena_printf(op->arena, "%s/value", attr), &val);
		if (ok)
			aws_obj_bool(o, i ? "enable_dns_hostnames" : "enable_dns_support", val && !strcmp(val, "true"));
	}
	const char *rtb = NULL;
	if (ok) {
		p = aws_params_new(AWS_EC2);
		aws_params_filter(p, "vpc-id", &id, 1);
		aws_params_filter(p, "association.main", (const char *const[]){ "true" }, 1);
		ok = ask(op, "DescribeRouteTables", p, "routeTableSet/item/routeTableId", &rtb);
	}
	aws_obj_str(o, "main_route_table_id", rtb);
	if (ok)
		*state = aws_obj_done(o);
	return ok;
}

/* A data source is read, never created: create is the first read. */
static const aws_ops ops = { read, read, NULL, NULL, NULL };
const cl_resource_type aws_vpc_data = { "aws_vpc", true, &schema, 1000, false, &ops };
