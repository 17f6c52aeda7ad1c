/* autoscaling_group.c: aws_autoscaling_group: launches instances from a
 * launch configuration, registers them with classic ELBs, and waits for
 * them to be InService before the apply goes on (Terraform's "wait for
 * capacity").  A group that never gets there is still returned, so the
 * executor records it (tainted); the error names each instance's ELB state.
 * Destroying drains it to zero and waits until its instances are gone. */
#include "executor/aws/resource.h"
#include "util/buf.h"

#include <stdio.h>
#include <string.h>

static const cl_schema_attr tag_attrs[] = {
	A_STR("key", REQ), A_STR("value", REQ), A_BOOL("propagate_at_launch", REQ),
	A_END
};
static const cl_schema tag = { tag_attrs, NULL };
static const cl_schema_block blocks[] = {
	{ "tag", CL_NEST_SET, 0, 0, 0, &tag },
	{ NULL }
};
static const cl_schema_attr attrs[] = {
	A_STR("name", OPT | COMP | NEW),
	A_STR("name_prefix", OPT | NEW),
	A_STR("launch_configuration", OPT),
	A_NUM("min_size", REQ),
	A_NUM("max_size", REQ),
	A_NUM("desired_capacity", OPT | COMP),
	A_NUM("default_cooldown", OPT | COMP),
	A_STR("health_check_type", OPT | COMP),
	A_DEF(CL_AT_NUMBER, "health_check_grace_period", 0, "300"),
	A_SET("availability_zones", OPT | COMP),
	A_SET("vpc_zone_identifier", OPT | COMP),
	A_SET("load_balancers", OPT | COMP),
	A_SET("target_group_arns", OPT | COMP),
	A_LIST("termination_policies", OPT),
	A_SET("suspended_processes", OPT),
	A_SET("enabled_metrics", OPT),
	A_DEF(CL_AT_STRING, "metrics_granularity", 0, "\"1Minute\""),
	A_DEF(CL_AT_STRING, "wait_for_capacity_timeout", 0, "\"10m\""),
	A_NUM("min_elb_capacity", OPT),
	A_NUM("wait_for_elb_capacity", OPT),
	A_DEF(CL_AT_BOOL, "force_delete", 0, "false"),
	A_BOOL("protect_from_scale_in", OPT),
	A_NUM("max_instance_lifetime", OPT),
	A_STR("placement_group", OPT),
	A_STR("service_linked_role_arn", OPT | COMP),
	A_ID, A_STR("arn", COMP),
	A_END
};
static const cl_schema schema = { attrs, blocks };

/* The group by name: *g NULL when there is none (or it is being deleted,
 * unless deleting is true). */
static bool describe(aws_op *op, const char *name, bool deleting, aws_xml **root, const aws_xml **g)
{
	aws_params *p = aws_params_new(AWS_ASG);
	aws_params_add(p, "AutoScalingGroupNames.member.1", name);
	aws_error e;
	*g = NULL;
	if (!aws_op_call(op, "DescribeAutoScalingGroups", p, root, &e))
		return aws_gone(&e);
	*g = aws_xml_first(aws_xml_find(*root, "DescribeAutoScalingGroupsResult/AutoScalingGroups"));
	if (*g && !deleting && *aws_xml_text(aws_xml_child(*g, "Status")))
		*g = NULL;
	return true;
}

static bool is_identity(const char *k)
{
	return !strcmp(k, AWS_TAG_ADDRESS) || !strcmp(k, AWS_TAG_LINEAGE);
}

static bool read(aws_op *op, const cl_value *base, cl_value **state)
{
	aws_xml *x = NULL;
	const aws_xml *g;
	*state = NULL;
	if (!describe(op, aws_str(base, "id"), false, &x, &g))
		return false;
	if (g) {
		aws_obj *o = aws_obj_new(op, &schema, base);
		static const char *const fields[][2] = {
			{ "id", "AutoScalingGroupName" }, { "name", "AutoScalingGroupName" },
			{ "arn", "AutoScalingGroupARN" }, { "launch_configuration", "LaunchConfigurationName" },
			{ "min_size", "MinSize" }, { "max_size", "MaxSize" }, { "desired_capacity", "DesiredCapacity" },
			{ "default_cooldown", "DefaultCooldown" }, { "health_check_type", "HealthCheckType" },
			{ "health_check_grace_period", "HealthCheckGracePeriod" },
			{ "service_linked_role_arn", "ServiceLinkedRoleARN" }, { "placement_group", "PlacementGroup" },
			{ "max_instance_lifetime", "MaxInstanceLifetime" },
		};
		for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
			aws_obj_x(o, fields[i][0], g, fields[i][1]);
		aws_obj_xstrs(o, "availability_zones", aws_xml_child(g, "AvailabilityZones"), "");
		aws_obj_xstrs(o, "load_balancers", aws_xml_child(g, "LoadBalancerNames"), "");
		aws_obj_xstrs(o, "target_group_arns", aws_xml_child(g, "TargetGroupARNs"), "");
		aws_obj_xstrs(o, "suspended_processes", aws_xml_child(g, "SuspendedProcesses"), "ProcessName");
		aws_obj_xstrs(o, "enabled_metrics", aws_xml_child(g, "EnabledMetrics"), "Metric");
		/* the comma-separated subnet list, as a set */
		char *subnets = cl_arena_strdup(op->arena, aws_xml_text(aws_xml_child(g, "VPCZoneIdentifier")));
		const char *ids[64];
		size_t n = 0;
		char *save;
		for (char *s = strtok_r(subnets, ",", &save); s && n < 64; s = strtok_r(NULL, ",", &save))
			ids[n++] = s;
		aws_obj_strs(o, "vpc_zone_identifier", ids, n);
		/* AWS says ["Default"] and false where the configuration says nothing */
		const aws_xml *tp = aws_xml_child(g, "TerminationPolicies");
		if (aws_obj_get(o, "termination_policies") || aws_xml_count(tp) != 1 ||
		    strcmp(aws_xml_text(aws_xml_first(tp)), "Default"))
			aws_obj_xstrs(o, "termination_policies", tp, "");
		bool protect = false;
		aws_xml_bool(g, "NewInstancesProtectedFromScaleIn", &protect);
		if (protect || aws_obj_get(o, "protect_from_scale_in"))
			aws_obj_bool(o, "protect_from_scale_in", protect);
		const aws_xml *tags = aws_xml_child(g, "Tags");
		cl_value **tv = CL_NEWN(op->arena, cl_value *, aws_xml_count(tags) + 1);
		n = 0;
		aws_xml_each(t, tags) {
			if (is_identity(aws_xml_text(aws_xml_child(t, "Key"))))
				continue;
			aws_obj *e = aws_obj_new(op, &tag, NULL);
			aws_obj_x(e, "key", t, "Key");
			aws_obj_str(e, "value", aws_xml_text(aws_xml_child(t, "Value")));
			if (!aws_obj_get(e, "value"))
				aws_obj_set(e, "value", cl_value_cstr(op->arena, ""));
			aws_obj_x(e, "propagate_at_launch", t, "PropagateAtLaunch");
			tv[n++] = aws_obj_done(e);
		}
		aws_obj_block(o, "tag", tv, n, NULL);
		*state = aws_obj_done(o);
	}
	aws_xml_free(x);
	return true;
}

/* ---------------------------------------------------------------- capacity */

typedef struct capacity {
	const char *name;
	long long want, want_elb;
	const char **lbs;
	size_t nlb;
	cl_buf status;          /* "1/2 InService in app-elb", for progress and errors */
	cl_buf why;             /* "i-0abc: OutOfService (reason); ..." */
	char last[512];
} capacity;

typedef struct member {
	const char *id, *lifecycle, *health;
	bool ready, everywhere;     /* InService and Healthy in the group; and in every ELB */
} member;

/* One ELB's view of the members: counts those InService there, notes why the others are not. */
static bool elb_health(aws_op *op, capacity *c, const char *lb, member *m, size_t n, long long *in)
{
	aws_params *p = aws_params_new(AWS_ELB);
	aws_params_add(p, "LoadBalancerName", lb);
	aws_xml *x;
	if (!aws_op_call(op, "DescribeInstanceHealth", p, &x, NULL))
		return false;
	*in = 0;
	for (size_t i = 0; i < n; i++) {
		const aws_xml *st = NULL;
		aws_xml_each(s, aws_xml_find(x, "DescribeInstanceHealthResult/InstanceStates"))
			if (!strcmp(aws_xml_text(aws_xml_child(s, "InstanceId")), m[i].id))
				st = s;
		bool ok = st && !strcmp(aws_xml_text(aws_xml_child(st, "State")), "InService");
		if (st && !ok)
			cl_buf_printf(&c->why, "%s%s: %s (%s)", c->why.len ? "; " : "", m[i].id,
			              aws_xml_text(aws_xml_child(st, "State")), aws_xml_text(aws_xml_child(st, "Description")));
		else if (!st)
			cl_buf_printf(&c->why, "%s%s: %s and %s in the group, not registered with %s", c->why.len ? "; " : "",
			              m[i].id, m[i].lifecycle, m[i].health, lb);
		*in += ok && m[i].ready;
		m[i].everywhere &= ok;
	}
	aws_xml_free(x);
	return true;
}

/* Counts the group's InService instances and, per ELB, those InService there. */
static int has_capacity(aws_op *op, void *ud)
{
	capacity *c = ud;
	aws_xml *x = NULL;
	const aws_xml *g;
	if (!describe(op, c->name, false, &x, &g))
		return -1;
	if (!g) {
		aws_xml_free(x);
		aws_op_fail(op, "group %s disappeared while waiting for its capacity", c->name);
		return -1;
	}
	const aws_xml *list = aws_xml_child(g, "Instances");
	member *m = CL_NEWN(op->arena, member, aws_xml_count(list) + 1);
	size_t n = 0;
	long long ready = 0, all = 0;
	aws_xml_each(i, list) {
		m[n] = (member){ cl_arena_strdup(op->arena, aws_xml_text(aws_xml_child(i, "InstanceId"))),
		                 cl_arena_strdup(op->arena, aws_xml_text(aws_xml_child(i, "LifecycleState"))),
		                 cl_arena_strdup(op->arena, aws_xml_text(aws_xml_child(i, "HealthStatus"))), false, true };
		m[n].ready = !strcmp(m[n].lifecycle, "InService") && !strcmp(m[n].health, "Healthy");
		ready += m[n++].ready;
	}
	aws_xml_free(x);
	cl_buf_reset(&c->status);
	cl_buf_reset(&c->why);
	bool elbs = c->nlb && c->want_elb > 0;
	for (size_t l = 0; elbs && l < c->nlb; l++) {
		long long in;
		if (!elb_health(op, c, c->lbs[l], m, n, &in))
			return -1;
		cl_buf_printf(&c->status, "%s%lld/%lld InService in %s", c->status.len ? ", " : "", in, c->want_elb,
		              c->lbs[l]);
	}
	for (size_t i = 0; i < n; i++)
		all += m[i].ready && m[i].everywhere;
	if (!elbs)
		cl_buf_printf(&c->status, "%lld/%lld instances InService in %s", ready, c->want, c->name);
	if (strcmp(c->last, cl_buf_str(&c->status))) {
		snprintf(c->last, sizeof c->last, "%s", cl_buf_str(&c->status));
		aws_op_progress(op, "%s", c->last);
	}
	return ready >= c->want && (!elbs || all >= c->want_elb);
}

/* The group's last failed scaling activity, when it could not launch at all. */
static void launch_failure(aws_op *op, const char *name, cl_buf *why)
{
	aws_params *p = aws_params_new(AWS_ASG);
	aws_params_add(p, "AutoScalingGroupName", name);
	aws_xml *x;
	if (!aws_op_call(op, "DescribeScalingActivities", p, &x, NULL))
		return;
	aws_xml_each(a, aws_xml_find(x, "DescribeScalingActivitiesResult/Activities"))
		if (!strcmp(aws_xml_text(aws_xml_child(a, "StatusCode")), "Failed")) {
			cl_buf_printf(why, "%slast launch failed: %s", why->len ? "; " : "",
			              aws_xml_text(aws_xml_child(a, "StatusMessage")));
			break;
		}
	aws_xml_free(x);
}

/* want_elb: wait_for_elb_capacity, else (on create) min_elb_capacity. */
static bool wait_capacity(aws_op *op, const char *name, const cl_value *cfg, bool creating)
{
	double timeout;
	const char *t = aws_str(cfg, "wait_for_capacity_timeout");
	if (!aws_duration(t ? t : "10m", &timeout))
		return aws_op_fail(op, "wait_for_capacity_timeout: \"%s\" is not a duration (e.g. \"10m\", \"90s\")", t);
	if (timeout <= 0)
		return true;
	capacity c = { .name = name };
	if (!aws_int(cfg, "desired_capacity", &c.want))
		aws_int(cfg, "min_size", &c.want);
	if (!aws_int(cfg, "wait_for_elb_capacity", &c.want_elb) && creating)
		aws_int(cfg, "min_elb_capacity", &c.want_elb);
	c.nlb = aws_strs(op->arena, cfg, "load_balancers", &c.lbs);
	bool ok = aws_wait(op, "capacity", timeout, has_capacity, &c);
	if (!ok && !(op->cancel && *op->cancel) && !strncmp(op->err, "timeout", 7)) {
		if (!c.why.len)
			launch_failure(op, name, &c.why);
		aws_op_fail(op, "group %s did not reach its capacity within %s: %s%s%s", name, t ? t : "10m",
		            cl_buf_str(&c.status), c.why.len ? ": " : "", cl_buf_str(&c.why));
	}
	cl_buf_free(&c.status);
	cl_buf_free(&c.why);
	return ok;
}

/* ---------------------------------------------------------------- create, update */

static void add_tag(aws_params *p, size_t i, const char *group, const char *key, const char *value, bool prop)
{
	aws_params_item(p, "Tags", i, "ResourceId", group);
	aws_params_item(p, "Tags", i, "ResourceType", "auto-scaling-group");
	aws_params_item(p, "Tags", i, "Key", key);
	if (value)
		aws_params_item(p, "Tags", i, "Value", value);
	aws_params_item(p, "Tags", i, "PropagateAtLaunch", prop ? "true" : "false");
}

/* The tag blocks plus the identity tags (propagated, so instances carry them). */
static size_t wanted_tags(aws_op *op, const cl_value *cfg, const cl_value ***out)
{
	const cl_value *tags = cl_value_get(cfg, "tag");
	size_t n = tags && cl_value_is_seq(tags) ? tags->n : 0, k = 0;
	const cl_value **v = CL_NEWN(op->arena, const cl_value *, n + 3);
	for (size_t i = 0; i < n; i++)
		v[k++] = tags->u.c.v[i];
	const char *ident[2][2] = { { AWS_TAG_ADDRESS, op->addr }, { AWS_TAG_LINEAGE, op->lineage } };
	for (int i = 0; i < 2; i++)
		if (ident[i][1]) {
			aws_obj *o = aws_obj_new(op, &tag, NULL);
			aws_obj_str(o, "key", ident[i][0]);
			aws_obj_str(o, "value", ident[i][1]);
			aws_obj_bool(o, "propagate_at_launch", true);
			v[k++] = aws_obj_done(o);
		}
	*out = v;
	return k;
}

/* Settings shared by CreateAutoScalingGroup and UpdateAutoScalingGroup. */
static void settings(aws_op *op, aws_params *p, const cl_value *cfg)
{
	static const char *const nums[][2] = {
		{ "min_size", "MinSize" }, { "max_size", "MaxSize" }, { "desired_capacity", "DesiredCapacity" },
		{ "default_cooldown", "DefaultCooldown" }, { "health_check_grace_period", "HealthCheckGracePeriod" },
		{ "max_instance_lifetime", "MaxInstanceLifetime" },
	};
	static const char *const strs[][2] = {
		{ "launch_configuration", "LaunchConfigurationName" }, { "health_check_type", "HealthCheckType" },
		{ "placement_group", "PlacementGroup" },
	};
	for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
		long long v;
		if (aws_int(cfg, nums[i][0], &v))
			aws_params_int(p, nums[i][1], v);
	}
	for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
		if (aws_str(cfg, strs[i][0]))
			aws_params_add(p, strs[i][1], aws_str(cfg, strs[i][0]));
	const char **subnets;
	size_t ns = aws_strs(op->arena, cfg, "vpc_zone_identifier", &subnets);
	cl_buf b = CL_BUF_INIT;
	for (size_t i = 0; i < ns; i++)
		cl_buf_printf(&b, "%s%s", i ? "," : "", subnets[i]);
	if (ns)
		aws_params_add(p, "VPCZoneIdentifier", cl_buf_str(&b));
	cl_buf_free(&b);
	aws_params_strs(op, p, "AvailabilityZones", cfg, "availability_zones");
	aws_params_strs(op, p, "TerminationPolicies", cfg, "termination_policies");
	const cl_value *protect = cl_value_get(cfg, "protect_from_scale_in");
	if (protect && protect->kind == CL_V_BOOL)
		aws_params_bool(p, "NewInstancesProtectedFromScaleIn", protect->u.b);
}

static int visible(aws_op *op, void *name)
{
	aws_xml *x = NULL;
	const aws_xml *g;
	if (!describe(op, name, false, &x, &g))
		return -1;
	aws_xml_free(x);
	return g != NULL;
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	const char *name = aws_unique_name(op, cfg, "name", "name_prefix", "terraform-");
	aws_params *p = aws_params_new(AWS_ASG);
	aws_params_add(p, "AutoScalingGroupName", name);
	settings(op, p, cfg);
	aws_params_strs(op, p, "LoadBalancerNames", cfg, "load_balancers");
	aws_params_strs(op, p, "TargetGroupARNs", cfg, "target_group_arns");
	if (aws_str(cfg, "service_linked_role_arn"))
		aws_params_add(p, "ServiceLinkedRoleARN", aws_str(cfg, "service_linked_role_arn"));
	const cl_value **tags;
	size_t nt = wanted_tags(op, cfg, &tags);
	for (size_t i = 0; i < nt; i++)
		add_tag(p, i + 1, name, aws_str(tags[i], "key"), aws_str(tags[i], "value"),
		        aws_bool(tags[i], "propagate_at_launch", false));
	*state = NULL;
	if (!aws_op_call(op, "CreateAutoScalingGroup", p, NULL, NULL) ||
	    !aws_wait(op, "the group to be visible", 120, visible, (void *)name))
		return false;
	bool ok = wait_capacity(op, name, cfg, true);
	char err[sizeof op->err];
	memcpy(err, op->err, sizeof err);
	if (!read(op, aws_with_id(op, cfg, name), state) || !ok)
		memcpy(op->err, err, sizeof err);
	return ok && *state;
}

static bool sync_tags(aws_op *op, const char *name, const cl_value *prior, const cl_value *cfg)
{
	const cl_value **had, **want;
	size_t nh = wanted_tags(op, prior, &had), nw = wanted_tags(op, cfg, &want);
	aws_params *del = NULL, *put = NULL;
	size_t nd = 0, np = 0;
	for (size_t i = 0; i < nh; i++) {
		size_t j = 0;
		while (j < nw && strcmp(aws_str(had[i], "key"), aws_str(want[j], "key")))
			j++;
		if (j == nw)
			add_tag(del = del ? del : aws_params_new(AWS_ASG), ++nd, name, aws_str(had[i], "key"), NULL, false);
	}
	for (size_t j = 0; j < nw; j++) {
		size_t i = 0;
		while (i < nh && cl_value_equal(had[i], want[j]) != 1)
			i++;
		if (i == nh)
			add_tag(put = put ? put : aws_params_new(AWS_ASG), ++np, name, aws_str(want[j], "key"), aws_str(want[j], "value"),
			        aws_bool(want[j], "propagate_at_launch", false));
	}
	if (del && !aws_op_call(op, "DeleteTags", del, NULL, NULL)) {
		aws_params_free(put);
		return false;
	}
	return !put || aws_op_call(op, "CreateOrUpdateTags", put, NULL, NULL);
}

static bool update(aws_op *op, const cl_value *prior, const cl_value *cfg, cl_value **state)
{
	const char *name = aws_str(prior, "id");
	static const char *const settable[] = {
		"min_size", "max_size", "desired_capacity", "default_cooldown", "health_check_grace_period",
		"max_instance_lifetime", "launch_configuration", "health_check_type", "placement_group",
		"vpc_zone_identifier", "availability_zones", "termination_policies", "protect_from_scale_in",
	};
	bool changed = false;
	for (size_t i = 0; i < sizeof settable / sizeof settable[0]; i++)
		changed |= aws_changed(prior, cfg, settable[i]);
	if (changed) {
		aws_params *p = aws_params_new(AWS_ASG);
		aws_params_add(p, "AutoScalingGroupName", name);
		settings(op, p, cfg);
		if (!aws_op_call(op, "UpdateAutoScalingGroup", p, NULL, NULL))
			return false;
	}
	const cl_value *lbs = cl_value_get(cfg, "load_balancers");
	if (lbs && cl_value_is_wholly_known(lbs) && !cl_value_is_null(lbs)) {
		const char **had, **want, **plus, **minus;
		size_t nh = aws_strs(op->arena, prior, "load_balancers", &had), nw = aws_strs(op->arena, cfg, "load_balancers", &want);
		size_t np = aws_minus(op->arena, want, nw, had, nh, &plus), nm = aws_minus(op->arena, had, nh, want, nw, &minus);
		for (int k = 0; k < 2; k++) {
			if (!(k ? nm : np))
				continue;
			aws_params *p = aws_params_new(AWS_ASG);
			aws_params_add(p, "AutoScalingGroupName", name);
			aws_params_list(p, "LoadBalancerNames", k ? minus : plus, k ? nm : np);
			if (!aws_op_call(op, k ? "DetachLoadBalancers" : "AttachLoadBalancers", p, NULL, NULL))
				return false;
		}
	}
	if (!sync_tags(op, name, prior, cfg))
		return false;
	bool grew = aws_changed(prior, cfg, "min_size") || aws_changed(prior, cfg, "desired_capacity");
	if (grew && !wait_capacity(op, name, cfg, false))
		return false;
	return read(op, aws_with_id(op, cfg, name), state);
}

/* ---------------------------------------------------------------- destroy, find */

typedef struct draining {
	const char *name;
	bool gone_too;       /* wait for the group itself to go, not just its instances */
	long last;
} draining;

static int drained(aws_op *op, void *ud)
{
	draining *d = ud;
	aws_xml *x = NULL;
	const aws_xml *g;
	if (!describe(op, d->name, true, &x, &g))
		return -1;
	long n = (long)aws_xml_count(aws_xml_child(g, "Instances"));
	aws_xml_free(x);
	if (g && n != d->last)
		aws_op_progress(op, "%ld instance%s left in %s", n, n == 1 ? "" : "s", d->name);
	d->last = n;
	return !g || (!d->gone_too && n == 0);
}

static bool destroy(aws_op *op, const cl_value *prior)
{
	static const char *const busy[] = { "ResourceInUse", "ScalingActivityInProgress", NULL };
	const char *name = aws_str(prior, "id");
	bool force = aws_bool(prior, "force_delete", false);
	draining d = { name, false, -1 };
	if (!force) {
		aws_params *p = aws_params_new(AWS_ASG);
		aws_params_add(p, "AutoScalingGroupName", name);
		aws_params_add(p, "MinSize", "0");
		aws_params_add(p, "MaxSize", "0");
		aws_params_add(p, "DesiredCapacity", "0");
		aws_error e;
		if (!aws_op_call(op, "UpdateAutoScalingGroup", p, NULL, &e))
			return aws_gone(&e);
		if (!aws_wait(op, "the group's instances to terminate", 1200, drained, &d))
			return false;
	}
	aws_params *p = aws_params_new(AWS_ASG);
	aws_params_add(p, "AutoScalingGroupName", name);
	if (force)
		aws_params_add(p, "ForceDelete", "true");
	d.gone_too = true;
	return aws_op_delete(op, "DeleteAutoScalingGroup", p, busy, 600) &&
	       aws_wait(op, "the group to be deleted", 1200, drained, &d);
}

static bool find(aws_op *op, cl_value **state)
{
	aws_params *p = aws_params_new(AWS_ASG);
	aws_params_identity(op, p);
	aws_xml *x;
	*state = NULL;
	if (!aws_op_call_all(op, "DescribeAutoScalingGroups", p, &x, NULL))
		return false;
	const char *name = NULL;
	aws_xml_each(it, aws_xml_find(x, "DescribeAutoScalingGroupsResult/AutoScalingGroups")) {
		const char *this = aws_xml_str(it, "AutoScalingGroupName");
		if (this && !aws_op_known(op, this)) {
			name = cl_arena_strdup(op->arena, this);
			break;
		}
	}
	aws_xml_free(x);
	return !name || read(op, aws_with_id(op, NULL, name), state);
}

static const aws_ops ops = { create, read, update, destroy, find };
const cl_resource_type aws_autoscaling_group_type = {
	"aws_autoscaling_group", false, &schema, 120000, true, &ops
};
