/* cloudwatch_metric_alarm.c: aws_cloudwatch_metric_alarm, an alarm on one
 * metric (CloudWatch, query protocol 2010-08-01).  PutMetricAlarm makes
 * and changes it by name, so a create sent twice makes one alarm; its id
 * is its name.  Alarms on metric math (metric_query) are not supported. */
#include "executor/aws/resource.h"

#include <string.h>

static const cl_schema_attr attrs[] = {
	A_STR("alarm_name", REQ | NEW),
	A_STR("alarm_description", OPT),
	A_STR("comparison_operator", REQ),
	A_NUM("evaluation_periods", REQ),
	A_NUM("datapoints_to_alarm", OPT),
	A_STR("metric_name", OPT),
	A_STR("namespace", OPT),
	A_NUM("period", OPT),
	A_STR("statistic", OPT),
	A_STR("extended_statistic", OPT),
	A_NUM("threshold", OPT),
	A_STR("threshold_metric_id", OPT),
	A_STR("unit", OPT),
	A_MAP("dimensions", OPT),
	A_DEF(CL_AT_BOOL, "actions_enabled", 0, "true"),
	A_SET("alarm_actions", OPT), A_SET("ok_actions", OPT), A_SET("insufficient_data_actions", OPT),
	A_DEF(CL_AT_STRING, "treat_missing_data", 0, "\"missing\""),
	A_STR("evaluate_low_sample_count_percentiles", OPT | COMP),
	A_TAGS, A_ID, A_STR("arn", COMP),
	A_END
};
static const cl_schema schema = { attrs, NULL };

/* Attribute and PutMetricAlarm/DescribeAlarms field, for the scalars. */
static const char *const fields[][2] = {
	{ "alarm_name", "AlarmName" }, { "alarm_description", "AlarmDescription" },
	{ "comparison_operator", "ComparisonOperator" }, { "evaluation_periods", "EvaluationPeriods" },
	{ "datapoints_to_alarm", "DatapointsToAlarm" }, { "metric_name", "MetricName" },
	{ "namespace", "Namespace" }, { "period", "Period" }, { "statistic", "Statistic" },
	{ "extended_statistic", "ExtendedStatistic" }, { "threshold", "Threshold" },
	{ "threshold_metric_id", "ThresholdMetricId" }, { "unit", "Unit" },
	{ "actions_enabled", "ActionsEnabled" }, { "treat_missing_data", "TreatMissingData" },
	{ "evaluate_low_sample_count_percentiles", "EvaluateLowSampleCountPercentile" },
};
static const char *const actions[][2] = {
	{ "alarm_actions", "AlarmActions" }, { "ok_actions", "OKActions" },
	{ "insufficient_data_actions", "InsufficientDataActions" },
};
#define N(a) (sizeof (a) / sizeof (a)[0])

static bool load(aws_op *op, const cl_value *base, bool fresh, cl_value **state)
{
	aws_params *p = aws_op_params(AWS_CLOUDWATCH, fresh);
	aws_params_add(p, "AlarmNames.member.1", aws_str(base, "id"));
	aws_xml *x;
	*state = NULL;
	if (!aws_op_call(op, "DescribeAlarms", p, &x, NULL))
		return false;
	const aws_xml *m = aws_xml_first(aws_xml_find(x, "DescribeAlarmsResult/MetricAlarms"));
	const char *arn = aws_xml_str(m, "AlarmArn");
	aws_xml *t = NULL;
	bool ok = true;
	if (arn) {
		p = aws_params_new(AWS_CLOUDWATCH);
		aws_params_add(p, "ResourceARN", arn);
		ok = aws_op_call(op, "ListTagsForResource", p, &t, NULL);
	}
	if (arn && ok) {
		aws_obj *o = aws_obj_new(op, &schema, base);
		aws_obj_x(o, "id", m, "AlarmName");
		aws_obj_x(o, "arn", m, "AlarmArn");
		for (size_t i = 0; i < N(fields); i++)
			aws_obj_x(o, fields[i][0], m, fields[i][1]);
		for (size_t i = 0; i < N(actions); i++)
			aws_obj_xstrs(o, actions[i][0], aws_xml_child(m, actions[i][1]), "");
		const aws_xml *dims = aws_xml_child(m, "Dimensions");
		size_t nd = aws_xml_count(dims), k = 0;
		const char **keys = CL_NEWN(op->arena, const char *, nd + 1);
		cl_value **vals = CL_NEWN(op->arena, cl_value *, nd + 1);
		aws_xml_each(d, dims) {
			keys[k] = cl_arena_strdup(op->arena, aws_xml_text(aws_xml_child(d, "Name")));
			vals[k++] = cl_value_cstr(op->arena, aws_xml_text(aws_xml_child(d, "Value")));
		}
		aws_obj_set(o, "dimensions", k || aws_obj_get(o, "dimensions") ?
		            cl_value_map(op->arena, &cl_type_string, keys, vals, (uint32_t)k) : NULL);
		aws_obj_tags_xml(o, aws_xml_find(t, "ListTagsForResourceResult/Tags"));
		*state = aws_obj_done(o);
	}
	aws_xml_free(t);
	aws_xml_free(x);
	return ok;
}

static bool read(aws_op *op, const cl_value *prior, cl_value **state)
{
	return load(op, prior, false, state);
}

/* PutMetricAlarm with the whole configuration (and tags when with_tags:
 * AWS applies them only when it makes the alarm). */
static bool put(aws_op *op, const cl_value *cfg, bool with_tags)
{
	aws_params *p = aws_params_new(AWS_CLOUDWATCH);
	for (size_t i = 0; i < N(fields); i++) {
		const cl_value *v = cl_value_get(cfg, fields[i][0]);
		if (!v || !cl_value_is_known(v) || cl_value_is_null(v))
			continue;
		if (v->kind == CL_V_STRING)
			aws_params_add(p, fields[i][1], v->u.str.s);
		else if (v->kind == CL_V_BOOL)
			aws_params_bool(p, fields[i][1], v->u.b);
		else if (v->kind == CL_V_NUMBER)
			aws_params_addf(p, fields[i][1], "%.17g", v->u.num.d);
	}
	if (!cl_value_get(cfg, "actions_enabled") || cl_value_is_null(cl_value_get(cfg, "actions_enabled")))
		aws_params_bool(p, "ActionsEnabled", true);
	for (size_t i = 0; i < N(actions); i++)
		aws_params_strs(op, p, actions[i][1], cfg, actions[i][0]);
	const cl_value *dims = cl_value_get(cfg, "dimensions");
	for (uint32_t i = 0; dims && cl_value_is_mapping(dims) && i < dims->n; i++) {
		aws_params_item(p, "Dimensions", i + 1, "Name", dims->u.c.keys[i]);
		aws_params_item(p, "Dimensions", i + 1, "Value", dims->u.c.v[i]->u.str.s);
	}
	if (with_tags)
		aws_tags_members(op, p, cfg);
	return aws_op_call(op, "PutMetricAlarm", p, NULL, NULL);
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	*state = NULL;
	if (!put(op, cfg, true))
		return false;
	return load(op, aws_with_id(op, cfg, aws_str(cfg, "alarm_name")), true, state);
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	if (!put(op, cfg, false) ||
	    !aws_tags_update_keyed(op, AWS_CLOUDWATCH, "TagResource", "UntagResource", "ResourceARN",
	                           aws_str(prior, "arn"), prior, cfg))
		return false;
	return load(op, aws_with_id(op, cfg, aws_str(prior, "id")), false, state);
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	aws_params *p = aws_params_new(AWS_CLOUDWATCH);
	aws_params_add(p, "AlarmNames.member.1", aws_str(prior, "id"));
	return aws_op_delete(op, "DeleteAlarms", p, NULL, 0);
}

/* No find: the name is the configuration's, and a create sent again puts
 * the same alarm. */
static const aws_ops ops = { create, read, update, destroy, NULL };
const cl_resource_type aws_cloudwatch_metric_alarm_type = {
	"aws_cloudwatch_metric_alarm", false, &schema, 500, false, &ops, 1
};
