/* route.c: aws_route, one route of a route table, named as the provider
 * names it (r-<table><crc32 of the destination>; import takes
 * <table>_<destination>).  A new target replaces the route in place
 * (ReplaceRoute); a new destination or table makes another route.  Routes
 * take no tags: a create refused because the route exists adopts it when
 * it leads where the configuration says (what a killed run made). */
#include "executor/aws/resource.h"

#include <inttypes.h>
#include <string.h>
#include <zlib.h>

static const cl_schema_attr attrs[] = {
	A_STR("route_table_id", REQ | NEW),
	A_STR("destination_cidr_block", OPT | NEW),
	A_STR("destination_ipv6_cidr_block", OPT | NEW),
	A_STR("destination_prefix_list_id", OPT | NEW),
	A_STR("carrier_gateway_id", OPT), A_STR("core_network_arn", OPT), A_STR("egress_only_gateway_id", OPT),
	A_STR("gateway_id", OPT), A_STR("local_gateway_id", OPT), A_STR("nat_gateway_id", OPT),
	A_STR("network_interface_id", OPT | COMP), A_STR("transit_gateway_id", OPT), A_STR("vpc_endpoint_id", OPT),
	A_STR("vpc_peering_connection_id", OPT),
	A_ID,
	A_STR("instance_id", COMP), A_STR("instance_owner_id", COMP), A_STR("origin", COMP), A_STR("state", COMP),
	A_END
};
static const cl_schema schema = { attrs, NULL };

/* attribute, API parameter, routeSet field; destinations first */
enum { NDEST = 3 };
static const char *const fields[][3] = {
	{ "destination_cidr_block", "DestinationCidrBlock", "destinationCidrBlock" },
	{ "destination_ipv6_cidr_block", "DestinationIpv6CidrBlock", "destinationIpv6CidrBlock" },
	{ "destination_prefix_list_id", "DestinationPrefixListId", "destinationPrefixListId" },
	{ "carrier_gateway_id", "CarrierGatewayId", "carrierGatewayId" },
	{ "core_network_arn", "CoreNetworkArn", "coreNetworkArn" },
	{ "egress_only_gateway_id", "EgressOnlyInternetGatewayId", "egressOnlyInternetGatewayId" },
	{ "gateway_id", "GatewayId", "gatewayId" },
	{ "local_gateway_id", "LocalGatewayId", "localGatewayId" },
	{ "nat_gateway_id", "NatGatewayId", "natGatewayId" },
	{ "network_interface_id", "NetworkInterfaceId", "networkInterfaceId" },
	{ "transit_gateway_id", "TransitGatewayId", "transitGatewayId" },
	{ "vpc_endpoint_id", "VpcEndpointId", "gatewayId" },   /* AWS lists an endpoint as the gateway */
	{ "vpc_peering_connection_id", "VpcPeeringConnectionId", "vpcPeeringConnectionId" },
};
enum { NFIELDS = sizeof fields / sizeof fields[0] };

/* The destination of v: the index of its attribute and its value. */
static const char *destination(const cl_value *v, int *which)
{
	for (int i = 0; i < NDEST; i++)
		if (aws_str(v, fields[i][0])) {
			*which = i;
			return aws_str(v, fields[i][0]);
		}
	return NULL;
}

static const char *route_id(aws_op *op, const char *table, const char *dest)
{
	uint32_t h = (uint32_t)crc32(0, (const unsigned char *)dest, (unsigned)strlen(dest));
	return cl_arena_printf(op->arena, "r-%s%" PRIu32, table, h);
}

/* The table and destination: from the state, or from an import id
 * (rtb-..._10.0.0.0/16, or rtb-..._pl-... for a prefix list). */
static bool locate(aws_op *op, const cl_value *base, const char **table, const char **dest, int *which)
{
	*table = aws_str(base, "route_table_id");
	*dest = destination(base, which);
	const char *id = aws_str(base, "id"), *us;
	if ((!*table || !*dest) && id && (us = strchr(id, '_'))) {
		*table = cl_arena_strndup(op->arena, id, (size_t)(us - id));
		*dest = us + 1;
		*which = !strncmp(*dest, "pl-", 3) ? 2 : strchr(*dest, ':') ? 1 : 0;
	}
	if (!*table || !*dest)
		return aws_op_fail(op, "a route is imported by <route table id>_<destination>, as "
		                   "rtb-0123456789abcdef0_10.0.0.0/16; got \"%s\"", id ? id : "");
	return true;
}

static bool load(aws_op *op, const cl_value *base, bool fresh, cl_value **state)
{
	const char *table, *dest;
	int which = 0;
	*state = NULL;
	if (!locate(op, base, &table, &dest, &which))
		return false;
	aws_xml *x, *t;
	if (!aws_describe_one(op, "DescribeRouteTables", "RouteTableId.1", table, "routeTableSet", fresh, &x, &t))
		return false;
	aws_xml_each(r, t ? aws_xml_child(t, "routeSet") : NULL) {
		const char *d = aws_xml_str(r, fields[which][2]);
		if (!d || strcmp(d, dest))
			continue;
		aws_obj *o = aws_obj_new(op, &schema, base);
		aws_obj_str(o, "id", route_id(op, table, dest));
		aws_obj_str(o, "route_table_id", table);
		for (int i = 0; i < NFIELDS; i++) {
			const char *v = aws_xml_str(r, fields[i][2]);
			bool endpoint = v && !strncmp(v, "vpce-", 5);
			if (!strcmp(fields[i][0], "gateway_id") && (endpoint || (v && !strcmp(v, "local") && !aws_str(base, "gateway_id"))))
				continue;   /* an endpoint is vpc_endpoint_id's */
			if (!strcmp(fields[i][0], "vpc_endpoint_id") && !endpoint)
				continue;
			aws_obj_str(o, fields[i][0], v);
		}
		aws_obj_x(o, "instance_id", r, "instanceId");
		aws_obj_x(o, "instance_owner_id", r, "instanceOwnerId");
		aws_obj_x(o, "origin", r, "origin");
		aws_obj_x(o, "state", r, "state");
		*state = aws_obj_done(o);
		break;
	}
	aws_xml_free(x);
	return true;
}

static bool refresh(aws_op *op, const cl_value *prior, cl_value **state)
{
	return load(op, prior, false, state);
}

/* network_interface_id is also what AWS reports for an instance's route,
 * so the plan may carry the old one over beside a new target: it is sent
 * only when it is the one target. */
static aws_params *route_params(aws_op *op, const cl_value *cfg, bool targets)
{
	/* a create or replace may follow the table's create closely; a delete's
	 * NotFound means the route or its table is gone */
	aws_params *p = aws_op_params(AWS_EC2, targets);
	aws_params_add(p, "RouteTableId", aws_str(cfg, "route_table_id"));
	int others = 0;
	for (int i = NDEST; i < NFIELDS; i++)
		others += aws_str(cfg, fields[i][0]) && strcmp(fields[i][0], "network_interface_id");
	for (int i = 0; i < (targets ? NFIELDS : NDEST); i++)
		if (aws_str(cfg, fields[i][0]) && !(others && !strcmp(fields[i][0], "network_interface_id")))
			aws_params_add(p, fields[i][1], aws_str(cfg, fields[i][0]));
	return p;
}

/* Does the route AWS holds lead where cfg says? */
static bool same_target(const cl_value *have, const cl_value *cfg)
{
	for (int i = NDEST; i < NFIELDS; i++) {
		const char *want = aws_str(cfg, fields[i][0]), *got = aws_str(have, fields[i][0]);
		if (want && (!got || strcmp(want, got)))
			return false;
	}
	return true;
}

/* A route of this destination is there already: ours (a lost answer, a
 * killed run) when it leads to the configured target. */
static bool made_it(aws_op *op, void *ud, bool lost, const char **id)
{
	const cl_value *cfg = ud;
	cl_value *have;
	*id = NULL;
	if (!load(op, cfg, true, &have))
		return false;
	if (have && same_target(have, cfg))
		*id = aws_str(have, "id");
	return true;
}

static int visible(aws_op *op, void *cfg)
{
	cl_value *have;
	if (!load(op, cfg, true, &have))
		return -1;
	return have != NULL;
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	int which = 0;
	*state = NULL;
	if (!destination(cfg, &which))
		return aws_op_fail(op, "a route needs one of destination_cidr_block, destination_ipv6_cidr_block "
		                   "or destination_prefix_list_id");
	static const char *const taken[] = { "RouteAlreadyExists", NULL };
	if (!aws_op_create_id(op, "CreateRoute", route_params(op, cfg, true), NULL, taken, made_it, (void *)cfg))
		return false;
	if (!aws_wait(op, "the route to be listed", 120, visible, (void *)cfg))
		return false;
	return load(op, cfg, true, state);
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	if (!aws_op_call(op, "ReplaceRoute", route_params(op, cfg, true), NULL, NULL))
		return false;
	return load(op, cfg, true, state);
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	return aws_op_delete(op, "DeleteRoute", route_params(op, prior, false), NULL, 0);
}

static const aws_ops ops = { create, refresh, update, destroy, NULL };
const cl_resource_type aws_route_type = { "aws_route", false, &schema, 1000, false, &ops };
