/* route_table_association.c: aws_route_table_association, a subnet (or
 * gateway) using a route table.  Its id is the association's; moving it to
 * another table replaces the association in place (and so changes the id).
 * Not taggable, so it has no find. */
#include "executor/aws/resource.h"

#include <string.h>

static const cl_schema_attr attrs[] = {
	A_STR("subnet_id", OPT | NEW),
	A_STR("gateway_id", OPT | NEW),
	A_STR("route_table_id", REQ),
	A_ID,
	A_END
};
static const cl_schema schema = { attrs, NULL };

static bool load(aws_op *op, const cl_value *base, bool fresh, cl_value **state)
{
	const char *id = aws_str(base, "id");
	aws_params *p = aws_op_params(AWS_EC2, fresh);
	aws_params_filter(p, "association.route-table-association-id", &id, 1);
	aws_xml *x;
	*state = NULL;
	if (!aws_op_call_all(op, "DescribeRouteTables", p, &x, NULL))
		return false;
	aws_xml_each(t, aws_xml_child(x, "routeTableSet"))
		aws_xml_each(a, aws_xml_child(t, "associationSet")) {
			if (strcmp(aws_xml_text(aws_xml_child(a, "routeTableAssociationId")), id))
				continue;
			aws_obj *o = aws_obj_new(op, &schema, base);
			aws_obj_x(o, "route_table_id", a, "routeTableId");
			aws_obj_x(o, "subnet_id", a, "subnetId");
			aws_obj_x(o, "gateway_id", a, "gatewayId");
			*state = aws_obj_done(o);
		}
	aws_xml_free(x);
	return true;
}

static bool read(aws_op *op, const cl_value *prior, cl_value **state)
{
	return load(op, prior, false, state);
}

/* After a lost answer, or when the subnet is associated already: if with
 * the route table asked for, it is this association, made by that attempt
 * or by a run killed before it could record it (associations take no
 * tags).  *id NULL otherwise: the error stands. */
static bool associated(aws_op *op, void *cfg, bool lost, const char **id)
{
	const char *subnet = aws_str(cfg, "subnet_id"), *rtb = aws_str(cfg, "route_table_id");
	*id = NULL;
	if (!subnet)
		return true;
	aws_params *p = aws_params_new(AWS_EC2);
	aws_params_filter(p, "association.subnet-id", &subnet, 1);
	aws_xml *x;
	if (!aws_op_call_all(op, "DescribeRouteTables", p, &x, NULL))
		return false;
	aws_xml_each(t, aws_xml_child(x, "routeTableSet"))
		aws_xml_each(a, aws_xml_child(t, "associationSet"))
			if (!strcmp(aws_xml_text(aws_xml_child(a, "subnetId")), subnet) &&
			    !strcmp(aws_xml_text(aws_xml_child(a, "routeTableId")), rtb ? rtb : ""))
				*id = cl_arena_strdup(op->arena, aws_xml_text(aws_xml_child(a, "routeTableAssociationId")));
	aws_xml_free(x);
	return true;
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	aws_params *p = aws_params_new(AWS_EC2);
	aws_params_add(p, "RouteTableId", aws_str(cfg, "route_table_id"));
	if (aws_str(cfg, "subnet_id"))
		aws_params_add(p, "SubnetId", aws_str(cfg, "subnet_id"));
	if (aws_str(cfg, "gateway_id"))
		aws_params_add(p, "GatewayId", aws_str(cfg, "gateway_id"));
	static const char *const taken[] = { "Resource.AlreadyAssociated", NULL };
	*state = NULL;
	const char *id = aws_op_create_id(op, "AssociateRouteTable", p, "associationId", taken, associated,
	                                  (void *)cfg);
	if (!id || !load(op, aws_with_id(op, cfg, id), true, state))
		return false;
	if (!*state)   /* lists lag behind a create: it is what was asked for */
		*state = aws_with_id(op, cfg, id);
	return true;
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	aws_params *p = aws_params_new(AWS_EC2);
	aws_params_add(p, "AssociationId", aws_str(prior, "id"));
	aws_params_add(p, "RouteTableId", aws_str(cfg, "route_table_id"));
	aws_xml *x;
	*state = NULL;
	if (!aws_op_call(op, "ReplaceRouteTableAssociation", p, &x, NULL))
		return false;
	const char *id = cl_arena_strdup(op->arena, aws_xml_text(aws_xml_child(x, "newAssociationId")));
	aws_xml_free(x);
	return load(op, aws_with_id(op, cfg, id), true, state);
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	return aws_delete_ec2(op, "DisassociateRouteTable", "AssociationId", aws_str(prior, "id"), NULL, 0);
}

static const aws_ops ops = { create, read, update, destroy, NULL };
const cl_resource_type aws_route_table_association_type = {
	"aws_route_table_association", false, &schema, 1000, false, &ops
};
