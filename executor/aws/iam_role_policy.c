/* iam_role_policy.c: aws_iam_role_policy, a policy held inline by a role.
 * Its id is "ROLE:NAME" (the provider's; import takes the same); PutRolePolicy
 * both makes and changes it, so a create sent twice makes one policy. */
#include "executor/aws/iam.h"

#include <string.h>

static const cl_schema_attr attrs[] = {
	A_STR("name", OPT | COMP | NEW),
	A_STR("name_prefix", OPT | COMP | NEW),
	{ "policy", CL_AT_STRING, CL_AT_STRING, REQ | CL_SA_POLICY, NULL, NULL },
	A_STR("role", REQ | NEW),
	A_ID,
	A_END
};
static const cl_schema schema = { attrs, NULL };

static bool load(aws_op *op, const cl_value *base, bool fresh, cl_value **state)
{
	const char *role, *name;
	*state = NULL;
	if (!aws_split_id(op->arena, aws_str(base, "id"), ':', &role, &name))
		return aws_op_fail(op, "the id \"%s\" is not ROLE:NAME (an inline policy's role and name)",
		                   aws_str(base, "id"));
	aws_params *p = aws_op_params(AWS_IAM, fresh);
	aws_params_add(p, "RoleName", role);
	aws_params_add(p, "PolicyName", name);
	aws_xml *x;
	aws_error e;
	if (!aws_op_call(op, "GetRolePolicy", p, &x, &e))
		return aws_gone(&e);
	const aws_xml *r = aws_xml_child(x, "GetRolePolicyResult");
	aws_obj *o = aws_obj_new(op, &schema, base);
	aws_obj_x(o, "role", r, "RoleName");
	aws_obj_x(o, "name", r, "PolicyName");
	aws_obj_name_prefix(o, aws_xml_str(r, "PolicyName"));   /* as the provider reads it back */
	aws_iam_obj_policy(op, o, "policy", aws_xml_str(r, "PolicyDocument"));
	*state = aws_obj_done(o);
	aws_xml_free(x);
	return true;
}

static bool read(aws_op *op, const cl_value *prior, cl_value **state)
{
	return load(op, prior, false, state);
}

/* PutRolePolicy.  A role made a moment ago may not be visible yet. */
static bool put(aws_op *op, const cl_value *cfg, const char *name)
{
	aws_params *p = aws_params_new(AWS_IAM);
	aws_params_add(p, "RoleName", aws_str(cfg, "role"));
	aws_params_add(p, "PolicyName", name);
	aws_params_add(p, "PolicyDocument", aws_str(cfg, "policy"));
	static const char *const later[] = { "NoSuchEntity", NULL };
	return aws_op_call_retry(op, "PutRolePolicy", p, later, 60, NULL);
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	const char *name = aws_unique_name(op, cfg, "name", "name_prefix", "terraform-");
	*state = NULL;
	if (!put(op, cfg, name))
		return false;
	const char *id = cl_arena_printf(op->arena, "%s:%s", aws_str(cfg, "role"), name);
	return load(op, aws_with_id(op, cfg, id), true, state);
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	if (!put(op, cfg, aws_str(prior, "name")))
		return false;
	return load(op, aws_with_id(op, cfg, aws_str(prior, "id")), false, state);
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	aws_params *p = aws_params_new(AWS_IAM);
	aws_params_add(p, "RoleName", aws_str(prior, "role"));
	aws_params_add(p, "PolicyName", aws_str(prior, "name"));
	return aws_op_delete(op, "DeleteRolePolicy", p, NULL, 0);
}

/* No find: a create sent again puts the same policy under the same name. */
static const aws_ops ops = { create, read, update, destroy, NULL };
const cl_resource_type aws_iam_role_policy_type = {
	"aws_iam_role_policy", false, &schema, 500, false, &ops, 0
};
