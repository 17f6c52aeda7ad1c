/* provider.c: the list of the AWS provider's resource types. */
#include "executor/aws/provider.h"

static const cl_resource_type *const all[] = {
	&aws_vpc_type, &aws_subnet_type, &aws_internet_gateway_type, &aws_route_table_type,
	&aws_route_table_association_type, &aws_security_group_type, &aws_instance_type,
	&aws_eip_type, &aws_key_pair_type, &aws_elb_type, &aws_launch_configuration_type,
	&aws_autoscaling_group_type, &aws_launch_template_type, &aws_nat_gateway_type, &aws_route_type,
	&aws_security_group_rule_type, &aws_vpc_security_group_ingress_rule_type,
	&aws_vpc_security_group_egress_rule_type,
	&aws_lb_type, &aws_lb_target_group_type, &aws_lb_listener_type, &aws_lb_listener_rule_type,
	&aws_lb_target_group_attachment_type,
	&aws_ami_data, &aws_availability_zones_data, &aws_vpc_data, &aws_subnet_data, &aws_subnets_data,
	&aws_subnet_ids_data, &aws_security_group_data, &aws_region_data,
	&aws_iam_role_type, &aws_iam_instance_profile_type, &aws_iam_role_policy_type,
	&aws_iam_role_policy_attachment_type, &aws_cloudwatch_metric_alarm_type,
	&aws_autoscaling_policy_type, &aws_autoscaling_schedule_type,
};

static const cl_schema_attr filter_attrs[] = {
	A_STR("name", REQ), A_SET("values", REQ),
	A_END
};
const cl_schema aws_filter_schema = { filter_attrs, NULL };

void aws_provider_register(void)
{
	for (unsigned i = 0; i < sizeof all / sizeof all[0]; i++)
		cl_schema_register(all[i]);
}
