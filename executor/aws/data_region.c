/* data_region.c: data "aws_region": the provider's region (or the one
 * name or endpoint names), its description and EC2 endpoint, from the AWS
 * partition's region table; no API call.  The table is botocore's
 * endpoints.json (partition "aws"), which test_moto_new_types checks. */
#include "executor/aws/resource.h"

#include <string.h>

static const cl_schema_attr attrs[] = {
	A_STR("name", OPT | COMP), A_STR("endpoint", OPT | COMP), A_STR("id", OPT | COMP),
	A_STR("description", COMP),
	A_END
};
static const cl_schema schema = { attrs, NULL };

static const char *const regions[][2] = {
	{ "af-south-1", "Africa (Cape Town)" },
	{ "ap-east-1", "Asia Pacific (Hong Kong)" },
	{ "ap-east-2", "Asia Pacific (Taipei)" },
	{ "ap-northeast-1", "Asia Pacific (Tokyo)" },
	{ "ap-northeast-2", "Asia Pacific (Seoul)" },
	{ "ap-northeast-3", "Asia Pacific (Osaka)" },
	{ "ap-south-1", "Asia Pacific (Mumbai)" },
	{ "ap-south-2", "Asia Pacific (Hyderabad)" },
	{ "ap-southeast-1", "Asia Pacific (Singapore)" },
	{ "ap-southeast-2", "Asia Pacific (Sydney)" },
	{ "ap-southeast-3", "Asia Pacific (Jakarta)" },
	{ "ap-southeast-4", "Asia Pacific (Melbourne)" },
	{ "ap-southeast-5", "Asia Pacific (Malaysia)" },
	{ "ap-southeast-6", "Asia Pacific (New Zealand)" },
	{ "ap-southeast-7", "Asia Pacific (Thailand)" },
	{ "ca-central-1", "Canada (Central)" },
	{ "ca-west-1", "Canada West (Calgary)" },
	{ "eu-central-1", "Europe (Frankfurt)" },
	{ "eu-central-2", "Europe (Zurich)" },
	{ "eu-north-1", "Europe (Stockholm)" },
	{ "eu-south-1", "Europe (Milan)" },
	{ "eu-south-2", "Europe (Spain)" },
	{ "eu-west-1", "Europe (Ireland)" },
	{ "eu-west-2", "Europe (London)" },
	{ "eu-west-3", "Europe (Paris)" },
	{ "il-central-1", "Israel (Tel Aviv)" },
	{ "me-central-1", "Middle East (UAE)" },
	{ "me-south-1", "Middle East (Bahrain)" },
	{ "mx-central-1", "Mexico (Central)" },
	{ "sa-east-1", "South America (Sao Paulo)" },
	{ "us-east-1", "US East (N. Virginia)" },
	{ "us-east-2", "US East (Ohio)" },
	{ "us-west-1", "US West (N. California)" },
	{ "us-west-2", "US West (Oregon)" },
};

static const char *endpoint(aws_op *op, const char *region)
{
	return cl_arena_printf(op->arena, "ec2.%s.amazonaws.com", region);
}

static bool read(aws_op *op, const cl_value *cfg, cl_value **state)
{
	const char *want = aws_str(cfg, "name") ? aws_str(cfg, "name") : aws_str(cfg, "id");
	const char *ep = aws_str(cfg, "endpoint");
	*state = NULL;
	for (size_t i = 0; i < sizeof regions / sizeof regions[0]; i++) {
		const char *r = regions[i][0];
		if (want ? strcmp(r, want) : ep ? strcmp(endpoint(op, r), ep) : strcmp(r, aws_client_region(op->client)))
			continue;
		aws_obj *o = aws_obj_new(op, &schema, cfg);
		aws_obj_str(o, "name", r);
		aws_obj_str(o, "id", r);
		aws_obj_str(o, "endpoint", endpoint(op, r));
		aws_obj_str(o, "description", regions[i][1]);
		*state = aws_obj_done(o);
		return true;
	}
	if (want || ep)
		return aws_op_fail(op, "region not found for %s \"%s\"", want ? "name" : "endpoint", want ? want : ep);
	return aws_op_fail(op, "the provider's region \"%s\" is not in the AWS partition's region table",
	                   aws_client_region(op->client));
}

/* A data source is read, never created: create is the first read. */
static const aws_ops ops = { read, read, NULL, NULL, NULL };
const cl_resource_type aws_region_data = { "aws_region", true, &schema, 100, false, &ops };
