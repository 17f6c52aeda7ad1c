/* key_pair.c: aws_key_pair, an imported SSH public key.  AWS never gives
 * the key back, so public_key stays as configured; the id is the name. */
#include "executor/aws/resource.h"

#include <string.h>

static const cl_schema_attr attrs[] = {
	A_STR("key_name", OPT | COMP | NEW),
	A_STR("key_name_prefix", OPT | COMP | NEW),
	A_STR("public_key", REQ | NEW),
	A_TAGS, A_ID,
	A_STR("key_pair_id", COMP), A_STR("fingerprint", COMP), A_STR("arn", COMP),
	A_STR("key_type", COMP),
	A_END
};
static const cl_schema schema = { attrs, NULL };

static bool load(aws_op *op, const cl_value *base, bool fresh, cl_value **state)
{
	aws_xml *x, *k;
	*state = NULL;
	if (!aws_describe_one(op, "DescribeKeyPairs", "KeyName.1", aws_str(base, "id"), "keySet", fresh, &x, &k))
		return false;
	if (k) {
		aws_obj *o = aws_obj_new(op, &schema, base);
		aws_obj_x(o, "id", k, "keyName");
		aws_obj_x(o, "key_name", k, "keyName");
		aws_obj_x(o, "key_pair_id", k, "keyPairId");
		aws_obj_x(o, "fingerprint", k, "keyFingerprint");
		aws_obj_x(o, "key_type", k, "keyType");
		aws_obj_tags_xml(o, aws_xml_child(k, "tagSet"));
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
	const char *name = aws_unique_name(op, cfg, "key_name", "key_name_prefix", "terraform-");
	const char *key = aws_str(cfg, "public_key");
	aws_params *p = aws_params_new(AWS_EC2);
	aws_params_add(p, "KeyName", name);
	aws_params_add(p, "PublicKeyMaterial", aws_base64(op->arena, key, strlen(key)));
	aws_tags_spec(op, p, "key-pair", cfg);
	static const char *const taken[] = { "InvalidKeyPair.Duplicate", NULL };
	*state = NULL;
	const char *got = aws_op_create_id(op, "ImportKeyPair", p, NULL, taken, NULL, NULL);
	if (!got)
		return false;
	return load(op, aws_with_id(op, cfg, *got ? got : name), true, state);
}

/* Tags are the only thing that changes in place; EC2 tags a key pair by its id. */
static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	if (!aws_tags_update(op, AWS_EC2, aws_str(prior, "key_pair_id"), prior, cfg))
		return false;
	return load(op, aws_with_id(op, cfg, aws_str(prior, "id")), false, state);
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	return aws_delete_ec2(op, "DeleteKeyPair", "KeyName", aws_str(prior, "id"), NULL, 0);
}

static bool find(aws_op *op, cl_value **state)
{
	return aws_find_ec2(op, "DescribeKeyPairs", NULL, "keySet", "keyName", state);
}

static const aws_ops ops = { create, read, update, destroy, find };
const cl_resource_type aws_key_pair_type = { "aws_key_pair", false, &schema, 1000, false, &ops, 1 };
