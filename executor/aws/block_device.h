/* block_device.h: EBS block device mappings, shared by aws_instance
 * (RunInstances) and aws_launch_configuration (CreateLaunchConfiguration):
 * the image's root device and the request parameters of a
 * root_block_device or ebs_block_device element.  Reading them back is each
 * type's own (the two APIs spell the answer differently). */
#ifndef AWS_BLOCK_DEVICE_H
#define AWS_BLOCK_DEVICE_H

#include "executor/aws/resource.h"

/* The root device name of image (DescribeImages), as the provider finds
 * it: the image's rootDeviceName, else its first mapping's device.  NULL
 * with op->err set when the image is not there or names none. */
const char *aws_image_root_device(aws_op *op, const char *image);

/* PREFIX.N.DeviceName = device and PREFIX.N.Ebs.* from the arguments bd
 * sets (volume_size, volume_type, delete_on_termination, encrypted, iops,
 * snapshot_id): prefix "BlockDeviceMapping" for EC2,
 * "BlockDeviceMappings.member" for Auto Scaling. */
void aws_params_block_device(aws_op *op, aws_params *p, const char *prefix, int n, const char *device,
                             const cl_value *bd);

#endif
