/* asg_child.c: an Auto Scaling group's named children (asg_child.h):
 * describing one and deleting it.  Knows only what the table names. */
#include "executor/aws/asg_child.h"

bool aws_asg_child_describe(aws_op *op, const aws_asg_child *c, const cl_value *base, aws_xml **root,
                            const aws_xml **item)
{
	const char *group = aws_str(base, "autoscaling_group_name"), *name = aws_str(base, "id");
	*root = NULL, *item = NULL;
	if (!group && !aws_split_id(op->arena, name, '/', &group, &name))   /* import */
		return aws_op_fail(op, "the id \"%s\" is not GROUP/NAME (the Auto Scaling group's name and the %s's)",
		                   name, c->what);
	aws_params *p = aws_params_new(AWS_ASG);
	aws_params_add(p, "AutoScalingGroupName", group);
	aws_params_add(p, c->names_param, name);
	aws_error e;
	if (!aws_op_call(op, c->describe, p, root, &e))
		return aws_gone(&e);
	*item = aws_xml_first(aws_xml_find(*root, c->list_path));
	return true;
}

bool aws_asg_child_delete(aws_op *op, const aws_asg_child *c, const cl_value *prior)
{
	aws_params *p = aws_params_new(AWS_ASG);
	aws_params_add(p, "AutoScalingGroupName", aws_str(prior, "autoscaling_group_name"));
	aws_params_add(p, c->name_param, aws_str(prior, "id"));
	return aws_op_delete(op, c->remove, p, NULL, 0);
}

bool aws_asg_child_put(aws_op *op, bool (*put)(aws_op *, const cl_value *),
                       bool (*read)(aws_op *, const cl_value *, cl_value **), const cl_value *cfg, const char *id,
                       cl_value **state)
{
	*state = NULL;
	return put(op, cfg) && read(op, aws_with_id(op, cfg, id), state);
}
