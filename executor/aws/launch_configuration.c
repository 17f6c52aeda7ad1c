/* launch_configuration.c: aws_launch_configuration.  Immutable in AWS, so
 * every argument forces replacement and there is no update; name_prefix
 * gives unique names.  Its block devices are sent and read back like the
 * rest.  Not taggable: find goes by the journal token in the name. */
#include "executor/aws/block_device.h"

#include <string.h>

/* The provider's two device blocks: the root volume (its device is the
 * image's) and EBS volumes by device name. */
#define VOLUME_ATTRS \
	A_NUM("volume_size", OPT | COMP | NEW), A_STR("volume_type", OPT | COMP | NEW), \
	A_DEF(CL_AT_BOOL, "delete_on_termination", NEW, "true"), A_BOOL("encrypted", OPT | COMP | NEW), \
	A_NUM("iops", OPT | COMP | NEW)
static const cl_schema_attr root_attrs[] = { VOLUME_ATTRS, A_END };
static const cl_schema_attr ebs_attrs[] = {
	VOLUME_ATTRS, A_STR("device_name", REQ | NEW), A_STR("snapshot_id", OPT | COMP | NEW), A_END
};
static const cl_schema root_bd = { root_attrs, NULL }, ebs_bd = { ebs_attrs, NULL };
static const cl_schema_block blocks[] = {
	{ "root_block_device", CL_NEST_LIST, 0, 1, COMP | NEW, &root_bd },
	{ "ebs_block_device", CL_NEST_SET, 0, 0, COMP | NEW, &ebs_bd },
	{ NULL }
};
static const cl_schema_attr attrs[] = {
	A_STR("name", OPT | COMP | NEW),
	A_STR("name_prefix", OPT | COMP | NEW),
	A_STR("image_id", REQ | NEW),
	A_STR("instance_type", REQ | NEW),
	A_SET("security_groups", OPT | NEW),
	A_BOOL("associate_public_ip_address", OPT | COMP | NEW),
	{ "user_data", CL_AT_STRING, CL_AT_STRING, OPT | NEW | CL_SA_HASHED, NULL, NULL },
	A_STR("user_data_base64", OPT | NEW),
	A_STR("key_name", OPT | COMP | NEW),
	A_STR("iam_instance_profile", OPT | NEW),
	A_DEF(CL_AT_BOOL, "enable_monitoring", NEW, "true"),
	A_BOOL("ebs_optimized", OPT | COMP | NEW),
	A_STR("placement_tenancy", OPT | NEW),
	A_STR("spot_price", OPT | NEW),
	A_ID, A_STR("arn", COMP),
	A_END
};
static const cl_schema schema = { attrs, blocks };

/* The block devices of lc: the image's root device as root_block_device,
 * the others as ebs_block_device (as the provider tells them apart).  The
 * image is looked up only when there are mappings. */
static bool read_devices(aws_op *op, aws_obj *o, const aws_xml *lc)
{
	const aws_xml *maps = aws_xml_child(lc, "BlockDeviceMappings");
	size_t n = aws_xml_count(maps), nroot = 0, nebs = 0;
	if (!n) {
		cl_value *none = NULL;
		aws_obj_block(o, "root_block_device", &none, 0, NULL);
		aws_obj_block(o, "ebs_block_device", &none, 0, NULL);
		return true;
	}
	const char *root_dev = aws_image_root_device(op, aws_xml_str(lc, "ImageId"));
	if (!root_dev)
		return false;
	cl_value **roots = CL_NEWN(op->arena, cl_value *, n), **ebs = CL_NEWN(op->arena, cl_value *, n);
	static const char *const fields[][2] = {
		{ "volume_size", "Ebs/VolumeSize" }, { "volume_type", "Ebs/VolumeType" },
		{ "delete_on_termination", "Ebs/DeleteOnTermination" }, { "encrypted", "Ebs/Encrypted" },
		{ "iops", "Ebs/Iops" },
	};
	aws_xml_each(m, maps) {
		const char *dev = aws_xml_text(aws_xml_child(m, "DeviceName"));
		bool is_root = !strcmp(dev, root_dev);
		aws_obj *d = aws_obj_new(op, is_root ? &root_bd : &ebs_bd, NULL);
		for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
			aws_obj_x(d, fields[k][0], m, fields[k][1]);
		if (!aws_obj_get(d, "delete_on_termination"))   /* AWS's default, left out of the answer */
			aws_obj_bool(d, "delete_on_termination", true);
		if (!aws_obj_get(d, "encrypted"))
			aws_obj_bool(d, "encrypted", false);
		if (is_root)
			roots[nroot++] = aws_obj_done(d);
		else {
			aws_obj_str(d, "device_name", dev);
			aws_obj_x(d, "snapshot_id", m, "Ebs/SnapshotId");
			ebs[nebs++] = aws_obj_done(d);
		}
	}
	aws_obj_block(o, "root_block_device", roots, nroot, NULL);
	aws_obj_block(o, "ebs_block_device", ebs, nebs, NULL);
	return true;
}

/* The configuration by name: *lc NULL when there is none. */
static bool describe(aws_op *op, const char *name, aws_xml **root, const aws_xml **lc)
{
	aws_params *p = aws_params_new(AWS_ASG);
	aws_params_add(p, "LaunchConfigurationNames.member.1", name);
	if (!aws_op_call(op, "DescribeLaunchConfigurations", p, root, NULL))
		return false;
	*lc = aws_xml_first(aws_xml_find(*root, "DescribeLaunchConfigurationsResult/LaunchConfigurations"));
	return true;
}

static bool read(aws_op *op, const cl_value *base, cl_value **state)
{
	aws_xml *x;
	const aws_xml *lc;
	*state = NULL;
	if (!describe(op, aws_str(base, "id"), &x, &lc))
		return false;
	if (lc) {
		aws_obj *o = aws_obj_new(op, &schema, base);
		static const char *const fields[][2] = {
			{ "id", "LaunchConfigurationName" }, { "name", "LaunchConfigurationName" },
			{ "arn", "LaunchConfigurationARN" }, { "image_id", "ImageId" }, { "instance_type", "InstanceType" },
			{ "key_name", "KeyName" }, { "iam_instance_profile", "IamInstanceProfile" },
			{ "enable_monitoring", "InstanceMonitoring/Enabled" }, { "ebs_optimized", "EbsOptimized" },
			{ "associate_public_ip_address", "AssociatePublicIpAddress" },
			{ "placement_tenancy", "PlacementTenancy" }, { "spot_price", "SpotPrice" },
		};
		for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
			aws_obj_x(o, fields[i][0], lc, fields[i][1]);
		aws_obj_xstrs(o, "security_groups", aws_xml_child(lc, "SecurityGroups"), "");
		aws_obj_user_data(o, aws_xml_str(lc, "UserData"));
		if (!read_devices(op, o, lc)) {
			aws_xml_free(x);
			return false;
		}
		*state = aws_obj_done(o);
	}
	aws_xml_free(x);
	return true;
}

static int visible(aws_op *op, void *name)
{
	aws_xml *x;
	const aws_xml *lc;
	if (!describe(op, name, &x, &lc))
		return -1;
	aws_xml_free(x);
	return lc != NULL;
}

/* After a lost answer, the configuration of our name is this create's when
 * it is what was asked for (configurations take no tags to tell more).  A
 * name found taken without a lost answer is someone else's. */
static bool made_it(aws_op *op, void *ud, bool lost, const char **id)
{
	const cl_value *cfg = ud;
	const char *name = aws_str(cfg, "name");
	aws_xml *x;
	const aws_xml *lc;
	*id = NULL;
	if (!lost || !describe(op, name, &x, &lc))
		return !lost;
	const char *image = aws_xml_str(lc, "ImageId"), *type = aws_xml_str(lc, "InstanceType");
	if (image && type && !strcmp(image, aws_str(cfg, "image_id")) &&
	    !strcmp(type, aws_str(cfg, "instance_type")))
		*id = name;
	aws_xml_free(x);
	return true;
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	const char *name = aws_unique_name(op, cfg, "name", "name_prefix", "terraform-");
	static const char *const args[][2] = {
		{ "image_id", "ImageId" }, { "instance_type", "InstanceType" }, { "key_name", "KeyName" },
		{ "iam_instance_profile", "IamInstanceProfile" }, { "placement_tenancy", "PlacementTenancy" },
		{ "spot_price", "SpotPrice" }, { "user_data_base64", "UserData" },
	};
	aws_params *p = aws_params_new(AWS_ASG);
	aws_params_add(p, "LaunchConfigurationName", name);
	for (size_t i = 0; i < sizeof args / sizeof args[0]; i++)
		if (aws_str(cfg, args[i][0]))
			aws_params_add(p, args[i][1], aws_str(cfg, args[i][0]));
	const char *ud = aws_str(cfg, "user_data");
	if (ud)
		aws_params_add(p, "UserData", aws_base64(op->arena, ud, strlen(ud)));
	aws_params_strs(op, p, "SecurityGroups", cfg, "security_groups");
	aws_params_bool(p, "InstanceMonitoring.Enabled", aws_bool(cfg, "enable_monitoring", true));
	const cl_value *pub = cl_value_get(cfg, "associate_public_ip_address");
	if (pub && pub->kind == CL_V_BOOL)
		aws_params_bool(p, "AssociatePublicIpAddress", pub->u.b);
	if (aws_bool(cfg, "ebs_optimized", false))
		aws_params_add(p, "EbsOptimized", "true");
	*state = NULL;
	const cl_value *rbd = cl_value_get(cfg, "root_block_device"), *ebs = cl_value_get(cfg, "ebs_block_device");
	int n = 0;
	if (rbd && cl_value_is_seq(rbd) && rbd->n) {
		const char *dev = aws_image_root_device(op, aws_str(cfg, "image_id"));
		if (!dev) {
			aws_params_free(p);
			return false;
		}
		aws_params_block_device(op, p, "BlockDeviceMappings.member", ++n, dev, rbd->u.c.v[0]);
	}
	for (uint32_t i = 0; ebs && cl_value_is_seq(ebs) && i < ebs->n; i++)
		aws_params_block_device(op, p, "BlockDeviceMappings.member", ++n, aws_str(ebs->u.c.v[i], "device_name"),
		                        ebs->u.c.v[i]);
	static const char *const taken[] = { "AlreadyExists", NULL };
	aws_obj *named = aws_obj_new(op, &schema, cfg);
	aws_obj_str(named, "name", name);
	if (!aws_op_create_id(op, "CreateLaunchConfiguration", p, NULL, taken, made_it, aws_obj_done(named)) ||
	    !aws_wait(op, "the launch configuration to be visible", 120, visible, (void *)name))
		return false;
	return read(op, aws_with_id(op, cfg, name), state);
}

/* A group still using it (one being deleted) says ResourceInUse. */
static bool destroy(aws_op *op, const cl_value *prior)
{
	static const char *const busy[] = { "ResourceInUse", NULL };
	aws_params *p = aws_params_new(AWS_ASG);
	aws_params_add(p, "LaunchConfigurationName", aws_str(prior, "id"));
	return aws_op_delete(op, "DeleteLaunchConfiguration", p, busy, 600);
}

/* Launch configurations take no tags: one created under a journal token
 * has the token at the end of its name (aws_unique_name). */
static bool find(aws_op *op, cl_value **state)
{
	*state = NULL;
	if (!op->token)
		return true;
	const char *suffix = aws_token_suffix(op->arena, op->token);
	size_t sn = strlen(suffix);
	aws_xml *x;
	if (!aws_op_call_all(op, "DescribeLaunchConfigurations", aws_params_new(AWS_ASG), &x, NULL))
		return false;
	const char *name = NULL;
	aws_xml_each(it, aws_xml_find(x, "DescribeLaunchConfigurationsResult/LaunchConfigurations")) {
		const char *n = aws_xml_str(it, "LaunchConfigurationName");
		size_t len = n ? strlen(n) : 0;
		if (len >= sn && !strcmp(n + len - sn, suffix) && !aws_op_known(op, n)) {
			name = cl_arena_strdup(op->arena, n);
			break;
		}
	}
	aws_xml_free(x);
	return !name || read(op, aws_with_id(op, NULL, name), state);
}

static const aws_ops ops = { create, read, NULL, destroy, find };
const cl_resource_type aws_launch_configuration_type = {
	"aws_launch_configuration", false, &schema, 1000, false, &ops
};
