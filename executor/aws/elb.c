/* elb.c: aws_elb, a classic Elastic Load Balancer: listeners, health check,
 * attributes, registered instances. */
#include "executor/aws/provider.h"

static const cl_schema_attr listener_attrs[] = {
	A_NUM("instance_port", REQ),
	{ "instance_protocol", CL_AT_STRING, CL_AT_STRING, REQ | CL_SA_NOCASE, NULL, NULL },
	A_NUM("lb_port", REQ),
	{ "lb_protocol", CL_AT_STRING, CL_AT_STRING, REQ | CL_SA_NOCASE, NULL, NULL },
	A_STR("ssl_certificate_id", OPT),
	A_END
};
static const cl_schema listener = { listener_attrs, NULL };
static const cl_schema_attr check_attrs[] = {
	A_NUM("healthy_threshold", REQ), A_NUM("unhealthy_threshold", REQ),
	A_STR("target", REQ), A_NUM("interval", REQ), A_NUM("timeout", REQ),
	A_END
};
static const cl_schema check = { check_attrs, NULL };
static const cl_schema_attr logs_attrs[] = {
	A_STR("bucket", REQ), A_STR("bucket_prefix", OPT),
	A_DEF(CL_AT_NUMBER, "interval", 0, "60"), A_DEF(CL_AT_BOOL, "enabled", 0, "true"),
	A_END
};
static const cl_schema logs = { logs_attrs, NULL };
static const cl_schema_block blocks[] = {
	{ "listener", CL_NEST_SET, 1, 0, 0, &listener },
	{ "health_check", CL_NEST_LIST, 0, 1, COMP, &check },
	{ "access_logs", CL_NEST_LIST, 0, 1, 0, &logs },
	{ NULL }
};
static const cl_schema_attr attrs[] = {
	A_STR("name", OPT | COMP | NEW),
	A_STR("name_prefix", OPT | NEW),
	A_SET("availability_zones", OPT | COMP),
	A_SET("subnets", OPT | COMP),
	A_SET("security_groups", OPT | COMP),
	A_BOOL("internal", OPT | COMP | NEW),
	A_SET("instances", OPT | COMP),
	A_DEF(CL_AT_BOOL, "cross_zone_load_balancing", 0, "true"),
	A_DEF(CL_AT_NUMBER, "idle_timeout", 0, "60"),
	A_DEF(CL_AT_BOOL, "connection_draining", 0, "false"),
	A_DEF(CL_AT_NUMBER, "connection_draining_timeout", 0, "300"),
	A_DEF(CL_AT_STRING, "desync_mitigation_mode", 0, "\"defensive\""),
	A_TAGS, A_ID,
	A_STR("arn", COMP), A_STR("dns_name", COMP), A_STR("zone_id", COMP),
	A_STR("source_security_group", OPT | COMP), A_STR("source_security_group_id", COMP),
	A_END
};
static const cl_schema schema = { attrs, blocks };

const cl_resource_type aws_elb_type = { "aws_elb", false, &schema, 5000, true, NULL };
