/* subnet.c: aws_subnet, a range of a VPC in one availability zone. */
#include "executor/aws/provider.h"

static const cl_schema_attr attrs[] = {
	A_STR("vpc_id", REQ | NEW),
	A_STR("cidr_block", REQ | NEW),
	A_STR("availability_zone", OPT | COMP | NEW),
	A_STR("availability_zone_id", OPT | COMP | NEW),
	A_DEF(CL_AT_BOOL, "map_public_ip_on_launch", 0, "false"),
	A_DEF(CL_AT_BOOL, "assign_ipv6_address_on_creation", 0, "false"),
	A_STR("ipv6_cidr_block", OPT),
	A_TAGS, A_ID,
	A_STR("arn", COMP), A_STR("owner_id", COMP),
	A_END
};
static const cl_schema schema = { attrs, NULL };

const cl_resource_type aws_subnet_type = { "aws_subnet", false, &schema, 2000, false, NULL };
