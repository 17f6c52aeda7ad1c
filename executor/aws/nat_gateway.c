/* nat_gateway.c: aws_nat_gateway, public (with an Elastic IP) or private.
 * A create waits for pending -> available and a delete for deleted, as the
 * provider does: routes through a gateway that is not available yet drop
 * packets, and its address stays associated until it is deleted. */
#include "executor/aws/resource.h"

#include <string.h>

static const cl_schema_attr attrs[] = {
	A_STR("allocation_id", OPT | NEW),
	A_DEF(CL_AT_STRING, "connectivity_type", NEW, "\"public\""),   /* the provider's default */
	A_STR("private_ip", OPT | COMP | NEW),
	A_STR("subnet_id", REQ | NEW),
	A_SET("secondary_allocation_ids", OPT | NEW),
	A_NUM("secondary_private_ip_address_count", OPT | COMP | NEW),
	A_SET("secondary_private_ip_addresses", OPT | COMP | NEW),
	A_TAGS, A_ID,
	A_STR("association_id", COMP), A_STR("network_interface_id", COMP), A_STR("public_ip", COMP),
	A_END
};
static const cl_schema schema = { attrs, NULL };

/* The gateway's item, NULL when there is none or it is deleted (AWS lists
 * deleted gateways for an hour). */
static bool describe(aws_op *op, const char *id, bool fresh, aws_xml **x, aws_xml **g)
{
	if (!aws_describe_one(op, "DescribeNatGateways", "NatGatewayId.1", id, "natGatewaySet", fresh, x, g))
		return false;
	const char *st = *g ? aws_xml_str(*g, "state") : NULL;
	if (st && (!strcmp(st, "deleted") || !strcmp(st, "deleting")))
		*g = NULL;
	return true;
}

static bool load(aws_op *op, const cl_value *base, bool fresh, cl_value **state)
{
	aws_xml *x, *g;
	*state = NULL;
	if (!describe(op, aws_str(base, "id"), fresh, &x, &g))
		return false;
	if (g) {
		aws_obj *o = aws_obj_new(op, &schema, base);
		aws_obj_x(o, "id", g, "natGatewayId");
		aws_obj_x(o, "subnet_id", g, "subnetId");
		if (aws_xml_str(g, "connectivityType"))   /* moto leaves it out: the base's (the default) stands */
			aws_obj_x(o, "connectivity_type", g, "connectivityType");
		const aws_xml *addrs = aws_xml_child(g, "natGatewayAddressSet");
		size_t na = 0, ni = 0, cap = aws_xml_count(addrs) + 1;
		const char **sec_alloc = CL_NEWN(op->arena, const char *, cap), **sec_ip = CL_NEWN(op->arena, const char *, cap);
		aws_xml_each(a, addrs) {
			const char *primary = aws_xml_str(a, "isPrimary");
			if (!primary || !strcmp(primary, "true")) {   /* moto leaves isPrimary out */
				aws_obj_x(o, "allocation_id", a, "allocationId");
				aws_obj_x(o, "association_id", a, "associationId");
				aws_obj_x(o, "network_interface_id", a, "networkInterfaceId");
				aws_obj_x(o, "private_ip", a, "privateIp");
				aws_obj_x(o, "public_ip", a, "publicIp");
				continue;
			}
			if (aws_xml_str(a, "allocationId"))
				sec_alloc[na++] = aws_xml_str(a, "allocationId");
			if (aws_xml_str(a, "privateIp"))
				sec_ip[ni++] = aws_xml_str(a, "privateIp");
		}
		aws_obj_strs(o, "secondary_allocation_ids", sec_alloc, na);
		aws_obj_strs(o, "secondary_private_ip_addresses", sec_ip, ni);
		aws_obj_int(o, "secondary_private_ip_address_count", (long long)ni);
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

/* 1 available, 0 pending, -1 failed (with AWS's reason) or gone. */
static int available(aws_op *op, void *id)
{
	aws_xml *x, *g;
	if (!describe(op, id, true, &x, &g))
		return -1;
	const char *st = g ? aws_xml_str(g, "state") : NULL;
	int r = st && !strcmp(st, "available") ? 1 : st && !strcmp(st, "pending") ? 0 : -1;
	if (r < 0)
		aws_op_fail(op, "NAT gateway %s is %s: %s: %s", (const char *)id, st ? st : "gone",
		            g ? aws_xml_text(aws_xml_child(g, "failureCode")) : "",
		            g ? aws_xml_text(aws_xml_child(g, "failureMessage")) : "");
	aws_xml_free(x);
	return r;
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	static const char *const args[][2] = {
		{ "subnet_id", "SubnetId" }, { "allocation_id", "AllocationId" },
		{ "connectivity_type", "ConnectivityType" }, { "private_ip", "PrivateIpAddress" },
	};
	aws_params *p = aws_params_new(AWS_EC2);
	for (size_t i = 0; i < sizeof args / sizeof args[0]; i++)
		if (aws_str(cfg, args[i][0]))
			aws_params_add(p, args[i][1], aws_str(cfg, args[i][0]));
	aws_params_strs(op, p, "SecondaryAllocationId", cfg, "secondary_allocation_ids");
	aws_params_strs(op, p, "SecondaryPrivateIpAddress", cfg, "secondary_private_ip_addresses");
	long long n;
	if (aws_int(cfg, "secondary_private_ip_address_count", &n))
		aws_params_int(p, "SecondaryPrivateIpAddressCount", n);
	/* the same token makes a resent create answer with the same gateway */
	aws_params_add(p, "ClientToken", op->token ? op->token : aws_client_token(op->arena));
	aws_tags_spec(op, p, "natgateway", cfg);
	*state = NULL;
	const char *id = aws_op_create_id(op, "CreateNatGateway", p, "natGateway/natGatewayId", NULL, NULL, NULL);
	if (!id)
		return false;
	bool ok = aws_wait(op, "the NAT gateway to be available", 600, available, (void *)id);
	return aws_created(op, ok, cfg, id, load, state);
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	const char *id = aws_str(prior, "id");
	if (!aws_tags_update(op, AWS_EC2, id, prior, cfg))
		return false;
	return load(op, aws_with_id(op, cfg, id), false, state);
}

static int deleted(aws_op *op, void *id)
{
	aws_xml *x, *g;
	if (!aws_describe_one(op, "DescribeNatGateways", "NatGatewayId.1", id, "natGatewaySet", false, &x, &g))
		return -1;
	const char *st = g ? aws_xml_str(g, "state") : NULL;
	int r = !st || !strcmp(st, "deleted");
	aws_xml_free(x);
	return r;
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	const char *id = aws_str(prior, "id");
	return aws_delete_ec2(op, "DeleteNatGateway", "NatGatewayId", id, NULL, 0) &&
	       aws_wait(op, "the NAT gateway to be deleted", 600, deleted, (void *)id);
}

/* A deleted gateway keeps its tags for an hour: only live ones are found. */
static bool find(aws_op *op, cl_value **state)
{
	aws_params *p = aws_params_new(AWS_EC2);
	aws_params_filter(p, "state", (const char *const[]){ "pending", "available" }, 2);
	return aws_find_ec2(op, "DescribeNatGateways", p, "natGatewaySet", "natGatewayId", state);
}

/* What a killed create did not see through. */
static bool settle(aws_op *op, const cl_value *found)
{
	return aws_wait(op, "the NAT gateway to be available", 600, available,
	                (void *)cl_arena_strdup(op->arena, aws_str(found, "id")));
}

static const aws_ops ops = { create, read, update, destroy, find, settle };
const cl_resource_type aws_nat_gateway_type = { "aws_nat_gateway", false, &schema, 60000, false, &ops };
