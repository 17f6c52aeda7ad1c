/* instance.c: aws_instance, one EC2 instance; create waits until it is
 * running, polling from soon after the launch.  user_data lives in state as
 * its SHA-1, as in Terraform.  A new instance_type replaces the instance (a
 * stop/modify/start cycle is not done: it would be downtime too, and the
 * emulator has no StopInstances). */
#include "executor/aws/block_device.h"

#include <string.h>

static const cl_schema_attr root_attrs[] = {
	A_NUM("volume_size", OPT | COMP), A_STR("volume_type", OPT | COMP),
	A_DEF(CL_AT_BOOL, "delete_on_termination", 0, "true"),
	A_BOOL("encrypted", OPT | COMP), A_STR("device_name", COMP), A_STR("volume_id", COMP),
	A_END
};
static const cl_schema root = { root_attrs, NULL };
static const cl_schema_block blocks[] = {
	{ "root_block_device", CL_NEST_LIST, 0, 1, COMP | NEW, &root },
	{ NULL }
};
static const cl_schema_attr attrs[] = {
	A_STR("ami", REQ | NEW),
	A_STR("instance_type", REQ | NEW),
	A_STR("subnet_id", OPT | COMP | NEW),
	A_SET("vpc_security_group_ids", OPT | COMP),
	A_SET("security_groups", OPT | COMP | NEW),
	A_STR("key_name", OPT | COMP | NEW),
	A_DEF(CL_AT_BOOL, "source_dest_check", 0, "true"),
	{ "user_data", CL_AT_STRING, CL_AT_STRING, OPT | COMP | NEW | CL_SA_HASHED, NULL, NULL },
	A_STR("user_data_base64", OPT | COMP | NEW),
	A_BOOL("associate_public_ip_address", OPT | COMP | NEW),
	A_STR("private_ip", OPT | COMP | NEW),
	A_STR("availability_zone", OPT | COMP | NEW),
	A_STR("iam_instance_profile", OPT | COMP | NEW),
	A_BOOL("monitoring", OPT | COMP | NEW),
	A_BOOL("ebs_optimized", OPT | COMP | NEW),
	A_BOOL("disable_api_termination", OPT | COMP),
	A_STR("tenancy", OPT | COMP | NEW),
	A_MAP("volume_tags", OPT | NEW),
	A_TAGS, A_ID,
	A_STR("arn", COMP), A_STR("public_ip", COMP), A_STR("public_dns", COMP),
	A_STR("private_dns", COMP), A_STR("instance_state", COMP),
	A_STR("primary_network_interface_id", COMP), A_STR("placement_group", OPT | COMP | NEW),
	A_END
};
static const cl_schema schema = { attrs, blocks };

#define LIST "reservationSet/item/instancesSet"

/* DescribeInstanceAttribute's value for attr ("userData"), or NULL. */
static bool attribute(aws_op *op, const char *id, const char *attr, bool fresh, const char **out)
{
	aws_params *p = aws_op_params(AWS_EC2, fresh);
	aws_params_add(p, "InstanceId", id);
	aws_params_add(p, "Attribute", attr);
	aws_xml *x;
	if (!aws_op_call(op, "DescribeInstanceAttribute", p, &x, NULL))
		return false;
	const char *v = aws_xml_str(aws_xml_child(x, attr), "value");
	*out = v ? cl_arena_strdup(op->arena, v) : NULL;
	aws_xml_free(x);
	return true;
}

/* The root volume: its device and deletion flag from the instance, its
 * size, type and encryption from DescribeVolumes (where drift shows). */
static bool read_root(aws_obj *o, aws_op *op, const aws_xml *i, bool fresh)
{
	const char *dev = aws_xml_str(i, "rootDeviceName");
	const cl_value *had = aws_obj_get(o, "root_block_device");
	aws_obj *r = aws_obj_new(op, &root, had && had->n ? had->u.c.v[0] : NULL);
	aws_xml_each(m, aws_xml_child(i, "blockDeviceMapping"))
		if (dev && strcmp(aws_xml_text(aws_xml_child(m, "deviceName")), dev) == 0) {
			const char *vol = aws_xml_str(m, "ebs/volumeId");
			aws_obj_str(r, "device_name", dev);
			aws_obj_str(r, "volume_id", vol);
			aws_obj_x(r, "delete_on_termination", m, "ebs/deleteOnTermination");
			aws_xml *x = NULL, *v = NULL;
			if (vol && !aws_describe_one(op, "DescribeVolumes", "VolumeId.1", vol, "volumeSet", fresh, &x, &v))
				return false;
			if (v) {
				aws_obj_x(r, "volume_size", v, "size");
				aws_obj_x(r, "volume_type", v, "volumeType");
				aws_obj_x(r, "encrypted", v, "encrypted");
			}
			aws_xml_free(x);
			cl_value *rv = aws_obj_done(r);
			aws_obj_block(o, "root_block_device", &rv, 1, NULL);
		}
	return true;
}

/* The state from i, a DescribeInstances item, but for the attributes
 * that take calls of their own (user_data, disable_api_termination); NULL
 * when reading the root volume failed. */
static aws_obj *from_item(aws_op *op, const cl_value *base, const aws_xml *i, bool fresh)
{
	aws_obj *o = aws_obj_new(op, &schema, base);
	static const char *const fields[][2] = {
		{ "id", "instanceId" }, { "ami", "imageId" }, { "instance_type", "instanceType" },
		{ "subnet_id", "subnetId" }, { "key_name", "keyName" }, { "private_ip", "privateIpAddress" },
		{ "public_ip", "ipAddress" }, { "public_dns", "dnsName" }, { "private_dns", "privateDnsName" },
		{ "availability_zone", "placement/availabilityZone" }, { "tenancy", "placement/tenancy" },
		{ "placement_group", "placement/groupName" }, { "instance_state", "instanceState/name" },
		{ "source_dest_check", "sourceDestCheck" }, { "ebs_optimized", "ebsOptimized" },
	};
	for (size_t k = 0; k < sizeof fields / sizeof fields[0]; k++)
		aws_obj_x(o, fields[k][0], i, fields[k][1]);
	aws_obj_bool(o, "monitoring", !strcmp(aws_xml_text(aws_xml_find(i, "monitoring/state")), "enabled"));
	aws_xml_each(n, aws_xml_child(i, "networkInterfaceSet"))
		if (!strcmp(aws_xml_text(aws_xml_find(n, "attachment/deviceIndex")), "0"))
			aws_obj_x(o, "primary_network_interface_id", n, "networkInterfaceId");
	aws_obj_xstrs(o, "vpc_security_group_ids", aws_xml_child(i, "groupSet"), "groupId");
	if (aws_obj_get(o, "security_groups"))   /* named by name in the configuration */
		aws_obj_xstrs(o, "security_groups", aws_xml_child(i, "groupSet"), "groupName");
	if (!aws_obj_get(o, "associate_public_ip_address"))   /* what was launched, not what an EIP made */
		aws_obj_bool(o, "associate_public_ip_address", aws_xml_str(i, "ipAddress") != NULL);
	const char *profile = aws_xml_str(i, "iamInstanceProfile/arn");
	if (profile && strrchr(profile, '/'))
		aws_obj_str(o, "iam_instance_profile", strrchr(profile, '/') + 1);
	if (!read_root(o, op, i, fresh))
		return NULL;
	aws_obj_tags_xml(o, aws_xml_child(i, "tagSet"));
	return o;
}

static const char *state_name(const aws_xml *i)
{
	return aws_xml_text(aws_xml_find(i, "instanceState/name"));
}

static bool load(aws_op *op, const cl_value *base, bool fresh, cl_value **state)
{
	const char *id = aws_str(base, "id");
	aws_xml *x, *i;
	*state = NULL;
	if (!aws_describe_one(op, "DescribeInstances", "InstanceId.1", id, LIST, fresh, &x, &i))
		return false;
	if (!i || !strcmp(state_name(i), "terminated")) {
		aws_xml_free(x);
		return true;
	}
	aws_obj *o = from_item(op, base, i, fresh);
	aws_xml_free(x);
	const char *ud, *dat;
	if (!o || !attribute(op, id, "userData", fresh, &ud) || !attribute(op, id, "disableApiTermination", fresh, &dat))
		return false;
	aws_obj_user_data(o, ud);
	aws_obj_bool(o, "disable_api_termination", dat && !strcmp(dat, "true"));
	*state = aws_obj_done(o);
	return true;
}

static bool read(aws_op *op, const cl_value *prior, cl_value **state)
{
	return load(op, prior, false, state);
}

/* 1 when the instance is in state want, -1 when it never will be.  x is
 * the last answer (the caller frees it), i the instance in it.  skip: the
 * first check knows without a call that it is not there yet (a launch
 * answered pending, a terminate shutting-down). */
typedef struct wait_for {
	const char *id, *want;
	bool skip;
	aws_xml *x, *i;
} wait_for;

static int reached(aws_op *op, void *ud)
{
	wait_for *w = ud;
	if (w->skip) {
		w->skip = false;
		return 0;
	}
	aws_xml_free(w->x);
	if (!aws_describe_one(op, "DescribeInstances", "InstanceId.1", w->id, LIST, true, &w->x, &w->i))
		return -1;
	const char *st = w->i ? state_name(w->i) : "terminated";
	int r = !strcmp(st, w->want);
	if (!r && !strcmp(w->want, "running") && (!strcmp(st, "terminated") || !strcmp(st, "shutting-down"))) {
		aws_op_fail(op, "instance %s is %s instead of running: %s", w->id, st,
		            aws_xml_text(aws_xml_find(w->i, "stateReason/message")));
		r = -1;
	}
	return r;
}

static bool modify(aws_op *op, const char *id, const char *key, const char *value)
{
	aws_params *p = aws_op_params(AWS_EC2, true);
	aws_params_add(p, "InstanceId", id);
	aws_params_add(p, key, value);
	return aws_op_call(op, "ModifyInstanceAttribute", p, NULL, NULL);
}

/* RunInstances' parameters; *ud the UserData sent (NULL: none).  False
 * when the image's root device (for root_block_device) cannot be found. */
static bool launch_params(aws_op *op, aws_params *p, const cl_value *cfg, const char **out_ud)
{
	static const char *const args[][2] = {
		{ "ami", "ImageId" }, { "instance_type", "InstanceType" }, { "key_name", "KeyName" },
		{ "availability_zone", "Placement.AvailabilityZone" }, { "tenancy", "Placement.Tenancy" },
		{ "placement_group", "Placement.GroupName" }, { "iam_instance_profile", "IamInstanceProfile.Name" },
		{ "user_data_base64", "UserData" },
	};
	for (size_t k = 0; k < sizeof args / sizeof args[0]; k++)
		if (aws_str(cfg, args[k][0]))
			aws_params_add(p, args[k][1], aws_str(cfg, args[k][0]));
	aws_params_add(p, "MinCount", "1");
	aws_params_add(p, "MaxCount", "1");
	const char *ud = aws_str(cfg, "user_data");
	if (ud)
		aws_params_add(p, "UserData", ud = aws_base64(op->arena, ud, strlen(ud)));
	else
		ud = aws_str(cfg, "user_data_base64");
	static const char *const flags[][2] = {
		{ "monitoring", "Monitoring.Enabled" }, { "ebs_optimized", "EbsOptimized" },
		{ "disable_api_termination", "DisableApiTermination" },
	};
	for (size_t k = 0; k < sizeof flags / sizeof flags[0]; k++)
		if (aws_bool(cfg, flags[k][0], false))
			aws_params_add(p, flags[k][1], "true");
	/* associate_public_ip_address exists only on a network interface spec */
	const cl_value *pub = cl_value_get(cfg, "associate_public_ip_address");
	bool nic = pub && cl_value_is_known(pub) && !cl_value_is_null(pub);
	const char *pre = nic ? "NetworkInterface.1." : "";
	if (nic) {
		aws_params_add(p, "NetworkInterface.1.DeviceIndex", "0");
		aws_params_bool(p, "NetworkInterface.1.AssociatePublicIpAddress", pub->u.b);
	}
	if (aws_str(cfg, "subnet_id"))
		aws_params_add(p, cl_arena_printf(op->arena, "%sSubnetId", pre), aws_str(cfg, "subnet_id"));
	if (aws_str(cfg, "private_ip"))
		aws_params_add(p, cl_arena_printf(op->arena, "%sPrivateIpAddress", pre), aws_str(cfg, "private_ip"));
	aws_params_strs(op, p, cl_arena_printf(op->arena, "%sSecurityGroupId", pre), cfg, "vpc_security_group_ids");
	aws_params_strs(op, p, "SecurityGroup", cfg, "security_groups");
	aws_tags_spec(op, p, "instance", cfg);
	const cl_value *vt = cl_value_get(cfg, "volume_tags");
	if (vt && cl_value_is_wholly_known(vt) && !cl_value_is_null(vt) && vt->n) {
		aws_params_add(p, "TagSpecification.2.ResourceType", "volume");
		for (uint32_t k = 0; k < vt->n; k++) {
			aws_params_item(p, "TagSpecification.2.Tag", k + 1, "Key", vt->u.c.keys[k]);
			aws_params_item(p, "TagSpecification.2.Tag", k + 1, "Value", vt->u.c.v[k]->u.str.s);
		}
	}
	*out_ud = ud;
	/* the root volume is the image's root device, mapped anew */
	const cl_value *rbd = cl_value_get(cfg, "root_block_device");
	if (rbd && cl_value_is_seq(rbd) && rbd->n) {
		const char *dev = aws_image_root_device(op, aws_str(cfg, "ami"));
		if (!dev)
			return false;
		aws_params_block_device(op, p, "BlockDeviceMapping", 1, dev, rbd->u.c.v[0]);
	}
	return true;
}

/* The state comes from the DescribeInstances that saw it running; what the
 * launch set needs no reading back.  A failed start still leaves an
 * instance to record (tainted). */
static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	aws_params *p = aws_params_new(AWS_EC2);
	const char *ud;
	*state = NULL;
	if (!launch_params(op, p, cfg, &ud)) {
		aws_params_free(p);
		return false;
	}
	/* AWS answers a repeated token with the instance it launched the first time */
	aws_params_add(p, "ClientToken", op->token ? op->token : aws_client_token(op->arena));
	aws_xml *x;
	const char *adopted;
	if (!aws_op_create(op, "RunInstances", p, NULL, NULL, NULL, &x, &adopted))
		return false;
	const aws_xml *i = aws_xml_first(aws_xml_find(x, "instancesSet"));
	wait_for w = { adopted ? adopted : cl_arena_strdup(op->arena, aws_xml_text(aws_xml_child(i, "instanceId"))),
	               "running", !adopted && !strcmp(state_name(i), "pending"), NULL, NULL };
	aws_xml_free(x);
	bool sdc = aws_bool(cfg, "source_dest_check", true);
	bool ok = aws_wait(op, "the instance to be running", 600, reached, &w) &&
	          (sdc || modify(op, w.id, "SourceDestCheck.Value", "false"));
	aws_obj *o = ok ? from_item(op, aws_with_id(op, cfg, w.id), w.i, true) : NULL;
	if (o) {
		aws_obj_bool(o, "source_dest_check", sdc);
		aws_obj_user_data(o, ud);
		aws_obj_bool(o, "disable_api_termination", aws_bool(cfg, "disable_api_termination", false));
		*state = aws_obj_done(o);
	}
	aws_xml_free(w.x);
	return o || aws_created(op, false, cfg, w.id, load, state);
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	const char *id = aws_str(prior, "id");
	if (aws_changed(prior, cfg, "source_dest_check") &&
	    !modify(op, id, "SourceDestCheck.Value", aws_bool(cfg, "source_dest_check", true) ? "true" : "false"))
		return false;
	if (aws_changed(prior, cfg, "disable_api_termination") &&
	    !modify(op, id, "DisableApiTermination.Value", aws_bool(cfg, "disable_api_termination", false) ? "true" : "false"))
		return false;
	const char **groups;
	size_t ng = aws_strs(op->arena, cfg, "vpc_security_group_ids", &groups);
	if (ng && aws_changed(prior, cfg, "vpc_security_group_ids")) {
		aws_params *p = aws_params_new(AWS_EC2);
		aws_params_add(p, "InstanceId", id);
		aws_params_list(p, "GroupId", groups, ng);
		if (!aws_op_call(op, "ModifyInstanceAttribute", p, NULL, NULL))
			return false;
	}
	if (!aws_tags_update(op, AWS_EC2, id, prior, cfg))
		return false;
	return load(op, aws_with_id(op, cfg, id), false, state);
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	const char *id = aws_str(prior, "id");
	aws_params *p = aws_params_new(AWS_EC2);
	aws_params_add(p, "InstanceId.1", id);
	aws_error e;
	aws_xml *x;
	if (!aws_op_call(op, "TerminateInstances", p, &x, &e))
		return aws_gone(&e);
	const char *now = aws_xml_text(aws_xml_find(aws_xml_first(aws_xml_find(x, "instancesSet")), "currentState/name"));
	wait_for w = { id, "terminated", !strcmp(now, "shutting-down"), NULL, NULL };
	aws_xml_free(x);
	bool ok = aws_wait(op, "the instance to terminate", 1200, reached, &w);
	aws_xml_free(w.x);
	return ok;
}

static bool find(aws_op *op, cl_value **state)
{
	static const char *const alive[] = { "pending", "running", "stopping", "stopped" };
	aws_params *p = aws_params_new(AWS_EC2);
	aws_params_filter(p, "instance-state-name", alive, 4);
	return aws_find_ec2(op, "DescribeInstances", p, LIST, "instanceId", state);
}

static const aws_ops ops = { create, read, update, destroy, find };
const cl_resource_type aws_instance_type = { "aws_instance", false, &schema, 30000, true, &ops, 1,
                                          .serves_when_balanced = true };
