/* eip.c: aws_eip, an Elastic IP in a VPC, optionally associated with an
 * instance or a network interface; moving it is done in place. */
#include "executor/aws/resource.h"

#include <string.h>

static const cl_schema_attr attrs[] = {
	A_STR("instance", OPT | COMP),
	A_STR("network_interface", OPT | COMP),
	A_STR("associate_with_private_ip", OPT),
	A_STR("domain", OPT | COMP | NEW),
	A_BOOL("vpc", OPT | COMP | NEW),
	A_STR("public_ipv4_pool", OPT | COMP | NEW),
	A_TAGS, A_ID,
	A_STR("allocation_id", COMP), A_STR("association_id", COMP), A_STR("public_ip", COMP),
	A_STR("private_ip", COMP), A_STR("public_dns", COMP), A_STR("private_dns", COMP),
	A_END
};
static const cl_schema schema = { attrs, NULL };

static bool load(aws_op *op, const cl_value *base, bool fresh, cl_value **state)
{
	aws_xml *x, *a;
	*state = NULL;
	if (!aws_describe_one(op, "DescribeAddresses", "AllocationId.1", aws_str(base, "id"), "addressesSet",
	                      fresh, &x, &a))
		return false;
	if (a) {
		aws_obj *o = aws_obj_new(op, &schema, base);
		static const char *const fields[][2] = {
			{ "id", "allocationId" }, { "allocation_id", "allocationId" }, { "association_id", "associationId" },
			{ "public_ip", "publicIp" }, { "private_ip", "privateIpAddress" }, { "instance", "instanceId" },
			{ "network_interface", "networkInterfaceId" }, { "domain", "domain" },
			{ "public_ipv4_pool", "publicIpv4Pool" },
		};
		for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
			aws_obj_x(o, fields[i][0], a, fields[i][1]);
		aws_obj_bool(o, "vpc", !strcmp(aws_xml_text(aws_xml_child(a, "domain")), "vpc"));
		aws_obj_tags_xml(o, aws_xml_child(a, "tagSet"));
		*state = aws_obj_done(o);
	}
	aws_xml_free(x);
	return true;
}

static bool read(aws_op *op, const cl_value *prior, cl_value **state)
{
	return load(op, prior, false, state);
}

/* An instance still starting cannot take an address yet: retried. */
static bool associate(aws_op *op, const char *id, const cl_value *cfg)
{
	static const char *const wait[] = { "IncorrectInstanceState", "InvalidInstanceID", NULL };
	const char *inst = aws_str(cfg, "instance"), *eni = aws_str(cfg, "network_interface");
	if (!inst && !eni)
		return true;
	aws_params *p = aws_op_params(AWS_EC2, true);
	aws_params_add(p, "AllocationId", id);
	aws_params_add(p, inst ? "InstanceId" : "NetworkInterfaceId", inst ? inst : eni);
	if (aws_str(cfg, "associate_with_private_ip"))
		aws_params_add(p, "PrivateIpAddress", aws_str(cfg, "associate_with_private_ip"));
	aws_params_add(p, "AllowReassociation", "true");
	return aws_op_call_retry(op, "AssociateAddress", p, wait, 600, NULL);
}

static bool disassociate(aws_op *op, const char *assoc)
{
	if (!assoc)
		return true;
	aws_params *p = aws_params_new(AWS_EC2);
	aws_params_add(p, "AssociationId", assoc);
	return aws_op_delete(op, "DisassociateAddress", p, NULL, 0);
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	aws_params *p = aws_params_new(AWS_EC2);
	aws_params_add(p, "Domain", "vpc");
	if (aws_str(cfg, "public_ipv4_pool"))
		aws_params_add(p, "PublicIpv4Pool", aws_str(cfg, "public_ipv4_pool"));
	aws_tags_spec(op, p, "elastic-ip", cfg);
	*state = NULL;
	const char *id = aws_op_create_id(op, "AllocateAddress", p, "allocationId", NULL, NULL, NULL);
	if (!id)
		return false;
	return aws_created(op, associate(op, id, cfg), cfg, id, load, state);
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	const char *id = aws_str(prior, "id");
	if (aws_changed(prior, cfg, "instance") || aws_changed(prior, cfg, "network_interface") ||
	    aws_changed(prior, cfg, "associate_with_private_ip")) {
		bool none = !aws_str(cfg, "instance") && !aws_str(cfg, "network_interface");
		if ((none && !disassociate(op, aws_str(prior, "association_id"))) || !associate(op, id, cfg))
			return false;
	}
	if (!aws_tags_update(op, AWS_EC2, id, prior, cfg))
		return false;
	return load(op, aws_with_id(op, cfg, id), false, state);
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	static const char *const busy[] = { "InvalidIPAddress.InUse", NULL };
	cl_value *now;
	if (!load(op, prior, false, &now))
		return false;
	if (!now)
		return true;
	if (!disassociate(op, aws_str(now, "association_id")))
		return false;
	aws_params *p = aws_params_new(AWS_EC2);
	aws_params_add(p, "AllocationId", aws_str(prior, "id"));
	return aws_op_delete(op, "ReleaseAddress", p, busy, 300);
}

static bool find(aws_op *op, cl_value **state)
{
	return aws_find_ec2(op, "DescribeAddresses", NULL, "addressesSet", "allocationId", state);
}

static const aws_ops ops = { create, read, update, destroy, find };
const cl_resource_type aws_eip_type = { "aws_eip", false, &schema, 2000, false, &ops };
