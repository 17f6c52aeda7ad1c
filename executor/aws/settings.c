/* settings.c: the provider "aws" block, as the plan evaluated it, read into
 * aws_settings: which arguments mean what, and what each must be. */
#include "executor/aws/settings.h"
#include "compiler/convert.h"
#include "executor/providers.h"

#include <stdlib.h>
#include <string.h>

/* A string argument, or NULL when absent or null. */
static const char *string_arg(cl_arena *a, const cl_provider_config *c, const char *name, cl_diags *d)
{
	const cl_provider_arg *arg = cl_provider_config_arg(c, name);
	if (!arg || !arg->value)
		return NULL;
	const char *err;
	cl_value *s = cl_convert(a, cl_value_unmark(a, arg->value), &cl_type_string, &err);
	if (!s || !cl_value_is_known(s)) {
		cl_diag_error(d, arg->at, "provider argument \"%s\" must be a string known before apply", name);
		return NULL;
	}
	return !cl_value_is_null(s) ? s->u.str.s : NULL;
}

bool aws_settings_from_config(const cl_provider_config *c, cl_arena *a, aws_settings *s, cl_value **default_tags,
                              cl_diags *d)
{
	static const char *const endpoint_names[AWS_NSERVICES][3] = {
		[AWS_EC2] = { "ec2" }, [AWS_ELB] = { "elb", "elasticloadbalancing" },
		[AWS_ASG] = { "autoscaling" }, [AWS_S3] = { "s3" }, [AWS_DYNAMODB] = { "dynamodb" },
		[AWS_ELBV2] = { "elbv2", "elasticloadbalancingv2" },
		[AWS_IAM] = { "iam" }, [AWS_CLOUDWATCH] = { "cloudwatch" },
	};
	memset(s, 0, sizeof *s);
	*default_tags = NULL;
	if (!c)
		return true;
	size_t before = d->nerrors;
	s->at = c->at;
	s->region = string_arg(a, c, "region", d);
	s->profile = string_arg(a, c, "profile", d);
	s->access_key = string_arg(a, c, "access_key", d);
	s->secret_key = string_arg(a, c, "secret_key", d);
	s->token = string_arg(a, c, "token", d);
	const char *retries = string_arg(a, c, "max_retries", d);
	if (retries)
		s->max_attempts = 1 + (int)strtol(retries, NULL, 10);
	for (unsigned i = 0; i < c->nblocks; i++) {
		const cl_provider_config *b = c->blocks[i].body;
		if (!strcmp(c->blocks[i].type, "endpoints")) {
			for (int k = 0; k < AWS_NSERVICES; k++)
				for (int j = 0; j < 3 && endpoint_names[k][j]; j++) {
					const char *url = string_arg(a, b, endpoint_names[k][j], d);
					if (url)
						s->endpoints[k] = url;
				}
		} else if (!strcmp(c->blocks[i].type, "default_tags")) {
			for (unsigned j = 0; j < b->nargs; j++) {
				const cl_provider_arg *arg = &b->args[j];
				if (strcmp(arg->name, "tags"))
					continue;
				const char *err;
				cl_value *m = arg->value ? cl_convert(a, arg->value, cl_type_collection(a, CL_T_MAP, &cl_type_string), &err)
				                         : NULL;
				if (arg->value && !m)
					cl_diag_error(d, arg->at, "default_tags: tags must be a map of strings: %s", err);
				*default_tags = m;
			}
		}
	}
	return d->nerrors == before;
}
