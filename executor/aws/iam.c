/* iam.c: the IAM helpers (iam.h).  Calls, policy text and tag checks;
 * knows no resource type beyond the actions it is handed. */
#include "executor/aws/iam.h"
#include "compiler/policy.h"

#include <string.h>

bool aws_iam_get(aws_op *op, const char *action, const char *param, const char *name, bool fresh,
                 const char *path, aws_xml **root, const aws_xml **item)
{
	aws_params *p = aws_op_params(AWS_IAM, fresh);
	aws_params_add(p, param, name);
	aws_error e;
	*root = NULL, *item = NULL;
	if (aws_op_call(op, action, p, root, &e)) {
		*item = aws_xml_find(*root, path);
		return true;
	}
	return aws_gone(&e);
}

static int hex(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* As Go's url.QueryUnescape, which the provider uses: %XX and '+'. */
static char *unescape(cl_arena *a, const char *s)
{
	char *out = cl_arena_alloc(a, strlen(s) + 1), *w = out;
	for (; *s; s++) {
		if (*s == '%' && hex(s[1]) >= 0 && hex(s[2]) >= 0) {
			*w++ = (char)(hex(s[1]) * 16 + hex(s[2]));
			s += 2;
		} else {
			*w++ = *s == '+' ? ' ' : *s;
		}
	}
	*w = 0;
	return out;
}

void aws_iam_obj_policy(aws_op *op, aws_obj *o, const char *name, const char *encoded)
{
	if (!encoded || !*encoded)
		return aws_obj_str(o, name, NULL);
	const char *text = unescape(op->arena, encoded);
	const cl_value *was = aws_obj_get(o, name);
	if (was && was->kind == CL_V_STRING && cl_policy_equal(was->u.str.s, text))
		return;   /* the base's spelling stays */
	aws_obj_str(o, name, text);
}

bool aws_iam_ours(aws_op *op, const aws_iam_kind *k, const char *name, bool *yes)
{
	aws_xml *x;
	const aws_xml *item;
	*yes = false;
	if (!aws_iam_get(op, k->get, k->param, name, false, k->path, &x, &item))
		return false;
	aws_tag *t;
	size_t n = aws_tags_xml(op->arena, aws_xml_child(item, "Tags"), &t), hits = 0;
	for (size_t i = 0; i < n; i++)
		hits += (!strcmp(t[i].key, AWS_TAG_ADDRESS) && !strcmp(t[i].value, op->addr)) ||
		        (!strcmp(t[i].key, AWS_TAG_LINEAGE) && op->lineage && !strcmp(t[i].value, op->lineage));
	*yes = item && hits == (op->lineage ? 2u : 1u);
	aws_xml_free(x);
	return true;
}

bool aws_iam_find(aws_op *op, const aws_iam_kind *k, const char *list_action, const char *list_path,
                  cl_value **state)
{
	aws_xml *x;
	*state = NULL;
	if (!aws_op_call_all(op, list_action, aws_params_new(AWS_IAM), &x, NULL))
		return false;
	const char *found = NULL;
	bool ok = true;
	aws_xml_each(it, aws_xml_find(x, list_path)) {
		const char *n = aws_xml_str(it, k->param);
		bool yes;
		if (!n || aws_op_known(op, n))
			continue;
		if (!(ok = aws_iam_ours(op, k, n, &yes)))
			break;
		if (yes) {
			found = cl_arena_strdup(op->arena, n);
			break;
		}
	}
	aws_xml_free(x);
	const aws_ops *ops = op->rt->provider;
	return ok && (!found || ops->read(op, aws_with_id(op, NULL, found), state));
}

bool aws_iam_lookup(aws_op *op, void *ud, bool lost, const char **id)
{
	const aws_iam_named *n = ud;
	bool yes;
	(void)lost;
	*id = NULL;
	if (!aws_iam_ours(op, n->kind, n->name, &yes))
		return false;
	*id = yes ? n->name : NULL;
	return true;
}
