/* eval.c: expression evaluation with HCL's semantics: operators, templates,
 * conditionals, splats, references and function calls, with unknown values
 * and sensitive marks carried through all of them (for expressions are
 * eval_for.c).  What a root name means is the caller's (cl_eval_ctx.resolve). */
#include "compiler/eval_parts.h"
#include "compiler/number.h"
#include "compiler/convert.h"
#include "compiler/functions.h"
#include "util/suggest.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

cl_value *cl_eval_error(cl_eval_ctx *ctx, cl_loc loc, const char *fmt, ...)
{
	cl_buf b = CL_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	cl_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	cl_diag_error(ctx->diags, cl_loc_range(loc), "%s", cl_buf_str(&b));
	cl_buf_free(&b);
	return NULL;
}

static cl_value *too_large(cl_eval_ctx *ctx, cl_loc loc)
{
	cl_eval_error(ctx, loc, "this value is too large: more than %llu MiB (its strings, and 16 bytes per element)",
	         (unsigned long long)(CL_VALUE_MAX_SIZE >> 20));
	cl_diag_hint(ctx->diags, "clicamosc caps every value there, far above what AWS accepts; an expression "
	             "that doubles a value again and again gets there (a part used twice counts twice)");
	return NULL;
}

#define A (ctx->arena)

const char *cl_eval_type_name(cl_eval_ctx *ctx, const cl_value *v)
{
	return cl_type_friendly(A, cl_value_type(A, v));
}

cl_value *cl_eval_with_marks(cl_eval_ctx *ctx, cl_value *v, unsigned marks)
{
	return cl_value_mark(A, v, marks);
}

/* Hints listing what is there: "available: a, b, c". */
static void hint_names(cl_eval_ctx *ctx, const char *what, const char *given, const char *const *names, uint32_t n)
{
	const char *s = cl_suggest(given, names, n);
	if (s) {
		cl_diag_hint(ctx->diags, "did you mean \"%s\"?", s);
		return;
	}
	if (n == 0)
		return;
	cl_buf b = CL_BUF_INIT;
	for (uint32_t i = 0; i < n && i < 8; i++)
		cl_buf_printf(&b, "%s\"%s\"", i ? ", " : "", names[i]);
	if (n > 8)
		cl_buf_printf(&b, " and %u more", n - 8);
	cl_diag_hint(ctx->diags, "%s: %s", what, cl_buf_str(&b));
	cl_buf_free(&b);
}

/* Attribute and index access. */

static cl_value *get_attr(cl_eval_ctx *ctx, cl_value *v, const char *name, cl_loc loc)
{
	if (v->kind == CL_V_UNKNOWN) {
		const cl_type *t = v->type;
		if (t->kind == CL_T_OBJECT) {
			int i = cl_type_attr(t, name);
			if (i < 0) {
				cl_eval_error(ctx, loc, "no attribute \"%s\"", name);
				hint_names(ctx, "available attributes", name, t->names, t->n);
				return NULL;
			}
			return cl_eval_with_marks(ctx, cl_value_unknown(A, t->elems[i]), v->marks);
		}
		return cl_eval_with_marks(ctx, cl_value_unknown(A, t->kind == CL_T_MAP ? t->elem : NULL), v->marks);
	}
	if (v->kind == CL_V_NULL)
		return cl_eval_error(ctx, loc, "attempt to get attribute \"%s\" from a null value", name);
	if (v->kind == CL_V_OBJECT || v->kind == CL_V_MAP) {
		cl_value *r = cl_value_get(v, name);
		if (r)
			return cl_eval_with_marks(ctx, r, v->marks);
		if (v->kind == CL_V_MAP)
			cl_eval_error(ctx, loc, "no element for key \"%s\" in this map", name);
		else
			cl_eval_error(ctx, loc, "no attribute \"%s\"", name);
		if (!(v->marks & CL_MARK_SENSITIVE))   /* its keys may be secret too */
			hint_names(ctx, v->kind == CL_V_MAP ? "available keys" : "available attributes", name,
			           v->u.c.keys, v->n);
		return NULL;
	}
	cl_eval_error(ctx, loc, "cannot access attribute \"%s\" on a value of type %s", name, cl_eval_type_name(ctx, v));
	if (cl_value_is_seq(v))
		cl_diag_hint(ctx->diags, "to take \"%s\" of every element write [*].%s, or pick one element with [index]",
		             name, name);
	return NULL;
}

static cl_value *get_index(cl_eval_ctx *ctx, cl_value *v, cl_value *key, cl_loc loc)
{
	unsigned marks = v->marks | key->marks;
	if (v->kind == CL_V_NULL)
		return cl_eval_error(ctx, loc, "attempt to index a null value");
	if (key->kind == CL_V_NULL)
		return cl_eval_error(ctx, loc, "invalid index: the key is null");
	if (v->kind == CL_V_UNKNOWN || key->kind == CL_V_UNKNOWN) {
		const cl_type *t = cl_value_type(A, v);
		const cl_type *et = t->kind >= CL_T_LIST && t->kind <= CL_T_MAP ? t->elem : NULL;
		return cl_eval_with_marks(ctx, cl_value_unknown(A, et), marks);
	}
	const char *err;
	if (v->kind == CL_V_LIST || v->kind == CL_V_TUPLE) {
		cl_value *k = cl_convert(A, key, &cl_type_number, &err);
		int64_t i;
		if (!k || !cl_value_as_int(k, &i))
			return cl_eval_error(ctx, loc, "invalid index: a whole number is required to index a %s",
			                v->kind == CL_V_LIST ? "list" : "tuple");
		if (i < 0 || i >= v->n) {
			cl_eval_error(ctx, loc, "invalid index: index %lld is out of range for a %s of %u element%s",
			         (long long)i, v->kind == CL_V_LIST ? "list" : "tuple", v->n, v->n == 1 ? "" : "s");
			if (v->n)
				cl_diag_hint(ctx->diags, "valid indexes are 0 to %u", v->n - 1);
			return NULL;
		}
		return cl_eval_with_marks(ctx, v->u.c.v[i], marks);
	}
	if (cl_value_is_mapping(v)) {
		cl_value *k = cl_convert(A, key, &cl_type_string, &err);
		if (!k)
			return cl_eval_error(ctx, loc, "invalid index: a string key is required to index a %s",
			                v->kind == CL_V_MAP ? "map" : "object");
		cl_value *r = cl_value_get(v, k->u.str.s);
		if (r)
			return cl_eval_with_marks(ctx, r, marks);
		if (key->marks & CL_MARK_SENSITIVE)
			return cl_eval_error(ctx, loc, "invalid index: no element for the given (sensitive) key");
		cl_eval_error(ctx, loc, "invalid index: no element for key \"%s\"", k->u.str.s);
		if (!(v->marks & CL_MARK_SENSITIVE))
			hint_names(ctx, "available keys", k->u.str.s, v->u.c.keys, v->n);
		return NULL;
	}
	if (v->kind == CL_V_SET) {
		cl_eval_error(ctx, loc, "invalid index: elements of a set are identified only by their value and have no index");
		cl_diag_hint(ctx->diags, "convert it with tolist() to pick an element, or use a for expression");
		return NULL;
	}
	return cl_eval_error(ctx, loc, "invalid index: a value of type %s has no elements", cl_eval_type_name(ctx, v));
}

/* The innermost for-expression variable called name (NULL: the splat item). */
static const cl_eval_var *find_var(const cl_eval_ctx *ctx, const char *name)
{
	for (const cl_eval_var *v = ctx->vars; v; v = v->next)
		if (name ? v->name && strcmp(v->name, name) == 0 : !v->name)
			return v;
	return NULL;
}

/* References: a root name followed by attributes and indexes.  The steps
 * that are constant go to the resolver together; the rest apply here. */

enum { MAX_STEPS = 64 };

static cl_value *eval_reference(cl_eval_ctx *ctx, const cl_expr *e)
{
	const cl_expr *chain[MAX_STEPS];
	uint32_t n = 0;
	const cl_expr *root = e;
	while ((root->kind == CL_E_GETATTR || root->kind == CL_E_INDEX) && n < MAX_STEPS) {
		chain[n++] = root;
		root = root->kind == CL_E_GETATTR ? root->u.attr.obj : root->u.index.coll;
	}
	if (root->kind != CL_E_VAR) {
		/* (expr).a[0]: only this step here; the base evaluates itself. */
		chain[0] = e;
		n = 1;
		root = e->kind == CL_E_GETATTR ? e->u.attr.obj : e->u.index.coll;
	}
	/* chain[n-1] is the step next to the root; walk outwards. */
	cl_step *steps = CL_NEWN(A, cl_step, n + 1);
	uint32_t nsteps = 0;
	bool constant = root->kind == CL_E_VAR;
	bool failed = false;
	for (uint32_t i = n; i-- > 0;) {
		const cl_expr *s = chain[i];
		cl_step *st = &steps[n - 1 - i];
		if (s->kind == CL_E_GETATTR) {
			st->name = s->u.attr.name;
			st->loc = s->u.attr.name_loc;
		} else {
			st->key = cl_eval(ctx, s->u.index.key);
			st->loc = s->u.index.key->loc;
			if (!st->key)
				failed = true;
			else if (!cl_value_is_known(st->key) || (st->key->kind != CL_V_STRING && st->key->kind != CL_V_NUMBER))
				constant = false;
		}
		if (constant)
			nsteps = n - i;
	}
	if (failed)
		return NULL;
	cl_value *v;
	uint32_t used = 0;
	if (root->kind != CL_E_VAR) {
		v = cl_eval(ctx, root);
	} else if (find_var(ctx, root->u.name)) {
		v = find_var(ctx, root->u.name)->value;
	} else if (ctx->resolve) {
		cl_traversal t = { root->u.name, root->loc, steps, nsteps };
		v = ctx->resolve(ctx, &t, &used);
		if (used > nsteps)
			used = nsteps;
	} else {
		const char *names[16];
		uint32_t k = 0;
		for (const cl_eval_var *x = ctx->vars; x && k < 16; x = x->next)
			if (x->name)
				names[k++] = x->name;
		cl_eval_error(ctx, root->loc, "unknown variable \"%s\"", root->u.name);
		hint_names(ctx, "variables in scope", root->u.name, names, k);
		return NULL;
	}
	for (uint32_t i = used; v && i < n; i++) {
		const cl_step *st = &steps[i];
		v = st->name ? get_attr(ctx, v, st->name, st->loc) : get_index(ctx, v, st->key, st->loc);
	}
	return v;
}

/* Operators. */

static cl_value *operand(cl_eval_ctx *ctx, const cl_expr *e, const cl_type *t, const char *side)
{
	cl_value *v = cl_eval(ctx, e);
	if (!v)
		return NULL;
	if (v->kind == CL_V_NULL)
		return cl_eval_error(ctx, e->loc, "invalid %s: the value is null", side);
	const char *err;
	cl_value *c = cl_convert(A, v, t, &err);
	if (!c)
		return cl_eval_error(ctx, e->loc, "invalid %s: %s is required, not %s", side,
		                t->kind == CL_T_BOOL ? "a bool" : "a number",
		                v->kind == CL_V_STRING && !(v->marks & CL_MARK_SENSITIVE)
		                        ? cl_arena_printf(A, "\"%s\"", v->u.str.s) : cl_eval_type_name(ctx, v));
	return c;
}

static cl_value *arith(cl_eval_ctx *ctx, const cl_expr *e, cl_op op, cl_value *x, cl_value *y)
{
	int64_t a = x->u.num.i, b = y->u.num.i, r;
	bool ints = x->u.num.isint && y->u.num.isint;
	/* As cty: at 512 bits unless both are doubles a function made (which
	 * cty holds at 53); integers that overflow int64 go on exactly. */
	bool exact = (cl_num_exact(x) || cl_num_exact(y)) && isfinite(x->u.num.d) && isfinite(y->u.num.d);
	static const char ops[] = { [CL_OP_ADD] = '+', [CL_OP_SUB] = '-', [CL_OP_MUL] = '*', [CL_OP_DIV] = '/',
	                            [CL_OP_MOD] = '%' };
	if (exact && !ints && op >= CL_OP_MUL && op <= CL_OP_SUB && ops[op] && !(op == CL_OP_DIV && y->u.num.d == 0) &&
	    !(op == CL_OP_MOD && y->u.num.d == 0))
		return cl_num_arith(A, ops[op], x, y);
	if (exact && ints && op >= CL_OP_MUL && op <= CL_OP_SUB && ops[op] && op != CL_OP_DIV && op != CL_OP_MOD) {
		int64_t t;
		bool over = op == CL_OP_ADD ? __builtin_add_overflow(a, b, &t) : op == CL_OP_SUB ? __builtin_sub_overflow(a, b, &t)
		                                                                 : __builtin_mul_overflow(a, b, &t);
		if (over)
			return cl_num_arith(A, ops[op], x, y);
	}
	switch (op) {
	case CL_OP_ADD:
		if (ints && !__builtin_add_overflow(a, b, &r))
			return cl_value_int(A, r);
		return cl_value_double(A, x->u.num.d + y->u.num.d);
	case CL_OP_SUB:
		if (ints && !__builtin_sub_overflow(a, b, &r))
			return cl_value_int(A, r);
		return cl_value_double(A, x->u.num.d - y->u.num.d);
	case CL_OP_MUL:
		if (ints && !__builtin_mul_overflow(a, b, &r))
			return cl_value_int(A, r);
		return cl_value_double(A, x->u.num.d * y->u.num.d);
	case CL_OP_DIV:
		/* As cty: x/0 is an infinity, only 0/0 (and inf/inf) fails. */
		if ((x->u.num.d == 0 && y->u.num.d == 0) || (isinf(x->u.num.d) && isinf(y->u.num.d)))
			return cl_eval_error(ctx, e->loc, "operation failed: can't divide zero by zero or infinity by infinity");
		if (ints && b != 0 && b != -1 && a % b == 0)
			return cl_value_int(A, a / b);
		if (exact && y->u.num.d != 0)
			return cl_num_arith(A, '/', x, y);
		return cl_value_double(A, x->u.num.d / y->u.num.d);
	case CL_OP_MOD:
		/* As cty: x % 0 is x, and the remainder takes the dividend's sign. */
		if (y->u.num.d == 0)
			return x;
		if (ints)
			return cl_value_int(A, b == -1 ? 0 : a % b);
		return cl_value_double(A, fmod(x->u.num.d, y->u.num.d));
	default: {
		int c = cl_value_compare(x, y);
		bool t = op == CL_OP_LT ? c < 0 : op == CL_OP_GT ? c > 0 : op == CL_OP_LE ? c <= 0 : c >= 0;
		return cl_value_bool(A, t);
	}
	}
}

static cl_value *eval_binary(cl_eval_ctx *ctx, const cl_expr *e)
{
	cl_op op = (cl_op)e->op;
	if (op == CL_OP_EQ || op == CL_OP_NE) {
		cl_value *x = cl_eval(ctx, e->u.op.a), *y = cl_eval(ctx, e->u.op.b);
		if (!x || !y)
			return NULL;
		unsigned marks = cl_value_marks_deep(x) | cl_value_marks_deep(y);
		int eq = cl_value_equal(x, y);
		if (eq < 0)
			return cl_eval_with_marks(ctx, cl_value_unknown(A, &cl_type_bool), marks);
		return cl_eval_with_marks(ctx, cl_value_bool(A, (eq == 1) == (op == CL_OP_EQ)), marks);
	}
	bool logic = op == CL_OP_AND || op == CL_OP_OR;
	const cl_type *t = logic ? &cl_type_bool : &cl_type_number;
	cl_value *x = operand(ctx, e->u.op.a, t, "left operand");
	cl_value *y = operand(ctx, e->u.op.b, t, "right operand");
	if (!x || !y)
		return NULL;
	unsigned marks = x->marks | y->marks;
	if (logic) {
		/* A known false (&&) or true (||) decides it, whatever the other. */
		bool decider = op == CL_OP_OR;
		if ((x->kind == CL_V_BOOL && x->u.b == decider) || (y->kind == CL_V_BOOL && y->u.b == decider))
			return cl_eval_with_marks(ctx, cl_value_bool(A, decider), marks);
		if (!cl_value_is_known(x) || !cl_value_is_known(y))
			return cl_eval_with_marks(ctx, cl_value_unknown(A, &cl_type_bool), marks);
		return cl_eval_with_marks(ctx, cl_value_bool(A, !decider), marks);
	}
	bool cmp = op >= CL_OP_LT && op <= CL_OP_GE;
	if (!cl_value_is_known(x) || !cl_value_is_known(y))
		return cl_eval_with_marks(ctx, cl_value_unknown(A, cmp ? &cl_type_bool : &cl_type_number), marks);
	cl_value *r = arith(ctx, e, op, x, y);
	if (r && r->kind == CL_V_NUMBER && isnan(r->u.num.d))   /* inf - inf, 0 * inf */
		return cl_eval_error(ctx, e->loc, "operation failed: the result is not a number");
	return r ? cl_eval_with_marks(ctx, r, marks) : NULL;
}

static cl_value *eval_unary(cl_eval_ctx *ctx, const cl_expr *e)
{
	bool not = e->op == CL_OP_NOT;
	cl_value *x = operand(ctx, e->u.op.a, not ? &cl_type_bool : &cl_type_number, "operand");
	if (!x)
		return NULL;
	cl_value *r;
	if (!cl_value_is_known(x))
		r = cl_value_unknown(A, x->type);
	else if (not)
		r = cl_value_bool(A, !x->u.b);
	else if (x->u.num.isint && x->u.num.i != INT64_MIN && x->u.num.i != 0)
		r = cl_value_int(A, -x->u.num.i);
	else if (cl_num_exact(x))
		r = cl_num_neg(A, x);   /* -0 stays -0, as in cty */
	else
		r = cl_value_double(A, -x->u.num.d);
	return cl_eval_with_marks(ctx, r, x->marks);
}

/* Conditionals: both branches are evaluated for their type, but only the
 * chosen one's errors count (so that x != null ? x.a : "" works). */

static cl_value *eval_cond(cl_eval_ctx *ctx, const cl_expr *e)
{
	cl_value *c = cl_eval(ctx, e->u.cond.c);
	if (!c)
		return NULL;
	if (c->kind == CL_V_NULL)
		return cl_eval_error(ctx, e->u.cond.c->loc, "the condition is null; it must be either true or false");
	const char *err;
	cl_value *cb = cl_convert(A, c, &cl_type_bool, &err);
	if (!cb)
		return cl_eval_error(ctx, e->u.cond.c->loc, "the condition must be a bool, not %s", cl_eval_type_name(ctx, c));
	cl_diags dt = { 0 }, df = { 0 };
	cl_eval_ctx sub = *ctx;
	sub.diags = &dt;
	cl_value *t = cl_eval(&sub, e->u.cond.t);
	sub.diags = &df;
	cl_value *f = cl_eval(&sub, e->u.cond.f);
	bool known = cl_value_is_known(cb);
	bool pick_true = known && cb->u.b;
	/* Keep the chosen branch's errors (both, while the choice is unknown). */
	if (!known || pick_true)
		cl_diags_move(ctx->diags, &dt);
	if (!known || !pick_true)
		cl_diags_move(ctx->diags, &df);
	cl_diags_free(&dt);
	cl_diags_free(&df);
	cl_value *chosen = pick_true ? t : f;
	if (known && !chosen)
		return NULL;
	if (!known && (!t || !f))
		return NULL;
	/* The result type: a literal null takes the other side's. */
	const cl_type *rt;
	const cl_value *other = pick_true ? f : t;
	if (t && t->kind == CL_V_NULL && t->type->kind == CL_T_ANY && f)
		rt = cl_value_type(A, f);
	else if (f && f->kind == CL_V_NULL && f->type->kind == CL_T_ANY && t)
		rt = cl_value_type(A, t);
	else if (!other)
		rt = cl_value_type(A, chosen);
	else {
		const cl_type *ts[2] = { cl_value_type(A, t), cl_value_type(A, f) };
		rt = ts[0]->kind == CL_T_ANY || ts[1]->kind == CL_T_ANY ? &cl_type_any : cl_type_unify(A, ts, 2);
		if (!rt) {
			cl_eval_error(ctx, e->loc, "inconsistent conditional result types: the true value is %s, but the false value is %s",
			         cl_type_friendly(A, ts[0]), cl_type_friendly(A, ts[1]));
			cl_diag_hint(ctx->diags, "both results must be of types that can be converted to one type; "
			             "use tostring(), tolist() or the like to make them agree");
			return NULL;
		}
	}
	if (!known)
		return cl_eval_with_marks(ctx, cl_value_unknown(A, rt), c->marks);
	cl_value *r = cl_convert(A, chosen, rt, &err);
	if (!r)
		return cl_eval_error(ctx, (pick_true ? e->u.cond.t : e->u.cond.f)->loc,
		                "this result cannot be converted to the conditional's type: %s", err);
	return cl_eval_with_marks(ctx, r, c->marks);
}

/* Templates. */

static bool append_value(cl_eval_ctx *ctx, cl_buf *b, const cl_expr *part, unsigned *marks, bool *unknown);

/* A template loop can outgrow any one part: the text is checked as it grows. */
bool cl_eval_append_part(cl_eval_ctx *ctx, cl_buf *b, const cl_expr *part, unsigned *marks, bool *unknown)
{
	if (part->kind == CL_E_STRING)
		cl_buf_add(b, part->u.str.s, part->u.str.len);
	else if (!append_value(ctx, b, part, marks, unknown))
		return false;
	if (b->len <= CL_VALUE_MAX_SIZE)
		return true;
	too_large(ctx, part->loc);
	return false;
}

static bool append_value(cl_eval_ctx *ctx, cl_buf *b, const cl_expr *part, unsigned *marks, bool *unknown)
{
	cl_value *v = cl_eval(ctx, part);
	if (!v)
		return false;
	*marks |= v->marks;
	if (!cl_value_is_known(v)) {
		*unknown = true;
		return true;
	}
	if (v->kind == CL_V_NULL) {
		cl_eval_error(ctx, part->loc, "invalid template interpolation value: the expression result is null");
		cl_diag_hint(ctx->diags, "a string template cannot include null; use coalesce() or a conditional "
		             "to give a default");
		return false;
	}
	const char *err;
	cl_value *s = cl_convert(A, v, &cl_type_string, &err);
	if (!s) {
		cl_eval_error(ctx, part->loc, "invalid template interpolation value: cannot include a %s in a string template",
		         cl_eval_type_name(ctx, v));
		cl_diag_hint(ctx->diags, "use jsonencode() or join() to turn it into a string");
		return false;
	}
	cl_buf_add(b, s->u.str.s, s->u.str.len);
	return true;
}

static cl_value *template_parts(cl_eval_ctx *ctx, cl_expr *const *parts, uint32_t n)
{
	cl_buf b = CL_BUF_INIT;
	unsigned marks = 0;
	bool unknown = false, ok = true;
	for (uint32_t i = 0; i < n; i++)
		ok = cl_eval_append_part(ctx, &b, parts[i], &marks, &unknown) && ok;
	cl_value *r = NULL;
	if (ok)
		r = unknown ? cl_value_unknown(A, &cl_type_string) : cl_value_string(A, cl_buf_str(&b), b.len);
	cl_buf_free(&b);
	return r ? cl_eval_with_marks(ctx, r, marks) : NULL;
}

static cl_value *eval_template(cl_eval_ctx *ctx, const cl_expr *e)
{
	uint32_t n = e->u.list.n;
	/* "${x}" alone is x itself, of whatever type. */
	if (n == 1 && e->u.list.v[0]->kind != CL_E_STRING && e->u.list.v[0]->kind != CL_E_TMPL_IF &&
	    e->u.list.v[0]->kind != CL_E_TMPL_FOR)
		return cl_eval(ctx, e->u.list.v[0]);
	return template_parts(ctx, e->u.list.v, n);
}

static cl_value *eval_tmpl_if(cl_eval_ctx *ctx, const cl_expr *e)
{
	cl_value *c = operand(ctx, e->u.cond.c, &cl_type_bool, "condition");
	if (!c)
		return NULL;
	if (!cl_value_is_known(c))
		return cl_eval_with_marks(ctx, cl_value_unknown(A, &cl_type_string), c->marks);
	const cl_expr *branch = c->u.b ? e->u.cond.t : e->u.cond.f;
	if (!branch)
		return cl_eval_with_marks(ctx, cl_value_cstr(A, ""), c->marks);
	cl_value *r = template_parts(ctx, branch->u.list.v, branch->u.list.n);
	return r ? cl_eval_with_marks(ctx, r, c->marks) : NULL;
}

/* Splats: src[*].each maps each over a sequence; a single value is a
 * one-element tuple, null an empty one. */

static cl_value *eval_splat(cl_eval_ctx *ctx, const cl_expr *e)
{
	cl_value *src = cl_eval(ctx, e->u.splat.src);
	if (!src)
		return NULL;
	if (!cl_value_is_known(src))
		return cl_eval_with_marks(ctx, cl_value_unknown(A, NULL), src->marks);
	if (src->kind == CL_V_NULL)
		return cl_eval_with_marks(ctx, cl_value_tuple(A, NULL, 0), src->marks);
	bool seq = cl_value_is_seq(src);
	uint32_t n = seq ? src->n : 1;
	cl_value **out = CL_NEWN(A, cl_value *, n ? n : 1);
	const cl_eval_var *saved = ctx->vars;
	for (uint32_t i = 0; i < n; i++) {
		cl_eval_var item = { NULL, seq ? src->u.c.v[i] : src, saved };
		ctx->vars = &item;
		out[i] = e->u.splat.each ? cl_eval(ctx, e->u.splat.each) : item.value;
		ctx->vars = saved;
		if (!out[i])
			return NULL;
	}
	cl_value *r;
	if (src->kind == CL_V_LIST || src->kind == CL_V_SET) {
		const cl_type *t = cl_convert_common(A, out, n);
		r = t ? cl_value_list(A, t, out, n) : cl_value_tuple(A, out, n);
	} else {
		r = cl_value_tuple(A, out, n);
	}
	return cl_eval_with_marks(ctx, r, src->marks);
}

/* Calls. */

static cl_value *eval_call(cl_eval_ctx *ctx, const cl_expr *e)
{
	const char *name = e->u.call.name;
	const cl_function *fn = cl_function_lookup(name);
	if (!fn) {
		cl_eval_ctx st = *ctx;   /* try() does not catch it */
		st.diags = cl_eval_static_diags(ctx);
		ctx = &st;
		/* Terraform 0.11 configurations still call these. */
		static const struct { const char *name, *hint; } removed[] = {
			{ "list", "list() was removed in Terraform 0.12: write [a, b], or tolist([a, b])" },
			{ "map", "map() was removed in Terraform 0.12: write { key = value }, or tomap({ ... })" },
		};
		for (size_t i = 0; i < sizeof removed / sizeof removed[0]; i++)
			if (strcmp(name, removed[i].name) == 0) {
				cl_eval_error(ctx, e->u.call.name_loc, "function \"%s\" is not defined", name);
				cl_diag_hint(ctx->diags, "%s", removed[i].hint);
				return NULL;
			}
		const char **names = CL_NEWN(A, const char *, cl_nfunctions);
		for (uint32_t i = 0; i < cl_nfunctions; i++)
			names[i] = cl_functions[i].name;
		const char *s = cl_suggest(name, names, cl_nfunctions);
		if (s)
			return cl_eval_error(ctx, e->u.call.name_loc, "function \"%s\" is not defined; did you mean \"%s\"?", name, s);
		return cl_eval_error(ctx, e->u.call.name_loc, "function \"%s\" is not defined", name);
	}
	if (fn->flags & CL_FN_LAZY)
		return cl_function_call(ctx, fn, e, NULL, e->u.call.n);
	uint32_t n = e->u.call.n;
	cl_value **args = CL_NEWN(A, cl_value *, n ? n : 1);
	bool ok = true;
	for (uint32_t i = 0; i < n; i++)
		ok = (args[i] = cl_eval(ctx, e->u.call.v[i])) && ok;
	if (!ok)
		return NULL;
	if ((e->flags & CL_F_EXPAND) && n > 0) {
		cl_value *last = args[n - 1];
		const cl_expr *le = e->u.call.v[n - 1];
		if (!cl_value_is_known(last))
			return cl_eval_with_marks(ctx, cl_value_unknown(A, fn->ret), last->marks);
		if (last->kind == CL_V_NULL)
			return cl_eval_error(ctx, le->loc, "the expanding argument (followed by ...) must not be null");
		if (!cl_value_is_seq(last))
			return cl_eval_error(ctx, le->loc, "the expanding argument (followed by ...) must be a list, set or tuple, "
			                "not %s", cl_eval_type_name(ctx, last));
		cl_value **all = CL_NEWN(A, cl_value *, n - 1 + last->n + 1);
		memcpy(all, args, (n - 1) * sizeof *args);
		for (uint32_t i = 0; i < last->n; i++)
			all[n - 1 + i] = cl_eval_with_marks(ctx, last->u.c.v[i], last->marks);
		args = all;
		n = n - 1 + last->n;
	}
	return cl_function_call(ctx, fn, e, args, n);
}

/* Constructors. */

static cl_value *eval_tuple(cl_eval_ctx *ctx, const cl_expr *e)
{
	uint32_t n = e->u.list.n;
	cl_value **v = CL_NEWN(A, cl_value *, n ? n : 1);
	bool ok = true;
	for (uint32_t i = 0; i < n; i++)
		ok = (v[i] = cl_eval(ctx, e->u.list.v[i])) && ok;
	const cl_expr *only = n == 1 ? e->u.list.v[0] : NULL;
	if (ok && only && only->kind == CL_E_TEMPLATE && only->u.list.n == 1 &&
	    only->u.list.v[0]->kind != CL_E_STRING && (cl_value_is_seq(v[0]) || v[0]->kind == CL_V_SET)) {
		/* Terraform 0.11: ["${var.list}"] is the list itself (1.x would
		 * make a list holding the list). */
		cl_diag_warning(ctx->diags, cl_loc_range(e->loc), "[\"${...}\"] around a list is that list, as Terraform "
		                "0.11 read it");
		cl_diag_hint(ctx->diags, "write the list itself, without brackets and quotes (clicamosc fmt -upgrade "
		             "does it where it can tell)");
		return v[0];
	}
	return ok ? cl_value_tuple(A, v, n) : NULL;
}

static cl_value *eval_object(cl_eval_ctx *ctx, const cl_expr *e)
{
	uint32_t n = e->u.object.n, k = 0;
	const char **keys = CL_NEWN(A, const char *, n ? n : 1);
	cl_value **vals = CL_NEWN(A, cl_value *, n ? n : 1);
	unsigned marks = 0;
	bool ok = true, unknown = false;
	for (uint32_t i = 0; i < n; i++) {
		const cl_objitem *it = &e->u.object.v[i];
		const char *key = NULL;
		if (it->key_is_name && it->key->kind == CL_E_VAR) {
			key = it->key->u.name;
		} else {
			cl_value *kv = cl_eval(ctx, it->key);
			const char *err;
			cl_value *ks = NULL;
			if (!kv)
				ok = false;
			else if (!cl_value_is_known(kv))
				unknown = true;
			else if (kv->kind == CL_V_NULL)
				ok = cl_eval_error(ctx, it->key->loc, "an object key must not be null") != NULL;
			else if (!(ks = cl_convert(A, kv, &cl_type_string, &err)))
				ok = cl_eval_error(ctx, it->key->loc, "an object key must be a string, not %s", cl_eval_type_name(ctx, kv)) != NULL;
			if (ks) {
				key = ks->u.str.s;
				marks |= kv->marks;
			}
		}
		cl_value *v = cl_eval(ctx, it->value);
		if (!v)
			ok = false;
		if (key && v) {   /* a repeated key: the last one wins (cl_value_object) */
			keys[k] = key;
			vals[k++] = v;
		}
	}
	if (!ok)
		return NULL;
	if (unknown)
		return cl_eval_with_marks(ctx, cl_value_unknown(A, NULL), marks);
	return cl_eval_with_marks(ctx, cl_value_object(A, keys, vals, k), marks);
}

static cl_value *eval_node(cl_eval_ctx *ctx, const cl_expr *e);

/* Every value an expression builds is checked against the cap, so that a
 * runaway stops at a clear error, at most twice the cap in, instead of at
 * the memory limit.  References hand on values already checked. */
cl_value *cl_eval(cl_eval_ctx *ctx, const cl_expr *e)
{
	cl_value *v = eval_node(ctx, e);
	switch ((cl_expr_kind)e->kind) {
	case CL_E_VAR: case CL_E_GETATTR: case CL_E_INDEX: case CL_E_SPLAT_ITEM: case CL_E_PAREN:
	case CL_E_NUMBER: case CL_E_BOOL: case CL_E_NULL: case CL_E_STRING:
		return v;
	default:
		return v && !cl_value_within(v, CL_VALUE_MAX_SIZE) ? too_large(ctx, e->loc) : v;
	}
}

static cl_value *eval_node(cl_eval_ctx *ctx, const cl_expr *e)
{
	switch ((cl_expr_kind)e->kind) {
	case CL_E_NUMBER: {
		cl_value *v = cl_value_number_parse(A, e->u.text, strlen(e->u.text));
		return v ? v : cl_eval_error(ctx, e->loc, "invalid number \"%s\"", e->u.text);
	}
	case CL_E_BOOL:
		return cl_value_bool(A, e->u.boolean);
	case CL_E_NULL:
		return cl_value_null(A, NULL);
	case CL_E_STRING:
		return cl_value_string(A, e->u.str.s, e->u.str.len);
	case CL_E_TEMPLATE:
		return eval_template(ctx, e);
	case CL_E_TMPL_IF:
		return eval_tmpl_if(ctx, e);
	case CL_E_TMPL_FOR:
		return cl_eval_tmpl_for(ctx, e);
	case CL_E_VAR:
	case CL_E_GETATTR:
	case CL_E_INDEX:
		return eval_reference(ctx, e);
	case CL_E_SPLAT:
		return eval_splat(ctx, e);
	case CL_E_SPLAT_ITEM: {
		const cl_eval_var *item = find_var(ctx, NULL);
		return item ? item->value : cl_eval_error(ctx, e->loc, "a splat item outside a splat");
	}
	case CL_E_CALL:
		return eval_call(ctx, e);
	case CL_E_TUPLE:
		return eval_tuple(ctx, e);
	case CL_E_OBJECT:
		return eval_object(ctx, e);
	case CL_E_FOR:
		return cl_eval_for(ctx, e);
	case CL_E_UNARY:
		return eval_unary(ctx, e);
	case CL_E_BINARY:
		return eval_binary(ctx, e);
	case CL_E_COND:
		return eval_cond(ctx, e);
	case CL_E_PAREN:
		return cl_eval(ctx, e->u.op.a);
	}
	return cl_eval_error(ctx, e->loc, "cannot evaluate a %s here", cl_expr_kind_name((cl_expr_kind)e->kind));
}
