/* route_table.c: aws_route_table with its inline routes. */
#include "executor/aws/provider.h"

static const cl_schema_attr route_attrs[] = {
	A_STR("cidr_block", OPT), A_STR("ipv6_cidr_block", OPT),
	A_STR("gateway_id", OPT), A_STR("instance_id", OPT), A_STR("nat_gateway_id", OPT),
	A_STR("network_interface_id", OPT), A_STR("vpc_peering_connection_id", OPT),
	A_STR("egress_only_gateway_id", OPT), A_STR("transit_gateway_id", OPT),
	A_END
};
static const cl_schema route = { route_attrs, NULL };
static const cl_schema_block blocks[] = {
	{ "route", CL_NEST_SET, 0, 0, COMP, &route },
	{ NULL }
};
static const cl_schema_attr attrs[] = {
	A_STR("vpc_id", REQ | NEW),
	A_SET("propagating_vgws", OPT | COMP),
	A_TAGS, A_ID,
	A_STR("arn", COMP), A_STR("owner_id", COMP),
	A_END
};
static const cl_schema schema = { attrs, blocks };

const cl_resource_type aws_route_table_type = { "aws_route_table", false, &schema, 2000, false, NULL };
