/* ami.c: data "aws_ami": find an image by owner, filters and name. */
#include "executor/aws/provider.h"

static const cl_schema_block blocks[] = {
	{ "filter", CL_NEST_SET, 0, 0, 0, &aws_filter_schema },
	{ NULL }
};
static const cl_schema_attr attrs[] = {
	A_DEF(CL_AT_BOOL, "most_recent", 0, "false"),
	A_LIST("owners", OPT), A_LIST("executable_users", OPT),
	A_STR("name_regex", OPT), A_DEF(CL_AT_BOOL, "include_deprecated", 0, "false"),
	A_ID,
	A_STR("image_id", COMP), A_STR("name", COMP), A_STR("arn", COMP),
	A_STR("architecture", COMP), A_STR("creation_date", COMP), A_STR("description", COMP),
	A_STR("owner_id", COMP), A_STR("root_device_name", COMP), A_STR("root_device_type", COMP),
	A_STR("virtualization_type", COMP), A_STR("state", COMP), A_STR("image_type", COMP),
	A_MAP("tags", COMP),
	A_END
};
static const cl_schema schema = { attrs, blocks };

const cl_resource_type aws_ami_data = { "aws_ami", true, &schema, 1000, false, NULL };
