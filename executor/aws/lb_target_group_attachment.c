/* lb_target_group_attachment.c: aws_lb_target_group_attachment, one target
 * (an instance, an IP, a Lambda) registered with a target group.  Every
 * argument replaces it.  Its id is the provider's: the target group's ARN
 * plus a unique suffix. */
#include "executor/aws/elbv2.h"

#include <string.h>

static const cl_schema_attr attrs[] = {
	A_STR("target_group_arn", REQ | NEW),
	A_STR("target_id", REQ | NEW),
	A_NUM("port", OPT | NEW),
	A_STR("availability_zone", OPT | NEW),
	A_ID,
	A_END
};
static const cl_schema schema = { attrs, NULL };

/* TargetGroupArn and Targets.member.1.* of v's target. */
static aws_params *target(aws_op *op, const cl_value *v)
{
	aws_params *p = aws_params_new(AWS_ELBV2);
	long long port;
	aws_params_add(p, "TargetGroupArn", aws_str(v, "target_group_arn"));
	aws_params_add(p, "Targets.member.1.Id", aws_str(v, "target_id"));
	if (aws_int(v, "port", &port))
		aws_params_int(p, "Targets.member.1.Port", port);
	if (aws_str(v, "availability_zone"))
		aws_params_add(p, "Targets.member.1.AvailabilityZone", aws_str(v, "availability_zone"));
	return p;
}

/* Registered, unless it is on its way out (draining) or AWS says it is not. */
static bool read(aws_op *op, const cl_value *prior, cl_value **state)
{
	aws_xml *x;
	aws_error e;
	*state = NULL;
	if (!aws_op_call(op, "DescribeTargetHealth", target(op, prior), &x, &e))
		return aws_gone(&e) || !strcmp(e.code, "InvalidTarget");
	const aws_xml *d = aws_xml_first(aws_xml_find(x, "DescribeTargetHealthResult/TargetHealthDescriptions"));
	const char *st = aws_xml_str(d, "TargetHealth/State"), *why = aws_xml_str(d, "TargetHealth/Reason");
	bool there = d && !(st && !strcmp(st, "draining")) && !(why && !strcmp(why, "Target.NotRegistered"));
	aws_xml_free(x);
	if (there)
		*state = aws_obj_done(aws_obj_new(op, &schema, prior));
	return true;
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	*state = NULL;
	if (!aws_op_call(op, "RegisterTargets", target(op, cfg), NULL, NULL))
		return false;
	const char *tg = aws_str(cfg, "target_group_arn");
	*state = aws_with_id(op, cfg, aws_unique_name(op, NULL, NULL, NULL, cl_arena_printf(op->arena, "%s-", tg)));
	return true;
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	aws_error e;
	if (aws_op_call(op, "DeregisterTargets", target(op, prior), NULL, &e) || aws_gone(&e) ||
	    !strcmp(e.code, "InvalidTarget"))
		return true;
	return false;
}

/* A registration carries no tags, and registering a target again is the
 * same registration: what an interrupted create did, the next create
 * simply does again, so there is never anything to adopt. */
static bool find(aws_op *op, cl_value **state)
{
	*state = NULL;
	return true;
}

static const aws_ops ops = { create, read, NULL, destroy, find };
const cl_resource_type aws_lb_target_group_attachment_type = {
	"aws_lb_target_group_attachment", false, &schema, 500, false, &ops
};
