/* launch_template.h: what one launch template version holds (image, type,
 * devices, interfaces, metadata options...): its blocks' schemas, its
 * arguments as LaunchTemplateData.* parameters, and a version's
 * launchTemplateData read back.  The template itself is launch_template.c. */
#ifndef AWS_LAUNCH_TEMPLATE_H
#define AWS_LAUNCH_TEMPLATE_H

#include "executor/aws/resource.h"

/* The version's top-level arguments, for the template's attribute table. */
#define AWS_LT_DATA_ATTRS \
	A_STR("image_id", OPT), A_STR("instance_type", OPT), A_STR("key_name", OPT), \
	A_STR("user_data", OPT), A_SET("vpc_security_group_ids", OPT), A_SET("security_group_names", OPT), \
	A_STR("ebs_optimized", OPT), A_BOOL("disable_api_termination", OPT), A_BOOL("disable_api_stop", OPT), \
	A_STR("instance_initiated_shutdown_behavior", OPT), A_STR("kernel_id", OPT), A_STR("ram_disk_id", OPT)

/* The version's blocks (block_device_mappings, network_interfaces, ...). */
extern const cl_schema_block aws_lt_blocks[];

/* cfg's version data as LaunchTemplateData.* parameters.  False (op->err)
 * when an argument is one AWS would refuse (user_data not base64). */
bool aws_lt_params(aws_op *op, aws_params *p, const cl_value *cfg);
/* A version's launchTemplateData element into o's version attributes. */
void aws_lt_read(aws_op *op, aws_obj *o, const aws_xml *data);
/* Did anything a version holds change between prior and planned? */
bool aws_lt_changed(const cl_value *prior, const cl_value *planned);

#endif
