/* autoscaling_policy.c: aws_autoscaling_policy, how a group scales: simple
 * (one adjustment), step (adjustments by how far an alarm's metric is
 * past its threshold) and target tracking on a predefined metric.
 * PutScalingPolicy makes and changes it by name, so a create sent twice
 * makes one policy; its id is its name, import takes GROUP/NAME.
 * Predictive scaling and customized target-tracking metrics are not
 * supported. */
#include "executor/aws/asg_child.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cl_schema_attr step_attrs[] = {
	A_STR("metric_interval_lower_bound", OPT), A_STR("metric_interval_upper_bound", OPT),
	A_NUM("scaling_adjustment", REQ),
	A_END
};
static const cl_schema_attr metric_attrs[] = {
	A_STR("predefined_metric_type", REQ), A_STR("resource_label", OPT),
	A_END
};
static const cl_schema step = { step_attrs, NULL }, metric = { metric_attrs, NULL };
static const cl_schema_block tracking_blocks[] = {
	{ "predefined_metric_specification", CL_NEST_LIST, 0, 1, 0, &metric },
	{ NULL }
};
static const cl_schema_attr tracking_attrs[] = {
	A_DEF(CL_AT_BOOL, "disable_scale_in", 0, "false"), A_NUM("target_value", REQ),
	A_END
};
static const cl_schema tracking = { tracking_attrs, tracking_blocks };
static const cl_schema_block blocks[] = {
	{ "step_adjustment", CL_NEST_SET, 0, 0, 0, &step },
	{ "target_tracking_configuration", CL_NEST_LIST, 0, 1, 0, &tracking },
	{ NULL }
};
static const cl_schema_attr attrs[] = {
	A_STR("name", REQ | NEW),
	A_STR("autoscaling_group_name", REQ | NEW),
	A_DEF(CL_AT_STRING, "policy_type", 0, "\"SimpleScaling\""),
	A_STR("adjustment_type", OPT),
	A_NUM("scaling_adjustment", OPT),
	A_NUM("cooldown", OPT),
	A_NUM("min_adjustment_magnitude", OPT),
	A_STR("metric_aggregation_type", OPT | COMP),
	A_NUM("estimated_instance_warmup", OPT),
	A_DEF(CL_AT_BOOL, "enabled", 0, "true"),
	A_ID, A_STR("arn", COMP),
	A_END
};
static const cl_schema schema = { attrs, blocks };

static const char *const fields[][2] = {
	{ "policy_type", "PolicyType" }, { "adjustment_type", "AdjustmentType" },
	{ "scaling_adjustment", "ScalingAdjustment" }, { "cooldown", "Cooldown" },
	{ "min_adjustment_magnitude", "MinAdjustmentMagnitude" },
	{ "metric_aggregation_type", "MetricAggregationType" },
	{ "estimated_instance_warmup", "EstimatedInstanceWarmup" }, { "enabled", "Enabled" },
};
#define N(a) (sizeof (a) / sizeof (a)[0])

static const aws_asg_child child = {
	"DescribePolicies", "PolicyNames.member.1", "DescribePoliciesResult/ScalingPolicies", "DeletePolicy",
	"PolicyName", "policy",
};

/* A step bound as the provider writes it (strconv 'f', -1): "0", "10.5". */
static const char *bound(cl_arena *a, const char *s)
{
	if (!s || !*s)
		return NULL;
	char *end;
	double d = strtod(s, &end);
	return *end ? s : cl_arena_printf(a, "%.15g", d);
}

static void read_blocks(aws_op *op, aws_obj *o, const aws_xml *m)
{
	const aws_xml *steps = aws_xml_child(m, "StepAdjustments");
	cl_value **v = CL_NEWN(op->arena, cl_value *, aws_xml_count(steps) + 1);
	size_t n = 0;
	aws_xml_each(s, steps) {
		aws_obj *e = aws_obj_new(op, &step, NULL);
		aws_obj_str(e, "metric_interval_lower_bound", bound(op->arena, aws_xml_str(s, "MetricIntervalLowerBound")));
		aws_obj_str(e, "metric_interval_upper_bound", bound(op->arena, aws_xml_str(s, "MetricIntervalUpperBound")));
		aws_obj_x(e, "scaling_adjustment", s, "ScalingAdjustment");
		v[n++] = aws_obj_done(e);
	}
	aws_obj_block(o, "step_adjustment", v, n, NULL);
	const aws_xml *tt = aws_xml_child(m, "TargetTrackingConfiguration");
	const aws_xml *pm = aws_xml_child(tt, "PredefinedMetricSpecification");
	aws_obj *e = aws_obj_new(op, &metric, NULL);
	aws_obj_x(e, "predefined_metric_type", pm, "PredefinedMetricType");
	aws_obj_x(e, "resource_label", pm, "ResourceLabel");
	cl_value *spec = aws_obj_done(e);
	aws_obj *t = aws_obj_new(op, &tracking, NULL);
	aws_obj_x(t, "target_value", tt, "TargetValue");
	aws_obj_x(t, "disable_scale_in", tt, "DisableScaleIn");
	if (!aws_obj_get(t, "disable_scale_in"))
		aws_obj_bool(t, "disable_scale_in", false);
	aws_obj_block(t, "predefined_metric_specification", &spec, pm ? 1 : 0, NULL);
	cl_value *tv = aws_obj_done(t);
	aws_obj_block(o, "target_tracking_configuration", &tv, tt ? 1 : 0, NULL);
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
		aws_obj_x(o, "id", m, "PolicyName");
		aws_obj_x(o, "name", m, "PolicyName");
		aws_obj_x(o, "autoscaling_group_name", m, "AutoScalingGroupName");
		aws_obj_x(o, "arn", m, "PolicyARN");
		for (size_t i = 0; i < N(fields); i++)
			aws_obj_x(o, fields[i][0], m, fields[i][1]);
		if (!aws_obj_get(o, "enabled"))   /* as the provider reads a missing Enabled */
			aws_obj_bool(o, "enabled", false);
		read_blocks(op, o, m);
		*state = aws_obj_done(o);
	}
	aws_xml_free(x);
	return true;
}

static void put_number(aws_params *p, const char *key, const cl_value *v, const char *name)
{
	const cl_value *n = cl_value_get(v, name);
	if (n && cl_value_is_known(n) && n->kind == CL_V_NUMBER)
		aws_params_addf(p, key, "%.15g", n->u.num.d);
}

static bool put(aws_op *op, const cl_value *cfg)
{
	aws_params *p = aws_params_new(AWS_ASG);
	aws_params_add(p, "AutoScalingGroupName", aws_str(cfg, "autoscaling_group_name"));
	aws_params_add(p, "PolicyName", aws_str(cfg, "name"));
	aws_params_add(p, "PolicyType", aws_str(cfg, "policy_type") ? aws_str(cfg, "policy_type") : "SimpleScaling");
	aws_params_bool(p, "Enabled", aws_bool(cfg, "enabled", true));
	for (size_t i = 1; i < N(fields) - 1; i++) {
		const char *s = aws_str(cfg, fields[i][0]);
		if (s)
			aws_params_add(p, fields[i][1], s);
		else
			put_number(p, fields[i][1], cfg, fields[i][0]);
	}
	const cl_value *steps = cl_value_get(cfg, "step_adjustment");
	for (uint32_t i = 0; steps && cl_value_is_known(steps) && !cl_value_is_null(steps) && i < steps->n; i++) {
		const cl_value *s = steps->u.c.v[i];
		char key[64];
		snprintf(key, sizeof key, "StepAdjustments.member.%u.ScalingAdjustment", i + 1);
		put_number(p, key, s, "scaling_adjustment");
		static const char *const bounds[][2] = {
			{ "metric_interval_lower_bound", "MetricIntervalLowerBound" },
			{ "metric_interval_upper_bound", "MetricIntervalUpperBound" },
		};
		for (size_t b = 0; b < N(bounds); b++)
			if (aws_str(s, bounds[b][0]))
				aws_params_item(p, "StepAdjustments", i + 1, bounds[b][1], aws_str(s, bounds[b][0]));
	}
	const cl_value *tt = cl_value_get(cfg, "target_tracking_configuration");
	if (tt && cl_value_is_known(tt) && !cl_value_is_null(tt) && tt->n) {
		const cl_value *t = tt->u.c.v[0];
		put_number(p, "TargetTrackingConfiguration.TargetValue", t, "target_value");
		aws_params_bool(p, "TargetTrackingConfiguration.DisableScaleIn", aws_bool(t, "disable_scale_in", false));
		const cl_value *pm = cl_value_get(t, "predefined_metric_specification");
		if (pm && cl_value_is_known(pm) && !cl_value_is_null(pm) && pm->n) {
			const cl_value *m = pm->u.c.v[0];
			aws_params_add(p, "TargetTrackingConfiguration.PredefinedMetricSpecification.PredefinedMetricType",
			               aws_str(m, "predefined_metric_type"));
			if (aws_str(m, "resource_label"))
				aws_params_add(p, "TargetTrackingConfiguration.PredefinedMetricSpecification.ResourceLabel",
				               aws_str(m, "resource_label"));
		}
	}
	return aws_op_call(op, "PutScalingPolicy", p, NULL, NULL);
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	return aws_asg_child_put(op, put, read, cfg, aws_str(cfg, "name"), state);
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	return aws_asg_child_put(op, put, read, cfg, aws_str(prior, "id"), state);
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	return aws_asg_child_delete(op, &child, prior);
}

/* No find: the name is the configuration's; a create sent again puts the
 * same policy. */
static const aws_ops ops = { create, read, update, destroy, NULL };
const cl_resource_type aws_autoscaling_policy_type = {
	"aws_autoscaling_policy", false, &schema, 500, false, &ops, 0
};
