/* instance.c: aws_instance, one EC2 instance; waits until it is running. */
#include "executor/aws/provider.h"

static const cl_schema_attr root_attrs[] = {
	A_NUM("volume_size", OPT | COMP), A_STR("volume_type", OPT | COMP),
	A_DEF(CL_AT_BOOL, "delete_on_termination", 0, "true"),
	A_BOOL("encrypted", OPT | COMP), A_STR("device_name", COMP), A_STR("volume_id", COMP),
	A_END
};
static const cl_schema root = { root_attrs, NULL };
static const cl_schema_block blocks[] = {
	{ "root_block_device", CL_NEST_LIST, 0, 1, COMP, &root },
	{ NULL }
};
static const cl_schema_attr attrs[] = {
	A_STR("ami", REQ | NEW),
	A_STR("instance_type", REQ),
	A_STR("subnet_id", OPT | COMP | NEW),
	A_SET("vpc_security_group_ids", OPT | COMP),
	A_SET("security_groups", OPT | COMP | NEW),
	A_STR("key_name", OPT | COMP | NEW),
	A_DEF(CL_AT_BOOL, "source_dest_check", 0, "true"),
	{ "user_data", CL_AT_STRING, CL_AT_STRING, OPT | NEW | CL_SA_HASHED, NULL, NULL },
	A_STR("user_data_base64", OPT | NEW),
	A_BOOL("associate_public_ip_address", OPT | COMP | NEW),
	A_STR("private_ip", OPT | COMP | NEW),
	A_STR("availability_zone", OPT | COMP | NEW),
	A_STR("iam_instance_profile", OPT),
	A_BOOL("monitoring", OPT | COMP),
	A_BOOL("ebs_optimized", OPT | COMP | NEW),
	A_BOOL("disable_api_termination", OPT | COMP),
	A_STR("tenancy", OPT | COMP | NEW),
	A_MAP("volume_tags", OPT),
	A_TAGS, A_ID,
	A_STR("arn", COMP), A_STR("public_ip", COMP), A_STR("public_dns", COMP),
	A_STR("private_dns", COMP), A_STR("instance_state", COMP),
	A_STR("primary_network_interface_id", COMP), A_STR("placement_group", OPT | COMP | NEW),
	A_END
};
static const cl_schema schema = { attrs, blocks };

const cl_resource_type aws_instance_type = { "aws_instance", false, &schema, 30000, true, NULL };
