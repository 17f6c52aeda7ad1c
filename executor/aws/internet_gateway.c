/* internet_gateway.c: aws_internet_gateway, attached to at most one VPC;
 * moving it to another VPC is a detach and an attach, in place. */
#include "executor/aws/resource.h"

static const cl_schema_attr attrs[] = {
	A_STR("vpc_id", OPT | COMP),
	A_TAGS, A_ID,
	A_STR("arn", COMP), A_STR("owner_id", COMP),
	A_END
};
static const cl_schema schema = { attrs, NULL };

/* Detaching fails while instances of the VPC hold public addresses that are
 * about to go; AWS says DependencyViolation until they are gone. */
static const char *const busy[] = { "DependencyViolation", NULL };

static bool attach(aws_op *op, const char *id, const char *vpc, bool on)
{
	aws_params *p = aws_op_params(AWS_EC2, true);
	aws_params_add(p, "InternetGatewayId", id);
	aws_params_add(p, "VpcId", vpc);
	return on ? aws_op_call(op, "AttachInternetGateway", p, NULL, NULL)
	          : aws_op_delete(op, "DetachInternetGateway", p, busy, 900);
}

static bool load(aws_op *op, const cl_value *base, bool fresh, cl_value **state)
{
	aws_xml *x, *g;
	*state = NULL;
	if (!aws_describe_one(op, "DescribeInternetGateways", "InternetGatewayId.1", aws_str(base, "id"),
	                      "internetGatewaySet", fresh, &x, &g))
		return false;
	if (g) {
		aws_obj *o = aws_obj_new(op, &schema, base);
		aws_obj_x(o, "id", g, "internetGatewayId");
		aws_obj_x(o, "owner_id", g, "ownerId");
		aws_obj_x(o, "vpc_id", aws_xml_first(aws_xml_child(g, "attachmentSet")), "vpcId");
		aws_obj_tags_xml(o, aws_xml_child(g, "tagSet"));
		*state = aws_obj_done(o);
	}
	aws_xml_free(x);
	return true;
}

static bool read(aws_op *op, const cl_value *prior, cl_value **state)
{
	return load(op, prior, false, state);
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	aws_params *p = aws_params_new(AWS_EC2);
	aws_tags_spec(op, p, "internet-gateway", cfg);
	*state = NULL;
	const char *id = aws_op_create_id(op, "CreateInternetGateway", p,
	                                  "internetGateway/internetGatewayId", NULL, NULL, NULL);
	if (!id)
		return false;
	const char *vpc = aws_str(cfg, "vpc_id");
	return aws_created(op, !vpc || attach(op, id, vpc, true), cfg, id, load, state);
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	const char *id = aws_str(prior, "id"), *old = aws_str(prior, "vpc_id"), *new = aws_str(cfg, "vpc_id");
	if (aws_changed(prior, cfg, "vpc_id") &&
	    ((old && !attach(op, id, old, false)) || (new && !attach(op, id, new, true))))
		return false;
	if (!aws_tags_update(op, AWS_EC2, id, prior, cfg))
		return false;
	return load(op, aws_with_id(op, cfg, id), false, state);
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	cl_value *now;
	if (!load(op, prior, false, &now))
		return false;
	if (!now)
		return true;
	const char *id = aws_str(prior, "id"), *vpc = aws_str(now, "vpc_id");
	if (vpc && !attach(op, id, vpc, false))
		return false;
	return aws_delete_ec2(op, "DeleteInternetGateway", "InternetGatewayId", id, busy, 600);
}

static bool find(aws_op *op, cl_value **state)
{
	return aws_find_ec2(op, "DescribeInternetGateways", NULL, "internetGatewaySet", "internetGatewayId", state);
}

static const aws_ops ops = { create, read, update, destroy, find };
const cl_resource_type aws_internet_gateway_type = { "aws_internet_gateway", false, &schema, 3000, false, &ops };
