/* route_table.c: aws_route_table with its inline routes, changed in place
 * route by route.  The VPC's local route and routes propagated by a VPN
 * gateway are AWS's, not the configuration's: read leaves them out. */
#include "executor/aws/resource.h"

#include <string.h>

static const cl_schema_attr route_attrs[] = {
	A_STR("cidr_block", OPT), A_STR("ipv6_cidr_block", OPT),
	A_STR("gateway_id", OPT), A_STR("instance_id", OPT), A_STR("nat_gateway_id", OPT),
	A_STR("network_interface_id", OPT), A_STR("vpc_peering_connection_id", OPT),
	A_STR("egress_only_gateway_id", OPT), A_STR("transit_gateway_id", OPT),
	A_END
};
static const cl_schema route = { route_attrs, NULL };
static const cl_schema_block blocks[] = {
	{ "route", CL_NEST_SET, 0, 0, COMP, &route },
	{ NULL }
};
static const cl_schema_attr attrs[] = {
	A_STR("vpc_id", REQ | NEW),
	A_SET("propagating_vgws", OPT | COMP),
	A_TAGS, A_ID,
	A_STR("arn", COMP), A_STR("owner_id", COMP),
	A_END
};
static const cl_schema schema = { attrs, blocks };

/* route attribute, API parameter, field of a routeSet item */
static const char *const fields[][3] = {
	{ "cidr_block", "DestinationCidrBlock", "destinationCidrBlock" },
	{ "ipv6_cidr_block", "DestinationIpv6CidrBlock", "destinationIpv6CidrBlock" },
	{ "gateway_id", "GatewayId", "gatewayId" },
	{ "instance_id", "InstanceId", "instanceId" },
	{ "nat_gateway_id", "NatGatewayId", "natGatewayId" },
	{ "network_interface_id", "NetworkInterfaceId", "networkInterfaceId" },
	{ "vpc_peering_connection_id", "VpcPeeringConnectionId", "vpcPeeringConnectionId" },
	{ "egress_only_gateway_id", "EgressOnlyInternetGatewayId", "egressOnlyInternetGatewayId" },
	{ "transit_gateway_id", "TransitGatewayId", "transitGatewayId" },
};
enum { NFIELDS = sizeof fields / sizeof fields[0] };

static cl_value *read_route(aws_op *op, const aws_xml *r)
{
	aws_obj *o = aws_obj_new(op, &route, NULL);
	for (int i = 0; i < NFIELDS; i++)
		aws_obj_x(o, fields[i][0], r, fields[i][2]);
	/* AWS names the instance's interface too; the configuration names one of them */
	if (aws_obj_get(o, "instance_id"))
		aws_obj_set(o, "network_interface_id", NULL);
	return aws_obj_done(o);
}

static bool load(aws_op *op, const cl_value *base, bool fresh, cl_value **state)
{
	aws_xml *x, *t;
	*state = NULL;
	if (!aws_describe_one(op, "DescribeRouteTables", "RouteTableId.1", aws_str(base, "id"),
	                      "routeTableSet", fresh, &x, &t))
		return false;
	if (t) {
		aws_obj *o = aws_obj_new(op, &schema, base);
		aws_obj_x(o, "id", t, "routeTableId");
		aws_obj_x(o, "vpc_id", t, "vpcId");
		aws_obj_x(o, "owner_id", t, "ownerId");
		aws_obj_xstrs(o, "propagating_vgws", aws_xml_child(t, "propagatingVgwSet"), "gatewayId");
		const aws_xml *set = aws_xml_child(t, "routeSet");
		cl_value **routes = CL_NEWN(op->arena, cl_value *, aws_xml_count(set) + 1);
		size_t n = 0;
		aws_xml_each(r, set) {
			const char *gw = aws_xml_str(r, "gatewayId"), *origin = aws_xml_str(r, "origin");
			if ((gw && strcmp(gw, "local") == 0) || (origin && strcmp(origin, "EnableVgwRoutePropagation") == 0))
				continue;
			routes[n++] = read_route(op, r);
		}
		aws_obj_block(o, "route", routes, n, NULL);
		aws_obj_tags_xml(o, aws_xml_child(t, "tagSet"));
		*state = aws_obj_done(o);
	}
	aws_xml_free(x);
	return true;
}

static bool read(aws_op *op, const cl_value *prior, cl_value **state)
{
	return load(op, prior, false, state);
}

static const char *destination(const cl_value *r)
{
	const char *d = aws_str(r, "cidr_block");
	return d ? d : aws_str(r, "ipv6_cidr_block");
}

/* CreateRoute, ReplaceRoute or DeleteRoute of one route (DeleteRoute needs
 * only the destination). */
static bool route_call(aws_op *op, const char *id, const char *action, const cl_value *r)
{
	aws_params *p = aws_op_params(AWS_EC2, true);
	aws_params_add(p, "RouteTableId", id);
	for (int i = 0; i < NFIELDS; i++)
		if (aws_str(r, fields[i][0]) && (i < 2 || strcmp(action, "DeleteRoute")))
			aws_params_add(p, fields[i][1], aws_str(r, fields[i][0]));
	return aws_op_call(op, action, p, NULL, NULL);
}

static bool has_destination(const cl_value *set, const char *dest)
{
	for (uint32_t i = 0; set && cl_value_is_seq(set) && i < set->n; i++)
		if (destination(set->u.c.v[i]) && strcmp(destination(set->u.c.v[i]), dest) == 0)
			return true;
	return false;
}

/* Routes gone from the configuration are deleted first; a destination that
 * stays but points elsewhere is replaced, not deleted and created. */
static bool sync_routes(aws_op *op, const char *id, const cl_value *prior, const cl_value *cfg)
{
	const cl_value *had = prior ? cl_value_get(prior, "route") : NULL, *want = cl_value_get(cfg, "route");
	cl_value **gone, **added;
	size_t ng = aws_values_minus(op->arena, had, want, &gone);
	size_t na = aws_values_minus(op->arena, want, had, &added);
	for (size_t i = 0; i < ng; i++)
		if (!has_destination(want, destination(gone[i])) && !route_call(op, id, "DeleteRoute", gone[i]))
			return false;
	for (size_t i = 0; i < na; i++) {
		bool replace = has_destination(had, destination(added[i]));
		if (!route_call(op, id, replace ? "ReplaceRoute" : "CreateRoute", added[i]))
			return false;
	}
	return true;
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	aws_params *p = aws_params_new(AWS_EC2);
	aws_params_add(p, "VpcId", aws_str(cfg, "vpc_id"));
	aws_tags_spec(op, p, "route-table", cfg);
	*state = NULL;
	const char *id = aws_op_create_id(op, "CreateRouteTable", p, "routeTable/routeTableId", NULL, NULL, NULL);
	if (!id)
		return false;
	return aws_created(op, sync_routes(op, id, NULL, cfg), cfg, id, load, state);
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	const char *id = aws_str(prior, "id");
	if (!sync_routes(op, id, prior, cfg) || !aws_tags_update(op, AWS_EC2, id, prior, cfg))
		return false;
	return load(op, aws_with_id(op, cfg, id), false, state);
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	static const char *const busy[] = { "DependencyViolation", NULL };
	return aws_delete_ec2(op, "DeleteRouteTable", "RouteTableId", aws_str(prior, "id"), busy, 300);
}

static bool find(aws_op *op, cl_value **state)
{
	return aws_find_ec2(op, "DescribeRouteTables", NULL, "routeTableSet", "routeTableId", state);
}

static const aws_ops ops = { create, read, update, destroy, find };
const cl_resource_type aws_route_table_type = { "aws_route_table", false, &schema, 2000, false, &ops };
