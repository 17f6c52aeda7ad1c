/* elbv2.c: what the Elastic Load Balancing v2 types share: Key/Value
 * attribute tables, tags by ARN, finding by identity tags, ARN suffixes.
 * The types themselves live in lb.c, lb_target_group.c, lb_listener.c,
 * lb_listener_rule.c and lb_target_group_attachment.c. */
#include "executor/aws/elbv2.h"

#include <string.h>

/* cfg's value of a's attribute as AWS writes it; NULL when null or unknown. */
static const char *text_of(aws_op *op, const cl_value *cfg, const aws_elbv2_attr *a)
{
	long long n;
	const cl_value *v = cfg ? cl_value_get(cfg, a->name) : NULL;
	if (!v || !cl_value_is_known(v) || cl_value_is_null(v))
		return NULL;
	switch (a->kind) {
	case 'b': return aws_bool(cfg, a->name, false) ? "true" : "false";
	case 'n': return aws_int(cfg, a->name, &n) ? cl_arena_printf(op->arena, "%lld", n) : NULL;
	default: return aws_str(cfg, a->name);
	}
}

bool aws_elbv2_attrs_get(aws_op *op, const char *action, const char *id_param, const char *arn, bool fresh,
                         aws_xml **root, const aws_xml **list)
{
	aws_params *p = aws_op_params(AWS_ELBV2, fresh);
	aws_params_add(p, id_param, arn);
	if (!aws_op_call(op, action, p, root, NULL))
		return false;
	*list = aws_xml_find(*root, cl_arena_printf(op->arena, "%sResult/Attributes", action));
	return true;
}

const char *aws_elbv2_attr_value(const aws_xml *list, const char *key)
{
	aws_xml_each(it, list)
		if (!strcmp(aws_xml_text(aws_xml_child(it, "Key")), key))
			return aws_xml_text(aws_xml_child(it, "Value"));
	return NULL;
}

void aws_elbv2_attrs_read(aws_obj *o, const aws_xml *list, const aws_elbv2_attr *t, unsigned kind)
{
	for (const aws_elbv2_attr *a = t; a->name; a++) {
		const char *v = a->applies & kind ? aws_elbv2_attr_value(list, a->key) : NULL;
		/* Not applicable or not reported: what the configuration (or the
		 * prior state) says, else the provider's default, as Terraform's
		 * diff suppression would show it. */
		if (v && *v)
			aws_obj_text(o, a->name, v);
		else if (!aws_obj_get(o, a->name))
			aws_obj_text(o, a->name, a->dflt);
	}
}

bool aws_elbv2_attrs_modify(aws_op *op, const char *action, const char *id_param, const char *arn,
                            const cl_value *prior, const cl_value *cfg, const aws_elbv2_attr *t, unsigned kind,
                            const char *const *extra)
{
	aws_params *p = aws_params_new(AWS_ELBV2);
	aws_params_add(p, id_param, arn);
	size_t n = 0;
	for (const aws_elbv2_attr *a = t; a->name; a++) {
		const char *v = text_of(op, cfg, a);
		if (!(a->applies & kind) || !v || (prior && !aws_changed(prior, cfg, a->name)))
			continue;
		n++;
		aws_params_item(p, "Attributes", n, "Key", a->key);
		aws_params_item(p, "Attributes", n, "Value", v);
	}
	for (size_t i = 0; extra && extra[i]; i += 2) {
		n++;
		aws_params_item(p, "Attributes", n, "Key", extra[i]);
		aws_params_item(p, "Attributes", n, "Value", extra[i + 1]);
	}
	if (!n) {
		aws_params_free(p);
		return true;
	}
	return aws_op_call(op, action, p, NULL, NULL);
}

bool aws_elbv2_describe_one(aws_op *op, const char *action, const char *param, const char *arn, bool fresh,
                            const char *list_path, aws_xml **root, const aws_xml **item)
{
	aws_params *p = aws_op_params(AWS_ELBV2, fresh);
	aws_params_add(p, param, arn);
	aws_error e;
	*root = NULL;
	*item = NULL;
	if (!aws_op_call(op, action, p, root, &e))
		return aws_gone(&e);
	*item = aws_xml_first(aws_xml_find(*root, list_path));
	return true;
}

bool aws_elbv2_lb_arns(aws_op *op, const char ***arns, size_t *n)
{
	aws_xml *all;
	if (!aws_op_call_all(op, "DescribeLoadBalancers", aws_params_new(AWS_ELBV2), &all, NULL))
		return false;
	const aws_xml *list = aws_xml_find(all, "DescribeLoadBalancersResult/LoadBalancers");
	*n = 0;
	*arns = CL_NEWN(op->arena, const char *, aws_xml_count(list) + 1);
	aws_xml_each(it, list)
		(*arns)[(*n)++] = cl_arena_strdup(op->arena, aws_xml_text(aws_xml_child(it, "LoadBalancerArn")));
	aws_xml_free(all);
	return true;
}

bool aws_elbv2_delete(aws_op *op, const char *action, const char *param, const cl_value *prior,
                      const char *const *busy, double timeout_s)
{
	aws_params *p = aws_params_new(AWS_ELBV2);
	aws_params_add(p, param, aws_str(prior, "id"));
	return aws_op_delete(op, action, p, busy, timeout_s);
}

bool aws_elbv2_tags(aws_op *op, aws_obj *o, const char *arn, bool fresh)
{
	aws_params *p = aws_op_params(AWS_ELBV2, fresh);
	aws_params_add(p, "ResourceArns.member.1", arn);
	aws_xml *x;
	if (!aws_op_call(op, "DescribeTags", p, &x, NULL))
		return false;
	aws_obj_tags_xml(o, aws_xml_find(x, "DescribeTagsResult/TagDescriptions/member/Tags"));
	aws_xml_free(x);
	return true;
}

bool aws_elbv2_find(aws_op *op, const char *action, aws_params *p, const char *list_path, const char *arn_field,
                    aws_load_fn load, cl_value **state)
{
	aws_xml *all;
	*state = NULL;
	if (!aws_op_call_all(op, action, p ? p : aws_params_new(AWS_ELBV2), &all, NULL))
		return false;
	const aws_xml *list = aws_xml_find(all, list_path);
	size_t n = 0;
	const char **arns = CL_NEWN(op->arena, const char *, aws_xml_count(list) + 1), *found = NULL;
	aws_xml_each(it, list)
		arns[n++] = cl_arena_strdup(op->arena, aws_xml_text(aws_xml_child(it, arn_field)));
	aws_xml_free(all);
	/* DescribeTags takes 20 ARNs at most */
	for (size_t i = 0; i < n && !found; i += 20) {
		aws_params *q = aws_params_new(AWS_ELBV2);
		aws_params_list(q, "ResourceArns", arns + i, n - i < 20 ? n - i : 20);
		aws_xml *x;
		if (!aws_op_call(op, "DescribeTags", q, &x, NULL))
			return false;
		aws_xml_each(d, aws_xml_find(x, "DescribeTagsResult/TagDescriptions")) {
			const char *arn = aws_xml_text(aws_xml_child(d, "ResourceArn"));
			if (!found && aws_tags_identity(op, aws_xml_child(d, "Tags")) && !aws_op_known(op, arn))
				found = cl_arena_strdup(op->arena, arn);
		}
		aws_xml_free(x);
	}
	return !found || load(op, aws_with_id(op, NULL, found), false, state);
}

const char *aws_elbv2_suffix(cl_arena *a, const char *arn, const char *what, const char *prefix)
{
	const char *s = arn ? strstr(arn, what) : NULL;
	return s ? cl_arena_printf(a, "%s%s", prefix, s + strlen(what)) : NULL;
}
