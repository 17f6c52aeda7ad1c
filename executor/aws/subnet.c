/* subnet.c: aws_subnet, a range of a VPC in one availability zone. */
#include "executor/aws/resource.h"

#include <string.h>

static const cl_schema_attr attrs[] = {
	A_STR("vpc_id", REQ | NEW),
	A_STR("cidr_block", REQ | NEW),
	A_STR("availability_zone", OPT | COMP | NEW),
	A_STR("availability_zone_id", OPT | COMP | NEW),
	A_DEF(CL_AT_BOOL, "map_public_ip_on_launch", 0, "false"),
	A_DEF(CL_AT_BOOL, "assign_ipv6_address_on_creation", NEW, "false"),
	A_STR("ipv6_cidr_block", OPT | COMP | NEW),
	A_TAGS, A_ID,
	A_STR("arn", COMP), A_STR("owner_id", COMP),
	A_END
};
static const cl_schema schema = { attrs, NULL };

static bool load(aws_op *op, const cl_value *base, bool fresh, cl_value **state)
{
	aws_xml *x, *s;
	*state = NULL;
	if (!aws_describe_one(op, "DescribeSubnets", "SubnetId.1", aws_str(base, "id"), "subnetSet", fresh, &x, &s))
		return false;
	if (s) {
		aws_obj *o = aws_obj_new(op, &schema, base);
		static const char *const fields[][2] = {
			{ "id", "subnetId" }, { "vpc_id", "vpcId" }, { "cidr_block", "cidrBlock" },
			{ "availability_zone", "availabilityZone" }, { "availability_zone_id", "availabilityZoneId" },
			{ "map_public_ip_on_launch", "mapPublicIpOnLaunch" }, { "arn", "subnetArn" },
			{ "owner_id", "ownerId" }, { "assign_ipv6_address_on_creation", "assignIpv6AddressOnCreation" },
		};
		for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
			aws_obj_x(o, fields[i][0], s, fields[i][1]);
		aws_obj_x(o, "ipv6_cidr_block", aws_xml_first(aws_xml_child(s, "ipv6CidrBlockAssociationSet")), "ipv6CidrBlock");
		aws_obj_tags_xml(o, aws_xml_child(s, "tagSet"));
		*state = aws_obj_done(o);
	}
	aws_xml_free(x);
	return true;
}

static bool read(aws_op *op, const cl_value *prior, cl_value **state)
{
	return load(op, prior, false, state);
}

static bool set_public(aws_op *op, const char *id, bool on)
{
	aws_params *p = aws_op_params(AWS_EC2, true);
	aws_params_add(p, "SubnetId", id);
	aws_params_bool(p, "MapPublicIpOnLaunch.Value", on);
	return aws_op_call(op, "ModifySubnetAttribute", p, NULL, NULL);
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	static const char *const args[][2] = {
		{ "vpc_id", "VpcId" }, { "cidr_block", "CidrBlock" }, { "availability_zone", "AvailabilityZone" },
		{ "availability_zone_id", "AvailabilityZoneId" }, { "ipv6_cidr_block", "Ipv6CidrBlock" },
	};
	aws_params *p = aws_params_new(AWS_EC2);
	for (size_t i = 0; i < sizeof args / sizeof args[0]; i++)
		if (aws_str(cfg, args[i][0]))
			aws_params_add(p, args[i][1], aws_str(cfg, args[i][0]));
	aws_tags_spec(op, p, "subnet", cfg);
	/* its CIDR block taken: by this very subnet when an answer was lost */
	static const char *const taken[] = { "InvalidSubnet.Conflict", NULL };
	*state = NULL;
	const char *id = aws_op_create_id(op, "CreateSubnet", p, "subnet/subnetId", taken, NULL, NULL);
	if (!id)
		return false;
	bool want = aws_bool(cfg, "map_public_ip_on_launch", false);
	bool ok = !want || set_public(op, id, true);
	if (!aws_created(op, ok, cfg, id, load, state))
		return false;
	/* AWS turns it on for a default VPC's subnets, and moto for the first
	 * subnet of a zone in any VPC: off when the configuration asks. */
	if (want || !aws_bool(*state, "map_public_ip_on_launch", false))
		return true;
	return set_public(op, id, false) && load(op, aws_with_id(op, cfg, id), true, state);
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	const char *id = aws_str(prior, "id");
	if (aws_changed(prior, cfg, "map_public_ip_on_launch") &&
	    !set_public(op, id, aws_bool(cfg, "map_public_ip_on_launch", false)))
		return false;
	if (!aws_tags_update(op, AWS_EC2, id, prior, cfg))
		return false;
	return load(op, aws_with_id(op, cfg, id), false, state);
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	static const char *const busy[] = { "DependencyViolation", NULL };
	return aws_delete_ec2(op, "DeleteSubnet", "SubnetId", aws_str(prior, "id"), busy, 600);
}

static bool find(aws_op *op, cl_value **state)
{
	return aws_find_ec2(op, "DescribeSubnets", NULL, "subnetSet", "subnetId", state);
}

static const aws_ops ops = { create, read, update, destroy, find };
const cl_resource_type aws_subnet_type = { "aws_subnet", false, &schema, 2000, false, &ops, 1 };
