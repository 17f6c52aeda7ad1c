/* launch_template.c: aws_launch_template.  Changing what a version holds
 * makes a new version (CreateLaunchTemplateVersion), as the provider does:
 * only the name replaces the template.  The default version follows the
 * latest with update_default_version, else default_version.  What each
 * version holds is launch_template_data.c's. */
#include "executor/aws/launch_template.h"

#include <string.h>

static const cl_schema_attr attrs[] = {
	A_STR("name", OPT | COMP | NEW),
	A_STR("name_prefix", OPT | COMP | NEW),
	A_STR("description", OPT),
	A_NUM("default_version", OPT | COMP),
	A_BOOL("update_default_version", OPT),
	AWS_LT_DATA_ATTRS,
	A_TAGS, A_ID,
	A_STR("arn", COMP), A_NUM("latest_version", COMP),
	A_END
};
static const cl_schema schema = { attrs, aws_lt_blocks };

/* The template's account, from its createdBy ARN (arn:aws:iam::ACCOUNT:root). */
static const char *account(aws_op *op, const aws_xml *t)
{
	const char *by = aws_xml_str(t, "createdBy"), *c;
	if (!by || !(c = strstr(by, ":iam::")))
		return NULL;
	c += strlen(":iam::");
	const char *end = strchr(c, ':');
	return end ? cl_arena_strndup(op->arena, c, (size_t)(end - c)) : NULL;
}

static bool load(aws_op *op, const cl_value *base, bool fresh, cl_value **state)
{
	aws_xml *x, *t;
	*state = NULL;
	const char *id = aws_str(base, "id");
	if (!aws_describe_one(op, "DescribeLaunchTemplates", "LaunchTemplateId.1", id, "launchTemplates", fresh, &x, &t))
		return false;
	if (!t) {
		aws_xml_free(x);
		return true;
	}
	aws_obj *o = aws_obj_new(op, &schema, base);
	aws_obj_x(o, "id", t, "launchTemplateId");
	aws_obj_x(o, "name", t, "launchTemplateName");
	aws_obj_name_prefix(o, aws_xml_str(t, "launchTemplateName"));
	aws_obj_x(o, "default_version", t, "defaultVersionNumber");
	aws_obj_x(o, "latest_version", t, "latestVersionNumber");
	aws_obj_tags_xml(o, aws_xml_child(t, "tagSet"));
	const char *acct = account(op, t), *region = aws_client_region(op->client);
	aws_obj_str(o, "arn", acct && region ? cl_arena_printf(op->arena, "arn:aws:ec2:%s:%s:launch-template/%s",
	                                                        region, acct, id) : NULL);
	/* the provider reads the latest version, whichever is the default */
	aws_params *p = aws_op_params(AWS_EC2, fresh);
	aws_params_add(p, "LaunchTemplateId", id);
	aws_params_add(p, "LaunchTemplateVersion.1", aws_xml_text(aws_xml_child(t, "latestVersionNumber")));
	aws_xml *vx;
	bool ok = aws_op_call(op, "DescribeLaunchTemplateVersions", p, &vx, NULL);
	if (ok) {
		const aws_xml *v = aws_xml_first(aws_xml_child(vx, "launchTemplateVersionSet"));
		if (!v)
			ok = aws_op_fail(op, "%s: DescribeLaunchTemplateVersions did not list its latest version", id);
		else {
			aws_obj_x(o, "description", v, "versionDescription");
			aws_lt_read(op, o, aws_xml_child(v, "launchTemplateData"));
			*state = aws_obj_done(o);
		}
		aws_xml_free(vx);
	}
	aws_xml_free(x);
	return ok;
}

static bool read(aws_op *op, const cl_value *prior, cl_value **state)
{
	return load(op, prior, false, state);
}

static bool set_default(aws_op *op, const char *id, const char *version)
{
	aws_params *p = aws_op_params(AWS_EC2, true);
	aws_params_add(p, "LaunchTemplateId", id);
	aws_params_add(p, "SetDefaultVersion", version);
	return aws_op_call(op, "ModifyLaunchTemplate", p, NULL, NULL);
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	*state = NULL;
	const char *name = aws_unique_name(op, cfg, "name", "name_prefix", "terraform-");
	aws_params *p = aws_params_new(AWS_EC2);
	aws_params_add(p, "LaunchTemplateName", name);
	if (aws_str(cfg, "description"))
		aws_params_add(p, "VersionDescription", aws_str(cfg, "description"));
	if (!aws_lt_params(op, p, cfg)) {
		aws_params_free(p);
		return false;
	}
	aws_tags_spec(op, p, "launch-template", cfg);
	static const char *const taken[] = { "InvalidLaunchTemplateName.AlreadyExistsException", NULL };
	const char *id = aws_op_create_id(op, "CreateLaunchTemplate", p, "launchTemplate/launchTemplateId", taken,
	                                  NULL, NULL);
	return id && aws_created(op, true, cfg, id, load, state);
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	const char *id = aws_str(prior, "id");
	long long latest = 0;
	aws_int(prior, "latest_version", &latest);
	if (aws_lt_changed(prior, cfg) || aws_changed(prior, cfg, "description")) {
		aws_params *p = aws_op_params(AWS_EC2, false);
		aws_params_add(p, "LaunchTemplateId", id);
		if (aws_str(cfg, "description"))
			aws_params_add(p, "VersionDescription", aws_str(cfg, "description"));
		if (!aws_lt_params(op, p, cfg)) {
			aws_params_free(p);
			return false;
		}
		aws_xml *x;
		if (!aws_op_call(op, "CreateLaunchTemplateVersion", p, &x, NULL))
			return false;
		bool got = aws_xml_int(x, "launchTemplateVersion/versionNumber", &latest);
		aws_xml_free(x);
		if (!got)
			return aws_op_fail(op, "CreateLaunchTemplateVersion answered without a version number");
		aws_op_progress(op, "version %lld made", latest);
	}
	long long dflt = 0;
	if (aws_bool(cfg, "update_default_version", false)) {
		long long was = 0;
		if ((!aws_int(prior, "default_version", &was) || was != latest) &&
		    !set_default(op, id, cl_arena_printf(op->arena, "%lld", latest)))
			return false;
	} else if (aws_int(cfg, "default_version", &dflt) && aws_changed(prior, cfg, "default_version") &&
	           !set_default(op, id, cl_arena_printf(op->arena, "%lld", dflt))) {
		return false;
	}
	if (!aws_tags_update(op, AWS_EC2, id, prior, cfg))
		return false;
	return load(op, aws_with_id(op, cfg, id), true, state);
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	return aws_delete_ec2(op, "DeleteLaunchTemplate", "LaunchTemplateId", aws_str(prior, "id"), NULL, 0);
}

static bool find(aws_op *op, cl_value **state)
{
	return aws_find_ec2(op, "DescribeLaunchTemplates", NULL, "launchTemplates", "launchTemplateId", state);
}

/* The provider's CustomizeDiff: a change to what a version holds makes a
 * version whose number is not known yet, and with update_default_version
 * the default follows it.  Groups that name latest_version see it change. */
static cl_value *plan_update(cl_arena *a, const cl_value *prior, cl_value *planned)
{
	if (!aws_lt_changed(prior, planned) && !aws_changed(prior, planned, "description"))
		return planned;
	const cl_value *udv = cl_value_get(planned, "update_default_version");
	bool follow = udv && udv->kind == CL_V_BOOL && udv->u.b;
	const char **keys = CL_NEWN(a, const char *, planned->n + 1);
	cl_value **v = CL_NEWN(a, cl_value *, planned->n + 1);
	for (uint32_t i = 0; i < planned->n; i++) {
		keys[i] = planned->u.c.keys[i];
		v[i] = planned->u.c.v[i];
		if (!strcmp(keys[i], "latest_version") || (follow && !strcmp(keys[i], "default_version")))
			v[i] = cl_value_unknown(a, &cl_type_number);
	}
	return cl_value_object(a, keys, v, planned->n);
}

static const aws_ops ops = { create, read, update, destroy, find };
const cl_resource_type aws_launch_template_type = {
	"aws_launch_template", false, &schema, 1000, false, &ops, .plan_update = plan_update
};
