/* instance.c: evaluating a resource body against its schema. */
#include "compiler/instance.h"
#include "compiler/convert.h"

#include <string.h>

typedef struct ev {
	cl_scope *sc;
	cl_arena *a;
	cl_diags *d;
	const char *what;
	bool failed;
} ev;

static const cl_attr *find_attr(const cl_body *b, const char *name)
{
	for (uint32_t i = 0; i < b->n; i++)
		if (b->v[i].attr && !strcmp(b->v[i].attr->name, name))
			return b->v[i].attr;
	return NULL;
}

static cl_value *eval_in(ev *x, const cl_expr *e)
{
	cl_value *v = cl_scope_eval(x->sc, x->a, x->d, e);
	if (!v)
		x->failed = true;
	return v;
}

/* ["${split(",", x)}"]: Terraform 0.11 wrapped a list in an interpolation;
 * it means the list itself, not a list holding a list. */
static const cl_expr *legacy_wrapped_list(const cl_expr *e)
{
	if (e->kind != CL_E_TUPLE || e->u.list.n != 1)
		return NULL;
	const cl_expr *t = e->u.list.v[0];
	if (t->kind != CL_E_TEMPLATE || t->u.list.n != 1 || t->u.list.v[0]->kind == CL_E_STRING)
		return NULL;
	return t->u.list.v[0];
}

static cl_value *eval_attr(ev *x, const cl_attr *at, const cl_schema_attr *sa)
{
	const cl_type *t = cl_schema_attr_type(x->a, sa);
	cl_attr unwrapped;
	const cl_expr *inner = (sa->type == CL_AT_LIST || sa->type == CL_AT_SET) ? legacy_wrapped_list(at->expr) : NULL;
	if (inner) {
		cl_diags quiet = { 0 };
		cl_value *v = cl_scope_eval(x->sc, x->a, &quiet, inner);
		bool is_list = v && (cl_value_is_seq(v) || (v->kind == CL_V_UNKNOWN && v->type &&
		                      (v->type->kind == CL_T_LIST || v->type->kind == CL_T_TUPLE || v->type->kind == CL_T_SET)));
		cl_diags_free(&quiet);
		if (is_list) {
			cl_diag_warning(x->d, cl_loc_range(at->expr->loc), "a list wrapped in an interpolation is deprecated");
			cl_diag_hint(x->d, "write the list expression itself, without [\"${ ... }\"]");
			unwrapped = *at;
			unwrapped.expr = (cl_expr *)inner;
			at = &unwrapped;
		}
	}
	cl_value *v = eval_in(x, at->expr);
	if (!v)
		return NULL;
	const char *err = NULL;
	cl_value *c = cl_convert(x->a, v, t, &err);
	if (!c) {
		cl_buf b = CL_BUF_INIT;
		cl_type_print(&b, t);
		cl_diag_error(x->d, cl_loc_range(at->expr->loc), "invalid value for %s argument \"%s\": %s", x->what, at->name, err);
		cl_diag_hint(x->d, "\"%s\" takes a %s", at->name, cl_buf_str(&b));
		cl_buf_free(&b);
		x->failed = true;
	}
	return c;
}

/* A schema default, written as an HCL literal in the provider's table;
 * null of the attribute's type when it has none. */
cl_value *cl_schema_default(cl_arena *a, const cl_schema_attr *sa)
{
	if (!sa->def)
		return cl_value_null(a, cl_schema_attr_type(a, sa));
	if (!strcmp(sa->def, "true") || !strcmp(sa->def, "false"))
		return cl_value_bool(a, sa->def[0] == 't');
	if (sa->def[0] == '"')
		return cl_value_string(a, sa->def + 1, strlen(sa->def) - 2);
	return cl_value_number_parse(a, sa->def, strlen(sa->def));
}

/* tags { Name = "x" }: a map written as a block (Terraform 0.11). */
static cl_value *legacy_map_block(ev *x, const cl_block *bl, const cl_schema_attr *sa)
{
	uint32_t n = bl->body->n;
	const char **keys = CL_NEWN(x->a, const char *, n + 1);
	cl_value **vals = CL_NEWN(x->a, cl_value *, n + 1);
	uint32_t k = 0;
	for (uint32_t i = 0; i < n; i++) {
		const cl_attr *at = bl->body->v[i].attr;
		if (!at)
			continue;
		cl_value *v = eval_in(x, at->expr);
		if (!v)
			return NULL;
		keys[k] = at->name;
		vals[k++] = v;
	}
	const char *err;
	cl_value *c = cl_convert(x->a, cl_value_object(x->a, keys, vals, k), cl_schema_attr_type(x->a, sa), &err);
	if (!c) {
		cl_diag_error(x->d, cl_loc_range(bl->type_loc), "invalid value for %s argument \"%s\": %s", x->what, sa->name, err);
		x->failed = true;
	}
	return c;
}

static cl_value *eval_body(ev *x, const cl_body *b, const cl_schema *s);

/* How many fields a block's object has: its arguments and block types. */
static unsigned fields(const cl_schema *s)
{
	unsigned n = 0;
	for (const cl_schema_attr *sa = s->attrs; sa->name; sa++)
		n++;
	for (const cl_schema_block *sb = s->blocks; sb && sb->name; sb++)
		n++;
	return n;
}

/* One element of listener = [{...}, ...] (Terraform 0.11 assigned a list
 * of maps to a block type) as the block's object: each argument from the
 * map, converted, or its default; nested blocks from lists of maps. */
static cl_value *legacy_block_object(ev *x, const cl_value *m, const cl_schema *s, const char *name, cl_loc at)
{
	if (!cl_value_is_mapping(m)) {
		cl_diag_error(x->d, cl_loc_range(at), "each element assigned to the %s block must be a map, not %s", name,
		              cl_value_is_null(m) ? "null" : cl_type_friendly(x->a, cl_value_type(x->a, m)));
		return NULL;
	}
	for (uint32_t i = 0; i < m->n; i++)
		if (!cl_schema_attr_find(s, m->u.c.keys[i]) && !cl_schema_block_find(s, m->u.c.keys[i])) {
			cl_diag_error(x->d, cl_loc_range(at), "unsupported argument \"%s\" in a %s block", m->u.c.keys[i], name);
			return NULL;
		}
	const cl_type *ot = cl_schema_type(x->a, s);
	unsigned n = fields(s);
	const char **keys = CL_NEWN(x->a, const char *, n + 1);
	cl_value **vals = CL_NEWN(x->a, cl_value *, n + 1);
	unsigned i = 0;
	for (const cl_schema_attr *sa = s->attrs; sa->name; sa++, i++) {
		keys[i] = sa->name;
		cl_value *v = cl_value_get(m, sa->name);
		const char *err = NULL;
		if (v && (sa->flags & (CL_SA_REQUIRED | CL_SA_OPTIONAL)) && !cl_value_is_null(v)) {
			vals[i] = cl_convert(x->a, v, cl_schema_attr_type(x->a, sa), &err);
			if (!vals[i]) {
				cl_diag_error(x->d, cl_loc_range(at), "invalid value for \"%s\" in a %s block: %s", sa->name, name, err);
				return NULL;
			}
		} else if ((sa->flags & CL_SA_REQUIRED) && !v) {
			cl_diag_error(x->d, cl_loc_range(at), "a %s block needs the argument \"%s\"", name, sa->name);
			return NULL;
		} else {
			vals[i] = cl_schema_default(x->a, sa);
		}
	}
	for (const cl_schema_block *sb = s->blocks; sb && sb->name; sb++, i++) {
		keys[i] = sb->name;
		const cl_type *bt = ot->elems[cl_type_attr(ot, sb->name)];
		cl_value *v = cl_value_get(m, sb->name);
		uint32_t ne = v && cl_value_is_seq(v) ? v->n : 0;
		cl_value **elems = CL_NEWN(x->a, cl_value *, ne + 1);
		for (uint32_t k = 0; k < ne; k++)
			if (!(elems[k] = legacy_block_object(x, v->u.c.v[k], sb->body, sb->name, at)))
				return NULL;
		vals[i] = sb->nesting == CL_NEST_SET ? cl_value_set(x->a, bt->elem, elems, ne)
		                                     : cl_value_list(x->a, bt->elem, elems, ne);
	}
	return cl_value_object(x->a, keys, vals, n);
}

/* listener = ["${var.listeners}"] or = [{...}]: the blocks it gives. */
static bool legacy_blocks(ev *x, const cl_attr *at, const cl_schema_block *sb, cl_value ***out, uint32_t *n,
                          bool *unknown)
{
	const cl_expr *e = legacy_wrapped_list(at->expr);
	cl_value *v = NULL;
	if (e) {   /* ["${var.listeners}"]: the list itself, if it is one */
		cl_diags quiet = { 0 };
		v = cl_scope_eval(x->sc, x->a, &quiet, e);
		cl_diags_free(&quiet);
		if (v && !cl_value_is_seq(v) && cl_value_is_known(v))
			v = NULL;
	}
	if (!v && !(v = eval_in(x, at->expr)))
		return false;
	if (!cl_value_is_wholly_known(v)) {
		*unknown = true;
		return true;
	}
	if (cl_value_is_null(v))
		return true;
	if (!cl_value_is_seq(v)) {
		cl_diag_error(x->d, cl_loc_range(at->expr->loc), "\"%s\" is a block: assign it a list of maps, not %s",
		              sb->name, cl_type_friendly(x->a, cl_value_type(x->a, v)));
		return false;
	}
	for (uint32_t i = 0; i < v->n; i++) {
		cl_value *o = legacy_block_object(x, cl_value_unmark(x->a, v->u.c.v[i]), sb->body, sb->name, at->expr->loc);
		if (!o)
			return false;
		*out = cl_arena_realloc(x->a, *out, *n * sizeof **out, (*n + 1) * sizeof **out);
		(*out)[(*n)++] = o;
	}
	return true;
}

/* Appends the objects of the blocks named sb->name (static and dynamic). */
static bool collect_blocks(ev *x, const cl_body *b, const cl_schema_block *sb, cl_value ***out, uint32_t *n,
                           bool *unknown);

static bool dynamic_blocks(ev *x, const cl_block *bl, const cl_schema_block *sb, cl_value ***out, uint32_t *n,
                           bool *unknown)
{
	const cl_attr *fe = find_attr(bl->body, "for_each");
	const cl_attr *iter = find_attr(bl->body, "iterator");
	const cl_block *content = NULL;
	for (uint32_t i = 0; i < bl->body->n; i++)
		if (bl->body->v[i].block && !strcmp(bl->body->v[i].block->type, "content"))
			content = bl->body->v[i].block;
	if (!fe || !content)
		return false;   /* reported when the configuration was decoded */
	const char *name = sb->name;
	if (iter) {
		if (iter->expr->kind != CL_E_VAR) {
			cl_diag_error(x->d, cl_loc_range(iter->expr->loc), "iterator must be a name, e.g. iterator = rule");
			return false;
		}
		name = iter->expr->u.name;
	}
	cl_value *coll = eval_in(x, fe->expr);
	if (!coll)
		return false;
	if (!cl_value_is_known(coll)) {
		*unknown = true;
		return true;
	}
	if (cl_value_is_null(coll) || !(cl_value_is_seq(coll) || cl_value_is_mapping(coll))) {
		cl_diag_error(x->d, cl_loc_range(fe->expr->loc), "a dynamic block's for_each must be a collection, not %s",
		              cl_value_is_null(coll) ? "null" : cl_type_friendly(x->a, cl_value_type(x->a, coll)));
		x->failed = true;
		return false;
	}
	for (uint32_t i = 0; i < coll->n; i++) {
		const char *keys[2] = { "key", "value" };
		cl_value *vals[2] = { cl_value_is_mapping(coll) ? cl_value_cstr(x->a, coll->u.c.keys[i]) : cl_value_int(x->a, i),
		                      coll->u.c.v[i] };
		cl_binding bind = { name, cl_value_object(x->a, keys, vals, 2), x->sc->extra };
		const cl_binding *saved = x->sc->extra;
		x->sc->extra = &bind;
		cl_value *o = eval_body(x, content->body, sb->body);
		x->sc->extra = saved;
		if (!o)
			return false;
		*out = cl_arena_realloc(x->a, *out, *n * sizeof **out, (*n + 1) * sizeof **out);
		(*out)[(*n)++] = o;
	}
	return true;
}

static bool collect_blocks(ev *x, const cl_body *b, const cl_schema_block *sb, cl_value ***out, uint32_t *n,
                           bool *unknown)
{
	const cl_attr *as_list = find_attr(b, sb->name);
	if (as_list && !legacy_blocks(x, as_list, sb, out, n, unknown))
		return false;
	for (uint32_t i = 0; i < b->n; i++) {
		const cl_block *bl = b->v[i].block;
		if (!bl)
			continue;
		if (!strcmp(bl->type, "dynamic") && bl->nlabels == 1 && !strcmp(bl->labels[0].s, sb->name)) {
			if (!dynamic_blocks(x, bl, sb, out, n, unknown))
				return false;
		} else if (!strcmp(bl->type, sb->name)) {
			cl_value *o = eval_body(x, bl->body, sb->body);
			if (!o)
				return false;
			*out = cl_arena_realloc(x->a, *out, *n * sizeof **out, (*n + 1) * sizeof **out);
			(*out)[(*n)++] = o;
		}
	}
	return true;
}

static cl_value *eval_body(ev *x, const cl_body *b, const cl_schema *s)
{
	unsigned n = fields(s);
	const char **keys = CL_NEWN(x->a, const char *, n + 1);
	cl_value **vals = CL_NEWN(x->a, cl_value *, n + 1);
	const cl_type *ot = cl_schema_type(x->a, s);   /* made once: the blocks' types */
	unsigned i = 0;
	for (const cl_schema_attr *sa = s->attrs; sa->name; sa++, i++) {
		keys[i] = sa->name;
		const cl_attr *at = find_attr(b, sa->name);
		const cl_block *mb = NULL;
		for (uint32_t j = 0; !at && (sa->type == CL_AT_MAP || sa->type == CL_AT_ANY) && j < b->n; j++)
			if (b->v[j].block && !strcmp(b->v[j].block->type, sa->name))
				mb = b->v[j].block;
		bool given = at && (sa->flags & (CL_SA_REQUIRED | CL_SA_OPTIONAL));
		vals[i] = given ? eval_attr(x, at, sa) : mb ? legacy_map_block(x, mb, sa) : NULL;
		if (!vals[i] && (given || mb))   /* failed: reported */
			vals[i] = cl_value_unknown(x->a, cl_schema_attr_type(x->a, sa));
		/* "= null" is the argument left out: it takes the default too. */
		if (!vals[i] || cl_value_is_null(vals[i]))
			vals[i] = cl_schema_default(x->a, sa);
	}
	for (const cl_schema_block *sb = s->blocks; sb && sb->name; sb++, i++) {
		keys[i] = sb->name;
		cl_value **elems = NULL;
		uint32_t ne = 0;
		bool unknown = false;
		const cl_type *bt = ot->elems[cl_type_attr(ot, sb->name)];
		if (!collect_blocks(x, b, sb, &elems, &ne, &unknown))
			x->failed = true;
		if (unknown)
			vals[i] = cl_value_unknown(x->a, bt);
		else if (sb->nesting == CL_NEST_SET)
			vals[i] = cl_value_set(x->a, bt->elem, elems, ne);
		else
			vals[i] = cl_value_list(x->a, bt->elem, elems, ne);
	}
	return cl_value_object(x->a, keys, vals, n);
}

cl_value *cl_instance_eval(cl_scope *sc, cl_arena *a, cl_diags *d, const cl_body *b, const cl_schema *s,
                           const char *what)
{
	ev x = { sc, a, d, what, false };
	cl_value *v = eval_body(&x, b, s);
	return x.failed ? NULL : v;
}
