/* ami.c: data "aws_ami": find an image by owner, filters and name; with
 * most_recent the newest by creation date.  No match, or several without
 * most_recent, is an error worded as Terraform words it. */
#include "executor/aws/resource.h"

#include <regex.h>
#include <string.h>

static const cl_schema_block blocks[] = {
	{ "filter", CL_NEST_SET, 0, 0, 0, &aws_filter_schema },
	{ NULL }
};
static const cl_schema_attr attrs[] = {
	A_DEF(CL_AT_BOOL, "most_recent", 0, "false"),
	A_LIST("owners", OPT), A_LIST("executable_users", OPT),
	A_STR("name_regex", OPT), A_DEF(CL_AT_BOOL, "include_deprecated", 0, "false"),
	A_ID,
	A_STR("image_id", COMP), A_STR("name", COMP), A_STR("arn", COMP),
	A_STR("architecture", COMP), A_STR("creation_date", COMP), A_STR("description", COMP),
	A_STR("owner_id", COMP), A_STR("root_device_name", COMP), A_STR("root_device_type", COMP),
	A_STR("virtualization_type", COMP), A_STR("state", COMP), A_STR("image_type", COMP),
	A_MAP("tags", COMP),
	A_END
};
static const cl_schema schema = { attrs, blocks };

static bool read(aws_op *op, const cl_value *cfg, cl_value **state)
{
	aws_params *p = aws_params_new(AWS_EC2);
	aws_params_strs(op, p, "Owner", cfg, "owners");
	aws_params_strs(op, p, "ExecutableBy", cfg, "executable_users");
	if (aws_bool(cfg, "include_deprecated", false))
		aws_params_add(p, "IncludeDeprecated", "true");
	aws_params_filters(op, p, cfg);
	const char *re = aws_str(cfg, "name_regex");
	regex_t rx;
	*state = NULL;
	if (re && regcomp(&rx, re, REG_EXTENDED | REG_NOSUB)) {
		aws_params_free(p);
		return aws_op_fail(op, "name_regex \"%s\" is not a valid regular expression", re);
	}
	aws_xml *x;
	if (!aws_op_call(op, "DescribeImages", p, &x, NULL)) {
		if (re)
			regfree(&rx);
		return false;
	}
	const aws_xml *best = NULL;
	size_t n = 0;
	aws_xml_each(m, aws_xml_child(x, "imagesSet")) {
		if (re && regexec(&rx, aws_xml_text(aws_xml_child(m, "name")), 0, NULL, 0))
			continue;
		n++;
		if (!best || strcmp(aws_xml_text(aws_xml_child(m, "creationDate")),
		                    aws_xml_text(aws_xml_child(best, "creationDate"))) > 0)
			best = m;
	}
	if (re)
		regfree(&rx);
	bool ok = true;
	if (!n)
		ok = aws_op_fail(op, "Your query returned no results. Please change your search criteria and try again.");
	else if (n > 1 && !aws_bool(cfg, "most_recent", false))
		ok = aws_op_fail(op, "Your query returned more than one result. Please try a more specific search "
		                 "criteria, or set `most_recent` attribute to true.");
	if (ok) {
		aws_obj *o = aws_obj_new(op, &schema, cfg);
		static const char *const fields[][2] = {
			{ "id", "imageId" }, { "image_id", "imageId" }, { "name", "name" },
			{ "architecture", "architecture" }, { "creation_date", "creationDate" },
			{ "description", "description" }, { "owner_id", "imageOwnerId" },
			{ "root_device_name", "rootDeviceName" }, { "root_device_type", "rootDeviceType" },
			{ "virtualization_type", "virtualizationType" }, { "state", "imageState" },
			{ "image_type", "imageType" },
		};
		for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
			aws_obj_x(o, fields[i][0], best, fields[i][1]);
		aws_obj_set(o, "tags", aws_tags_value(op->arena, aws_xml_child(best, "tagSet")));
		*state = aws_obj_done(o);
	}
	aws_xml_free(x);
	return ok;
}

/* A data source is read, never created: create is the first read. */
static const aws_ops ops = { read, read, NULL, NULL, NULL };
const cl_resource_type aws_ami_data = { "aws_ami", true, &schema, 1000, false, &ops };
