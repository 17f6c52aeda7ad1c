/* launch_template_data.c: a launch template version's data, both ways:
 * configuration to LaunchTemplateData.* parameters and launchTemplateData
 * back to state, driven by one table per block (attribute, parameter, XML
 * field).  Values are kept as AWS holds them, as the provider keeps them:
 * "true" in a string attribute stays a string. */
#include "executor/aws/launch_template.h"

#include <string.h>

/* ---------------------------------------------------------------- schemas */

static const cl_schema_attr ebs_attrs[] = {
	A_STR("delete_on_termination", OPT), A_STR("encrypted", OPT), A_NUM("iops", OPT | COMP),
	A_STR("kms_key_id", OPT), A_STR("snapshot_id", OPT), A_NUM("throughput", OPT | COMP),
	A_NUM("volume_initialization_rate", OPT | COMP), A_NUM("volume_size", OPT | COMP),
	A_STR("volume_type", OPT | COMP),
	A_END
};
static const cl_schema ebs = { ebs_attrs, NULL };
static const cl_schema_block bdm_blocks[] = {
	{ "ebs", CL_NEST_LIST, 0, 1, 0, &ebs },
	{ NULL }
};
static const cl_schema_attr bdm_attrs[] = {
	A_STR("device_name", OPT), A_STR("no_device", OPT), A_STR("virtual_name", OPT),
	A_END
};
static const cl_schema bdm = { bdm_attrs, bdm_blocks };

static const cl_schema_attr profile_attrs[] = { A_STR("arn", OPT), A_STR("name", OPT), A_END };
static const cl_schema profile = { profile_attrs, NULL };

static const cl_schema_attr metadata_attrs[] = {
	A_STR("http_endpoint", OPT | COMP), A_STR("http_protocol_ipv6", OPT | COMP),
	A_NUM("http_put_response_hop_limit", OPT | COMP), A_STR("http_tokens", OPT | COMP),
	A_STR("instance_metadata_tags", OPT | COMP),
	A_END
};
static const cl_schema metadata = { metadata_attrs, NULL };

static const cl_schema_attr monitoring_attrs[] = { A_BOOL("enabled", OPT), A_END };
static const cl_schema monitoring = { monitoring_attrs, NULL };

static const cl_schema_attr credit_attrs[] = { A_STR("cpu_credits", OPT), A_END };
static const cl_schema credit = { credit_attrs, NULL };

static const cl_schema_attr nic_attrs[] = {
	A_STR("associate_carrier_ip_address", OPT), A_STR("associate_public_ip_address", OPT),
	A_STR("delete_on_termination", OPT), A_STR("description", OPT), A_NUM("device_index", OPT),
	A_STR("interface_type", OPT), A_NUM("ipv4_address_count", OPT), A_NUM("ipv6_address_count", OPT),
	A_NUM("network_card_index", OPT), A_STR("network_interface_id", OPT), A_STR("private_ip_address", OPT),
	A_SET("security_groups", OPT), A_STR("subnet_id", OPT),
	A_END
};
static const cl_schema nic = { nic_attrs, NULL };

static const cl_schema_attr placement_attrs[] = {
	A_STR("affinity", OPT), A_STR("availability_zone", OPT), A_STR("group_name", OPT), A_STR("host_id", OPT),
	A_STR("host_resource_group_arn", OPT), A_NUM("partition_number", OPT), A_STR("spread_domain", OPT),
	A_STR("tenancy", OPT),
	A_END
};
static const cl_schema placement = { placement_attrs, NULL };

static const cl_schema_attr tagspec_attrs[] = { A_STR("resource_type", OPT), A_MAP("tags", OPT), A_END };
static const cl_schema tagspec = { tagspec_attrs, NULL };

const cl_schema_block aws_lt_blocks[] = {
	{ "block_device_mappings", CL_NEST_LIST, 0, 0, 0, &bdm },
	{ "credit_specification", CL_NEST_LIST, 0, 1, 0, &credit },
	{ "iam_instance_profile", CL_NEST_LIST, 0, 1, 0, &profile },
	{ "metadata_options", CL_NEST_LIST, 0, 1, 0, &metadata },
	{ "monitoring", CL_NEST_LIST, 0, 1, 0, &monitoring },
	{ "network_interfaces", CL_NEST_LIST, 0, 0, 0, &nic },
	{ "placement", CL_NEST_LIST, 0, 1, 0, &placement },
	{ "tag_specifications", CL_NEST_LIST, 0, 0, 0, &tagspec },
	{ NULL }
};

/* ---------------------------------------------------------------- tables */

typedef struct field {
	const char *attr, *param, *xml;
	char kind;                        /* 0 a scalar; 's' a set (XML: a list read as text); 'm' tags */
} field;

typedef struct mapping {
	const char *block;                /* NULL: the top level */
	const cl_schema *body;
	const char *param, *xml;
	bool many;                        /* Param.N, and the XML list's items */
	const field *fields;
	const struct mapping *subs;       /* terminated by a NULL block; may be NULL */
} mapping;

static const field ebs_fields[] = {
	{ "delete_on_termination", "DeleteOnTermination", "deleteOnTermination" },
	{ "encrypted", "Encrypted", "encrypted" }, { "iops", "Iops", "iops" },
	{ "kms_key_id", "KmsKeyId", "kmsKeyId" }, { "snapshot_id", "SnapshotId", "snapshotId" },
	{ "throughput", "Throughput", "throughput" },
	{ "volume_initialization_rate", "VolumeInitializationRate", "volumeInitializationRate" },
	{ "volume_size", "VolumeSize", "volumeSize" }, { "volume_type", "VolumeType", "volumeType" },
	{ NULL }
};
static const mapping bdm_subs[] = {
	{ "ebs", &ebs, "Ebs", "ebs", false, ebs_fields, NULL },
	{ NULL }
};
static const field bdm_fields[] = {
	{ "device_name", "DeviceName", "deviceName" }, { "no_device", "NoDevice", "noDevice" },
	{ "virtual_name", "VirtualName", "virtualName" },
	{ NULL }
};
static const field profile_fields[] = { { "arn", "Arn", "arn" }, { "name", "Name", "name" }, { NULL } };
static const field metadata_fields[] = {
	{ "http_endpoint", "HttpEndpoint", "httpEndpoint" },
	{ "http_protocol_ipv6", "HttpProtocolIpv6", "httpProtocolIpv6" },
	{ "http_put_response_hop_limit", "HttpPutResponseHopLimit", "httpPutResponseHopLimit" },
	{ "http_tokens", "HttpTokens", "httpTokens" },
	{ "instance_metadata_tags", "InstanceMetadataTags", "instanceMetadataTags" },
	{ NULL }
};
static const field monitoring_fields[] = { { "enabled", "Enabled", "enabled" }, { NULL } };
static const field credit_fields[] = { { "cpu_credits", "CpuCredits", "cpuCredits" }, { NULL } };
static const field nic_fields[] = {
	{ "associate_carrier_ip_address", "AssociateCarrierIpAddress", "associateCarrierIpAddress" },
	{ "associate_public_ip_address", "AssociatePublicIpAddress", "associatePublicIpAddress" },
	{ "delete_on_termination", "DeleteOnTermination", "deleteOnTermination" },
	{ "description", "Description", "description" }, { "device_index", "DeviceIndex", "deviceIndex" },
	{ "interface_type", "InterfaceType", "interfaceType" },
	{ "ipv4_address_count", "SecondaryPrivateIpAddressCount", "secondaryPrivateIpAddressCount" },
	{ "ipv6_address_count", "Ipv6AddressCount", "ipv6AddressCount" },
	{ "network_card_index", "NetworkCardIndex", "networkCardIndex" },
	{ "network_interface_id", "NetworkInterfaceId", "networkInterfaceId" },
	{ "private_ip_address", "PrivateIpAddress", "privateIpAddress" },
	{ "security_groups", "SecurityGroupId", "groupSet", 's' }, { "subnet_id", "SubnetId", "subnetId" },
	{ NULL }
};
static const field placement_fields[] = {
	{ "affinity", "Affinity", "affinity" }, { "availability_zone", "AvailabilityZone", "availabilityZone" },
	{ "group_name", "GroupName", "groupName" }, { "host_id", "HostId", "hostId" },
	{ "host_resource_group_arn", "HostResourceGroupArn", "hostResourceGroupArn" },
	{ "partition_number", "PartitionNumber", "partitionNumber" },
	{ "spread_domain", "SpreadDomain", "spreadDomain" }, { "tenancy", "Tenancy", "tenancy" },
	{ NULL }
};
static const field tagspec_fields[] = {
	{ "resource_type", "ResourceType", "resourceType" }, { "tags", "Tag", "tagSet", 'm' },
	{ NULL }
};
static const mapping blocks[] = {
	{ "block_device_mappings", &bdm, "BlockDeviceMapping", "blockDeviceMappingSet", true, bdm_fields, bdm_subs },
	{ "credit_specification", &credit, "CreditSpecification", "creditSpecification", false, credit_fields, NULL },
	{ "iam_instance_profile", &profile, "IamInstanceProfile", "iamInstanceProfile", false, profile_fields, NULL },
	{ "metadata_options", &metadata, "MetadataOptions", "metadataOptions", false, metadata_fields, NULL },
	{ "monitoring", &monitoring, "Monitoring", "monitoring", false, monitoring_fields, NULL },
	{ "network_interfaces", &nic, "NetworkInterface", "networkInterfaceSet", true, nic_fields, NULL },
	{ "placement", &placement, "Placement", "placement", false, placement_fields, NULL },
	{ "tag_specifications", &tagspec, "TagSpecification", "tagSpecificationSet", true, tagspec_fields, NULL },
	{ NULL }
};
static const field top_fields[] = {
	{ "image_id", "ImageId", "imageId" }, { "instance_type", "InstanceType", "instanceType" },
	{ "key_name", "KeyName", "keyName" }, { "user_data", "UserData", "userData" },
	{ "vpc_security_group_ids", "SecurityGroupId", "securityGroupIdSet", 's' },
	{ "security_group_names", "SecurityGroup", "securityGroupSet", 's' },
	{ "ebs_optimized", "EbsOptimized", "ebsOptimized" },
	{ "disable_api_termination", "DisableApiTermination", "disableApiTermination" },
	{ "disable_api_stop", "DisableApiStop", "disableApiStop" },
	{ "instance_initiated_shutdown_behavior", "InstanceInitiatedShutdownBehavior",
	  "instanceInitiatedShutdownBehavior" },
	{ "kernel_id", "KernelId", "kernelId" }, { "ram_disk_id", "RamDiskId", "ramDiskId" },
	{ NULL }
};
static const mapping top = { NULL, NULL, "LaunchTemplateData", NULL, false, top_fields, blocks };

/* ---------------------------------------------------------------- parameters */

static void put_value(aws_op *op, aws_params *p, const char *key, const cl_value *v)
{
	cl_arena *a = op->arena;
	switch (v->kind) {
	case CL_V_STRING:
		if (v->u.str.len)   /* "" is the provider's "not set" (ebs_optimized) */
			aws_params_add(p, key, v->u.str.s);
		break;
	case CL_V_BOOL:
		aws_params_add(p, key, v->u.b ? "true" : "false");
		break;
	case CL_V_NUMBER: {
		long long n = (long long)v->u.num.d;
		aws_params_addf(p, key, "%lld", n);
		break;
	}
	case CL_V_MAP:   /* tags: Tag.N.Key / Tag.N.Value */
		for (uint32_t i = 0; i < v->n; i++) {
			aws_params_add(p, cl_arena_printf(a, "%s.%u.Key", key, i + 1), v->u.c.keys[i]);
			if (v->u.c.v[i]->kind == CL_V_STRING)
				aws_params_add(p, cl_arena_printf(a, "%s.%u.Value", key, i + 1), v->u.c.v[i]->u.str.s);
		}
		break;
	default:         /* a set or list of strings: Key.N */
		for (uint32_t i = 0; cl_value_is_seq(v) && i < v->n; i++)
			if (v->u.c.v[i]->kind == CL_V_STRING)
				aws_params_add(p, cl_arena_printf(a, "%s.%u", key, i + 1), v->u.c.v[i]->u.str.s);
	}
}

static void put_object(aws_op *op, aws_params *p, const char *prefix, const cl_value *obj, const mapping *m)
{
	for (const field *f = m->fields; f->attr; f++) {
		const cl_value *v = cl_value_get(obj, f->attr);
		if (v && cl_value_is_wholly_known(v) && !cl_value_is_null(v))
			put_value(op, p, cl_arena_printf(op->arena, "%s.%s", prefix, f->param), v);
	}
	for (const mapping *s = m->subs; s && s->block; s++) {
		const cl_value *seq = cl_value_get(obj, s->block);
		for (uint32_t i = 0; seq && cl_value_is_seq(seq) && i < seq->n; i++) {
			const char *at = s->many ? cl_arena_printf(op->arena, "%s.%s.%u", prefix, s->param, i + 1)
			                         : cl_arena_printf(op->arena, "%s.%s", prefix, s->param);
			put_object(op, p, at, seq->u.c.v[i], s);
		}
	}
}

bool aws_lt_params(aws_op *op, aws_params *p, const cl_value *cfg)
{
	const char *ud = aws_str(cfg, "user_data");
	size_t len;
	if (ud && *ud && !aws_unbase64(op->arena, ud, &len))
		return aws_op_fail(op, "user_data must be base64-encoded for a launch template: "
		                   "write base64encode(...) or filebase64(...) around it");
	put_object(op, p, top.param, cfg, &top);
	return true;
}

/* ---------------------------------------------------------------- reading */

/* A tag specification's tags; none: null, as the configuration leaves them. */
static cl_value *tag_map(aws_op *op, const aws_xml *list)
{
	return aws_xml_count(list) ? aws_tags_value(op->arena, list) : NULL;
}

static void read_object(aws_obj *o, aws_op *op, const aws_xml *x, const mapping *m);

static cl_value *read_element(aws_op *op, const aws_xml *x, const mapping *m)
{
	aws_obj *o = aws_obj_new(op, m->body, NULL);
	read_object(o, op, x, m);
	return aws_obj_done(o);
}

/* moto files the template's own tags (resource type launch-template) under
 * its data's tag specifications; AWS takes no such type there, so it is not
 * the configuration's. */
static bool template_tags(const mapping *m, const aws_xml *it)
{
	return m->fields == tagspec_fields && !strcmp(aws_xml_text(aws_xml_child(it, "resourceType")), "launch-template");
}

static void read_object(aws_obj *o, aws_op *op, const aws_xml *x, const mapping *m)
{
	for (const field *f = m->fields; f->attr; f++) {
		if (f->kind == 's')
			aws_obj_xstrs(o, f->attr, aws_xml_child(x, f->xml), "");
		else if (f->kind == 'm')
			aws_obj_set(o, f->attr, tag_map(op, aws_xml_child(x, f->xml)));
		else
			aws_obj_x(o, f->attr, x, f->xml);
	}
	for (const mapping *s = m->subs; s && s->block; s++) {
		const aws_xml *el = aws_xml_child(x, s->xml);
		size_t n = 0, cap = s->many ? aws_xml_count(el) : 1;
		cl_value **v = CL_NEWN(op->arena, cl_value *, cap + 1);
		if (s->many) {
			aws_xml_each(it, el)
				if (!template_tags(s, it))
					v[n++] = read_element(op, it, s);
		} else if (el) {
			v[n++] = read_element(op, el, s);
		}
		aws_obj_block(o, s->block, v, n, NULL);
	}
}

void aws_lt_read(aws_op *op, aws_obj *o, const aws_xml *data)
{
	read_object(o, op, data, &top);
}

/* Equal, a missing attribute (a state written before it existed) being null. */
static bool same(const cl_value *x, const cl_value *y)
{
	bool nx = !x || cl_value_is_null(x), ny = !y || cl_value_is_null(y);
	return nx || ny ? nx && ny : cl_value_equal(x, y) == 1;
}

bool aws_lt_changed(const cl_value *prior, const cl_value *planned)
{
	for (const field *f = top.fields; f->attr; f++)
		if (!same(cl_value_get(prior, f->attr), cl_value_get(planned, f->attr)))
			return true;
	for (const mapping *s = top.subs; s->block; s++)
		if (!same(cl_value_get(prior, s->block), cl_value_get(planned, s->block)))
			return true;
	return false;
}
