/* iam_role.c: aws_iam_role, an identity that services and instances
 * assume.  Its id is its name; the trust policy compares as a policy.
 * Managed and inline policies are their own resources here (the role's
 * deprecated managed_policy_arns and inline_policy are not supported). */
#include "executor/aws/iam.h"

#include <string.h>

static const cl_schema_attr attrs[] = {
	AWS_IAM_NAMED,
	{ "assume_role_policy", CL_AT_STRING, CL_AT_STRING, REQ | CL_SA_POLICY, NULL, NULL },
	A_STR("description", OPT),
	A_DEF(CL_AT_BOOL, "force_detach_policies", 0, "false"),
	A_DEF(CL_AT_NUMBER, "max_session_duration", 0, "3600"),
	A_STR("permissions_boundary", OPT),
	AWS_IAM_COMPUTED,
	A_END
};
static const cl_schema schema = { attrs, NULL };

static const aws_iam_kind kind = { "GetRole", "RoleName", "GetRoleResult/Role" };

static bool load(aws_op *op, const cl_value *base, bool fresh, cl_value **state)
{
	aws_xml *x;
	const aws_xml *r;
	*state = NULL;
	if (!aws_iam_get(op, kind.get, kind.param, aws_str(base, "id"), fresh, kind.path, &x, &r))
		return false;
	if (r) {
		aws_obj *o = aws_obj_new(op, &schema, base);
		static const char *const fields[][2] = {
			{ "id", "RoleName" }, { "name", "RoleName" }, { "arn", "Arn" }, { "unique_id", "RoleId" },
			{ "create_date", "CreateDate" }, { "path", "Path" }, { "description", "Description" },
			{ "max_session_duration", "MaxSessionDuration" },
			{ "permissions_boundary", "PermissionsBoundary/PermissionsBoundaryArn" },
		};
		for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
			aws_obj_x(o, fields[i][0], r, fields[i][1]);
		aws_iam_obj_policy(op, o, "assume_role_policy", aws_xml_str(r, "AssumeRolePolicyDocument"));
		aws_obj_name_prefix(o, aws_xml_str(r, "RoleName"));   /* as the provider reads it back */
		aws_obj_tags_xml(o, aws_xml_child(r, "Tags"));
		if (!aws_obj_get(o, "force_detach_policies"))
			aws_obj_bool(o, "force_detach_policies", false);
		*state = aws_obj_done(o);
	}
	aws_xml_free(x);
	return true;
}

static bool read(aws_op *op, const cl_value *prior, cl_value **state)
{
	return load(op, prior, false, state);
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	const char *name = aws_unique_name(op, cfg, "name", "name_prefix", "terraform-");
	aws_params *p = aws_params_new(AWS_IAM);
	aws_params_add(p, "RoleName", name);
	aws_params_add(p, "AssumeRolePolicyDocument", aws_str(cfg, "assume_role_policy"));
	aws_params_add(p, "Path", aws_str(cfg, "path") ? aws_str(cfg, "path") : "/");
	static const char *const args[][2] = {
		{ "description", "Description" }, { "permissions_boundary", "PermissionsBoundary" },
	};
	for (size_t i = 0; i < sizeof args / sizeof args[0]; i++)
		if (aws_str(cfg, args[i][0]))
			aws_params_add(p, args[i][1], aws_str(cfg, args[i][0]));
	long long secs;
	if (aws_int(cfg, "max_session_duration", &secs))
		aws_params_int(p, "MaxSessionDuration", secs);
	aws_tags_members(op, p, cfg);
	static const char *const taken[] = { "EntityAlreadyExists", NULL };
	aws_iam_named named = { &kind, name };
	*state = NULL;
	const char *got = aws_op_create_id(op, "CreateRole", p, NULL, taken, aws_iam_lookup, &named);
	if (!got)
		return false;
	return load(op, aws_with_id(op, cfg, name), true, state);
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	const char *name = aws_str(prior, "id");
	aws_params *p;
	if (aws_changed(prior, cfg, "assume_role_policy")) {
		p = aws_params_new(AWS_IAM);
		aws_params_add(p, "RoleName", name);
		aws_params_add(p, "PolicyDocument", aws_str(cfg, "assume_role_policy"));
		if (!aws_op_call(op, "UpdateAssumeRolePolicy", p, NULL, NULL))
			return false;
	}
	if (aws_changed(prior, cfg, "description") || aws_changed(prior, cfg, "max_session_duration")) {
		p = aws_params_new(AWS_IAM);
		aws_params_add(p, "RoleName", name);
		const char *d = aws_str(cfg, "description");
		aws_params_add(p, "Description", d ? d : "");
		long long secs;
		aws_params_int(p, "MaxSessionDuration", aws_int(cfg, "max_session_duration", &secs) ? secs : 3600);
		if (!aws_op_call(op, "UpdateRole", p, NULL, NULL))
			return false;
	}
	if (aws_changed(prior, cfg, "permissions_boundary")) {
		const char *b = aws_str(cfg, "permissions_boundary");
		p = aws_params_new(AWS_IAM);
		aws_params_add(p, "RoleName", name);
		if (b)
			aws_params_add(p, "PermissionsBoundary", b);
		if (!aws_op_call(op, b ? "PutRolePermissionsBoundary" : "DeleteRolePermissionsBoundary", p, NULL, NULL))
			return false;
	}
	if (!aws_tags_update_keyed(op, AWS_IAM, "TagRole", "UntagRole", "RoleName", name, prior, cfg))
		return false;
	return load(op, aws_with_id(op, cfg, name), false, state);
}

/* Each name listed by action (under path, field) passed to remove. */
static bool each(aws_op *op, const char *action, const char *role, const char *path, const char *field,
                 const char *remove, const char *param)
{
	aws_params *p = aws_params_new(AWS_IAM);
	aws_params_add(p, "RoleName", role);
	aws_xml *x;
	aws_error e;
	if (!aws_op_call_all(op, action, p, &x, &e))
		return aws_gone(&e);
	bool ok = true;
	aws_xml_each(it, aws_xml_find(x, path)) {
		aws_params *q = aws_params_new(AWS_IAM);
		aws_params_add(q, "RoleName", role);
		aws_params_add(q, param, field ? aws_xml_str(it, field) : aws_xml_text(it));
		if (!(ok = aws_op_delete(op, remove, q, NULL, 0)))
			break;
	}
	aws_xml_free(x);
	return ok;
}

/* As the provider: the role leaves its instance profiles first, and with
 * force_detach_policies its policies too; a DeleteConflict (an attachment
 * whose own delete is still under way) is waited out. */
static bool destroy(aws_op *op, const cl_value *prior)
{
	const char *name = aws_str(prior, "id");
	if (!each(op, "ListInstanceProfilesForRole", name, "ListInstanceProfilesForRoleResult/InstanceProfiles",
	          "InstanceProfileName", "RemoveRoleFromInstanceProfile", "InstanceProfileName"))
		return false;
	if (aws_bool(prior, "force_detach_policies", false) &&
	    (!each(op, "ListAttachedRolePolicies", name, "ListAttachedRolePoliciesResult/AttachedPolicies", "PolicyArn",
	           "DetachRolePolicy", "PolicyArn") ||
	     !each(op, "ListRolePolicies", name, "ListRolePoliciesResult/PolicyNames", NULL, "DeleteRolePolicy",
	           "PolicyName")))
		return false;
	static const char *const busy[] = { "DeleteConflict", NULL };
	aws_params *p = aws_params_new(AWS_IAM);
	aws_params_add(p, "RoleName", name);
	return aws_op_delete(op, "DeleteRole", p, busy, 120);
}

static bool find(aws_op *op, cl_value **state)
{
	return aws_iam_find(op, &kind, "ListRoles", "ListRolesResult/Roles", state);
}

static const aws_ops ops = { create, read, update, destroy, find };
const cl_resource_type aws_iam_role_type = { "aws_iam_role", false, &schema, 1000, false, &ops, 0 };
