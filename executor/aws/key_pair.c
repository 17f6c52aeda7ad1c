/* key_pair.c: aws_key_pair, an imported SSH public key. */
#include "executor/aws/provider.h"

static const cl_schema_attr attrs[] = {
	A_STR("key_name", OPT | COMP | NEW),
	A_STR("key_name_prefix", OPT | NEW),
	A_STR("public_key", REQ | NEW),
	A_TAGS, A_ID,
	A_STR("key_pair_id", COMP), A_STR("fingerprint", COMP), A_STR("arn", COMP),
	A_STR("key_type", COMP),
	A_END
};
static const cl_schema schema = { attrs, NULL };

const cl_resource_type aws_key_pair_type = { "aws_key_pair", false, &schema, 1000, false, NULL };
