/* data_subnet.c: data "aws_subnet" (the one subnet its arguments, tags and
 * filters pick), data "aws_subnets" (the ids of all that match) and the
 * deprecated data "aws_subnet_ids" (provider 3.x's name for the same, with
 * a required vpc_id and ids as a set), which warns. */
#include "executor/aws/resource.h"

static const cl_schema_block filter_blocks[] = {
	{ "filter", CL_NEST_SET, 0, 0, 0, &aws_filter_schema },
	{ NULL }
};

static const cl_schema_attr one_attrs[] = {
	A_STR("id", OPT | COMP), A_STR("availability_zone", OPT | COMP), A_STR("availability_zone_id", OPT | COMP),
	A_STR("cidr_block", OPT | COMP), A_BOOL("default_for_az", OPT | COMP), A_STR("ipv6_cidr_block", OPT | COMP),
	A_STR("state", OPT | COMP), A_MAP("tags", OPT | COMP), A_STR("vpc_id", OPT | COMP),
	A_STR("arn", COMP), A_BOOL("assign_ipv6_address_on_creation", COMP), A_NUM("available_ip_address_count", COMP),
	A_STR("ipv6_cidr_block_association_id", COMP), A_BOOL("map_public_ip_on_launch", COMP),
	A_STR("owner_id", COMP),
	A_END
};
static const cl_schema one_schema = { one_attrs, filter_blocks };

static const cl_schema_attr many_attrs[] = { A_ID, A_MAP("tags", OPT | COMP), A_LIST("ids", COMP), A_END };
static const cl_schema many_schema = { many_attrs, filter_blocks };

static const cl_schema_attr ids_attrs[] = {
	A_ID, A_STR("vpc_id", REQ), A_MAP("tags", OPT | COMP), A_SET("ids", COMP), A_END
};
static const cl_schema ids_schema = { ids_attrs, filter_blocks };

static const char *const one_filters[][2] = {
	{ "availability_zone", "availability-zone" }, { "availability_zone_id", "availability-zone-id" },
	{ "cidr_block", "cidr-block" }, { "default_for_az", "default-for-az" },
	{ "ipv6_cidr_block", "ipv6-cidr-block-association.ipv6-cidr-block" }, { "state", "state" },
	{ "vpc_id", "vpc-id" },
};

static bool read_one(aws_op *op, const cl_value *cfg, cl_value **state)
{
	aws_params *p = aws_params_new(AWS_EC2);
	if (aws_str(cfg, "id"))
		aws_params_add(p, "SubnetId.1", aws_str(cfg, "id"));
	for (size_t i = 0; i < sizeof one_filters / sizeof one_filters[0]; i++)
		aws_params_attr_filter(p, cfg, one_filters[i][0], one_filters[i][1]);
	aws_params_tag_filters(op, p, cfg);
	aws_params_filters(op, p, cfg);
	aws_xml *x;
	const aws_xml *s;
	*state = NULL;
	if (!aws_data_one(op, "DescribeSubnets", p, "subnetSet", "EC2 Subnet", &x, &s))
		return false;
	aws_obj *o = aws_obj_new(op, &one_schema, cfg);
	static const char *const fields[][2] = {
		{ "id", "subnetId" }, { "vpc_id", "vpcId" }, { "cidr_block", "cidrBlock" },
		{ "availability_zone", "availabilityZone" }, { "availability_zone_id", "availabilityZoneId" },
		{ "default_for_az", "defaultForAz" }, { "state", "state" }, { "arn", "subnetArn" },
		{ "assign_ipv6_address_on_creation", "assignIpv6AddressOnCreation" },
		{ "available_ip_address_count", "availableIpAddressCount" },
		{ "map_public_ip_on_launch", "mapPublicIpOnLaunch" }, { "owner_id", "ownerId" },
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		aws_obj_x(o, fields[i][0], s, fields[i][1]);
	const aws_xml *v6 = aws_xml_first(aws_xml_child(s, "ipv6CidrBlockAssociationSet"));
	aws_obj_x(o, "ipv6_cidr_block", v6, "ipv6CidrBlock");
	aws_obj_x(o, "ipv6_cidr_block_association_id", v6, "associationId");
	aws_obj_set(o, "tags", aws_tags_value(op->arena, aws_xml_child(s, "tagSet")));
	*state = aws_obj_done(o);
	aws_xml_free(x);
	return true;
}

/* The ids of every match, in AWS's order; id is the region, as the
 * provider's. */
static bool read_ids(aws_op *op, const cl_value *cfg, const cl_schema *schema, cl_value **state)
{
	aws_params *p = aws_params_new(AWS_EC2);
	aws_params_attr_filter(p, cfg, "vpc_id", "vpc-id");
	aws_params_tag_filters(op, p, cfg);
	aws_params_filters(op, p, cfg);
	aws_xml *x;
	*state = NULL;
	if (!aws_op_call_all(op, "DescribeSubnets", p, &x, NULL))
		return false;
	aws_obj *o = aws_obj_new(op, schema, cfg);
	aws_obj_str(o, "id", aws_client_region(op->client));
	aws_obj_xstrs(o, "ids", aws_xml_child(x, "subnetSet"), "subnetId");
	if (!aws_obj_get(o, "ids"))   /* none is an empty list, not null */
		aws_obj_set(o, "ids", schema == &ids_schema ? cl_value_set(op->arena, &cl_type_string, NULL, 0)
		                                            : cl_value_list(op->arena, &cl_type_string, NULL, 0));
	*state = aws_obj_done(o);
	aws_xml_free(x);
	return true;
}

static bool read_many(aws_op *op, const cl_value *cfg, cl_value **state)
{
	return read_ids(op, cfg, &many_schema, state);
}

/* Provider 3.x also failed when nothing matched; 4.x's alias kept that. */
static bool read_subnet_ids(aws_op *op, const cl_value *cfg, cl_value **state)
{
	if (!read_ids(op, cfg, &ids_schema, state))
		return false;
	const cl_value *ids = cl_value_get(*state, "ids");
	if (!ids || ids->n == 0) {
		*state = NULL;
		return aws_op_fail(op, "no matching EC2 Subnets found");
	}
	return true;
}

/* A data source is read, never created: create is the first read. */
static const aws_ops one_ops = { read_one, read_one, NULL, NULL, NULL };
static const aws_ops many_ops = { read_many, read_many, NULL, NULL, NULL };
static const aws_ops ids_ops = { read_subnet_ids, read_subnet_ids, NULL, NULL, NULL };
const cl_resource_type aws_subnet_data = { "aws_subnet", true, &one_schema, 1000, false, &one_ops };
const cl_resource_type aws_subnets_data = { "aws_subnets", true, &many_schema, 1000, false, &many_ops };
const cl_resource_type aws_subnet_ids_data = {
	"aws_subnet_ids", true, &ids_schema, 1000, false, &ids_ops,
	.deprecated = "aws_subnet_ids was removed in provider 5.0: use data \"aws_subnets\" with filter { name = \"vpc-id\", "
	"values = [...] }, whose ids is a list"
};
