/* vpc_security_group_rule.c: aws_vpc_security_group_ingress_rule and
 * aws_vpc_security_group_egress_rule, the provider's newer rule types: one
 * peer per rule, an AWS rule id (sgr-...), tags, and changes in place
 * (ModifySecurityGroupRules); only the group replaces one.  The two types
 * differ in direction alone. */
#include "executor/aws/security_group.h"

#include <string.h>

static const cl_schema_attr attrs[] = {
	A_STR("security_group_id", REQ | NEW),
	{ "ip_protocol", CL_AT_STRING, CL_AT_STRING, REQ | CL_SA_NOCASE, NULL, NULL },
	A_NUM("from_port", OPT), A_NUM("to_port", OPT),
	A_STR("cidr_ipv4", OPT), A_STR("cidr_ipv6", OPT), A_STR("prefix_list_id", OPT),
	A_STR("referenced_security_group_id", OPT),
	A_STR("description", OPT),
	A_TAGS, A_ID,
	A_STR("arn", COMP), A_STR("security_group_rule_id", COMP),
	A_END
};
static const cl_schema schema = { attrs, NULL };

static bool egress(const aws_op *op)
{
	return strstr(op->rt->name, "_egress_") != NULL;
}

/* attribute, ModifySecurityGroupRules field, describe field */
static const char *const fields[][3] = {
	{ "ip_protocol", "IpProtocol", "ipProtocol" }, { "from_port", "FromPort", "fromPort" },
	{ "to_port", "ToPort", "toPort" }, { "cidr_ipv4", "CidrIpv4", "cidrIpv4" },
	{ "cidr_ipv6", "CidrIpv6", "cidrIpv6" }, { "prefix_list_id", "PrefixListId", "prefixListId" },
	{ "referenced_security_group_id", "ReferencedGroupId", "referencedGroupInfo/groupId" },
	{ "description", "Description", "description" },
};

static bool load(aws_op *op, const cl_value *base, bool fresh, cl_value **state)
{
	aws_xml *x, *r;
	*state = NULL;
	if (!aws_describe_one(op, "DescribeSecurityGroupRules", "SecurityGroupRuleId.1", aws_str(base, "id"),
	                      "securityGroupRuleSet", fresh, &x, &r))
		return false;
	const char *eg = r ? aws_xml_str(r, "isEgress") : NULL;
	if (r && eg && !strcmp(eg, "true") != egress(op)) {
		aws_xml_free(x);
		return aws_op_fail(op, "%s is an %s rule, not what %s manages", aws_str(base, "id"),
		                   egress(op) ? "ingress" : "egress", op->rt->name);
	}
	if (r) {
		aws_obj *o = aws_obj_new(op, &schema, base);
		aws_obj_x(o, "id", r, "securityGroupRuleId");
		aws_obj_x(o, "security_group_rule_id", r, "securityGroupRuleId");
		aws_obj_x(o, "security_group_id", r, "groupId");
		for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
			aws_obj_x(o, fields[i][0], r, fields[i][2]);
		const char *proto = aws_sg_protocol(op->arena, aws_xml_str(r, "ipProtocol"));
		const char *want = aws_str(base, "ip_protocol");
		/* the configuration's spelling ("TCP", "6") while AWS means the same */
		aws_obj_str(o, "ip_protocol", want && !strcmp(aws_sg_protocol(op->arena, want), proto) ? want : proto);
		if (!strcmp(proto, "-1")) {   /* all traffic: AWS says ports -1, the provider null */
			aws_obj_set(o, "from_port", NULL);
			aws_obj_set(o, "to_port", NULL);
		}
		const char *arn = aws_xml_str(r, "securityGroupRuleArn"), *owner = aws_xml_str(r, "groupOwnerId");
		const char *region = aws_client_region(op->client);
		if (!arn && owner && region)
			arn = cl_arena_printf(op->arena, "arn:aws:ec2:%s:%s:security-group-rule/%s", region, owner,
			                      aws_xml_text(aws_xml_child(r, "securityGroupRuleId")));
		aws_obj_str(o, "arn", arn);
		aws_obj_tags_xml(o, aws_xml_child(r, "tagSet"));
		*state = aws_obj_done(o);
	}
	aws_xml_free(x);
	return true;
}

static bool refresh(aws_op *op, const cl_value *prior, cl_value **state)
{
	return load(op, prior, false, state);
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	*state = NULL;
	const char *peer[4] = { aws_str(cfg, "cidr_ipv4"), aws_str(cfg, "cidr_ipv6"), aws_str(cfg, "prefix_list_id"),
	                        aws_str(cfg, "referenced_security_group_id") };
	int np = !!peer[0] + !!peer[1] + !!peer[2] + !!peer[3];
	if (np != 1)
		return aws_op_fail(op, "exactly one of cidr_ipv4, cidr_ipv6, prefix_list_id or "
		                   "referenced_security_group_id must be set (%d are)", np);
	aws_sg_perm perm = { aws_str(cfg, "ip_protocol"), 0, 0, aws_str(cfg, "description"), { 0 }, { 0 } };
	aws_int(cfg, "from_port", &perm.from);
	aws_int(cfg, "to_port", &perm.to);
	for (int k = 0; k < 4; k++)
		if (peer[k])
			perm.peers[k] = &peer[k], perm.n[k] = 1;
	aws_params *p = aws_params_new(AWS_EC2);
	aws_params_add(p, "GroupId", aws_str(cfg, "security_group_id"));
	aws_sg_perm_params(op, p, 1, &perm);
	aws_tags_spec(op, p, "security-group-rule", cfg);
	static const char *const taken[] = { "InvalidPermission.Duplicate", NULL };
	const char *id = aws_op_create_id(op, egress(op) ? "AuthorizeSecurityGroupEgress" : "AuthorizeSecurityGroupIngress",
	                                  p, "securityGroupRuleSet/item/securityGroupRuleId", taken, NULL, NULL);
	return id && aws_created(op, true, cfg, id, load, state);
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	const char *id = aws_str(prior, "id");
	bool rule = false;
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		rule |= aws_changed(prior, cfg, fields[i][0]);
	if (rule) {
		aws_params *p = aws_op_params(AWS_EC2, true);
		aws_params_add(p, "GroupId", aws_str(prior, "security_group_id"));
		aws_params_add(p, "SecurityGroupRule.1.SecurityGroupRuleId", id);
		for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
			const char *key = cl_arena_printf(op->arena, "SecurityGroupRule.1.SecurityGroupRule.%s", fields[i][1]);
			long long n;
			if (i == 0)
				aws_params_add(p, key, aws_sg_protocol(op->arena, aws_str(cfg, fields[i][0])));
			else if (aws_int(cfg, fields[i][0], &n))
				aws_params_int(p, key, n);
			else if (aws_str(cfg, fields[i][0]))
				aws_params_add(p, key, aws_str(cfg, fields[i][0]));
		}
		if (!aws_op_call(op, "ModifySecurityGroupRules", p, NULL, NULL))
			return false;
	}
	if (!aws_tags_update(op, AWS_EC2, id, prior, cfg))
		return false;
	return load(op, aws_with_id(op, cfg, id), true, state);
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	aws_params *p = aws_params_new(AWS_EC2);
	aws_params_add(p, "GroupId", aws_str(prior, "security_group_id"));
	aws_params_add(p, "SecurityGroupRuleId.1", aws_str(prior, "id"));
	return aws_op_delete(op, egress(op) ? "RevokeSecurityGroupEgress" : "RevokeSecurityGroupIngress", p, NULL, 0);
}

static bool find(aws_op *op, cl_value **state)
{
	return aws_find_ec2(op, "DescribeSecurityGroupRules", NULL, "securityGroupRuleSet", "securityGroupRuleId",
	                    state);
}

static const aws_ops ops = { create, refresh, update, destroy, find };
const cl_resource_type aws_vpc_security_group_ingress_rule_type = {
	"aws_vpc_security_group_ingress_rule", false, &schema, 1000, false, &ops
};
const cl_resource_type aws_vpc_security_group_egress_rule_type = {
	"aws_vpc_security_group_egress_rule", false, &schema, 1000, false, &ops
};
