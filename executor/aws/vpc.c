/* vpc.c: aws_vpc, a virtual private cloud.  Schema and operations. */
#include "executor/aws/provider.h"

static const cl_schema_attr attrs[] = {
	A_STR("cidr_block", REQ | NEW),
	A_DEF(CL_AT_STRING, "instance_tenancy", NEW, "\"default\""),
	A_DEF(CL_AT_BOOL, "enable_dns_support", 0, "true"),
	A_DEF(CL_AT_BOOL, "enable_dns_hostnames", 0, "false"),
	A_DEF(CL_AT_BOOL, "assign_generated_ipv6_cidr_block", 0, "false"),
	A_TAGS, A_ID,
	A_STR("arn", COMP), A_STR("owner_id", COMP), A_STR("main_route_table_id", COMP),
	A_STR("default_route_table_id", COMP), A_STR("default_security_group_id", COMP),
	A_STR("default_network_acl_id", COMP), A_STR("ipv6_cidr_block", COMP),
	A_END
};
static const cl_schema schema = { attrs, NULL };

const cl_resource_type aws_vpc_type = { "aws_vpc", false, &schema, 3000, false, NULL };
