/* route_table_association.c: aws_route_table_association, a subnet (or
 * gateway) using a route table. */
#include "executor/aws/provider.h"

static const cl_schema_attr attrs[] = {
	A_STR("subnet_id", OPT | NEW),
	A_STR("gateway_id", OPT | NEW),
	A_STR("route_table_id", REQ),
	A_ID,
	A_END
};
static const cl_schema schema = { attrs, NULL };

const cl_resource_type aws_route_table_association_type = {
	"aws_route_table_association", false, &schema, 1000, false, NULL
};
