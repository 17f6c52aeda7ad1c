/* autoscaling_schedule.c: aws_autoscaling_schedule, a group's capacity
 * changed at a time or on a recurrence.  PutScheduledUpdateGroupAction
 * makes and changes it by name, so a create sent twice makes one action;
 * its id is its name, import takes GROUP/NAME.  A size of -1 (the
 * provider's) leaves that size unchanged at the scheduled time. */
#include "executor/aws/asg_child.h"

#include <stdio.h>
#include <string.h>

static const cl_schema_attr attrs[] = {
	A_STR("scheduled_action_name", REQ | NEW),
	A_STR("autoscaling_group_name", REQ | NEW),
	A_NUM("desired_capacity", OPT | COMP), A_NUM("min_size", OPT | COMP), A_NUM("max_size", OPT | COMP),
	A_STR("start_time", OPT | COMP), A_STR("end_time", OPT | COMP),
	A_STR("recurrence", OPT | COMP), A_STR("time_zone", OPT | COMP),
	A_ID, A_STR("arn", COMP),
	A_END
};
static const cl_schema schema = { attrs, NULL };

static const char *const sizes[][2] = {
	{ "desired_capacity", "DesiredCapacity" }, { "min_size", "MinSize" }, { "max_size", "MaxSize" },
};
static const char *const texts[][2] = {
	{ "recurrence", "Recurrence" }, { "time_zone", "TimeZone" },
	{ "start_time", "StartTime" }, { "end_time", "EndTime" },
};
#define N(a) (sizeof (a) / sizeof (a)[0])

static const aws_asg_child child = {
	"DescribeScheduledActions", "ScheduledActionNames.member.1",
	"DescribeScheduledActionsResult/ScheduledUpdateGroupActions", "DeleteScheduledAction", "ScheduledActionName",
	"scheduled action",
};

/* A time as the provider records it: 2006-01-02T15:04:05Z (AWS may add
 * milliseconds). */
static const char *when(cl_arena *a, const char *s)
{
	if (!s || strlen(s) < 19)
		return s;
	return cl_arena_printf(a, "%.19sZ", s);
}

static bool read(aws_op *op, const cl_value *prior, cl_value **state)
{
	aws_xml *x;
	const aws_xml *m;
	*state = NULL;
	if (!aws_asg_child_describe(op, &child, prior, &x, &m))
		return false;
	if (m) {
		aws_obj *o = aws_obj_new(op, &schema, prior);
		aws_obj_x(o, "id", m, "ScheduledActionName");
		aws_obj_x(o, "scheduled_action_name", m, "ScheduledActionName");
		aws_obj_x(o, "autoscaling_group_name", m, "AutoScalingGroupName");
		aws_obj_x(o, "arn", m, "ScheduledActionARN");
		for (size_t i = 0; i < N(sizes); i++) {
			long long n;
			aws_obj_int(o, sizes[i][0], aws_xml_int(m, sizes[i][1], &n) ? n : -1);
		}
		aws_obj_x(o, "recurrence", m, "Recurrence");
		aws_obj_x(o, "time_zone", m, "TimeZone");
		aws_obj_str(o, "start_time", when(op->arena, aws_xml_str(m, "StartTime")));
		aws_obj_str(o, "end_time", when(op->arena, aws_xml_str(m, "EndTime")));
		*state = aws_obj_done(o);
	}
	aws_xml_free(x);
	return true;
}

static bool put(aws_op *op, const cl_value *cfg)
{
	aws_params *p = aws_params_new(AWS_ASG);
	aws_params_add(p, "AutoScalingGroupName", aws_str(cfg, "autoscaling_group_name"));
	aws_params_add(p, "ScheduledActionName", aws_str(cfg, "scheduled_action_name"));
	for (size_t i = 0; i < N(texts); i++)
		if (aws_str(cfg, texts[i][0]))
			aws_params_add(p, texts[i][1], aws_str(cfg, texts[i][0]));
	for (size_t i = 0; i < N(sizes); i++) {
		long long n;
		if (aws_int(cfg, sizes[i][0], &n) && n >= 0)
			aws_params_int(p, sizes[i][1], n);
	}
	return aws_op_call(op, "PutScheduledUpdateGroupAction", p, NULL, NULL);
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	return aws_asg_child_put(op, put, read, cfg, aws_str(cfg, "scheduled_action_name"), state);
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	return aws_asg_child_put(op, put, read, cfg, aws_str(prior, "id"), state);
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	return aws_asg_child_delete(op, &child, prior);
}

static const aws_ops ops = { create, read, update, destroy, NULL };
const cl_resource_type aws_autoscaling_schedule_type = {
	"aws_autoscaling_schedule", false, &schema, 500, false, &ops, 0
};
