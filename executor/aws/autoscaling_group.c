/* autoscaling_group.c: aws_autoscaling_group: launches instances from a
 * launch configuration, registers them with classic ELBs, and waits for
 * them to be InService before the apply goes on (Terraform's "wait for
 * capacity": autoscaling_capacity.c).  A group that never gets there is
 * still returned, so the executor records it (tainted); the error names
 * each instance's ELB state.
 * (A rollout's new group is deleted instead: see "rollouts" below.)
 * Destroying detaches it from its ELBs, waits out connection draining, then
 * drains it to zero and waits until its instances are gone.
 * A replacement created before the old group is destroyed is a rollout:
 * capacity carried over from the old group, rollback when the health gate
 * gives up, a summary when the old group is gone (see "rollouts" below). */
#include "executor/aws/autoscaling_group.h"
#include "compiler/rollout.h"
#include "util/buf.h"
#include "util/clock.h"
#include "util/fatal.h"

#include <stdio.h>
#include <stdlib.h>
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
	A_STR("name_prefix", OPT | COMP | NEW),
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
	/* clicamosc's own: seconds to wait after detaching from the ELBs before
	 * deleting, at least (the ELBs' connection draining is always waited for) */
	A_NUM("drain_seconds", OPT),
	A_STR("placement_group", OPT),
	A_STR("service_linked_role_arn", OPT | COMP),
	A_ID, A_STR("arn", COMP),
	A_END
};
static const cl_schema schema = { attrs, blocks };

/* The group by name: *g NULL when there is none (or it is being deleted,
 * unless deleting is true). */
bool aws_asg_describe(aws_op *op, const char *name, bool deleting, aws_xml **root, const aws_xml **g)
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
	if (!aws_asg_describe(op, aws_str(base, "id"), false, &x, &g))
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
	if (!aws_asg_describe(op, d->name, true, &x, &g))
		return -1;
	long n = (long)aws_xml_count(aws_xml_child(g, "Instances"));
	aws_xml_free(x);
	if (g && n != d->last)
		aws_op_progress(op, "%ld instance%s left in %s", n, n == 1 ? "" : "s", d->name);
	d->last = n;
	return !g || (!d->gone_too && n == 0);
}

/* ---------------------------------------------------------------- rollouts */

/* A replacement runs as two operations, often on two workers: the new
 * group's create, later the old group's destroy.  What the first learns
 * (when the new group was InService, what capacity it carried over) the
 * second needs to settle that capacity and to sum the rollout up: the
 * create leaves it in the pair's handoff slot (aws_op.handoff), one malloc'd
 * block with the names after the struct, and the destroy takes it. */
typedef struct rollout {
	char *old, *new;
	long long replaced;     /* the old group's instances */
	long long settle;       /* the new group's desired capacity once the old one is gone; -1: as is */
	double started, healthy;
} rollout;

static void rollout_put(aws_op *op, const rollout *r)
{
	if (!op->handoff)
		return;
	size_t lo = strlen(r->old) + 1, ln = strlen(r->new) + 1;
	rollout *k = cl_xmalloc(sizeof *k + lo + ln);
	*k = *r;
	k->old = memcpy((char *)(k + 1), r->old, lo);
	k->new = memcpy((char *)(k + 1) + lo, r->new, ln);
	free(*op->handoff);
	*op->handoff = k;
}

/* The rollout that replaces the group old, into op's arena; false: none. */
static bool rollout_take(aws_op *op, const char *old, rollout *out)
{
	rollout *k = op->handoff ? *op->handoff : NULL;
	if (!k)
		return false;
	*op->handoff = NULL;
	bool ours = !strcmp(k->old, old);
	if (ours) {
		*out = *k;
		out->old = cl_arena_strdup(op->arena, k->old);
		out->new = cl_arena_strdup(op->arena, k->new);
	}
	free(k);
	return ours;
}

/* A replacement starts at the old group's current desired capacity when a
 * policy or a person scaled it out (compiler/rollout.c has the rule, which
 * the plan prints too).  ro gets the old group's name and size; *run the
 * configuration to launch (cfg, or cfg with the carried capacity and
 * ro->settle its own). */
static bool carry_over(aws_op *op, const cl_value *cfg, rollout *ro, const cl_value **run)
{
	const char *old = op->replacing ? aws_str(op->replacing, "id") : NULL;
	aws_xml *x = NULL;
	const aws_xml *g = NULL;
	*run = cfg;
	if (!old)
		return true;
	if (!aws_asg_describe(op, old, false, &x, &g))
		return false;
	if (!g) {   /* destroyed first (no create_before_destroy): nothing to carry over */
		aws_xml_free(x);
		return true;
	}
	long long had = -1, want = 0, max = 0, elb = -1;
	ro->old = cl_arena_strdup(op->arena, old);
	ro->replaced = (long long)aws_xml_count(aws_xml_child(g, "Instances"));
	aws_xml_int(g, "DesiredCapacity", &had);
	aws_xml_free(x);
	if (!aws_int(cfg, "desired_capacity", &want))
		aws_int(cfg, "min_size", &want);
	aws_int(cfg, "max_size", &max);
	aws_int(cfg, "wait_for_elb_capacity", &elb);
	cl_rollout_size size = cl_rollout_size_of(had, want, max, elb);
	if (!size.carried)
		return true;
	aws_obj *o = aws_obj_new(op, &schema, cfg);
	aws_obj_int(o, "desired_capacity", size.start);
	if (size.gate != elb)
		aws_obj_int(o, "wait_for_elb_capacity", size.gate);
	*run = aws_obj_done(o);
	ro->settle = size.settle;
	aws_op_progress(op, "starting at %lld instances, the old group's desired capacity (configured: %lld, max_size: %lld)",
	                size.start, want, max);
	return true;
}

typedef struct draining_elbs {
	const char **lbs, **ids;
	size_t nlb, n;
	long last;
} draining_elbs;

/* No ELB lists the group's instances any more: deregistration, and with it
 * connection draining, has finished. */
static int deregistered(aws_op *op, void *ud)
{
	draining_elbs *d = ud;
	long left = 0;
	for (size_t l = 0; l < d->nlb; l++) {
		aws_params *p = aws_params_new(AWS_ELB);
		aws_params_add(p, "LoadBalancerName", d->lbs[l]);
		aws_xml *x;
		aws_error e;
		if (!aws_op_call(op, "DescribeInstanceHealth", p, &x, &e)) {
			if (aws_gone(&e))
				continue;
			return -1;
		}
		aws_xml_each(s, aws_xml_find(x, "DescribeInstanceHealthResult/InstanceStates"))
			for (size_t i = 0; i < d->n; i++)
				left += !strcmp(aws_xml_text(aws_xml_child(s, "InstanceId")), d->ids[i]);
		aws_xml_free(x);
	}
	if (left && left != d->last)
		aws_op_progress(op, "%ld instance%s draining out of the load balancers", left, left == 1 ? "" : "s");
	d->last = left;
	return left == 0;
}

static int past(aws_op *op, void *until)
{
	return cl_clock_now() >= *(double *)until;
}

/* The ELBs' longest connection-draining timeout (0: none drains). */
static bool drain_timeout(aws_op *op, const draining_elbs *d, double *secs)
{
	*secs = 0;
	for (size_t l = 0; l < d->nlb; l++) {
		aws_params *p = aws_params_new(AWS_ELB);
		aws_params_add(p, "LoadBalancerName", d->lbs[l]);
		aws_xml *x;
		aws_error e;
		if (!aws_op_call(op, "DescribeLoadBalancerAttributes", p, &x, &e)) {
			if (aws_gone(&e))
				continue;
			return false;
		}
		const aws_xml *cd = aws_xml_find(x, "DescribeLoadBalancerAttributesResult/LoadBalancerAttributes/ConnectionDraining");
		bool on = false;
		long long t = 0;
		if (aws_xml_bool(cd, "Enabled", &on) && on && aws_xml_int(cd, "Timeout", &t) && t > *secs)
			*secs = (double)t;
		aws_xml_free(x);
	}
	return true;
}

/* What a destroy, a rollback and a -keep-failed rollout share: the group
 * out of its ELBs and, unless wait is false, until no request can still be
 * on its way to one of its instances: the ELBs have deregistered them (their
 * connection draining done) and drain_seconds (< 0: none) have passed.
 * *at: when it left the ELBs. */
static bool detach(aws_op *op, const char *name, long long drain_seconds, bool wait, double *at)
{
	aws_xml *x = NULL;
	const aws_xml *g;
	*at = cl_clock_now();
	if (!aws_asg_describe(op, name, false, &x, &g))
		return false;
	draining_elbs d = { .last = -1 };
	const aws_xml *lbs = aws_xml_child(g, "LoadBalancerNames"), *ins = aws_xml_child(g, "Instances");
	d.lbs = CL_NEWN(op->arena, const char *, aws_xml_count(lbs) + 1);
	d.ids = CL_NEWN(op->arena, const char *, aws_xml_count(ins) + 1);
	aws_xml_each(l, lbs)
		d.lbs[d.nlb++] = cl_arena_strdup(op->arena, aws_xml_text(l));
	aws_xml_each(i, ins)
		d.ids[d.n++] = cl_arena_strdup(op->arena, aws_xml_text(aws_xml_child(i, "InstanceId")));
	aws_xml_free(x);
	if (!d.nlb)
		return true;
	aws_params *p = aws_params_new(AWS_ASG);
	aws_params_add(p, "AutoScalingGroupName", name);
	aws_params_list(p, "LoadBalancerNames", d.lbs, d.nlb);
	aws_error e;
	if (!aws_op_call(op, "DetachLoadBalancers", p, NULL, &e))
		return aws_gone(&e);
	*at = cl_clock_now();
	double bound;
	if (!wait || !drain_timeout(op, &d, &bound))
		return !wait;
	double until = *at + (drain_seconds > 0 ? (double)drain_seconds : 0);
	aws_op_progress(op, "detached %s from %zu load balancer%s (%s%s); waiting for connection draining (at most %.0fs)",
	                name, d.nlb, d.nlb == 1 ? "" : "s", d.lbs[0], d.nlb > 1 ? ", ..." : "",
	                bound > (double)drain_seconds ? bound : (double)drain_seconds);
	/* the bound is the ELBs' own; the margin covers a slow DescribeInstanceHealth */
	return aws_wait(op, "connection draining", bound + 60, deregistered, &d) &&
	       aws_wait(op, "drain_seconds", (double)drain_seconds + 1, past, &until);
}

/* Sizes to zero, its instances gone, the group deleted. */
static bool delete_group(aws_op *op, const char *name, bool force)
{
	static const char *const busy[] = { "ResourceInUse", "ScalingActivityInProgress", NULL };
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

/* The old group is gone: the new one settles to its own capacity, and the
 * rollout is summed up.  A failed settle is not the destroy's failure: the
 * new group's state already says its capacity, so the next plan fixes it. */
static void rollout_done(aws_op *op, const rollout *ro, double detached)
{
	if (ro->settle >= 0) {
		aws_params *p = aws_params_new(AWS_ASG);
		aws_params_add(p, "AutoScalingGroupName", ro->new);
		aws_params_int(p, "DesiredCapacity", ro->settle);
		aws_params_add(p, "HonorCooldown", "false");
		aws_op_progress(op, "%s settles to its configured desired capacity, %lld", ro->new, ro->settle);
		if (!aws_op_call(op, "SetDesiredCapacity", p, NULL, NULL))
			aws_op_progress(op, "warning: %s keeps its carried-over capacity (%s); the next plan corrects it",
			                ro->new, op->err);
	}
	double end = cl_clock_now();
	aws_op_progress(op, "rollout summary: %lld instance%s replaced; new group %s InService after %.1fs; "
	                "mixed-version window %.2fs; old group %s gone %.1fs after its detach; total %.1fs",
	                ro->replaced, ro->replaced == 1 ? "" : "s", ro->new, ro->healthy - ro->started,
	                detached - ro->healthy, ro->old, end - detached, end - ro->started);
	if (op->event)
		op->event(op->ud, "rollout_summary", "rollout summary",
		          json_pack("{s:I, s:s, s:s, s:f, s:f, s:f, s:f}", "instances_replaced", (json_int_t)ro->replaced,
		                    "new_group", ro->new, "old_group", ro->old, "time_to_healthy_seconds",
		                    ro->healthy - ro->started, "mixed_version_window_seconds", detached - ro->healthy,
		                    "drain_seconds", end - detached, "total_seconds", end - ro->started));
}

/* The health gate gave up on a rollout: the new group goes (with
 * -keep-failed it only leaves its ELBs, and is returned to be recorded as
 * tainted); the old one, never touched, keeps serving. */
static bool roll_back(aws_op *op, const char *name, const cl_value *cfg, const rollout *ro, cl_value **state)
{
	char why[sizeof op->err];
	memcpy(why, op->err, sizeof why);
	double at;
	bool ok = detach(op, name, -1, !op->keep_failed, &at);
	if (ok && !op->keep_failed) {
		aws_op_progress(op, "rolling back: deleting the new group %s; %s keeps serving", name, ro->old);
		if (delete_group(op, name, false))
			return aws_op_fail(op, "%s; rolled back: the new group is deleted, %s keeps serving as before "
			                   "(-keep-failed keeps a failed group for debugging)", why, ro->old);
	}
	char err[sizeof op->err];
	memcpy(err, op->err, sizeof err);
	read(op, aws_with_id(op, cfg, name), state);
	if (ok && op->keep_failed)
		return aws_op_fail(op, "%s; kept for debugging (-keep-failed), out of its load balancers", why);
	return aws_op_fail(op, "%s; rolling back failed too: %s", why, err);
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

/* A set attribute changed by one call that adds members and one that
 * removes them. */
typedef struct set_calls {
	const char *attr, *add, *remove, *param;
	bool granularity;           /* the add call takes metrics_granularity */
} set_calls;
static const set_calls load_balancers = { "load_balancers", "AttachLoadBalancers", "DetachLoadBalancers",
                                          "LoadBalancerNames", false };

/* From prior's members (NULL: a new group, none) to cfg's.  Left out or
 * not yet known: as it is. */
static bool sync_set(aws_op *op, const char *name, const cl_value *prior, const cl_value *cfg, const set_calls *c)
{
	const cl_value *v = cl_value_get(cfg, c->attr);
	if (!v || !cl_value_is_wholly_known(v) || cl_value_is_null(v))
		return true;
	const char **had, **want, **plus, **minus;
	size_t nh = aws_strs(op->arena, prior, c->attr, &had), nw = aws_strs(op->arena, cfg, c->attr, &want);
	size_t np = aws_minus(op->arena, want, nw, had, nh, &plus), nm = aws_minus(op->arena, had, nh, want, nw, &minus);
	for (int k = 0; k < 2; k++) {
		if (!(k ? nm : np))
			continue;
		aws_params *p = aws_params_new(AWS_ASG);
		aws_params_add(p, "AutoScalingGroupName", name);
		aws_params_list(p, c->param, k ? minus : plus, k ? nm : np);
		if (!k && c->granularity)
			aws_params_add(p, "Granularity", aws_str(cfg, "metrics_granularity") ? aws_str(cfg, "metrics_granularity")
			                                                                     : "1Minute");
		if (!aws_op_call(op, k ? c->remove : c->add, p, NULL, NULL))
			return false;
	}
	return true;
}

/* Suspended processes and collected metrics: calls of their own, after the
 * group exists. */
static bool sync_extras(aws_op *op, const char *name, const cl_value *prior, const cl_value *cfg)
{
	static const set_calls processes = { "suspended_processes", "SuspendProcesses", "ResumeProcesses",
	                                     "ScalingProcesses", false };
	static const set_calls metrics = { "enabled_metrics", "EnableMetricsCollection", "DisableMetricsCollection",
	                                   "Metrics", true };
	return sync_set(op, name, prior, cfg, &processes) && sync_set(op, name, prior, cfg, &metrics);
}

static int visible(aws_op *op, void *name)
{
	aws_xml *x = NULL;
	const aws_xml *g;
	if (!aws_asg_describe(op, name, false, &x, &g))
		return -1;
	aws_xml_free(x);
	return g != NULL;
}

static bool create(aws_op *op, const cl_value *cfg, cl_value **state)
{
	const char *name = aws_unique_name(op, cfg, "name", "name_prefix", "terraform-");
	rollout ro = { .settle = -1, .started = cl_clock_now() };
	const cl_value *run;
	long timeout_ms;
	*state = NULL;
	if (!aws_asg_capacity_timeout(op, cfg, &timeout_ms) || !carry_over(op, cfg, &ro, &run))
		return false;
	aws_params *p = aws_params_new(AWS_ASG);
	aws_params_add(p, "AutoScalingGroupName", name);
	settings(op, p, run);
	aws_params_strs(op, p, "LoadBalancerNames", cfg, "load_balancers");
	aws_params_strs(op, p, "TargetGroupARNs", cfg, "target_group_arns");
	if (aws_str(cfg, "service_linked_role_arn"))
		aws_params_add(p, "ServiceLinkedRoleARN", aws_str(cfg, "service_linked_role_arn"));
	const cl_value **tags;
	size_t nt = wanted_tags(op, cfg, &tags);
	for (size_t i = 0; i < nt; i++)
		add_tag(p, i + 1, name, aws_str(tags[i], "key"), aws_str(tags[i], "value"),
		        aws_bool(tags[i], "propagate_at_launch", false));
	static const char *const taken[] = { "AlreadyExists", NULL };
	const char *got = aws_op_create_id(op, "CreateAutoScalingGroup", p, NULL, taken, NULL, NULL);
	name = got && *got ? got : name;   /* adopted: the one carrying our identity tags */
	if (!got ||
	    !aws_wait(op, "the group to be visible", 120, visible, (void *)name))
		return false;
	bool gave_up = false;
	bool ok = sync_extras(op, name, NULL, cfg) && aws_asg_wait_capacity(op, name, run, timeout_ms, true, &gave_up);
	if (!ok && gave_up && ro.old)
		return roll_back(op, name, cfg, &ro, state);
	if (ok && ro.old) {
		ro.new = (char *)name;
		ro.healthy = cl_clock_now();
		rollout_put(op, &ro);
		aws_op_progress(op, "%s is InService after %.1fs; %s leaves the load balancers next", name,
		                ro.healthy - ro.started, ro.old);
	}
	char err[sizeof op->err];
	memcpy(err, op->err, sizeof err);
	if (!read(op, aws_with_id(op, cfg, name), state) || !ok)
		memcpy(op->err, err, sizeof err);
	if (*state && ro.settle >= 0) {
		/* recorded at the capacity it settles to once the old group is gone */
		aws_obj *o = aws_obj_new(op, &schema, *state);
		aws_obj_int(o, "desired_capacity", ro.settle);
		*state = aws_obj_done(o);
	}
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
	long timeout_ms;
	if (!aws_asg_capacity_timeout(op, cfg, &timeout_ms))
		return false;
	for (size_t i = 0; i < sizeof settable / sizeof settable[0]; i++)
		changed |= aws_changed(prior, cfg, settable[i]);
	if (changed) {
		aws_params *p = aws_params_new(AWS_ASG);
		aws_params_add(p, "AutoScalingGroupName", name);
		settings(op, p, cfg);
		if (!aws_op_call(op, "UpdateAutoScalingGroup", p, NULL, NULL))
			return false;
	}
	if (!sync_set(op, name, prior, cfg, &load_balancers) || !sync_extras(op, name, prior, cfg) ||
	    !sync_tags(op, name, prior, cfg))
		return false;
	bool grew = aws_changed(prior, cfg, "min_size") || aws_changed(prior, cfg, "desired_capacity");
	if (grew && !aws_asg_wait_capacity(op, name, cfg, timeout_ms, false, NULL))
		return false;
	return read(op, aws_with_id(op, cfg, name), state);
}

/* ---------------------------------------------------------------- destroy, find */

static bool destroy(aws_op *op, const cl_value *prior)
{
	const char *name = aws_str(prior, "id");
	long long drain_seconds = -1;
	aws_int(prior, "drain_seconds", &drain_seconds);
	rollout ro;
	bool rolling = rollout_take(op, name, &ro);
	double detached;
	if (!detach(op, name, drain_seconds, true, &detached) ||
	    !delete_group(op, name, aws_bool(prior, "force_delete", false)))
		return false;
	if (rolling)
		rollout_done(op, &ro, detached);
	return true;
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

/* A group adopted after a kill may never have passed its health gate: its
 * configuration is not known here, so the gate is the strict one (every
 * desired instance InService, in every ELB) with the default timeout. */
static bool settle(aws_op *op, const cl_value *found)
{
	long timeout_ms;
	long long want = 0;
	if (!aws_asg_capacity_timeout(op, found, &timeout_ms))
		return false;
	aws_obj *o = aws_obj_new(op, &schema, found);
	if (aws_int(found, "desired_capacity", &want) && want > 0)
		aws_obj_int(o, "wait_for_elb_capacity", want);
	return aws_asg_wait_capacity(op, aws_str(found, "id"), aws_obj_done(o), timeout_ms, true, NULL);
}

static const aws_ops ops = { create, read, update, destroy, find, settle };
const cl_resource_type aws_autoscaling_group_type = {
	"aws_autoscaling_group", false, &schema, 120000, true, &ops, 1, .group_rollout = true
};
