/* lb_target_group.c: aws_lb_target_group, where an ELBv2 listener sends
 * traffic: its health check and attributes (deregistration delay,
 * stickiness, slow start) changed in place; port, protocol, VPC and target
 * type replace it.  Its id is its ARN.  Registering targets is
 * lb_target_group_attachment.c's, or an Auto Scaling group's. */
#include "executor/aws/elbv2.h"

#include <string.h>

enum { HTTP = 1, NET = 2, LAMBDA = 4 };

static const cl_schema_attr check_attrs[] = {
	A_DEF(CL_AT_BOOL, "enabled", 0, "true"),
	A_DEF(CL_AT_NUMBER, "healthy_threshold", 0, "3"),
	A_DEF(CL_AT_NUMBER, "interval", 0, "30"),
	A_STR("matcher", OPT | COMP),
	A_STR("path", OPT | COMP),
	A_DEF(CL_AT_STRING, "port", 0, "\"traffic-port\""),
	A_DEF(CL_AT_STRING, "protocol", 0, "\"HTTP\""),
	A_NUM("timeout", OPT | COMP),
	A_DEF(CL_AT_NUMBER, "unhealthy_threshold", 0, "3"),
	A_END
};
static const cl_schema check = { check_attrs, NULL };
static const cl_schema_attr sticky_attrs[] = {
	A_DEF(CL_AT_NUMBER, "cookie_duration", 0, "86400"),
	A_STR("cookie_name", OPT),
	A_DEF(CL_AT_BOOL, "enabled", 0, "true"),
	A_STR("type", REQ),
	A_END
};
static const cl_schema sticky = { sticky_attrs, NULL };
static const cl_schema_block blocks[] = {
	{ "health_check", CL_NEST_LIST, 0, 1, COMP, &check },
	{ "stickiness", CL_NEST_LIST, 0, 1, COMP, &sticky },
	{ NULL }
};
static const cl_schema_attr attrs[] = {
	A_STR("name", OPT | COMP | NEW),
	A_STR("name_prefix", OPT | COMP | NEW),
	A_NUM("port", OPT | NEW),
	A_STR("protocol", OPT | NEW),
	A_STR("protocol_version", OPT | COMP | NEW),
	A_STR("vpc_id", OPT | NEW),
	A_DEF(CL_AT_STRING, "target_type", NEW, "\"instance\""),
	A_STR("ip_address_type", OPT | COMP | NEW),
	A_DEF(CL_AT_STRING, "deregistration_delay", 0, "\"300\""),
	A_DEF(CL_AT_NUMBER, "slow_start", 0, "0"),
	A_STR("load_balancing_algorithm_type", OPT | COMP),
	A_STR("load_balancing_anomaly_mitigation", OPT | COMP),
	A_STR("load_balancing_cross_zone_enabled", OPT | COMP),
	A_DEF(CL_AT_BOOL, "proxy_protocol_v2", 0, "false"),
	A_BOOL("connection_termination", OPT | COMP),
	A_STR("preserve_client_ip", OPT | COMP),
	A_DEF(CL_AT_BOOL, "lambda_multi_value_headers_enabled", 0, "false"),
	A_TAGS, A_ID,
	A_STR("arn", COMP), A_STR("arn_suffix", COMP), A_SET("load_balancer_arns", COMP),
	A_END
};
static const cl_schema schema = { attrs, blocks };

static const aws_elbv2_attr table[] = {
	{ "deregistration_delay", "deregistration_delay.timeout_seconds", 's', HTTP | NET, "300" },
	{ "slow_start", "slow_start.duration_seconds", 'n', HTTP, "0" },
	{ "load_balancing_algorithm_type", "load_balancing.algorithm.type", 's', HTTP, NULL },
	{ "load_balancing_anomaly_mitigation", "load_balancing.algorithm.anomaly_mitigation", 's', HTTP, NULL },
	{ "load_balancing_cross_zone_enabled", "load_balancing.cross_zone.enabled", 's', HTTP | NET, NULL },
	{ "proxy_protocol_v2", "proxy_protocol_v2.enabled", 'b', NET, "false" },
	{ "connection_termination", "deregistration_delay.connection_termination.enabled", 'b', NET, NULL },
	{ "preserve_client_ip", "preserve_client_ip.enabled", 's', NET, NULL },
	{ "lambda_multi_value_headers_enabled", "lambda.multi_value_headers.enabled", 'b', LAMBDA, "false" },
	{ NULL }
};

/* The health check's fields and DescribeTargetGroups' names for them. */
static const char *const check_fields[][2] = {
	{ "enabled", "HealthCheckEnabled" }, { "healthy_threshold", "HealthyThresholdCount" },
	{ "interval", "HealthCheckIntervalSeconds" }, { "path", "HealthCheckPath" }, { "port", "HealthCheckPort" },
	{ "protocol", "HealthCheckProtocol" }, { "timeout", "HealthCheckTimeoutSeconds" },
	{ "unhealthy_threshold", "UnhealthyThresholdCount" },
};

static unsigned kind_of(const char *target_type, const char *protocol)
{
	if (target_type && !strcmp(target_type, "lambda"))
		return LAMBDA;
	return protocol && (!strcmp(protocol, "HTTP") || !strcmp(protocol, "HTTPS")) ? HTTP : NET;
}

static void read_check(aws_obj *o, aws_op *op, const aws_xml *tg)
{
	aws_obj *e = aws_obj_new(op, &check, NULL);
	for (size_t i = 0; i < sizeof check_fields / sizeof check_fields[0]; i++)
		aws_obj_x(e, check_fields[i][0], tg, check_fields[i][1]);
	const char *m = aws_xml_str(tg, "Matcher/HttpCode");
	aws_obj_str(e, "matcher", m ? m : aws_xml_str(tg, "Matcher/GrpcCode"));
	cl_value *v = aws_obj_done(e);
	aws_obj_block(o, "health_check", &v, 1, NULL);
}

/* stickiness: AWS's, or the configuration's disabled block kept as written. */
static void read_stickiness(aws_obj *o, aws_op *op, const aws_xml *list, unsigned kind)
{
	const char *on = aws_elbv2_attr_value(list, "stickiness.enabled");
	const char *type = aws_elbv2_attr_value(list, "stickiness.type");
	const char *lb = aws_elbv2_attr_value(list, "stickiness.lb_cookie.duration_seconds");
	const char *app = aws_elbv2_attr_value(list, "stickiness.app_cookie.duration_seconds");
	const char *cookie = aws_elbv2_attr_value(list, "stickiness.app_cookie.cookie_name");
	const cl_value *had = aws_obj_get(o, "stickiness");
	if (kind == LAMBDA || !type || (!(on && !strcmp(on, "true")) && had && had->n))
		return;
	aws_obj *e = aws_obj_new(op, &sticky, had && had->n ? had->u.c.v[0] : NULL);
	aws_obj_bool(e, "enabled", on && !strcmp(on, "true"));
	aws_obj_str(e, "type", type);
	aws_obj_text(e, "cookie_duration", !strcmp(type, "app_cookie") ? app : lb);
	if (!strcmp(type, "app_cookie"))
		aws_obj_str(e, "cookie_name", cookie);
	if (!aws_obj_get(e, "cookie_duration"))
		aws_obj_int(e, "cookie_duration", 86400);
	cl_value *v = aws_obj_done(e);
	aws_obj_block(o, "stickiness", &v, 1, NULL);
}

static bool load(aws_op *op, const cl_value *base, bool fresh, cl_value **state)
{
	const char *arn = aws_str(base, "id");
	aws_xml *x;
	const aws_xml *tg;
	*state = NULL;
	if (!aws_elbv2_describe_one(op, "DescribeTargetGroups", "TargetGroupArns.member.1", arn, fresh,
	                            "DescribeTargetGroupsResult/TargetGroups", &x, &tg))
		return false;
	if (!tg) {
		aws_xml_free(x);
		return true;
	}
	aws_obj *o = aws_obj_new(op, &schema, base);
	static const char *const fields[][2] = {
		{ "id", "TargetGroupArn" }, { "arn", "TargetGroupArn" }, { "name", "TargetGroupName" },
		{ "port", "Port" }, { "protocol", "Protocol" }, { "protocol_version", "ProtocolVersion" },
		{ "vpc_id", "VpcId" }, { "target_type", "TargetType" }, { "ip_address_type", "IpAddressType" },
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		aws_obj_x(o, fields[i][0], tg, fields[i][1]);
	aws_obj_str(o, "arn_suffix", aws_elbv2_suffix(op->arena, arn, ":targetgroup/", "targetgroup/"));
	aws_obj_name_prefix(o, aws_xml_str(tg, "TargetGroupName"));
	aws_obj_xstrs(o, "load_balancer_arns", aws_xml_child(tg, "LoadBalancerArns"), "");
	unsigned kind = kind_of(aws_xml_str(tg, "TargetType"), aws_xml_str(tg, "Protocol"));
	if (kind != LAMBDA)
		read_check(o, op, tg);
	aws_xml_free(x);

	const aws_xml *list;
	if (!aws_elbv2_attrs_get(op, "DescribeTargetGroupAttributes", "TargetGroupArn", arn, fresh, &x, &list))
		return false;
	read_stickiness(o, op, list, kind);
	aws_elbv2_attrs_read(o, list, table, kind);
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

/* The health check's parameters (CreateTargetGroup, ModifyTargetGroup). */
static void check_params(aws_op *op, aws_params *p, const cl_value *cfg)
{
	const cl_value *hc = cl_value_get(cfg, "health_check");
	const cl_value *c = hc && cl_value_is_seq(hc) && hc->n ? hc->u.c.v[0] : NULL;
	if (!c)
		return;
	for (size_t i = 0; i < sizeof check_fields / sizeof check_fields[0]; i++) {
		long long n;
		const char *s = aws_str(c, check_fields[i][0]);
		if (!strcmp(check_fields[i][0], "enabled"))
			aws_params_bool(p, check_fields[i][1], aws_bool(c, "enabled", true));
		else if (s)
			aws_params_add(p, check_fields[i][1], s);
		else if (aws_int(c, check_fields[i][0], &n))
			aws_params_int(p, check_fields[i][1], n);
	}
	if (aws_str(c, "matcher"))
		aws_params_add(p, aws_str(cfg, "protocol_version") && !strcmp(aws_str(cfg, "protocol_version"), "GRPC")
		                      ? "Matcher.GrpcCode" : "Matcher.HttpCode", aws_str(c, "matcher"));
}

/* stickiness.* from the block, when it changed (prior NULL: a create). */
static bool set_stickiness(aws_op *op, const char *arn, const cl_value *prior, const cl_value *cfg, unsigned kind)
{
	const cl_value *sb = cl_value_get(cfg, "stickiness");
	const cl_value *s = sb && cl_value_is_seq(sb) && sb->n ? sb->u.c.v[0] : NULL;
	if (!s || !cl_value_is_wholly_known(s) || kind == LAMBDA || (prior && !aws_changed(prior, cfg, "stickiness")))
		return true;
	const char *type = aws_str(s, "type");
	bool app = type && !strcmp(type, "app_cookie");
	long long d = 86400;
	aws_int(s, "cookie_duration", &d);
	const char *extra[9] = { "stickiness.enabled", aws_bool(s, "enabled", true) ? "true" : "false",
	                         "stickiness.type", type };
	if (kind == HTTP) {
		extra[4] = app ? "stickiness.app_cookie.duration_seconds" : "stickiness.lb_cookie.duration_seconds";
		extra[5] = cl_arena_printf(op->arena, "%lld", d);
		if (app && aws_str(s, "cookie_name"))
			extra[6] = "stickiness.app_cookie.cookie_name", extra[7] = aws_str(s, "cookie_name");
	}
	static const aws_elbv2_attr none[] = { { NULL } };
	return aws_elbv2_attrs_modify(op, "ModifyTargetGroupAttributes", "TargetGroupArn", arn, prior, cfg, none, kind,
	                              extra);
}

static bool configure(aws_op *op, const char *arn, const cl_value *prior, const cl_value *cfg)
{
	unsigned kind = kind_of(aws_str(cfg, "target_type"), aws_str(cfg, "protocol"));
	return aws_elbv2_attrs_modify(op, "ModifyTargetGroupAttributes", "TargetGroupArn", arn, prior, cfg, table, kind,
	                              NULL) &&
	       set_stickiness(op, arn, prior, cfg, kind);
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	const char *name = aws_unique_name(op, cfg, "name", "name_prefix", "tf-");
	if (strlen(name) > 32)
		name = cl_arena_strndup(op->arena, name, 32);
	static const char *const args[][2] = {
		{ "protocol", "Protocol" }, { "protocol_version", "ProtocolVersion" }, { "vpc_id", "VpcId" },
		{ "target_type", "TargetType" }, { "ip_address_type", "IpAddressType" },
	};
	aws_params *p = aws_params_new(AWS_ELBV2);
	aws_params_add(p, "Name", name);
	for (size_t i = 0; i < sizeof args / sizeof args[0]; i++)
		if (aws_str(cfg, args[i][0]))
			aws_params_add(p, args[i][1], aws_str(cfg, args[i][0]));
	long long port;
	if (aws_int(cfg, "port", &port))
		aws_params_int(p, "Port", port);
	check_params(op, p, cfg);
	aws_tags_members(op, p, cfg);
	static const char *const taken[] = { "DuplicateTargetGroupName", NULL };
	*state = NULL;
	const char *arn = aws_op_create_id(op, "CreateTargetGroup", p,
	                                   "CreateTargetGroupResult/TargetGroups/member/TargetGroupArn", taken, NULL, NULL);
	if (!arn)
		return false;
	return aws_created(op, configure(op, arn, NULL, cfg), cfg, arn, load, state);
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	const char *arn = aws_str(prior, "id");
	const cl_value *hc = cl_value_get(cfg, "health_check");
	if (hc && cl_value_is_wholly_known(hc) && hc->n && aws_changed(prior, cfg, "health_check")) {
		aws_params *p = aws_params_new(AWS_ELBV2);
		aws_params_add(p, "TargetGroupArn", arn);
		check_params(op, p, cfg);
		if (!aws_op_call(op, "ModifyTargetGroup", p, NULL, NULL))
			return false;
	}
	if (!configure(op, arn, prior, cfg) || !aws_tags_update(op, AWS_ELBV2, arn, prior, cfg))
		return false;
	return load(op, aws_with_id(op, cfg, arn), false, state);
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	/* ResourceInUse: a listener being deleted still forwards to it */
	static const char *const busy[] = { "ResourceInUse", NULL };
	return aws_elbv2_delete(op, "DeleteTargetGroup", "TargetGroupArn", prior, busy, 300);
}

static bool find(aws_op *op, cl_value **state)
{
	return aws_elbv2_find(op, "DescribeTargetGroups", NULL, "DescribeTargetGroupsResult/TargetGroups",
	                      "TargetGroupArn", load, state);
}

static const aws_ops ops = { create, read, update, destroy, find };
const cl_resource_type aws_lb_target_group_type = { "aws_lb_target_group", false, &schema, 2000, false, &ops };
