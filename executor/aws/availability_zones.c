/* availability_zones.c: data "aws_availability_zones": the region's zones. */
#include "executor/aws/provider.h"

static const cl_schema_block blocks[] = {
	{ "filter", CL_NEST_SET, 0, 0, 0, &aws_filter_schema },
	{ NULL }
};
static const cl_schema_attr attrs[] = {
	A_STR("state", OPT),
	A_BOOL("all_availability_zones", OPT),
	A_SET("exclude_names", OPT), A_SET("exclude_zone_ids", OPT),
	A_ID,
	A_LIST("names", COMP), A_LIST("zone_ids", COMP), A_SET("group_names", COMP),
	A_END
};
static const cl_schema schema = { attrs, blocks };

const cl_resource_type aws_availability_zones_data = {
	"aws_availability_zones", true, &schema, 1000, false, NULL
};
