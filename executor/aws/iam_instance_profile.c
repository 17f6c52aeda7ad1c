/* iam_instance_profile.c: aws_iam_instance_profile, the holder through
 * which an instance (a launch template, a launch configuration) takes a
 * role.  Its id is its name; it holds one role or none. */
#include "executor/aws/iam.h"

#include <string.h>

static const cl_schema_attr attrs[] = {
	AWS_IAM_NAMED,
	A_STR("role", OPT),
	AWS_IAM_COMPUTED,
	A_END
};
static const cl_schema schema = { attrs, NULL };

static const aws_iam_kind kind = {
	"GetInstanceProfile", "InstanceProfileName", "GetInstanceProfileResult/InstanceProfile"
};

static bool load(aws_op *op, const cl_value *base, bool fresh, cl_value **state)
{
	aws_xml *x;
	const aws_xml *ip;
	*state = NULL;
	if (!aws_iam_get(op, kind.get, kind.param, aws_str(base, "id"), fresh, kind.path, &x, &ip))
		return false;
	if (ip) {
		aws_obj *o = aws_obj_new(op, &schema, base);
		static const char *const fields[][2] = {
			{ "id", "InstanceProfileName" }, { "name", "InstanceProfileName" }, { "arn", "Arn" },
			{ "unique_id", "InstanceProfileId" }, { "create_date", "CreateDate" }, { "path", "Path" },
		};
		for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
			aws_obj_x(o, fields[i][0], ip, fields[i][1]);
		aws_obj_str(o, "role", aws_xml_str(aws_xml_first(aws_xml_child(ip, "Roles")), "RoleName"));
		aws_obj_name_prefix(o, aws_xml_str(ip, "InstanceProfileName"));   /* as the provider reads it back */
		aws_obj_tags_xml(o, aws_xml_child(ip, "Tags"));
		*state = aws_obj_done(o);
	}
	aws_xml_free(x);
	return true;
}

static bool read(aws_op *op, const cl_value *prior, cl_value **state)
{
	return load(op, prior, false, state);
}

/* AddRoleToInstanceProfile or RemoveRoleFromInstanceProfile.  A role just
 * created may not be visible to IAM yet: NoSuchEntity is waited out. */
static bool role_call(aws_op *op, const char *action, const char *name, const char *role)
{
	aws_params *p = aws_params_new(AWS_IAM);
	aws_params_add(p, "InstanceProfileName", name);
	aws_params_add(p, "RoleName", role);
	if (!strcmp(action, "RemoveRoleFromInstanceProfile"))
		return aws_op_delete(op, action, p, NULL, 0);
	static const char *const later[] = { "NoSuchEntity", NULL };
	return aws_op_call_retry(op, action, p, later, 60, NULL);
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	const char *name = aws_unique_name(op, cfg, "name", "name_prefix", "terraform-");
	aws_params *p = aws_params_new(AWS_IAM);
	aws_params_add(p, "InstanceProfileName", name);
	aws_params_add(p, "Path", aws_str(cfg, "path") ? aws_str(cfg, "path") : "/");
	aws_tags_members(op, p, cfg);
	static const char *const taken[] = { "EntityAlreadyExists", NULL };
	aws_iam_named named = { &kind, name };
	*state = NULL;
	if (!aws_op_create_id(op, "CreateInstanceProfile", p, NULL, taken, aws_iam_lookup, &named))
		return false;
	const char *role = aws_str(cfg, "role");
	bool ok = !role || role_call(op, "AddRoleToInstanceProfile", name, role);
	return aws_created(op, ok, cfg, name, load, state);
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	const char *name = aws_str(prior, "id"), *was = aws_str(prior, "role"), *role = aws_str(cfg, "role");
	if (aws_changed(prior, cfg, "role") &&
	    ((was && !role_call(op, "RemoveRoleFromInstanceProfile", name, was)) ||
	     (role && !role_call(op, "AddRoleToInstanceProfile", name, role))))
		return false;
	if (!aws_tags_update_keyed(op, AWS_IAM, "TagInstanceProfile", "UntagInstanceProfile", "InstanceProfileName",
	                           name, prior, cfg))
		return false;
	return load(op, aws_with_id(op, cfg, name), false, state);
}

/* The roles it holds leave it first: IAM refuses to delete a profile
 * that holds a role. */
static bool destroy(aws_op *op, const cl_value *prior)
{
	const char *name = aws_str(prior, "id");
	aws_xml *x;
	const aws_xml *ip;
	if (!aws_iam_get(op, kind.get, kind.param, name, false, kind.path, &x, &ip))
		return false;
	bool ok = true;
	aws_xml_each(r, aws_xml_child(ip, "Roles"))
		if (!(ok = role_call(op, "RemoveRoleFromInstanceProfile", name, aws_xml_str(r, "RoleName"))))
			break;
	aws_xml_free(x);
	if (!ok || !ip)
		return ok;
	aws_params *p = aws_params_new(AWS_IAM);
	aws_params_add(p, "InstanceProfileName", name);
	return aws_op_delete(op, "DeleteInstanceProfile", p, NULL, 0);
}

static bool find(aws_op *op, cl_value **state)
{
	return aws_iam_find(op, &kind, "ListInstanceProfiles", "ListInstanceProfilesResult/InstanceProfiles", state);
}

static const aws_ops ops = { create, read, update, destroy, find };
const cl_resource_type aws_iam_instance_profile_type = {
	"aws_iam_instance_profile", false, &schema, 1000, false, &ops, 0
};
