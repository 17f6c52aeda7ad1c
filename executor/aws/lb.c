/* lb.c: aws_lb, an Application or Network Load Balancer (ELBv2): created,
 * waited for until active, its attributes, subnets, security groups and
 * address type changed in place.  Its id is its ARN.  Attributes that do
 * not apply to its type are recorded as the configuration (or the
 * provider's default) says, as Terraform does. */
#include "executor/aws/elbv2.h"

#include <string.h>

enum { ALB = 1, NLB = 2, GWLB = 4 };
#define LIST "DescribeLoadBalancersResult/LoadBalancers"

static const cl_schema_attr logs_attrs[] = {
	A_STR("bucket", REQ), A_DEF(CL_AT_BOOL, "enabled", 0, "false"), A_STR("prefix", OPT),
	A_END
};
static const cl_schema logs = { logs_attrs, NULL };
static const cl_schema_block blocks[] = {
	{ "access_logs", CL_NEST_LIST, 0, 1, 0, &logs },
	{ NULL }
};
static const cl_schema_attr attrs[] = {
	A_STR("name", OPT | COMP | NEW),
	A_STR("name_prefix", OPT | COMP | NEW),
	A_BOOL("internal", OPT | COMP | NEW),
	A_DEF(CL_AT_STRING, "load_balancer_type", NEW, "\"application\""),
	A_SET("security_groups", OPT | COMP),
	A_SET("subnets", OPT | COMP),
	A_STR("ip_address_type", OPT | COMP),
	A_DEF(CL_AT_NUMBER, "idle_timeout", 0, "60"),
	A_DEF(CL_AT_NUMBER, "client_keep_alive", 0, "3600"),
	A_DEF(CL_AT_STRING, "desync_mitigation_mode", 0, "\"defensive\""),
	A_DEF(CL_AT_STRING, "dns_record_client_routing_policy", 0, "\"any_availability_zone\""),
	A_DEF(CL_AT_BOOL, "drop_invalid_header_fields", 0, "false"),
	A_DEF(CL_AT_BOOL, "enable_cross_zone_load_balancing", 0, "false"),
	A_DEF(CL_AT_BOOL, "enable_deletion_protection", 0, "false"),
	A_DEF(CL_AT_BOOL, "enable_http2", 0, "true"),
	A_DEF(CL_AT_BOOL, "enable_tls_version_and_cipher_suite_headers", 0, "false"),
	A_DEF(CL_AT_BOOL, "enable_waf_fail_open", 0, "false"),
	A_DEF(CL_AT_BOOL, "enable_xff_client_port", 0, "false"),
	A_DEF(CL_AT_BOOL, "enable_zonal_shift", 0, "false"),
	A_DEF(CL_AT_BOOL, "preserve_host_header", 0, "false"),
	A_DEF(CL_AT_STRING, "xff_header_processing_mode", 0, "\"append\""),
	A_TAGS, A_ID,
	A_STR("arn", COMP), A_STR("arn_suffix", COMP), A_STR("dns_name", COMP), A_STR("zone_id", COMP),
	A_STR("vpc_id", COMP),
	A_END
};
static const cl_schema schema = { attrs, blocks };

/* The provider's table: which attribute applies to which type. */
static const aws_elbv2_attr table[] = {
	{ "client_keep_alive", "client_keep_alive.seconds", 'n', ALB, "3600" },
	{ "desync_mitigation_mode", "routing.http.desync_mitigation_mode", 's', ALB, "defensive" },
	{ "dns_record_client_routing_policy", "dns_record.client_routing_policy", 's', NLB, "any_availability_zone" },
	{ "drop_invalid_header_fields", "routing.http.drop_invalid_header_fields.enabled", 'b', ALB, "false" },
	/* an ALB's is always true: AWS refuses to change it */
	{ "enable_cross_zone_load_balancing", "load_balancing.cross_zone.enabled", 'b', NLB | GWLB, "false" },
	{ "enable_deletion_protection", "deletion_protection.enabled", 'b', ALB | NLB | GWLB, "false" },
	{ "enable_http2", "routing.http2.enabled", 'b', ALB, "true" },
	{ "enable_tls_version_and_cipher_suite_headers", "routing.http.x_amzn_tls_version_and_cipher_suite.enabled", 'b',
	  ALB, "false" },
	{ "enable_waf_fail_open", "waf.fail_open.enabled", 'b', ALB, "false" },
	{ "enable_xff_client_port", "routing.http.xff_client_port.enabled", 'b', ALB, "false" },
	{ "enable_zonal_shift", "zonal_shift.config.enabled", 'b', ALB | NLB, "false" },
	{ "idle_timeout", "idle_timeout.timeout_seconds", 'n', ALB, "60" },
	{ "preserve_host_header", "routing.http.preserve_host_header.enabled", 'b', ALB, "false" },
	{ "xff_header_processing_mode", "routing.http.xff_header_processing.mode", 's', ALB, "append" },
	{ NULL }
};

static unsigned kind_named(const char *t)
{
	return !t || !strcmp(t, "application") ? ALB : !strcmp(t, "network") ? NLB : GWLB;
}

/* access_logs: from AWS when enabled; a disabled one the configuration
 * still writes is kept as written. */
static void read_logs(aws_obj *o, aws_op *op, const aws_xml *list)
{
	const char *on = aws_elbv2_attr_value(list, "access_logs.s3.enabled");
	const char *bucket = aws_elbv2_attr_value(list, "access_logs.s3.bucket");
	const char *prefix = aws_elbv2_attr_value(list, "access_logs.s3.prefix");
	const cl_value *had = aws_obj_get(o, "access_logs");
	if (!(on && !strcmp(on, "true"))) {
		if (!had || !had->n)
			aws_obj_block(o, "access_logs", NULL, 0, NULL);
		return;
	}
	aws_obj *e = aws_obj_new(op, &logs, NULL);
	aws_obj_str(e, "bucket", bucket);
	aws_obj_bool(e, "enabled", true);
	aws_obj_str(e, "prefix", prefix);
	cl_value *v = aws_obj_done(e);
	aws_obj_block(o, "access_logs", &v, 1, NULL);
}

static bool attributes(aws_op *op, aws_obj *o, const char *arn, bool fresh, unsigned kind)
{
	aws_xml *x;
	const aws_xml *list;
	if (!aws_elbv2_attrs_get(op, "DescribeLoadBalancerAttributes", "LoadBalancerArn", arn, fresh, &x, &list))
		return false;
	read_logs(o, op, list);
	aws_elbv2_attrs_read(o, list, table, kind);
	aws_xml_free(x);
	return true;
}

static bool load(aws_op *op, const cl_value *base, bool fresh, cl_value **state)
{
	const char *arn = aws_str(base, "id");
	aws_xml *x;
	const aws_xml *lb;
	*state = NULL;
	if (!aws_elbv2_describe_one(op, "DescribeLoadBalancers", "LoadBalancerArns.member.1", arn, fresh, LIST, &x, &lb))
		return false;
	if (!lb) {
		aws_xml_free(x);
		return true;
	}
	aws_obj *o = aws_obj_new(op, &schema, base);
	static const char *const fields[][2] = {
		{ "id", "LoadBalancerArn" }, { "arn", "LoadBalancerArn" }, { "name", "LoadBalancerName" },
		{ "dns_name", "DNSName" }, { "zone_id", "CanonicalHostedZoneId" }, { "vpc_id", "VpcId" },
		{ "load_balancer_type", "Type" }, { "ip_address_type", "IpAddressType" },
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		aws_obj_x(o, fields[i][0], lb, fields[i][1]);
	aws_obj_str(o, "arn_suffix", aws_elbv2_suffix(op->arena, arn, ":loadbalancer/", ""));
	aws_obj_name_prefix(o, aws_xml_str(lb, "LoadBalancerName"));
	aws_obj_bool(o, "internal", !strcmp(aws_xml_text(aws_xml_child(lb, "Scheme")), "internal"));
	aws_obj_xstrs(o, "subnets", aws_xml_child(lb, "AvailabilityZones"), "SubnetId");
	aws_obj_xstrs(o, "security_groups", aws_xml_child(lb, "SecurityGroups"), "");
	aws_xml_free(x);
	const cl_value *type = aws_obj_get(o, "load_balancer_type");
	unsigned kind = kind_named(type ? type->u.str.s : NULL);
	if (!attributes(op, o, arn, fresh, kind) || !aws_elbv2_tags(op, o, arn, fresh))
		return false;
	*state = aws_obj_done(o);
	return true;
}

static bool read(aws_op *op, const cl_value *prior, cl_value **state)
{
	return load(op, prior, false, state);
}

static int active(aws_op *op, void *arn)
{
	aws_xml *x;
	const aws_xml *lb;
	if (!aws_elbv2_describe_one(op, "DescribeLoadBalancers", "LoadBalancerArns.member.1", arn, true, LIST, &x, &lb))
		return -1;
	const aws_xml *st = aws_xml_child(lb, "State");
	const char *code = aws_xml_text(aws_xml_child(st, "Code"));
	int r = !strcmp(code, "active") ? 1 : strcmp(code, "failed") ? 0 : -1;
	if (r < 0)
		aws_op_fail(op, "load balancer %s failed to become active: %s", (const char *)arn,
		            aws_xml_text(aws_xml_child(st, "Reason")));
	aws_xml_free(x);
	return r;
}

/* access_logs.s3.*: the block's, or off when there is none. */
static bool set_logs(aws_op *op, const char *arn, const cl_value *prior, const cl_value *cfg, unsigned kind)
{
	if ((prior && !aws_changed(prior, cfg, "access_logs")) || kind == GWLB)
		return true;
	const cl_value *al = cl_value_get(cfg, "access_logs");
	const cl_value *l = al && cl_value_is_seq(al) && al->n ? al->u.c.v[0] : NULL;
	bool on = l && aws_bool(l, "enabled", false);
	const char *extra[] = { "access_logs.s3.enabled", on ? "true" : "false", NULL, NULL, NULL, NULL, NULL };
	if (on) {
		extra[2] = "access_logs.s3.bucket", extra[3] = aws_str(l, "bucket");
		extra[4] = "access_logs.s3.prefix", extra[5] = aws_str(l, "prefix") ? aws_str(l, "prefix") : "";
	}
	static const aws_elbv2_attr none[] = { { NULL } };
	return aws_elbv2_attrs_modify(op, "ModifyLoadBalancerAttributes", "LoadBalancerArn", arn, prior, cfg, none, kind,
	                              extra);
}

static bool configure(aws_op *op, const char *arn, const cl_value *prior, const cl_value *cfg)
{
	unsigned kind = kind_named(aws_str(cfg, "load_balancer_type"));
	return set_logs(op, arn, prior, cfg, kind) &&
	       aws_elbv2_attrs_modify(op, "ModifyLoadBalancerAttributes", "LoadBalancerArn", arn, prior, cfg, table, kind,
	                              NULL);
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	const char *name = aws_unique_name(op, cfg, "name", "name_prefix", "tf-lb-");
	if (strlen(name) > 32)
		name = cl_arena_strndup(op->arena, name, 32);
	aws_params *p = aws_params_new(AWS_ELBV2);
	aws_params_add(p, "Name", name);
	aws_params_add(p, "Type", aws_str(cfg, "load_balancer_type") ? aws_str(cfg, "load_balancer_type") : "application");
	if (aws_bool(cfg, "internal", false))
		aws_params_add(p, "Scheme", "internal");
	if (aws_str(cfg, "ip_address_type"))
		aws_params_add(p, "IpAddressType", aws_str(cfg, "ip_address_type"));
	aws_params_strs(op, p, "Subnets", cfg, "subnets");
	aws_params_strs(op, p, "SecurityGroups", cfg, "security_groups");
	aws_tags_members(op, p, cfg);
	static const char *const taken[] = { "DuplicateLoadBalancerName", NULL };
	*state = NULL;
	const char *arn = aws_op_create_id(op, "CreateLoadBalancer", p,
	                                   "CreateLoadBalancerResult/LoadBalancers/member/LoadBalancerArn", taken, NULL, NULL);
	if (!arn)
		return false;
	bool ok = aws_wait(op, "the load balancer to be active", 600, active, (void *)arn) &&
	          configure(op, arn, NULL, cfg);
	return aws_created(op, ok, cfg, arn, load, state);
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	const char *arn = aws_str(prior, "id");
	static const char *const sets[][3] = {
		{ "subnets", "SetSubnets", "Subnets" }, { "security_groups", "SetSecurityGroups", "SecurityGroups" },
	};
	for (size_t i = 0; i < 2; i++) {
		const cl_value *v = cl_value_get(cfg, sets[i][0]);
		if (!v || !cl_value_is_wholly_known(v) || cl_value_is_null(v) || !aws_changed(prior, cfg, sets[i][0]))
			continue;
		aws_params *p = aws_params_new(AWS_ELBV2);
		aws_params_add(p, "LoadBalancerArn", arn);
		aws_params_strs(op, p, sets[i][2], cfg, sets[i][0]);
		if (!aws_op_call(op, sets[i][1], p, NULL, NULL))
			return false;
	}
	if (aws_str(cfg, "ip_address_type") && aws_changed(prior, cfg, "ip_address_type")) {
		aws_params *p = aws_params_new(AWS_ELBV2);
		aws_params_add(p, "LoadBalancerArn", arn);
		aws_params_add(p, "IpAddressType", aws_str(cfg, "ip_address_type"));
		if (!aws_op_call(op, "SetIpAddressType", p, NULL, NULL))
			return false;
	}
	if (!configure(op, arn, prior, cfg) || !aws_tags_update(op, AWS_ELBV2, arn, prior, cfg))
		return false;
	return load(op, aws_with_id(op, cfg, arn), false, state);
}

static int gone(aws_op *op, void *arn)
{
	aws_xml *x;
	const aws_xml *lb;
	if (!aws_elbv2_describe_one(op, "DescribeLoadBalancers", "LoadBalancerArns.member.1", arn, false, LIST, &x, &lb))
		return -1;
	aws_xml_free(x);
	return lb == NULL;
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	/* gone from the API before what depends on it (its subnets' and
	 * security groups' deletes) is tried */
	return aws_elbv2_delete(op, "DeleteLoadBalancer", "LoadBalancerArn", prior, NULL, 0) &&
	       aws_wait(op, "the load balancer to be deleted", 600, gone, (void *)aws_str(prior, "id"));
}

static bool find(aws_op *op, cl_value **state)
{
	return aws_elbv2_find(op, "DescribeLoadBalancers", NULL, LIST, "LoadBalancerArn", load, state);
}

static const aws_ops ops = { create, read, update, destroy, find };
const cl_resource_type aws_lb_type = { "aws_lb", false, &schema, 180000, true, &ops };
