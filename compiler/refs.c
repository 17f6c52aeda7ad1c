/* refs.c: collecting the references of expressions and bodies. */
#include "compiler/refs.h"

#include <string.h>

typedef struct bound {
	const char *name;
	const struct bound *next;
} bound;

typedef struct walker {
	cl_arena *a;
	cl_refs *out;
} walker;

static void walk(walker *w, const cl_expr *e, const bound *b);

static bool is_bound(const bound *b, const char *name)
{
	for (; b; b = b->next)
		if (b->name && strcmp(b->name, name) == 0)
			return true;
	return false;
}

/* A traversal being built from the outside in: steps are appended as the
 * recursion unwinds from the root. */
typedef struct chainb {
	const char *root;
	cl_loc root_loc;
	cl_step steps[16];
	uint32_t n;
} chainb;

static cl_value *literal_key(cl_arena *a, const cl_expr *k)
{
	if (k->kind == CL_E_NUMBER)
		return cl_value_number_parse(a, k->u.text, strlen(k->u.text));
	if (k->kind == CL_E_TEMPLATE && k->u.list.n == 1 && k->u.list.v[0]->kind == CL_E_STRING)
		return cl_value_string(a, k->u.list.v[0]->u.str.s, k->u.list.v[0]->u.str.len);
	return NULL;
}

/* Walks a GETATTR/INDEX/SPLAT chain; true while it is still static. */
static bool chain(walker *w, const cl_expr *e, const bound *b, chainb *c)
{
	switch (e->kind) {
	case CL_E_VAR:
		c->root = e->u.name;
		c->root_loc = e->loc;
		return true;
	case CL_E_GETATTR:
		if (!chain(w, e->u.attr.obj, b, c))
			return false;
		if (c->n < 16)
			c->steps[c->n++] = (cl_step){ e->u.attr.name, NULL, e->u.attr.name_loc };
		return c->n < 16;
	case CL_E_INDEX: {
		bool st = chain(w, e->u.index.coll, b, c);
		cl_value *key = literal_key(w->a, e->u.index.key);
		if (!key)
			walk(w, e->u.index.key, b);
		if (!st || !key || c->n >= 16)
			return false;
		c->steps[c->n++] = (cl_step){ NULL, key, e->u.index.key->loc };
		return true;
	}
	case CL_E_SPLAT:
		chain(w, e->u.splat.src, b, c);
		if (e->u.splat.each)
			walk(w, e->u.splat.each, b);
		return false;
	default:
		walk(w, e, b);
		return false;
	}
}

static void add_chain(walker *w, const cl_expr *e, const bound *b)
{
	chainb c = { 0 };
	chain(w, e, b, &c);
	if (!c.root || is_bound(b, c.root))
		return;
	cl_refs *o = w->out;
	o->v = cl_arena_realloc(w->a, o->v, o->n * sizeof *o->v, (o->n + 1) * sizeof *o->v);
	cl_ref *r = &o->v[o->n++];
	r->t.root = c.root;
	r->t.loc = c.root_loc;
	r->t.n = c.n;
	cl_step *steps = CL_NEWN(w->a, cl_step, c.n ? c.n : 1);
	memcpy(steps, c.steps, c.n * sizeof *steps);
	r->t.steps = steps;
	r->loc = c.root_loc;
	if (c.n)
		r->loc.end = c.steps[c.n - 1].loc.end;
}

static void walk_for(walker *w, const cl_forx *f, const bound *b)
{
	walk(w, f->coll, b);
	bound kb = { f->key_var, b }, vb = { f->val_var, &kb };
	if (f->key)
		walk(w, f->key, &vb);
	walk(w, f->val, &vb);
	if (f->cond)
		walk(w, f->cond, &vb);
}

static void walk(walker *w, const cl_expr *e, const bound *b)
{
	if (!e)
		return;
	switch (e->kind) {
	case CL_E_NUMBER: case CL_E_BOOL: case CL_E_NULL: case CL_E_STRING: case CL_E_SPLAT_ITEM:
		return;
	case CL_E_VAR: case CL_E_GETATTR: case CL_E_INDEX: case CL_E_SPLAT:
		add_chain(w, e, b);
		return;
	case CL_E_TEMPLATE: case CL_E_TUPLE:
		for (uint32_t i = 0; i < e->u.list.n; i++)
			walk(w, e->u.list.v[i], b);
		return;
	case CL_E_CALL:
		for (uint32_t i = 0; i < e->u.call.n; i++)
			walk(w, e->u.call.v[i], b);
		return;
	case CL_E_OBJECT:
		for (uint32_t i = 0; i < e->u.object.n; i++) {
			if (!e->u.object.v[i].key_is_name)
				walk(w, e->u.object.v[i].key, b);
			walk(w, e->u.object.v[i].value, b);
		}
		return;
	case CL_E_FOR: case CL_E_TMPL_FOR:
		walk_for(w, e->u.forx, b);
		return;
	case CL_E_UNARY: case CL_E_PAREN:
		walk(w, e->u.op.a, b);
		return;
	case CL_E_BINARY:
		walk(w, e->u.op.a, b);
		walk(w, e->u.op.b, b);
		return;
	case CL_E_COND: case CL_E_TMPL_IF:
		walk(w, e->u.cond.c, b);
		walk(w, e->u.cond.t, b);
		walk(w, e->u.cond.f, b);
		return;
	}
}

void cl_refs_expr(cl_arena *a, const cl_expr *e, cl_refs *out)
{
	walker w = { a, out };
	walk(&w, e, NULL);
}

static bool skipped(const char *name, const char *const *skip)
{
	for (; skip && *skip; skip++)
		if (strcmp(*skip, name) == 0)
			return true;
	return false;
}

static void walk_body(walker *w, const cl_body *body, const char *const *skip, const bound *b)
{
	for (uint32_t i = 0; i < body->n; i++) {
		const cl_item *it = &body->v[i];
		if (it->attr) {
			if (!skipped(it->attr->name, skip))
				walk(w, it->attr->expr, b);
			continue;
		}
		const cl_block *bl = it->block;
		if (skipped(bl->type, skip))
			continue;
		if (strcmp(bl->type, "dynamic") != 0 || bl->nlabels != 1) {
			walk_body(w, bl->body, NULL, b);
			continue;
		}
		/* dynamic "x" { for_each = ...; iterator = it; content { ... } }:
		 * the iterator (default: the label) is bound inside the content. */
		const char *it_name = bl->labels[0].s;
		for (uint32_t j = 0; j < bl->body->n; j++) {
			const cl_attr *at = bl->body->v[j].attr;
			if (at && strcmp(at->name, "iterator") == 0 && at->expr->kind == CL_E_VAR)
				it_name = at->expr->u.name;
		}
		bound ib = { it_name, b };
		for (uint32_t j = 0; j < bl->body->n; j++) {
			const cl_item *di = &bl->body->v[j];
			if (di->attr && strcmp(di->attr->name, "for_each") == 0)
				walk(w, di->attr->expr, b);
			else if (di->attr && strcmp(di->attr->name, "labels") == 0)
				walk(w, di->attr->expr, &ib);
			else if (di->block)
				walk_body(w, di->block->body, NULL, &ib);
		}
	}
}

void cl_refs_body(cl_arena *a, const cl_body *body, const char *const *skip, cl_refs *out)
{
	walker w = { a, out };
	walk_body(&w, body, skip, NULL);
}

void cl_refs_provisioners(cl_arena *a, const cl_body *body, cl_refs *out)
{
	static const char *const keywords[] = { "when", "on_failure", NULL };
	walker w = { a, out };
	bound self = { "self", NULL };
	for (uint32_t i = 0; i < body->n; i++) {
		const cl_block *bl = body->v[i].block;
		if (!bl || (strcmp(bl->type, "provisioner") && strcmp(bl->type, "connection")))
			continue;
		const cl_attr *when = NULL;
		for (uint32_t j = 0; j < bl->body->n; j++)
			if (bl->body->v[j].attr && !strcmp(bl->body->v[j].attr->name, "when"))
				when = bl->body->v[j].attr;
		if (when && when->expr->kind == CL_E_VAR && !strcmp(when->expr->u.name, "destroy"))
			continue;   /* runs with only self, as the object goes */
		walk_body(&w, bl->body, keywords, &self);
	}
}
