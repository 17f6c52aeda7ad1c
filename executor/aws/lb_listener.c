/* lb_listener.c: aws_lb_listener, a port an ELBv2 load balancer listens on
 * and its default actions, all changed in place (ModifyListener) but the
 * load balancer.  Its id is its ARN. */
#include "executor/aws/elbv2.h"
#include "executor/aws/lb_action.h"

#include <string.h>
#include <strings.h>

static const cl_schema_block blocks[] = {
	{ "default_action", CL_NEST_LIST, 1, 0, 0, &aws_lb_action_schema },
	{ NULL }
};
static const cl_schema_attr attrs[] = {
	A_STR("load_balancer_arn", REQ | NEW),
	A_NUM("port", OPT),
	{ "protocol", CL_AT_STRING, CL_AT_STRING, OPT | COMP | CL_SA_NOCASE, NULL, NULL },
	A_STR("ssl_policy", OPT | COMP),
	A_STR("certificate_arn", OPT),
	A_STR("alpn_policy", OPT),
	A_TAGS, A_ID, A_STR("arn", COMP),
	A_END
};
static const cl_schema schema = { attrs, blocks };

static bool load(aws_op *op, const cl_value *base, bool fresh, cl_value **state)
{
	const char *arn = aws_str(base, "id");
	aws_xml *x;
	const aws_xml *l;
	*state = NULL;
	if (!aws_elbv2_describe_one(op, "DescribeListeners", "ListenerArns.member.1", arn, fresh,
	                            "DescribeListenersResult/Listeners", &x, &l))
		return false;
	if (!l) {
		aws_xml_free(x);
		return true;
	}
	aws_obj *o = aws_obj_new(op, &schema, base);
	static const char *const fields[][2] = {
		{ "id", "ListenerArn" }, { "arn", "ListenerArn" }, { "load_balancer_arn", "LoadBalancerArn" },
		{ "port", "Port" }, { "ssl_policy", "SslPolicy" },
	};
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		aws_obj_x(o, fields[i][0], l, fields[i][1]);
	/* AWS upper-cases the protocol: the configuration's spelling is kept */
	const cl_value *had = aws_obj_get(o, "protocol");
	const char *proto = aws_xml_str(l, "Protocol");
	if (!had || !proto || strcasecmp(had->u.str.s, proto))
		aws_obj_str(o, "protocol", proto);
	const aws_xml *certs = aws_xml_child(l, "Certificates"), *alpn = aws_xml_child(l, "AlpnPolicy");
	aws_obj_str(o, "certificate_arn", aws_xml_count(certs) == 1 ? aws_xml_str(aws_xml_first(certs), "CertificateArn")
	                                                            : NULL);
	aws_obj_str(o, "alpn_policy", aws_xml_count(alpn) == 1 ? aws_xml_text(aws_xml_first(alpn)) : NULL);
	aws_lb_action_read(o, op, "default_action", aws_xml_child(l, "DefaultActions"));
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

/* What CreateListener and ModifyListener share. */
static void settings(aws_op *op, aws_params *p, const cl_value *cfg)
{
	long long port;
	if (aws_int(cfg, "port", &port))
		aws_params_int(p, "Port", port);
	const char *proto = aws_str(cfg, "protocol"), *lb = aws_str(cfg, "load_balancer_arn");
	if (proto) {
		char up[16];
		size_t i = 0;
		for (; proto[i] && i < sizeof up - 1; i++)
			up[i] = (char)(proto[i] >= 'a' && proto[i] <= 'z' ? proto[i] - 32 : proto[i]);
		up[i] = 0;
		aws_params_add(p, "Protocol", up);
	} else if (lb && strstr(lb, "loadbalancer/app/")) {
		aws_params_add(p, "Protocol", "HTTP");   /* the provider's default for an ALB */
	}
	if (aws_str(cfg, "ssl_policy"))
		aws_params_add(p, "SslPolicy", aws_str(cfg, "ssl_policy"));
	if (aws_str(cfg, "certificate_arn"))
		aws_params_add(p, "Certificates.member.1.CertificateArn", aws_str(cfg, "certificate_arn"));
	if (aws_str(cfg, "alpn_policy"))
		aws_params_add(p, "AlpnPolicy.member.1", aws_str(cfg, "alpn_policy"));
	aws_lb_action_params(op, p, "DefaultActions", cl_value_get(cfg, "default_action"));
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	aws_params *p = aws_params_new(AWS_ELBV2);
	aws_params_add(p, "LoadBalancerArn", aws_str(cfg, "load_balancer_arn"));
	settings(op, p, cfg);
	aws_tags_members(op, p, cfg);
	/* DuplicateListener: the port is taken, by this very listener when an answer was lost */
	static const char *const taken[] = { "DuplicateListener", NULL };
	*state = NULL;
	const char *arn = aws_op_create_id(op, "CreateListener", p, "CreateListenerResult/Listeners/member/ListenerArn",
	                                   taken, NULL, NULL);
	return arn && aws_created(op, true, cfg, arn, load, state);
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	const char *arn = aws_str(prior, "id");
	static const char *const settable[] = {
		"port", "protocol", "ssl_policy", "certificate_arn", "alpn_policy", "default_action",
	};
	bool changed = false;
	for (size_t i = 0; i < sizeof settable / sizeof settable[0]; i++)
		changed |= aws_changed(prior, cfg, settable[i]);
	if (changed) {
		aws_params *p = aws_params_new(AWS_ELBV2);
		aws_params_add(p, "ListenerArn", arn);
		settings(op, p, cfg);
		if (!aws_op_call(op, "ModifyListener", p, NULL, NULL))
			return false;
	}
	if (!aws_tags_update(op, AWS_ELBV2, arn, prior, cfg))
		return false;
	return load(op, aws_with_id(op, cfg, arn), false, state);
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	return aws_elbv2_delete(op, "DeleteListener", "ListenerArn", prior, NULL, 0);
}

/* Listeners are listed per load balancer: every one's, then their tags. */
static bool find(aws_op *op, cl_value **state)
{
	const char **lbs;
	size_t n;
	*state = NULL;
	if (!aws_elbv2_lb_arns(op, &lbs, &n))
		return false;
	for (size_t i = 0; i < n && !*state; i++) {
		aws_params *p = aws_params_new(AWS_ELBV2);
		aws_params_add(p, "LoadBalancerArn", lbs[i]);
		if (!aws_elbv2_find(op, "DescribeListeners", p, "DescribeListenersResult/Listeners", "ListenerArn", load,
		                    state))
			return false;
	}
	return true;
}

static const aws_ops ops = { create, read, update, destroy, find };
const cl_resource_type aws_lb_listener_type = { "aws_lb_listener", false, &schema, 1000, false, &ops };
