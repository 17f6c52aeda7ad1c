/* block_device.c: the request side of EBS block device mappings for
 * aws_instance and aws_launch_configuration (see block_device.h).  The
 * volumes themselves are not resources here: they live and die with the
 * instance or the group's instances. */
#include "executor/aws/block_device.h"

#include <string.h>

const char *aws_image_root_device(aws_op *op, const char *image)
{
	aws_xml *x, *i;
	if (!aws_describe_one(op, "DescribeImages", "ImageId.1", image, "imagesSet", false, &x, &i))
		return NULL;
	const char *dev = i ? aws_xml_str(i, "rootDeviceName") : NULL;
	if (i && !dev)
		dev = aws_xml_str(aws_xml_first(aws_xml_child(i, "blockDeviceMapping")), "deviceName");
	dev = dev ? cl_arena_strdup(op->arena, dev) : NULL;
	aws_xml_free(x);
	if (!dev)
		aws_op_fail(op, "image %s %s: its root device cannot be given a root_block_device", image,
		            i ? "names no root device" : "does not exist");
	return dev;
}

void aws_params_block_device(aws_op *op, aws_params *p, const char *prefix, int n, const char *device,
                             const cl_value *bd)
{
	static const char *const args[][2] = {
		{ "volume_size", "VolumeSize" }, { "volume_type", "VolumeType" },
		{ "delete_on_termination", "DeleteOnTermination" }, { "encrypted", "Encrypted" },
		{ "iops", "Iops" }, { "snapshot_id", "SnapshotId" },
	};
	aws_params_add(p, cl_arena_printf(op->arena, "%s.%d.DeviceName", prefix, n), device);
	for (size_t k = 0; k < sizeof args / sizeof args[0]; k++) {
		const cl_value *v = cl_value_get(bd, args[k][0]);
		if (!v || !cl_value_is_known(v) || cl_value_is_null(v))
			continue;
		const char *key = cl_arena_printf(op->arena, "%s.%d.Ebs.%s", prefix, n, args[k][1]);
		long long num;
		if (v->kind == CL_V_BOOL)
			aws_params_bool(p, key, v->u.b);
		else if (aws_int(bd, args[k][0], &num))
			aws_params_int(p, key, num);
		else
			aws_params_add(p, key, aws_str(bd, args[k][0]));
	}
}
