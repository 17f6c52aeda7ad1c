/* eval_for.c: for expressions ([for ...], {for ...}, grouping with "...")
 * and %{for} in templates: the collection, the bound variables, the "if"
 * filter, the keys, with unknown values and sensitive marks carried. */
#include "compiler/eval_parts.h"
#include "compiler/convert.h"

#define A (ctx->arena)

typedef struct iter {
	cl_value *coll;
	uint32_t i;
} iter;

static cl_value *iter_key(cl_eval_ctx *ctx, const iter *it)
{
	cl_value *c = it->coll;
	if (cl_value_is_mapping(c))
		return cl_value_cstr(A, c->u.c.keys[it->i]);
	if (c->kind == CL_V_SET)
		return c->u.c.v[it->i];
	return cl_value_int(A, it->i);
}

/* The collection to iterate, or NULL (error) / *unknown. */
static cl_value *for_collection(cl_eval_ctx *ctx, const cl_forx *f, bool *unknown)
{
	cl_value *coll = cl_eval(ctx, f->coll);
	if (!coll)
		return NULL;
	*unknown = !cl_value_is_known(coll);
	if (*unknown)
		return coll;
	if (coll->kind == CL_V_NULL)
		return cl_eval_error(ctx, f->coll->loc, "iteration over a null value: a for expression needs a collection");
	if (coll->kind < CL_V_LIST)
		return cl_eval_error(ctx, f->coll->loc, "iteration over a non-iterable value: a %s cannot be the collection "
		                "of a for expression", cl_eval_type_name(ctx, coll));
	return coll;
}

static void bind(cl_eval_ctx *ctx, cl_eval_var *kv, cl_eval_var *vv, const cl_forx *f, const iter *it)
{
	unsigned marks = it->coll->marks;
	vv->name = f->val_var;
	vv->value = cl_eval_with_marks(ctx, it->coll->u.c.v[it->i], marks);
	vv->next = ctx->vars;
	ctx->vars = vv;
	if (f->key_var) {
		kv->name = f->key_var;
		kv->value = cl_eval_with_marks(ctx, iter_key(ctx, it), marks);
		kv->next = ctx->vars;
		ctx->vars = kv;
	}
}

/* What one element of a for expression does. */
enum { FOR_FAIL = -1, FOR_SKIP, FOR_KEEP, FOR_UNKNOWN };

/* The "if" clause. */
static int for_filter(cl_eval_ctx *ctx, const cl_forx *f, unsigned *marks)
{
	if (!f->cond)
		return FOR_KEEP;
	cl_value *c = cl_eval(ctx, f->cond);
	if (!c)
		return FOR_FAIL;
	*marks |= c->marks;
	if (c->kind == CL_V_NULL) {
		cl_eval_error(ctx, f->cond->loc, "the for expression's condition is null; it must be true or false");
		return FOR_FAIL;
	}
	const char *err;
	cl_value *b = cl_convert(A, c, &cl_type_bool, &err);
	if (!b) {
		cl_eval_error(ctx, f->cond->loc, "the for expression's condition must be a bool, not %s", cl_eval_type_name(ctx, c));
		return FOR_FAIL;
	}
	return !cl_value_is_known(b) ? FOR_UNKNOWN : b->u.b ? FOR_KEEP : FOR_SKIP;
}

/* An object for's key, in *key. */
static int for_key(cl_eval_ctx *ctx, const cl_forx *f, const char **key, unsigned *marks)
{
	cl_value *k = cl_eval(ctx, f->key);
	if (!k)
		return FOR_FAIL;
	*marks |= k->marks;
	if (!cl_value_is_known(k))
		return FOR_UNKNOWN;
	if (k->kind == CL_V_NULL) {
		cl_eval_error(ctx, f->key->loc, "the key of a for expression must not be null");
		return FOR_FAIL;
	}
	const char *err;
	cl_value *s = cl_convert(A, k, &cl_type_string, &err);
	if (!s) {
		cl_eval_error(ctx, f->key->loc, "the key of a for expression must be a string, not %s", cl_eval_type_name(ctx, k));
		return FOR_FAIL;
	}
	*key = s->u.str.s;
	return FOR_KEEP;
}

/* {for ...} without "...": every key once.  grouped is ours, not yet
 * shared, so its tuples are replaced by their elements in place. */
static cl_value *unique_keys(cl_eval_ctx *ctx, const cl_forx *f, cl_value *grouped, unsigned marks)
{
	for (uint32_t i = 0; i < grouped->n; i++) {
		cl_value *g = grouped->u.c.v[i];
		if (g->n > 1) {
			cl_eval_error(ctx, f->key->loc, "duplicate object key \"%s\" in this for expression",
			         marks & CL_MARK_SENSITIVE ? "(sensitive value)" : grouped->u.c.keys[i]);
			cl_diag_hint(ctx->diags, "if duplicates are expected, add \"...\" after the value expression to group "
			             "the values of each key into a tuple");
			return NULL;
		}
		grouped->u.c.v[i] = g->u.c.v[0];
	}
	return grouped;
}

cl_value *cl_eval_for(cl_eval_ctx *ctx, const cl_expr *e)
{
	const cl_forx *f = e->u.forx;
	bool objfor = e->flags & CL_F_OBJFOR, unknown;
	cl_value *coll = for_collection(ctx, f, &unknown);
	if (!coll)
		return NULL;
	if (unknown)
		return cl_eval_with_marks(ctx, cl_value_unknown(A, NULL), coll->marks);
	uint32_t n = coll->n, k = 0;
	const char **keys = CL_NEWN(A, const char *, n ? n : 1);
	cl_value **vals = CL_NEWN(A, cl_value *, n ? n : 1);
	unsigned marks = coll->marks;
	const cl_eval_var *saved = ctx->vars;
	int st = FOR_KEEP;
	for (iter it = { coll, 0 }; it.i < n && (st == FOR_KEEP || st == FOR_SKIP); it.i++) {
		cl_eval_var kv, vv;
		bind(ctx, &kv, &vv, f, &it);
		st = for_filter(ctx, f, &marks);
		if (st == FOR_KEEP && objfor)
			st = for_key(ctx, f, &keys[k], &marks);
		if (st == FOR_KEEP && !(vals[k] = cl_eval(ctx, f->val)))
			st = FOR_FAIL;
		ctx->vars = saved;
		if (st == FOR_KEEP)
			k++;
	}
	if (st == FOR_UNKNOWN)
		return cl_eval_with_marks(ctx, cl_value_unknown(A, NULL), marks);
	if (st == FOR_FAIL)
		return NULL;
	cl_value *r;
	if (!objfor)
		r = cl_value_tuple(A, vals, k);
	else if ((r = cl_value_object_grouped(A, keys, vals, k)) && !(e->flags & CL_F_GROUP))
		r = unique_keys(ctx, f, r, marks);
	return r ? cl_eval_with_marks(ctx, r, marks) : NULL;
}

cl_value *cl_eval_tmpl_for(cl_eval_ctx *ctx, const cl_expr *e)
{
	const cl_forx *f = e->u.forx;
	bool unknown;
	cl_value *coll = for_collection(ctx, f, &unknown);
	if (!coll)
		return NULL;
	if (unknown)
		return cl_eval_with_marks(ctx, cl_value_unknown(A, &cl_type_string), coll->marks);
	cl_buf b = CL_BUF_INIT;
	unsigned marks = coll->marks;
	bool ok = true;
	const cl_eval_var *saved = ctx->vars;
	for (iter it = { coll, 0 }; it.i < coll->n && ok; it.i++) {
		cl_eval_var kv, vv;
		bind(ctx, &kv, &vv, f, &it);
		for (uint32_t i = 0; i < f->val->u.list.n && ok; i++)
			ok = cl_eval_append_part(ctx, &b, f->val->u.list.v[i], &marks, &unknown);
		ctx->vars = saved;
	}
	cl_value *r = NULL;
	if (ok)
		r = unknown ? cl_value_unknown(A, &cl_type_string) : cl_value_string(A, cl_buf_str(&b), b.len);
	cl_buf_free(&b);
	return r ? cl_eval_with_marks(ctx, r, marks) : NULL;
}
