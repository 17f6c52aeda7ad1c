/* eip.c: aws_eip, an Elastic IP, optionally associated with an instance. */
#include "executor/aws/provider.h"

static const cl_schema_attr attrs[] = {
	A_STR("instance", OPT | COMP),
	A_STR("network_interface", OPT | COMP),
	A_STR("associate_with_private_ip", OPT),
	A_STR("domain", OPT | COMP | NEW),
	A_BOOL("vpc", OPT | COMP | NEW),
	A_STR("public_ipv4_pool", OPT | COMP | NEW),
	A_TAGS, A_ID,
	A_STR("allocation_id", COMP), A_STR("association_id", COMP), A_STR("public_ip", COMP),
	A_STR("private_ip", COMP), A_STR("public_dns", COMP), A_STR("private_dns", COMP),
	A_END
};
static const cl_schema schema = { attrs, NULL };

const cl_resource_type aws_eip_type = { "aws_eip", false, &schema, 2000, false, NULL };
