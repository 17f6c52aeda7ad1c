/* iam_role_policy_attachment.c: aws_iam_role_policy_attachment, a managed
 * policy attached to a role.  AttachRolePolicy is idempotent, so a create
 * sent twice attaches once.  The id is the provider's ROLE-<unique suffix>;
 * import takes ROLE/POLICY_ARN, which the provider records as ROLE-ARN. */
#include "executor/aws/iam.h"

#include <string.h>

static const cl_schema_attr attrs[] = {
	A_STR("role", REQ | NEW),
	A_STR("policy_arn", REQ | NEW),
	A_ID,
	A_END
};
static const cl_schema schema = { attrs, NULL };

static bool read(aws_op *op, const cl_value *prior, cl_value **state)
{
	const char *role = aws_str(prior, "role"), *arn = aws_str(prior, "policy_arn"), *id = aws_str(prior, "id");
	cl_value *base = (cl_value *)prior;
	*state = NULL;
	if (!role || !arn) {   /* import */
		if (!aws_split_id(op->arena, id, '/', &role, &arn))
			return aws_op_fail(op, "the id \"%s\" is not ROLE/POLICY_ARN (the role's name and the policy's ARN)", id);
		aws_obj *o = aws_obj_new(op, &schema, NULL);
		aws_obj_str(o, "role", role);
		aws_obj_str(o, "policy_arn", arn);
		aws_obj_str(o, "id", cl_arena_printf(op->arena, "%s-%s", role, arn));
		base = aws_obj_done(o);
	}
	aws_params *p = aws_params_new(AWS_IAM);
	aws_params_add(p, "RoleName", role);
	aws_xml *x;
	aws_error e;
	if (!aws_op_call_all(op, "ListAttachedRolePolicies", p, &x, &e))
		return aws_gone(&e);
	aws_xml_each(it, aws_xml_find(x, "ListAttachedRolePoliciesResult/AttachedPolicies"))
		if (!strcmp(aws_xml_text(aws_xml_child(it, "PolicyArn")), arn))
			*state = base;
	aws_xml_free(x);
	return true;
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	const char *role = aws_str(cfg, "role");
	aws_params *p = aws_params_new(AWS_IAM);
	aws_params_add(p, "RoleName", role);
	aws_params_add(p, "PolicyArn", aws_str(cfg, "policy_arn"));
	static const char *const later[] = { "NoSuchEntity", NULL };
	*state = NULL;
	if (!aws_op_call_retry(op, "AttachRolePolicy", p, later, 60, NULL))
		return false;
	const char *id = aws_unique_name(op, NULL, NULL, NULL, cl_arena_printf(op->arena, "%s-", role));
	*state = aws_with_id(op, cfg, id);
	return true;
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	aws_params *p = aws_params_new(AWS_IAM);
	aws_params_add(p, "RoleName", aws_str(prior, "role"));
	aws_params_add(p, "PolicyArn", aws_str(prior, "policy_arn"));
	return aws_op_delete(op, "DetachRolePolicy", p, NULL, 0);
}

static const aws_ops ops = { create, read, NULL, destroy, NULL };
const cl_resource_type aws_iam_role_policy_attachment_type = {
	"aws_iam_role_policy_attachment", false, &schema, 500, false, &ops, 0
};
