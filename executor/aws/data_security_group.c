/* data_security_group.c: data "aws_security_group": the one group that id,
 * name, vpc_id, tags and filter blocks pick. */
#include "executor/aws/resource.h"

static const cl_schema_block blocks[] = {
	{ "filter", CL_NEST_SET, 0, 0, 0, &aws_filter_schema },
	{ NULL }
};
static const cl_schema_attr attrs[] = {
	A_STR("id", OPT | COMP), A_STR("name", OPT | COMP), A_STR("vpc_id", OPT | COMP), A_MAP("tags", OPT | COMP),
	A_STR("arn", COMP), A_STR("description", COMP),
	A_END
};
static const cl_schema schema = { attrs, blocks };

static bool read(aws_op *op, const cl_value *cfg, cl_value **state)
{
	aws_params *p = aws_params_new(AWS_EC2);
	if (aws_str(cfg, "id"))
		aws_params_add(p, "GroupId.1", aws_str(cfg, "id"));
	aws_params_attr_filter(p, cfg, "name", "group-name");
	aws_params_attr_filter(p, cfg, "vpc_id", "vpc-id");
	aws_params_tag_filters(op, p, cfg);
	aws_params_filters(op, p, cfg);
	aws_xml *x;
	const aws_xml *g;
	*state = NULL;
	if (!aws_data_one(op, "DescribeSecurityGroups", p, "securityGroupInfo", "EC2 Security Group", &x, &g))
		return false;
	aws_obj *o = aws_obj_new(op, &schema, cfg);
	aws_obj_x(o, "id", g, "groupId");
	aws_obj_x(o, "name", g, "groupName");
	aws_obj_x(o, "vpc_id", g, "vpcId");
	aws_obj_x(o, "description", g, "groupDescription");
	const char *owner = aws_xml_str(g, "ownerId"), *region = aws_client_region(op->client);
	aws_obj_str(o, "arn", owner && region ? cl_arena_printf(op->arena, "arn:aws:ec2:%s:%s:security-group/%s", region,
	                                                         owner, aws_xml_text(aws_xml_child(g, "groupId"))) : NULL);
	aws_obj_set(o, "tags", aws_tags_value(op->arena, aws_xml_child(g, "tagSet")));
	*state = aws_obj_done(o);
	aws_xml_free(x);
	return true;
}

/* A data source is read, never created: create is the first read. */
static const aws_ops ops = { read, read, NULL, NULL, NULL };
const cl_resource_type aws_security_group_data = { "aws_security_group", true, &schema, 1000, false, &ops };
