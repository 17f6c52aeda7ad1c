/* internet_gateway.c: aws_internet_gateway, attached to at most one VPC. */
#include "executor/aws/provider.h"

static const cl_schema_attr attrs[] = {
	A_STR("vpc_id", OPT),
	A_TAGS, A_ID,
	A_STR("arn", COMP), A_STR("owner_id", COMP),
	A_END
};
static const cl_schema schema = { attrs, NULL };

const cl_resource_type aws_internet_gateway_type = { "aws_internet_gateway", false, &schema, 3000, false, NULL };
