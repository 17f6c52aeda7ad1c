/* lb_action.c: ELBv2 listener and rule actions: forward (to one target
 * group, or weighted to several), redirect and fixed response, as query
 * parameters and as state read back from Describe{Listeners,Rules}. */
#include "executor/aws/lb_action.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const cl_schema_attr tg_attrs[] = {
	A_STR("arn", REQ), A_DEF(CL_AT_NUMBER, "weight", 0, "1"),
	A_END
};
static const cl_schema tg = { tg_attrs, NULL };
static const cl_schema_attr fwd_sticky_attrs[] = {
	A_NUM("duration", REQ), A_DEF(CL_AT_BOOL, "enabled", 0, "false"),
	A_END
};
static const cl_schema fwd_sticky = { fwd_sticky_attrs, NULL };
static const cl_schema_block forward_blocks[] = {
	{ "target_group", CL_NEST_SET, 1, 5, 0, &tg },
	{ "stickiness", CL_NEST_LIST, 0, 1, 0, &fwd_sticky },
	{ NULL }
};
static const cl_schema_attr no_attrs[] = { A_END };
static const cl_schema forward = { no_attrs, forward_blocks };
static const cl_schema_attr redirect_attrs[] = {
	A_DEF(CL_AT_STRING, "host", 0, "\"#{host}\""), A_DEF(CL_AT_STRING, "path", 0, "\"/#{path}\""),
	A_DEF(CL_AT_STRING, "port", 0, "\"#{port}\""), A_DEF(CL_AT_STRING, "protocol", 0, "\"#{protocol}\""),
	A_DEF(CL_AT_STRING, "query", 0, "\"#{query}\""), A_STR("status_code", REQ),
	A_END
};
static const cl_schema redirect = { redirect_attrs, NULL };
static const cl_schema_attr fixed_attrs[] = {
	A_STR("content_type", REQ), A_STR("message_body", OPT), A_STR("status_code", OPT | COMP),
	A_END
};
static const cl_schema fixed = { fixed_attrs, NULL };
static const cl_schema_block action_blocks[] = {
	{ "fixed_response", CL_NEST_LIST, 0, 1, 0, &fixed },
	{ "forward", CL_NEST_LIST, 0, 1, 0, &forward },
	{ "redirect", CL_NEST_LIST, 0, 1, 0, &redirect },
	{ NULL }
};
static const cl_schema_attr action_attrs[] = {
	A_NUM("order", OPT | COMP), A_STR("target_group_arn", OPT),
	{ "type", CL_AT_STRING, CL_AT_STRING, REQ | CL_SA_NOCASE, NULL, NULL },
	A_END
};
const cl_schema aws_lb_action_schema = { action_attrs, action_blocks };

const cl_value *aws_lb_block(const cl_value *v, const char *name)
{
	const cl_value *b = v ? cl_value_get(v, name) : NULL;
	return b && cl_value_is_known(b) && cl_value_is_seq(b) && b->n ? b->u.c.v[0] : NULL;
}

static const char *redirect_fields[][2] = {
	{ "host", "Host" }, { "path", "Path" }, { "port", "Port" }, { "protocol", "Protocol" },
	{ "query", "Query" }, { "status_code", "StatusCode" },
};
static const char *fixed_fields[][2] = {
	{ "content_type", "ContentType" }, { "message_body", "MessageBody" }, { "status_code", "StatusCode" },
};

/* Adds at.key = the string field of v, when it has one. */
static void put(aws_op *op, aws_params *p, const char *at, const char *key, const cl_value *v, const char *field)
{
	if (aws_str(v, field))
		aws_params_add(p, cl_arena_printf(op->arena, "%s.%s", at, key), aws_str(v, field));
}

static void forward_params(aws_op *op, aws_params *p, const char *at, const cl_value *f)
{
	const cl_value *tgs = cl_value_get(f, "target_group");
	for (uint32_t k = 0; tgs && cl_value_is_known(tgs) && k < tgs->n; k++) {
		long long w = 1;
		const char *g = cl_arena_printf(op->arena, "%s.ForwardConfig.TargetGroups.member.%u", at, k + 1);
		put(op, p, g, "TargetGroupArn", tgs->u.c.v[k], "arn");
		aws_int(tgs->u.c.v[k], "weight", &w);
		aws_params_int(p, cl_arena_printf(op->arena, "%s.Weight", g), w);
	}
	const cl_value *s = aws_lb_block(f, "stickiness");
	if (s) {
		long long d = 0;
		aws_int(s, "duration", &d);
		aws_params_bool(p, cl_arena_printf(op->arena, "%s.ForwardConfig.TargetGroupStickinessConfig.Enabled", at),
		                aws_bool(s, "enabled", false));
		aws_params_int(p, cl_arena_printf(op->arena, "%s.ForwardConfig.TargetGroupStickinessConfig.DurationSeconds",
		                                  at), d);
	}
}

void aws_lb_action_params(aws_op *op, aws_params *p, const char *list, const cl_value *actions)
{
	for (uint32_t i = 0; actions && cl_value_is_known(actions) && i < actions->n; i++) {
		const cl_value *a = actions->u.c.v[i];
		const char *at = cl_arena_printf(op->arena, "%s.member.%u", list, i + 1);
		long long order;
		put(op, p, at, "Type", a, "type");
		if (aws_int(a, "order", &order))
			aws_params_int(p, cl_arena_printf(op->arena, "%s.Order", at), order);
		else
			aws_params_int(p, cl_arena_printf(op->arena, "%s.Order", at), i + 1);
		put(op, p, at, "TargetGroupArn", a, "target_group_arn");
		const cl_value *f = aws_lb_block(a, "forward"), *r = aws_lb_block(a, "redirect");
		const cl_value *x = aws_lb_block(a, "fixed_response");
		if (f)
			forward_params(op, p, at, f);
		for (size_t k = 0; r && k < sizeof redirect_fields / sizeof redirect_fields[0]; k++)
			put(op, p, cl_arena_printf(op->arena, "%s.RedirectConfig", at), redirect_fields[k][1], r,
			    redirect_fields[k][0]);
		for (size_t k = 0; x && k < sizeof fixed_fields / sizeof fixed_fields[0]; k++)
			put(op, p, cl_arena_printf(op->arena, "%s.FixedResponseConfig", at), fixed_fields[k][1], x,
			    fixed_fields[k][0]);
	}
}

static int by_order(const void *x, const void *y)
{
	long long a = 0, b = 0;
	aws_xml_int(*(aws_xml *const *)x, "Order", &a);
	aws_xml_int(*(aws_xml *const *)y, "Order", &b);
	return (a > b) - (a < b);
}

static cl_value *read_forward(aws_op *op, const aws_xml *fc)
{
	const aws_xml *list = aws_xml_child(fc, "TargetGroups");
	cl_value **tgs = CL_NEWN(op->arena, cl_value *, aws_xml_count(list) + 1);
	size_t n = 0;
	aws_xml_each(t, list) {
		aws_obj *e = aws_obj_new(op, &tg, NULL);
		aws_obj_x(e, "arn", t, "TargetGroupArn");
		aws_obj_x(e, "weight", t, "Weight");
		if (!aws_obj_get(e, "weight"))
			aws_obj_int(e, "weight", 1);
		tgs[n++] = aws_obj_done(e);
	}
	aws_obj *f = aws_obj_new(op, &forward, NULL);
	aws_obj_block(f, "target_group", tgs, n, NULL);
	const aws_xml *s = aws_xml_child(fc, "TargetGroupStickinessConfig");
	bool on = false;
	cl_value *sv = NULL;
	if (aws_xml_bool(s, "Enabled", &on) && on) {
		aws_obj *e = aws_obj_new(op, &fwd_sticky, NULL);
		aws_obj_bool(e, "enabled", true);
		aws_obj_x(e, "duration", s, "DurationSeconds");
		sv = aws_obj_done(e);
	}
	aws_obj_block(f, "stickiness", &sv, sv ? 1 : 0, NULL);
	return aws_obj_done(f);
}

/* One sub-block (redirect, fixed_response) from its config element. */
static cl_value *read_fields(aws_op *op, const cl_schema *s, const aws_xml *x, const char *(*fields)[2], size_t n,
                             const cl_value *base)
{
	aws_obj *e = aws_obj_new(op, s, base);
	for (size_t k = 0; k < n; k++)
		aws_obj_x(e, fields[k][0], x, fields[k][1]);
	return aws_obj_done(e);
}

void aws_lb_action_read(aws_obj *o, aws_op *op, const char *name, const aws_xml *list)
{
	size_t n = aws_xml_count(list), i = 0;
	aws_xml **items = CL_NEWN(op->arena, aws_xml *, n + 1);
	aws_xml_each(it, list)
		items[i++] = it;
	qsort(items, n, sizeof *items, by_order);
	const cl_value *had = aws_obj_get(o, name);
	cl_value **v = CL_NEWN(op->arena, cl_value *, n + 1);
	for (i = 0; i < n; i++) {
		const aws_xml *a = items[i];
		const cl_value *base = had && cl_value_is_known(had) && i < had->n ? had->u.c.v[i] : NULL;
		aws_obj *e = aws_obj_new(op, &aws_lb_action_schema, NULL);
		aws_obj_x(e, "type", a, "Type");
		if (base && aws_str(base, "type") && !strcasecmp(aws_str(base, "type"), aws_xml_text(aws_xml_child(a, "Type"))))
			aws_obj_str(e, "type", aws_str(base, "type"));
		aws_obj_x(e, "order", a, "Order");
		const aws_xml *fc = aws_xml_child(a, "ForwardConfig");
		const char *tga = aws_xml_str(a, "TargetGroupArn");
		/* AWS reports a forward to one group both ways: recorded the way
		 * the configuration wrote it */
		bool as_block = fc && ((base && aws_lb_block(base, "forward")) || !tga || !*tga);
		cl_value *f = as_block ? read_forward(op, fc) : NULL;
		aws_obj_block(e, "forward", &f, f ? 1 : 0, NULL);
		if (!as_block)
			aws_obj_str(e, "target_group_arn", tga);
		const aws_xml *rc = aws_xml_child(a, "RedirectConfig"), *xc = aws_xml_child(a, "FixedResponseConfig");
		cl_value *r = rc ? read_fields(op, &redirect, rc, redirect_fields, 6, aws_lb_block(base, "redirect")) : NULL;
		cl_value *x = xc ? read_fields(op, &fixed, xc, fixed_fields, 3, aws_lb_block(base, "fixed_response")) : NULL;
		aws_obj_block(e, "redirect", &r, r ? 1 : 0, NULL);
		aws_obj_block(e, "fixed_response", &x, x ? 1 : 0, NULL);
		v[i] = aws_obj_done(e);
	}
	aws_obj_block(o, name, v, n, NULL);
}
