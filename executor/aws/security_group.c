/* security_group.c: aws_security_group with inline ingress and egress rules. */
#include "executor/aws/provider.h"

static const cl_schema_attr rule_attrs[] = {
	A_NUM("from_port", REQ), A_NUM("to_port", REQ),
	{ "protocol", CL_AT_STRING, CL_AT_STRING, REQ | CL_SA_NOCASE, NULL, NULL },
	A_LIST("cidr_blocks", OPT), A_LIST("ipv6_cidr_blocks", OPT), A_LIST("prefix_list_ids", OPT),
	A_SET("security_groups", OPT), A_DEF(CL_AT_BOOL, "self", 0, "false"),
	A_STR("description", OPT),
	A_END
};
static const cl_schema rule = { rule_attrs, NULL };
static const cl_schema_block blocks[] = {
	{ "ingress", CL_NEST_SET, 0, 0, COMP, &rule },
	{ "egress", CL_NEST_SET, 0, 0, COMP, &rule },
	{ NULL }
};
static const cl_schema_attr attrs[] = {
	A_STR("name", OPT | COMP | NEW),
	A_STR("name_prefix", OPT | NEW),
	A_DEF(CL_AT_STRING, "description", NEW, "\"Managed by clicamosc\""),
	A_STR("vpc_id", OPT | COMP | NEW),
	A_DEF(CL_AT_BOOL, "revoke_rules_on_delete", 0, "false"),
	A_TAGS, A_ID,
	A_STR("arn", COMP), A_STR("owner_id", COMP),
	A_END
};
static const cl_schema schema = { attrs, blocks };

const cl_resource_type aws_security_group_type = { "aws_security_group", false, &schema, 3000, false, NULL };
