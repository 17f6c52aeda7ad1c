/* fmt_same.c: whether two syntax trees are the same but for where their
 * nodes are, the check that fmt changed layout only.  It compares what the
 * parser built, node by node; it knows nothing of values or meaning. */
#include "grammar/fmt_toks.h"

#include <string.h>

static bool same_expr(const cl_expr *a, const cl_expr *b);

static bool same_name(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool same_list(cl_expr *const *a, uint32_t na, cl_expr *const *b, uint32_t nb)
{
	if (na != nb)
		return false;
	for (uint32_t i = 0; i < na; i++)
		if (!same_expr(a[i], b[i]))
			return false;
	return true;
}

static bool same_for(const cl_forx *a, const cl_forx *b)
{
	return same_name(a->key_var, b->key_var) && same_name(a->val_var, b->val_var) &&
	       same_expr(a->coll, b->coll) && same_expr(a->key, b->key) &&
	       same_expr(a->val, b->val) && same_expr(a->cond, b->cond);
}

static bool same_expr(const cl_expr *a, const cl_expr *b)
{
	if (!a || !b)
		return a == b;
	if (a->kind != b->kind || a->op != b->op || a->flags != b->flags)
		return false;
	switch (a->kind) {
	case CL_E_NUMBER: return strcmp(a->u.text, b->u.text) == 0;
	case CL_E_BOOL: return a->u.boolean == b->u.boolean;
	case CL_E_NULL: case CL_E_SPLAT_ITEM: return true;
	case CL_E_STRING:
		return a->u.str.len == b->u.str.len && memcmp(a->u.str.s, b->u.str.s, a->u.str.len) == 0;
	case CL_E_TEMPLATE: case CL_E_TUPLE:
		return same_list(a->u.list.v, a->u.list.n, b->u.list.v, b->u.list.n);
	case CL_E_VAR: return same_name(a->u.name, b->u.name);
	case CL_E_GETATTR:
		return same_name(a->u.attr.name, b->u.attr.name) && same_expr(a->u.attr.obj, b->u.attr.obj);
	case CL_E_INDEX:
		return same_expr(a->u.index.coll, b->u.index.coll) && same_expr(a->u.index.key, b->u.index.key);
	case CL_E_SPLAT:
		return same_expr(a->u.splat.src, b->u.splat.src) && same_expr(a->u.splat.each, b->u.splat.each);
	case CL_E_CALL:
		return same_name(a->u.call.name, b->u.call.name) &&
		       same_list(a->u.call.v, a->u.call.n, b->u.call.v, b->u.call.n);
	case CL_E_OBJECT:
		if (a->u.object.n != b->u.object.n)
			return false;
		for (uint32_t i = 0; i < a->u.object.n; i++) {
			const cl_objitem *x = &a->u.object.v[i], *y = &b->u.object.v[i];
			if (x->key_is_name != y->key_is_name || !same_expr(x->key, y->key) ||
			    !same_expr(x->value, y->value))
				return false;
		}
		return true;
	case CL_E_FOR: case CL_E_TMPL_FOR: return same_for(a->u.forx, b->u.forx);
	case CL_E_UNARY: case CL_E_BINARY: case CL_E_PAREN:
		return same_expr(a->u.op.a, b->u.op.a) && same_expr(a->u.op.b, b->u.op.b);
	case CL_E_COND: case CL_E_TMPL_IF:
		return same_expr(a->u.cond.c, b->u.cond.c) && same_expr(a->u.cond.t, b->u.cond.t) &&
		       same_expr(a->u.cond.f, b->u.cond.f);
	}
	return false;   /* a kind this file does not know yet: assume fmt changed it */
}

static bool same_body(const cl_body *a, const cl_body *b)
{
	if (a->n != b->n)
		return false;
	for (uint32_t i = 0; i < a->n; i++) {
		const cl_item *x = &a->v[i], *y = &b->v[i];
		if (!x->attr != !y->attr)
			return false;
		if (x->attr) {
			if (!same_name(x->attr->name, y->attr->name) || !same_expr(x->attr->expr, y->attr->expr))
				return false;
			continue;
		}
		const cl_block *p = x->block, *q = y->block;
		if (!same_name(p->type, q->type) || p->nlabels != q->nlabels)
			return false;
		for (uint32_t k = 0; k < p->nlabels; k++) {
			const cl_label *l = &p->labels[k], *m = &q->labels[k];
			if (l->quoted != m->quoted || l->len != m->len || memcmp(l->s, m->s, l->len) != 0)
				return false;
		}
		if (!same_body(p->body, q->body))
			return false;
	}
	return true;
}

bool fmt_same_tree(const cl_file *a, const cl_file *b)
{
	return same_body(a->body, b->body);
}
