/* autoscaling_capacity.c: Terraform's "wait for capacity" for an
 * autoscaling group: its instances InService and Healthy, and InService in
 * each of its classic ELBs, polled until the timeout, with a progress line
 * when the picture changes and an error that names each instance's state
 * (or the group's last failed launch). */
#include "executor/aws/autoscaling_group.h"
#include "util/buf.h"
#include "util/clock.h"

#include <stdio.h>
#include <string.h>

typedef struct capacity {
	const char *name;
	long long want, want_elb;
	const char **lbs;
	size_t nlb;
	cl_buf status;          /* "1/2 InService in app-elb", for errors */
	cl_buf line;            /* the same with why the others are not, for progress */
	cl_buf why;             /* "i-0abc: OutOfService (reason); ..." */
	char last[512];
} capacity;

typedef struct member {
	const char *id, *lifecycle, *health;
	bool ready, everywhere;     /* InService and Healthy in the group; and in every ELB */
} member;

/* One ELB's view of the members: counts those InService there, tells how
 * many are not and why ("1/2 InService in app, 1 OutOfService: Instance
 * registration is still in progress."), notes each one's state in c->why. */
static bool elb_health(aws_op *op, capacity *c, const char *lb, member *m, size_t n, long long *in)
{
	aws_params *p = aws_params_new(AWS_ELB);
	aws_params_add(p, "LoadBalancerName", lb);
	aws_xml *x;
	if (!aws_op_call(op, "DescribeInstanceHealth", p, &x, NULL))
		return false;
	const char **reason = CL_NEWN(op->arena, const char *, n + 1);
	long long *count = CL_NEWN(op->arena, long long, n + 1);
	size_t nr = 0;
	*in = 0;
	for (size_t i = 0; i < n; i++) {
		const aws_xml *st = NULL;
		aws_xml_each(s, aws_xml_find(x, "DescribeInstanceHealthResult/InstanceStates"))
			if (!strcmp(aws_xml_text(aws_xml_child(s, "InstanceId")), m[i].id))
				st = s;
		const char *state = aws_xml_text(aws_xml_child(st, "State"));
		bool ok = st && !strcmp(state, "InService");
		if (st && !ok)
			cl_buf_printf(&c->why, "%s%s: %s (%s)", c->why.len ? "; " : "", m[i].id, state,
			              aws_xml_text(aws_xml_child(st, "Description")));
		else if (!st)
			cl_buf_printf(&c->why, "%s%s: %s and %s in the group, not registered with %s", c->why.len ? "; " : "",
			              m[i].id, m[i].lifecycle, m[i].health, lb);
		if (!ok) {
			const char *r = st ? cl_arena_printf(op->arena, "%s: %s", state,
			                                     aws_xml_text(aws_xml_child(st, "Description")))
			                   : "not registered yet";
			size_t k = 0;
			while (k < nr && strcmp(reason[k], r))
				k++;
			if (k == nr)
				reason[nr++] = r;
			count[k]++;
		}
		*in += ok && m[i].ready;
		m[i].everywhere &= ok;
	}
	aws_xml_free(x);
	cl_buf_printf(&c->status, "%s%lld/%lld InService in %s", c->status.len ? ", " : "", *in, c->want_elb, lb);
	long long of = (long long)n > c->want_elb ? (long long)n : c->want_elb;
	cl_buf_printf(&c->line, "%s%lld/%lld InService in %s", c->line.len ? "; " : "", *in, of, lb);
	if (of > c->want_elb)
		cl_buf_printf(&c->line, " (%lld needed)", c->want_elb);
	for (size_t k = 0; k < nr; k++)
		cl_buf_printf(&c->line, ", %lld %s", count[k], reason[k]);
	return true;
}

/* Counts the group's InService instances and, per ELB, those InService there. */
static int has_capacity(aws_op *op, void *ud)
{
	capacity *c = ud;
	aws_xml *x = NULL;
	const aws_xml *g;
	if (!aws_asg_describe(op, c->name, false, &x, &g))
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
	cl_buf_reset(&c->line);
	cl_buf_reset(&c->why);
	bool elbs = c->nlb && c->want_elb > 0;
	for (size_t l = 0; elbs && l < c->nlb; l++) {
		long long in;
		if (!elb_health(op, c, c->lbs[l], m, n, &in))
			return -1;
	}
	for (size_t i = 0; i < n; i++)
		all += m[i].ready && m[i].everywhere;
	if (!elbs) {
		cl_buf_printf(&c->status, "%lld/%lld instances InService in %s", ready, c->want, c->name);
		cl_buf_printf(&c->line, "%s", cl_buf_str(&c->status));
	}
	if (strcmp(c->last, cl_buf_str(&c->line))) {
		snprintf(c->last, sizeof c->last, "%s", cl_buf_str(&c->line));
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

/* wait_for_capacity_timeout in milliseconds; read before any call, so a
 * malformed one fails the operation before a group exists. */
bool aws_asg_capacity_timeout(aws_op *op, const cl_value *cfg, long *ms)
{
	const char *t = aws_str(cfg, "wait_for_capacity_timeout");
	if (!cl_duration_parse(t ? t : "10m", ms))
		return aws_op_fail(op, "wait_for_capacity_timeout: \"%s\" is not a duration (e.g. \"10m\", \"90s\", "
		                   "\"0\" not to wait)", t);
	return true;
}

/* want_elb: wait_for_elb_capacity, else (on create) min_elb_capacity.
 * *gave_up: the timeout passed (not an error, not an interrupt). */
bool aws_asg_wait_capacity(aws_op *op, const char *name, const cl_value *cfg, long timeout_ms, bool creating,
                           bool *gave_up)
{
	if (timeout_ms <= 0)
		return true;
	capacity c = { .name = name };
	if (!aws_int(cfg, "desired_capacity", &c.want))
		aws_int(cfg, "min_size", &c.want);
	if (!aws_int(cfg, "wait_for_elb_capacity", &c.want_elb) && creating)
		aws_int(cfg, "min_elb_capacity", &c.want_elb);
	c.nlb = aws_strs(op->arena, cfg, "load_balancers", &c.lbs);
	bool ok = aws_wait(op, "capacity", timeout_ms / 1e3, has_capacity, &c);
	if (!ok && !(op->cancel && *op->cancel) && !strncmp(op->err, "timeout", 7)) {
		if (gave_up)
			*gave_up = true;
		if (!c.why.len)
			launch_failure(op, name, &c.why);
		const char *t = aws_str(cfg, "wait_for_capacity_timeout");
		aws_op_fail(op, "group %s did not reach its capacity within %s: %s%s%s", name, t ? t : "10m",
		            cl_buf_str(&c.status), c.why.len ? ": " : "", cl_buf_str(&c.why));
	}
	cl_buf_free(&c.status);
	cl_buf_free(&c.line);
	cl_buf_free(&c.why);
	return ok;
}
