/* launch_configuration.c: aws_launch_configuration.  Immutable in AWS, so
 * every argument forces replacement; name_prefix gives unique names. */
#include "executor/aws/provider.h"

static const cl_schema_attr bd_attrs[] = {
	A_NUM("volume_size", OPT | COMP | NEW), A_STR("volume_type", OPT | COMP | NEW),
	A_DEF(CL_AT_BOOL, "delete_on_termination", NEW, "true"),
	A_BOOL("encrypted", OPT | COMP | NEW), A_NUM("iops", OPT | COMP | NEW),
	A_STR("device_name", OPT | NEW), A_STR("snapshot_id", OPT | COMP | NEW),
	A_END
};
static const cl_schema bd = { bd_attrs, NULL };
static const cl_schema_block blocks[] = {
	{ "root_block_device", CL_NEST_LIST, 0, 1, COMP | NEW, &bd },
	{ "ebs_block_device", CL_NEST_SET, 0, 0, COMP | NEW, &bd },
	{ NULL }
};
static const cl_schema_attr attrs[] = {
	A_STR("name", OPT | COMP | NEW),
	A_STR("name_prefix", OPT | NEW),
	A_STR("image_id", REQ | NEW),
	A_STR("instance_type", REQ | NEW),
	A_SET("security_groups", OPT | NEW),
	A_BOOL("associate_public_ip_address", OPT | NEW),
	{ "user_data", CL_AT_STRING, CL_AT_STRING, OPT | NEW | CL_SA_HASHED, NULL, NULL },
	A_STR("user_data_base64", OPT | NEW),
	A_STR("key_name", OPT | COMP | NEW),
	A_STR("iam_instance_profile", OPT | NEW),
	A_DEF(CL_AT_BOOL, "enable_monitoring", NEW, "true"),
	A_BOOL("ebs_optimized", OPT | COMP | NEW),
	A_STR("placement_tenancy", OPT | NEW),
	A_STR("spot_price", OPT | NEW),
	A_ID, A_STR("arn", COMP),
	A_END
};
static const cl_schema schema = { attrs, blocks };

const cl_resource_type aws_launch_configuration_type = {
	"aws_launch_configuration", false, &schema, 1000, false, NULL
};
