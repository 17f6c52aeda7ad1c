/* autoscaling_group.c: aws_autoscaling_group: launches instances from a
 * launch configuration, registers them with classic ELBs, and waits for
 * them to be InService before the apply goes on. */
#include "executor/aws/provider.h"

static const cl_schema_attr tag_attrs[] = {
	A_STR("key", REQ), A_STR("value", REQ), A_BOOL("propagate_at_launch", REQ),
	A_END
};
static const cl_schema tag = { tag_attrs, NULL };
static const cl_schema_block blocks[] = {
	{ "tag", CL_NEST_SET, 0, 0, 0, &tag },
	{ NULL }
};
static const cl_schema_attr attrs[] = {
	A_STR("name", OPT | COMP | NEW),
	A_STR("name_prefix", OPT | NEW),
	A_STR("launch_configuration", OPT),
	A_NUM("min_size", REQ),
	A_NUM("max_size", REQ),
	A_NUM("desired_capacity", OPT | COMP),
	A_NUM("default_cooldown", OPT | COMP),
	A_STR("health_check_type", OPT | COMP),
	A_DEF(CL_AT_NUMBER, "health_check_grace_period", 0, "300"),
	A_SET("availability_zones", OPT | COMP),
	A_SET("vpc_zone_identifier", OPT | COMP),
	A_SET("load_balancers", OPT | COMP),
	A_SET("target_group_arns", OPT | COMP),
	A_LIST("termination_policies", OPT),
	A_SET("suspended_processes", OPT),
	A_SET("enabled_metrics", OPT),
	A_DEF(CL_AT_STRING, "metrics_granularity", 0, "\"1Minute\""),
	A_DEF(CL_AT_STRING, "wait_for_capacity_timeout", 0, "\"10m\""),
	A_NUM("min_elb_capacity", OPT),
	A_NUM("wait_for_elb_capacity", OPT),
	A_DEF(CL_AT_BOOL, "force_delete", 0, "false"),
	A_BOOL("protect_from_scale_in", OPT),
	A_NUM("max_instance_lifetime", OPT),
	A_STR("placement_group", OPT),
	A_STR("service_linked_role_arn", OPT | COMP),
	A_ID, A_STR("arn", COMP),
	A_END
};
static const cl_schema schema = { attrs, blocks };

const cl_resource_type aws_autoscaling_group_type = {
	"aws_autoscaling_group", false, &schema, 120000, true, NULL
};
