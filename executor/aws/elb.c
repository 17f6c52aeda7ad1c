/* elb.c: aws_elb, a classic Elastic Load Balancer: listeners, health check,
 * attributes, subnets, security groups, registered instances, all changed
 * in place.  AWS upper-cases protocols; read keeps the configuration's
 * spelling when only the case differs.  Its id is its name. */
#include "executor/aws/resource.h"

#include <ctype.h>
#include <string.h>

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
	A_STR("name_prefix", OPT | COMP | NEW),
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

/* Listeners as "80|http|80|http|cert" in lower case: equal when AWS and the
 * configuration mean the same. */
static cl_value *canon(aws_op *op, const cl_value *set)
{
	cl_value **out = CL_NEWN(op->arena, cl_value *, set->n + 1);
	for (uint32_t i = 0; i < set->n; i++) {
		const cl_value *l = set->u.c.v[i];
		long long ip = 0, lp = 0;
		aws_int(l, "instance_port", &ip);
		aws_int(l, "lb_port", &lp);
		const char *cert = aws_str(l, "ssl_certificate_id");
		char *s = cl_arena_printf(op->arena, "%lld|%s|%lld|%s|", lp, aws_str(l, "lb_protocol"), ip,
		                          aws_str(l, "instance_protocol"));
		for (char *c = s; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		out[i] = cl_value_cstr(op->arena, cl_arena_printf(op->arena, "%s%s", s, cert ? cert : ""));
	}
	return cl_value_set(op->arena, &cl_type_string, out, set->n);
}

static const char *lower(cl_arena *a, const char *s)
{
	char *l = cl_arena_strdup(a, s ? s : "");
	for (char *c = l; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	return l;
}

static void read_listeners(aws_obj *o, aws_op *op, const aws_xml *list)
{
	cl_value **v = CL_NEWN(op->arena, cl_value *, aws_xml_count(list) + 1);
	size_t n = 0;
	aws_xml_each(d, list) {
		const aws_xml *l = aws_xml_child(d, "Listener");
		aws_obj *e = aws_obj_new(op, &listener, NULL);
		aws_obj_x(e, "instance_port", l, "InstancePort");
		aws_obj_x(e, "lb_port", l, "LoadBalancerPort");
		aws_obj_str(e, "instance_protocol", lower(op->arena, aws_xml_str(l, "InstanceProtocol")));
		aws_obj_str(e, "lb_protocol", lower(op->arena, aws_xml_str(l, "Protocol")));
		aws_obj_x(e, "ssl_certificate_id", l, "SSLCertificateId");
		v[n++] = aws_obj_done(e);
	}
	aws_obj_block(o, "listener", v, n, canon);
}

static void read_check(aws_obj *o, aws_op *op, const aws_xml *hc)
{
	static const char *const fields[][2] = {
		{ "healthy_threshold", "HealthyThreshold" }, { "unhealthy_threshold", "UnhealthyThreshold" },
		{ "target", "Target" }, { "interval", "Interval" }, { "timeout", "Timeout" },
	};
	aws_obj *e = aws_obj_new(op, &check, NULL);
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		aws_obj_x(e, fields[i][0], hc, fields[i][1]);
	cl_value *v = aws_obj_done(e);
	aws_obj_block(o, "health_check", &v, hc ? 1 : 0, NULL);
}

static bool read_attributes(aws_obj *o, aws_op *op, const char *name, bool fresh)
{
	aws_params *p = aws_op_params(AWS_ELB, fresh);
	aws_params_add(p, "LoadBalancerName", name);
	aws_xml *x;
	if (!aws_op_call(op, "DescribeLoadBalancerAttributes", p, &x, NULL))
		return false;
	const aws_xml *a = aws_xml_find(x, "DescribeLoadBalancerAttributesResult/LoadBalancerAttributes");
	aws_obj_x(o, "cross_zone_load_balancing", a, "CrossZoneLoadBalancing/Enabled");
	aws_obj_x(o, "idle_timeout", a, "ConnectionSettings/IdleTimeout");
	aws_obj_x(o, "connection_draining", a, "ConnectionDraining/Enabled");
	aws_obj_x(o, "connection_draining_timeout", a, "ConnectionDraining/Timeout");
	const aws_xml *al = aws_xml_child(a, "AccessLog");
	bool on = false;
	aws_xml_bool(al, "Enabled", &on);
	aws_obj *e = aws_obj_new(op, &logs, NULL);
	aws_obj_x(e, "bucket", al, "S3BucketName");
	aws_obj_x(e, "bucket_prefix", al, "S3BucketPrefix");
	aws_obj_x(e, "interval", al, "EmitInterval");
	aws_obj_bool(e, "enabled", on);
	cl_value *v = aws_obj_done(e);
	aws_obj_block(o, "access_logs", &v, on ? 1 : 0, NULL);
	aws_xml_free(x);
	return true;
}

/* The group ELB's own source security group names, by id. */
static bool source_group_id(aws_obj *o, aws_op *op, const char *vpc, const char *name)
{
	if (!vpc || !name)
		return true;
	aws_params *p = aws_params_new(AWS_EC2);
	aws_params_filter(p, "vpc-id", &vpc, 1);
	aws_params_filter(p, "group-name", &name, 1);
	aws_xml *x;
	if (!aws_op_call(op, "DescribeSecurityGroups", p, &x, NULL))
		return false;
	aws_obj_x(o, "source_security_group_id", aws_xml_first(aws_xml_child(x, "securityGroupInfo")), "groupId");
	aws_xml_free(x);
	return true;
}

static bool load(aws_op *op, const cl_value *base, bool fresh, cl_value **state)
{
	const char *name = aws_str(base, "id");
	aws_params *p = aws_op_params(AWS_ELB, fresh);
	aws_params_add(p, "LoadBalancerNames.member.1", name);
	aws_xml *x;
	aws_error e;
	*state = NULL;
	if (!aws_op_call(op, "DescribeLoadBalancers", p, &x, &e))
		return aws_gone(&e);
	const aws_xml *lb = aws_xml_first(aws_xml_find(x, "DescribeLoadBalancersResult/LoadBalancerDescriptions"));
	if (!lb) {
		aws_xml_free(x);
		return true;
	}
	aws_obj *o = aws_obj_new(op, &schema, base);
	aws_obj_x(o, "id", lb, "LoadBalancerName");
	aws_obj_x(o, "name", lb, "LoadBalancerName");
	aws_obj_x(o, "dns_name", lb, "DNSName");
	aws_obj_x(o, "zone_id", lb, "CanonicalHostedZoneNameID");
	aws_obj_bool(o, "internal", !strcmp(aws_xml_text(aws_xml_child(lb, "Scheme")), "internal"));
	aws_obj_xstrs(o, "availability_zones", aws_xml_child(lb, "AvailabilityZones"), "");
	aws_obj_xstrs(o, "subnets", aws_xml_child(lb, "Subnets"), "");
	aws_obj_xstrs(o, "security_groups", aws_xml_child(lb, "SecurityGroups"), "");
	aws_obj_xstrs(o, "instances", aws_xml_child(lb, "Instances"), "InstanceId");
	read_listeners(o, op, aws_xml_child(lb, "ListenerDescriptions"));
	read_check(o, op, aws_xml_child(lb, "HealthCheck"));
	const char *vpc = cl_arena_strdup(op->arena, aws_xml_text(aws_xml_child(lb, "VPCId")));
	/* "OWNER/NAME" as the provider records it ("amazon-elb/amazon-elb-sg",
	 * "123456789012/default"); the group is looked up by NAME */
	const char *sg = aws_xml_str(lb, "SourceSecurityGroup/GroupName");
	const char *owner = aws_xml_str(lb, "SourceSecurityGroup/OwnerAlias");
	sg = sg ? cl_arena_strdup(op->arena, sg) : NULL;
	aws_obj_str(o, "source_security_group",
	            !sg || !owner || !*owner ? sg : cl_arena_printf(op->arena, "%s/%s", owner, sg));
	aws_xml_free(x);

	p = aws_op_params(AWS_ELB, fresh);
	aws_params_add(p, "LoadBalancerNames.member.1", name);
	if (!read_attributes(o, op, name, fresh) || !source_group_id(o, op, *vpc ? vpc : NULL, sg) ||
	    !aws_op_call(op, "DescribeTags", p, &x, NULL))
		return false;
	aws_obj_tags_xml(o, aws_xml_find(x, "DescribeTagsResult/TagDescriptions/member/Tags"));
	aws_xml_free(x);
	*state = aws_obj_done(o);
	return true;
}

static bool read(aws_op *op, const cl_value *prior, cl_value **state)
{
	return load(op, prior, false, state);
}

static void listener_params(aws_params *p, cl_value **ls, size_t n)
{
	static const char *const fields[][2] = {
		{ "lb_protocol", "Protocol" }, { "instance_protocol", "InstanceProtocol" },
		{ "ssl_certificate_id", "SSLCertificateId" },
	};
	for (size_t i = 0; i < n; i++) {
		long long ip = 0, lp = 0;
		aws_int(ls[i], "instance_port", &ip);
		aws_int(ls[i], "lb_port", &lp);
		char num[32];
		snprintf(num, sizeof num, "%lld", lp);
		aws_params_item(p, "Listeners", i + 1, "LoadBalancerPort", num);
		snprintf(num, sizeof num, "%lld", ip);
		aws_params_item(p, "Listeners", i + 1, "InstancePort", num);
		for (size_t k = 0; k < 3; k++)
			if (aws_str(ls[i], fields[k][0]))
				aws_params_item(p, "Listeners", i + 1, fields[k][1], aws_str(ls[i], fields[k][0]));
	}
}

/* A call on the load balancer name with one list parameter (Subnets,
 * SecurityGroups, Instances.member.N.InstanceId ...); nothing when empty. */
static bool list_call(aws_op *op, const char *name, const char *action, const char *param,
                      const char *const *v, size_t n)
{
	if (!n)
		return true;
	aws_params *p = aws_op_params(AWS_ELB, true);
	aws_params_add(p, "LoadBalancerName", name);
	if (!strcmp(param, "Instances"))
		for (size_t i = 0; i < n; i++)
			aws_params_item(p, param, i + 1, "InstanceId", v[i]);
	else
		aws_params_list(p, param, v, n);
	return aws_op_call(op, action, p, NULL, NULL);
}

/* Adds what config has and prior has not, then removes what it no longer has. */
static bool sync_list(aws_op *op, const char *name, const cl_value *prior, const cl_value *cfg,
                      const char *attr, const char *add, const char *remove, const char *param)
{
	const cl_value *want = cl_value_get(cfg, attr);
	if (!want || !cl_value_is_wholly_known(want) || cl_value_is_null(want))
		return true;       /* computed: left as it is */
	const char **had, **new, **plus, **minus;
	size_t nh = aws_strs(op->arena, prior, attr, &had), nn = aws_strs(op->arena, cfg, attr, &new);
	size_t np = aws_minus(op->arena, new, nn, had, nh, &plus), nm = aws_minus(op->arena, had, nh, new, nn, &minus);
	return list_call(op, name, add, param, plus, np) && list_call(op, name, remove, param, minus, nm);
}

static bool configure(aws_op *op, const char *name, const cl_value *prior, const cl_value *cfg)
{
	const cl_value *hc = cl_value_get(cfg, "health_check");
	if (hc && cl_value_is_wholly_known(hc) && hc->n && aws_changed(prior, cfg, "health_check")) {
		static const char *const fields[][2] = {
			{ "healthy_threshold", "HealthyThreshold" }, { "unhealthy_threshold", "UnhealthyThreshold" },
			{ "interval", "Interval" }, { "timeout", "Timeout" },
		};
		aws_params *p = aws_op_params(AWS_ELB, true);
		aws_params_add(p, "LoadBalancerName", name);
		aws_params_add(p, "HealthCheck.Target", aws_str(hc->u.c.v[0], "target"));
		for (size_t i = 0; i < 4; i++) {
			long long v = 0;
			aws_int(hc->u.c.v[0], fields[i][0], &v);
			aws_params_int(p, cl_arena_printf(op->arena, "HealthCheck.%s", fields[i][1]), v);
		}
		if (!aws_op_call(op, "ConfigureHealthCheck", p, NULL, NULL))
			return false;
	}
	static const char *const attributes[] = {
		"cross_zone_load_balancing", "idle_timeout", "connection_draining", "connection_draining_timeout",
		"access_logs",
	};
	bool changed = false;
	for (size_t i = 0; i < 5; i++)
		changed |= aws_changed(prior, cfg, attributes[i]);
	if (changed) {
		long long idle = 60, drain = 300, interval = 60;
		aws_int(cfg, "idle_timeout", &idle);
		aws_int(cfg, "connection_draining_timeout", &drain);
		aws_params *p = aws_op_params(AWS_ELB, true);
		aws_params_add(p, "LoadBalancerName", name);
		const char *a = "LoadBalancerAttributes.";
		aws_params_bool(p, cl_arena_printf(op->arena, "%sCrossZoneLoadBalancing.Enabled", a),
		                aws_bool(cfg, "cross_zone_load_balancing", true));
		aws_params_int(p, cl_arena_printf(op->arena, "%sConnectionSettings.IdleTimeout", a), idle);
		aws_params_bool(p, cl_arena_printf(op->arena, "%sConnectionDraining.Enabled", a),
		                aws_bool(cfg, "connection_draining", false));
		aws_params_int(p, cl_arena_printf(op->arena, "%sConnectionDraining.Timeout", a), drain);
		const cl_value *al = cl_value_get(cfg, "access_logs");
		const cl_value *l = al && cl_value_is_seq(al) && al->n ? al->u.c.v[0] : NULL;
		aws_params_bool(p, cl_arena_printf(op->arena, "%sAccessLog.Enabled", a), l && aws_bool(l, "enabled", true));
		if (l) {
			aws_int(l, "interval", &interval);
			aws_params_add(p, cl_arena_printf(op->arena, "%sAccessLog.S3BucketName", a), aws_str(l, "bucket"));
			if (aws_str(l, "bucket_prefix"))
				aws_params_add(p, cl_arena_printf(op->arena, "%sAccessLog.S3BucketPrefix", a), aws_str(l, "bucket_prefix"));
			aws_params_int(p, cl_arena_printf(op->arena, "%sAccessLog.EmitInterval", a), interval);
		}
		if (!aws_op_call(op, "ModifyLoadBalancerAttributes", p, NULL, NULL))
			return false;
	}
	return sync_list(op, name, prior, cfg, "instances", "RegisterInstancesWithLoadBalancer",
	                 "DeregisterInstancesFromLoadBalancer", "Instances");
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	const char *name = aws_unique_name(op, cfg, "name", "name_prefix", "tf-lb-");
	if (strlen(name) > 32)
		name = cl_arena_strndup(op->arena, name, 32);
	aws_params *p = aws_params_new(AWS_ELB);
	aws_params_add(p, "LoadBalancerName", name);
	const cl_value *ls = cl_value_get(cfg, "listener");
	listener_params(p, ls->u.c.v, ls->n);
	aws_params_strs(op, p, "Subnets", cfg, "subnets");
	aws_params_strs(op, p, "SecurityGroups", cfg, "security_groups");
	const char **subnets;
	if (!aws_strs(op->arena, cfg, "subnets", &subnets))
		aws_params_strs(op, p, "AvailabilityZones", cfg, "availability_zones");
	if (aws_bool(cfg, "internal", false))
		aws_params_add(p, "Scheme", "internal");
	aws_tags_members(op, p, cfg);
	static const char *const taken[] = { "DuplicateLoadBalancerName", "DuplicateAccessPointName", NULL };
	*state = NULL;
	const char *got = aws_op_create_id(op, "CreateLoadBalancer", p, NULL, taken, NULL, NULL);
	if (!got)
		return false;
	name = *got ? got : name;   /* adopted: the one carrying our identity tags */
	/* AWS's defaults stand for what the configuration leaves out */
	aws_obj *d = aws_obj_new(op, &schema, NULL);
	aws_obj_bool(d, "cross_zone_load_balancing", false);
	aws_obj_int(d, "idle_timeout", 60);
	aws_obj_bool(d, "connection_draining", false);
	aws_obj_int(d, "connection_draining_timeout", 300);
	return aws_created(op, configure(op, name, aws_obj_done(d), cfg), cfg, name, load, state);
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	const char *name = aws_str(prior, "id");
	const cl_value *had = cl_value_get(prior, "listener"), *want = cl_value_get(cfg, "listener");
	if (cl_value_equal(canon(op, had), canon(op, want)) != 1) {
		cl_value **gone, **added;
		size_t ng = aws_values_minus(op->arena, had, want, &gone);
		size_t na = aws_values_minus(op->arena, want, had, &added);
		const char **ports = CL_NEWN(op->arena, const char *, ng + 1);
		for (size_t i = 0; i < ng; i++) {
			long long lp = 0;
			aws_int(gone[i], "lb_port", &lp);
			ports[i] = cl_arena_printf(op->arena, "%lld", lp);
		}
		if (!list_call(op, name, "DeleteLoadBalancerListeners", "LoadBalancerPorts", ports, ng))
			return false;
		if (na) {
			aws_params *p = aws_params_new(AWS_ELB);
			aws_params_add(p, "LoadBalancerName", name);
			listener_params(p, added, na);
			if (!aws_op_call(op, "CreateLoadBalancerListeners", p, NULL, NULL))
				return false;
		}
	}
	if (!sync_list(op, name, prior, cfg, "subnets", "AttachLoadBalancerToSubnets", "DetachLoadBalancerFromSubnets", "Subnets"))
		return false;
	const char **sgs;
	size_t nsg = aws_strs(op->arena, cfg, "security_groups", &sgs);
	if (nsg && aws_changed(prior, cfg, "security_groups") &&
	    !list_call(op, name, "ApplySecurityGroupsToLoadBalancer", "SecurityGroups", sgs, nsg))
		return false;
	if (!configure(op, name, prior, cfg) || !aws_tags_update(op, AWS_ELB, name, prior, cfg))
		return false;
	return load(op, aws_with_id(op, cfg, name), false, state);
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	aws_params *p = aws_params_new(AWS_ELB);
	aws_params_add(p, "LoadBalancerName", aws_str(prior, "id"));
	return aws_op_delete(op, "DeleteLoadBalancer", p, NULL, 0);
}

/* Classic ELBs cannot be listed by tag: every name, then their tags, 20 at a time. */
static bool find(aws_op *op, cl_value **state)
{
	aws_xml *all;
	*state = NULL;
	if (!aws_op_call_all(op, "DescribeLoadBalancers", aws_params_new(AWS_ELB), &all, NULL))
		return false;
	const aws_xml *list = aws_xml_find(all, "DescribeLoadBalancersResult/LoadBalancerDescriptions");
	size_t n = 0;
	const char **names = CL_NEWN(op->arena, const char *, aws_xml_count(list) + 1), *found = NULL;
	aws_xml_each(it, list)
		names[n++] = cl_arena_strdup(op->arena, aws_xml_text(aws_xml_child(it, "LoadBalancerName")));
	aws_xml_free(all);
	for (size_t i = 0; i < n && !found; i += 20) {
		aws_params *p = aws_params_new(AWS_ELB);
		aws_params_list(p, "LoadBalancerNames", names + i, n - i < 20 ? n - i : 20);
		aws_xml *x;
		if (!aws_op_call(op, "DescribeTags", p, &x, NULL))
			return false;
		aws_xml_each(d, aws_xml_find(x, "DescribeTagsResult/TagDescriptions"))
			if (!found && aws_tags_identity(op, aws_xml_child(d, "Tags")) &&
			    !aws_op_known(op, aws_xml_text(aws_xml_child(d, "LoadBalancerName"))))
				found = cl_arena_strdup(op->arena, aws_xml_text(aws_xml_child(d, "LoadBalancerName")));
		aws_xml_free(x);
	}
	return !found || load(op, aws_with_id(op, NULL, found), false, state);
}

static const aws_ops ops = { create, read, update, destroy, find };
const cl_resource_type aws_elb_type = { "aws_elb", false, &schema, 5000, true, &ops,
                                     .balancer_members = "instances" };
