/* lb_listener_rule.c: aws_lb_listener_rule, a listener's rule: conditions
 * (host, path, header, method, query string, source IP) and the actions
 * taken when they match; changed in place (ModifyRule, SetRulePriorities)
 * but the listener.  Its id is its ARN. */
#include "executor/aws/elbv2.h"
#include "executor/aws/lb_action.h"

#include <string.h>

static const cl_schema_attr values_attrs[] = { A_SET("values", REQ), A_END };
static const cl_schema values = { values_attrs, NULL };
static const cl_schema_attr header_attrs[] = { A_STR("http_header_name", REQ), A_SET("values", REQ), A_END };
static const cl_schema header = { header_attrs, NULL };
static const cl_schema_attr query_attrs[] = { A_STR("key", OPT), A_STR("value", REQ), A_END };
static const cl_schema query = { query_attrs, NULL };
static const cl_schema_block condition_blocks[] = {
	{ "host_header", CL_NEST_LIST, 0, 1, 0, &values },
	{ "http_header", CL_NEST_LIST, 0, 1, 0, &header },
	{ "http_request_method", CL_NEST_LIST, 0, 1, 0, &values },
	{ "path_pattern", CL_NEST_LIST, 0, 1, 0, &values },
	{ "query_string", CL_NEST_SET, 0, 0, 0, &query },
	{ "source_ip", CL_NEST_LIST, 0, 1, 0, &values },
	{ NULL }
};
static const cl_schema_attr no_attrs[] = { A_END };
static const cl_schema condition = { no_attrs, condition_blocks };
static const cl_schema_block blocks[] = {
	{ "action", CL_NEST_LIST, 1, 0, 0, &aws_lb_action_schema },
	{ "condition", CL_NEST_SET, 1, 0, 0, &condition },
	{ NULL }
};
static const cl_schema_attr attrs[] = {
	A_STR("listener_arn", REQ | NEW),
	A_NUM("priority", OPT | COMP),
	A_TAGS, A_ID, A_STR("arn", COMP),
	A_END
};
static const cl_schema schema = { attrs, blocks };

/* The condition blocks holding a values set, AWS's field and config name. */
static const char *const simple[][3] = {
	{ "host_header", "host-header", "HostHeaderConfig" },
	{ "http_request_method", "http-request-method", "HttpRequestMethodConfig" },
	{ "path_pattern", "path-pattern", "PathPatternConfig" },
	{ "source_ip", "source-ip", "SourceIpConfig" },
};
#define NSIMPLE (sizeof simple / sizeof simple[0])

/* Conditions.member.N.*: one per kind of condition in each block. */
static void condition_params(aws_op *op, aws_params *p, const cl_value *conds)
{
	size_t n = 0;
	for (uint32_t i = 0; conds && cl_value_is_known(conds) && i < conds->n; i++) {
		const cl_value *c = conds->u.c.v[i];
		for (size_t k = 0; k < NSIMPLE; k++) {
			const cl_value *b = aws_lb_block(c, simple[k][0]);
			if (!b)
				continue;
			const char *at = cl_arena_printf(op->arena, "Conditions.member.%zu", ++n);
			aws_params_add(p, cl_arena_printf(op->arena, "%s.Field", at), simple[k][1]);
			aws_params_strs(op, p, cl_arena_printf(op->arena, "%s.%s.Values", at, simple[k][2]), b, "values");
		}
		const cl_value *h = aws_lb_block(c, "http_header");
		if (h) {
			const char *at = cl_arena_printf(op->arena, "Conditions.member.%zu", ++n);
			aws_params_add(p, cl_arena_printf(op->arena, "%s.Field", at), "http-header");
			aws_params_add(p, cl_arena_printf(op->arena, "%s.HttpHeaderConfig.HttpHeaderName", at),
			               aws_str(h, "http_header_name"));
			aws_params_strs(op, p, cl_arena_printf(op->arena, "%s.HttpHeaderConfig.Values", at), h, "values");
		}
		const cl_value *q = cl_value_get(c, "query_string");
		if (q && cl_value_is_known(q) && q->n) {
			const char *at = cl_arena_printf(op->arena, "Conditions.member.%zu", ++n);
			aws_params_add(p, cl_arena_printf(op->arena, "%s.Field", at), "query-string");
			for (uint32_t k = 0; k < q->n; k++) {
				const char *kv = cl_arena_printf(op->arena, "%s.QueryStringConfig.Values.member.%u", at, k + 1);
				if (aws_str(q->u.c.v[k], "key"))
					aws_params_add(p, cl_arena_printf(op->arena, "%s.Key", kv), aws_str(q->u.c.v[k], "key"));
				aws_params_add(p, cl_arena_printf(op->arena, "%s.Value", kv), aws_str(q->u.c.v[k], "value"));
			}
		}
	}
}

/* One condition block per AWS condition, as the provider records them. */
static void read_conditions(aws_obj *o, aws_op *op, const aws_xml *list)
{
	cl_value **v = CL_NEWN(op->arena, cl_value *, aws_xml_count(list) + 1);
	size_t n = 0;
	aws_xml_each(c, list) {
		const char *field = aws_xml_text(aws_xml_child(c, "Field"));
		aws_obj *e = aws_obj_new(op, &condition, NULL);
		for (size_t k = 0; k < NSIMPLE; k++) {
			cl_value *b = NULL;
			if (!strcmp(field, simple[k][1])) {
				aws_obj *x = aws_obj_new(op, &values, NULL);
				const aws_xml *vals = aws_xml_find(c, cl_arena_printf(op->arena, "%s/Values", simple[k][2]));
				aws_obj_xstrs(x, "values", aws_xml_count(vals) ? vals : aws_xml_child(c, "Values"), "");
				b = aws_obj_done(x);
			}
			aws_obj_block(e, simple[k][0], &b, b ? 1 : 0, NULL);
		}
		cl_value *h = NULL;
		if (!strcmp(field, "http-header")) {
			aws_obj *x = aws_obj_new(op, &header, NULL);
			aws_obj_x(x, "http_header_name", c, "HttpHeaderConfig/HttpHeaderName");
			aws_obj_xstrs(x, "values", aws_xml_find(c, "HttpHeaderConfig/Values"), "");
			h = aws_obj_done(x);
		}
		aws_obj_block(e, "http_header", &h, h ? 1 : 0, NULL);
		const aws_xml *qs = aws_xml_find(c, "QueryStringConfig/Values");
		cl_value **q = CL_NEWN(op->arena, cl_value *, aws_xml_count(qs) + 1);
		size_t nq = 0;
		aws_xml_each(kv, strcmp(field, "query-string") ? NULL : qs) {
			aws_obj *x = aws_obj_new(op, &query, NULL);
			aws_obj_x(x, "key", kv, "Key");
			aws_obj_str(x, "value", aws_xml_text(aws_xml_child(kv, "Value")));
			q[nq++] = aws_obj_done(x);
		}
		aws_obj_block(e, "query_string", q, nq, NULL);
		v[n++] = aws_obj_done(e);
	}
	aws_obj_block(o, "condition", v, n, NULL);
}

static bool load(aws_op *op, const cl_value *base, bool fresh, cl_value **state)
{
	const char *arn = aws_str(base, "id");
	aws_xml *x;
	const aws_xml *r;
	*state = NULL;
	if (!aws_elbv2_describe_one(op, "DescribeRules", "RuleArns.member.1", arn, fresh, "DescribeRulesResult/Rules",
	                            &x, &r))
		return false;
	if (!r) {
		aws_xml_free(x);
		return true;
	}
	aws_obj *o = aws_obj_new(op, &schema, base);
	aws_obj_x(o, "id", r, "RuleArn");
	aws_obj_x(o, "arn", r, "RuleArn");
	aws_obj_x(o, "priority", r, "Priority");
	/* a rule's ARN is its listener's with "listener-rule" and one more part */
	const char *l = strstr(arn, ":listener-rule/");
	const char *slash = l ? strrchr(arn, '/') : NULL;
	if (l && slash)
		aws_obj_str(o, "listener_arn", cl_arena_printf(op->arena, "%.*s:listener/%.*s", (int)(l - arn), arn,
		                                               (int)(slash - l - 15), l + 15));
	aws_lb_action_read(o, op, "action", aws_xml_child(r, "Actions"));
	read_conditions(o, op, aws_xml_child(r, "Conditions"));
	aws_xml_free(x);
	if (!aws_elbv2_tags(op, o, arn, fresh))
		return false;
	*state = aws_obj_done(o);
	return true;
}

static bool read(aws_op *op, const cl_value *prior, cl_value **state)
{
	return load(op, prior, false, state);
}

/* A rule without a priority comes after the listener's others, as the
 * provider places it: the highest priority in use plus one. */
static bool next_priority(aws_op *op, const char *listener, long long *prio)
{
	aws_params *p = aws_params_new(AWS_ELBV2);
	aws_params_add(p, "ListenerArn", listener);
	aws_xml *x;
	if (!aws_op_call_all(op, "DescribeRules", p, &x, NULL))
		return false;
	*prio = 1;
	aws_xml_each(r, aws_xml_find(x, "DescribeRulesResult/Rules")) {
		long long n;
		if (aws_xml_int(r, "Priority", &n) && n >= *prio)   /* "default" is not a number */
			*prio = n + 1;
	}
	aws_xml_free(x);
	return true;
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	aws_params *p = aws_params_new(AWS_ELBV2);
	aws_params_add(p, "ListenerArn", aws_str(cfg, "listener_arn"));
	long long prio;
	if (!aws_int(cfg, "priority", &prio) && !next_priority(op, aws_str(cfg, "listener_arn"), &prio)) {
		aws_params_free(p);
		return false;
	}
	aws_params_int(p, "Priority", prio);
	aws_lb_action_params(op, p, "Actions", cl_value_get(cfg, "action"));
	condition_params(op, p, cl_value_get(cfg, "condition"));
	aws_tags_members(op, p, cfg);
	static const char *const taken[] = { "PriorityInUse", NULL };
	*state = NULL;
	const char *arn = aws_op_create_id(op, "CreateRule", p, "CreateRuleResult/Rules/member/RuleArn", taken, NULL, NULL);
	return arn && aws_created(op, true, cfg, arn, load, state);
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	const char *arn = aws_str(prior, "id");
	long long prio;
	if (aws_changed(prior, cfg, "priority") && aws_int(cfg, "priority", &prio)) {
		aws_params *p = aws_params_new(AWS_ELBV2);
		aws_params_add(p, "RulePriorities.member.1.RuleArn", arn);
		aws_params_int(p, "RulePriorities.member.1.Priority", prio);
		if (!aws_op_call(op, "SetRulePriorities", p, NULL, NULL))
			return false;
	}
	if (aws_changed(prior, cfg, "action") || aws_changed(prior, cfg, "condition")) {
		aws_params *p = aws_params_new(AWS_ELBV2);
		aws_params_add(p, "RuleArn", arn);
		aws_lb_action_params(op, p, "Actions", cl_value_get(cfg, "action"));
		condition_params(op, p, cl_value_get(cfg, "condition"));
		if (!aws_op_call(op, "ModifyRule", p, NULL, NULL))
			return false;
	}
	if (!aws_tags_update(op, AWS_ELBV2, arn, prior, cfg))
		return false;
	return load(op, aws_with_id(op, cfg, arn), false, state);
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	return aws_elbv2_delete(op, "DeleteRule", "RuleArn", prior, NULL, 0);
}

/* Rules are listed per listener, listeners per load balancer. */
static bool find(aws_op *op, cl_value **state)
{
	const char **lbs;
	size_t nlb;
	*state = NULL;
	if (!aws_elbv2_lb_arns(op, &lbs, &nlb))
		return false;
	for (size_t i = 0; i < nlb && !*state; i++) {
		aws_params *p = aws_params_new(AWS_ELBV2);
		aws_params_add(p, "LoadBalancerArn", lbs[i]);
		aws_xml *ls;
		if (!aws_op_call_all(op, "DescribeListeners", p, &ls, NULL))
			return false;
		aws_xml_each(l, aws_xml_find(ls, "DescribeListenersResult/Listeners")) {
			aws_params *q = aws_params_new(AWS_ELBV2);
			aws_params_add(q, "ListenerArn", aws_xml_text(aws_xml_child(l, "ListenerArn")));
			if (!aws_elbv2_find(op, "DescribeRules", q, "DescribeRulesResult/Rules", "RuleArn", load, state)) {
				aws_xml_free(ls);
				return false;
			}
			if (*state)
				break;
		}
		aws_xml_free(ls);
	}
	return true;
}

static const aws_ops ops = { create, read, update, destroy, find };
const cl_resource_type aws_lb_listener_rule_type = { "aws_lb_listener_rule", false, &schema, 1000, false, &ops };
