/* types.c: constructing, comparing and printing types, and parsing type
 * constraints from their syntax.  Types are immutable once built; the
 * primitive ones are static so that comparing them is comparing pointers. */
#include "compiler/types.h"
#include "grammar/ast.h"

#include <stdlib.h>
#include <string.h>

const cl_type cl_type_any = { .kind = CL_T_ANY };
const cl_type cl_type_bool = { .kind = CL_T_BOOL };
const cl_type cl_type_number = { .kind = CL_T_NUMBER };
const cl_type cl_type_string = { .kind = CL_T_STRING };

/* Collections of a primitive (or "any") are static: list(string), map(any)
 * and the like are built for every list and map value, and sharing them
 * keeps that from costing memory per value. */
static const cl_type prim_collections[3][4] = {
#define COLL(k) { { .kind = k, .elem = &cl_type_any }, { .kind = k, .elem = &cl_type_bool }, \
                  { .kind = k, .elem = &cl_type_number }, { .kind = k, .elem = &cl_type_string } }
	COLL(CL_T_LIST), COLL(CL_T_SET), COLL(CL_T_MAP),
#undef COLL
};

static const cl_type *const prims[4] = { &cl_type_any, &cl_type_bool, &cl_type_number, &cl_type_string };

int cl_type_static_id(const cl_type *t)
{
	for (int i = 0; i < 4; i++)
		if (t == prims[i])
			return i;
	const cl_type *first = &prim_collections[0][0];
	if (t >= first && t < first + 12)
		return 4 + (int)(t - first);
	return -1;
}

const cl_type *cl_type_static(int id)
{
	return id < 4 ? prims[id] : &prim_collections[0][0] + (id - 4);
}

const cl_type *cl_type_collection(cl_arena *a, cl_type_kind k, const cl_type *elem)
{
	for (int i = 0; i < 4; i++)
		if (elem == prim_collections[0][i].elem)
			return &prim_collections[k - CL_T_LIST][i];
	cl_type *t = CL_NEW(a, cl_type);
	t->kind = k;
	t->elem = elem;
	return t;
}

const cl_type *cl_type_tuple(cl_arena *a, const cl_type **elems, uint32_t n)
{
	cl_type *t = CL_NEW(a, cl_type);
	t->kind = CL_T_TUPLE;
	t->n = n;
	t->elems = CL_NEWN(a, const cl_type *, n ? n : 1);
	if (n)
		memcpy(t->elems, elems, n * sizeof *elems);
	return t;
}

const cl_type *cl_type_object(cl_arena *a, const char **names, const cl_type **types, uint32_t n)
{
	cl_type *t = CL_NEW(a, cl_type);
	t->kind = CL_T_OBJECT;
	t->n = n;
	t->names = CL_NEWN(a, const char *, n ? n : 1);
	t->elems = CL_NEWN(a, const cl_type *, n ? n : 1);
	/* Insertion sort: objects are small, and this keeps names and types paired. */
	for (uint32_t i = 0; i < n; i++) {
		uint32_t j = i;
		while (j > 0 && strcmp(t->names[j - 1], names[i]) > 0) {
			t->names[j] = t->names[j - 1];
			t->elems[j] = t->elems[j - 1];
			j--;
		}
		t->names[j] = names[i];
		t->elems[j] = types[i];
	}
	return t;
}

bool cl_type_equal(const cl_type *a, const cl_type *b)
{
	if (a == b)
		return true;
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case CL_T_LIST: case CL_T_SET: case CL_T_MAP:
		return cl_type_equal(a->elem, b->elem);
	case CL_T_TUPLE: case CL_T_OBJECT:
		if (a->n != b->n)
			return false;
		for (uint32_t i = 0; i < a->n; i++) {
			if (a->kind == CL_T_OBJECT && strcmp(a->names[i], b->names[i]) != 0)
				return false;
			if (!cl_type_equal(a->elems[i], b->elems[i]))
				return false;
		}
		return true;
	default:
		return true;
	}
}

bool cl_type_is_primitive(const cl_type *t)
{
	return t->kind == CL_T_BOOL || t->kind == CL_T_NUMBER || t->kind == CL_T_STRING;
}

bool cl_type_has_any(const cl_type *t)
{
	switch (t->kind) {
	case CL_T_ANY:
		return true;
	case CL_T_LIST: case CL_T_SET: case CL_T_MAP:
		return cl_type_has_any(t->elem);
	case CL_T_TUPLE: case CL_T_OBJECT:
		for (uint32_t i = 0; i < t->n; i++)
			if (cl_type_has_any(t->elems[i]))
				return true;
		return false;
	default:
		return false;
	}
}

int cl_type_attr(const cl_type *t, const char *name)
{
	int lo = 0, hi = (int)t->n - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2, c = strcmp(t->names[mid], name);
		if (c == 0)
			return mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static const char *const kind_names[] = {
	"any", "bool", "number", "string", "list", "set", "map", "tuple", "object",
};

void cl_type_print(cl_buf *b, const cl_type *t)
{
	cl_buf_puts(b, kind_names[t->kind]);
	switch (t->kind) {
	case CL_T_LIST: case CL_T_SET: case CL_T_MAP:
		cl_buf_putc(b, '(');
		cl_type_print(b, t->elem);
		cl_buf_putc(b, ')');
		break;
	case CL_T_TUPLE:
		cl_buf_puts(b, "([");
		for (uint32_t i = 0; i < t->n; i++) {
			if (i)
				cl_buf_puts(b, ", ");
			cl_type_print(b, t->elems[i]);
		}
		cl_buf_puts(b, "])");
		break;
	case CL_T_OBJECT:
		cl_buf_puts(b, "({");
		for (uint32_t i = 0; i < t->n; i++) {
			cl_buf_printf(b, "%s%s=", i ? ", " : "", t->names[i]);
			bool opt = t->optional && t->optional[i];
			if (opt)
				cl_buf_puts(b, "optional(");
			cl_type_print(b, t->elems[i]);
			if (opt)
				cl_buf_putc(b, ')');
		}
		cl_buf_puts(b, "})");
		break;
	default:
		break;
	}
}

const char *cl_type_friendly(cl_arena *a, const cl_type *t)
{
	switch (t->kind) {
	case CL_T_LIST: case CL_T_SET: case CL_T_MAP:
		return cl_arena_printf(a, "%s of %s", kind_names[t->kind], cl_type_friendly(a, t->elem));
	case CL_T_ANY:
		return "dynamic";
	default:
		return kind_names[t->kind];
	}
}

/* Type constraints.  The syntax is ordinary expressions read specially:
 * keywords are root variables, constructors are calls. */

static const cl_type *parse(cl_arena *a, const cl_expr *e, cl_diags *d, bool *opt, const cl_expr **def);

static const cl_type *bad(const cl_expr *e, cl_diags *d, const char *msg)
{
	cl_diag_error(d, cl_loc_range(e->loc), "invalid type specification: %s", msg);
	cl_diag_hint(d, "a type is string, number, bool, any, list(T), set(T), map(T), "
	             "tuple([T, ...]) or object({name = T, ...})");
	return NULL;
}

static const cl_type *keyword(const char *name, const cl_expr *e, cl_diags *d, bool quoted)
{
	static const struct { const char *name; const cl_type *t; } kw[] = {
		{ "string", &cl_type_string }, { "number", &cl_type_number },
		{ "bool", &cl_type_bool }, { "any", &cl_type_any },
	};
	for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++)
		if (strcmp(name, kw[i].name) == 0) {
			if (quoted) {
				cl_diag_warning(d, cl_loc_range(e->loc), "quoted type constraints are deprecated");
				cl_diag_hint(d, "write %s without the quotes", name);
			}
			return kw[i].t;
		}
	return NULL;
}

/* Terraform 0.11 wrote "list" and "map" (quoted or not) for list(any) and map(any). */
static const cl_type *legacy(cl_arena *a, const char *name)
{
	if (strcmp(name, "list") == 0)
		return cl_type_collection(a, CL_T_LIST, &cl_type_any);
	if (strcmp(name, "map") == 0)
		return cl_type_collection(a, CL_T_MAP, &cl_type_any);
	return NULL;
}

static const cl_type *parse_call(cl_arena *a, const cl_expr *e, cl_diags *d, bool *opt, const cl_expr **def)
{
	const char *fn = e->u.call.name;
	uint32_t n = e->u.call.n;
	cl_expr **args = e->u.call.v;
	static const struct { const char *name; cl_type_kind k; } colls[] = {
		{ "list", CL_T_LIST }, { "set", CL_T_SET }, { "map", CL_T_MAP },
	};
	for (size_t i = 0; i < 3; i++) {
		if (strcmp(fn, colls[i].name) != 0)
			continue;
		if (n != 1)
			return bad(e, d, cl_arena_printf(a, "the %s type constructor takes one argument, "
			                                  "the element type", fn));
		const cl_type *el = parse(a, args[0], d, NULL, NULL);
		return el ? cl_type_collection(a, colls[i].k, el) : NULL;
	}
	if (strcmp(fn, "optional") == 0) {
		if (!opt)
			return bad(e, d, "optional() is only allowed for an attribute of an object type");
		if (n < 1 || n > 2)
			return bad(e, d, "optional() takes a type and an optional default value");
		*opt = true;
		if (n == 2)
			*def = args[1];
		return parse(a, args[0], d, NULL, NULL);
	}
	if (strcmp(fn, "tuple") == 0) {
		if (n != 1 || args[0]->kind != CL_E_TUPLE)
			return bad(e, d, "the tuple type constructor takes a list of element types");
		const cl_expr *l = args[0];
		const cl_type **el = CL_NEWN(a, const cl_type *, l->u.list.n + 1);
		for (uint32_t i = 0; i < l->u.list.n; i++)
			if (!(el[i] = parse(a, l->u.list.v[i], d, NULL, NULL)))
				return NULL;
		return cl_type_tuple(a, el, l->u.list.n);
	}
	if (strcmp(fn, "object") == 0) {
		if (n != 1 || args[0]->kind != CL_E_OBJECT)
			return bad(e, d, "the object type constructor takes an object of attribute types");
		const cl_expr *o = args[0];
		uint32_t m = o->u.object.n;
		const char **names = CL_NEWN(a, const char *, m + 1);
		const cl_type **types = CL_NEWN(a, const cl_type *, m + 1);
		bool *opts = CL_NEWN(a, bool, m + 1), any_opt = false, any_def = false;
		const cl_expr **defs = CL_NEWN(a, const cl_expr *, m + 1);
		for (uint32_t i = 0; i < m; i++) {
			const cl_objitem *it = &o->u.object.v[i];
			const cl_expr *k = it->key;
			while (k->kind == CL_E_PAREN)
				k = k->u.op.a;
			if (k->kind == CL_E_VAR)
				names[i] = k->u.name;
			else if (k->kind == CL_E_TEMPLATE && k->u.list.n == 1 && k->u.list.v[0]->kind == CL_E_STRING)
				names[i] = k->u.list.v[0]->u.str.s;
			else
				return bad(k, d, "an attribute name must be a name or a quoted string");
			if (!(types[i] = parse(a, it->value, d, &opts[i], &defs[i])))
				return NULL;
			any_opt |= opts[i];
			any_def |= defs[i] != NULL;
		}
		cl_type *t = (cl_type *)cl_type_object(a, names, types, m);
		if (any_opt) {
			bool *sorted = CL_NEWN(a, bool, m + 1);
			for (uint32_t i = 0; i < m; i++)
				sorted[cl_type_attr(t, names[i])] = opts[i];
			t->optional = sorted;
		}
		if (any_def) {
			const cl_expr **sorted = CL_NEWN(a, const cl_expr *, m + 1);
			for (uint32_t i = 0; i < m; i++)
				sorted[cl_type_attr(t, names[i])] = defs[i];
			t->default_exprs = sorted;
		}
		return t;
	}
	return bad(e, d, cl_arena_printf(a, "unknown type constructor \"%s\"", fn));
}

static const cl_type *parse(cl_arena *a, const cl_expr *e, cl_diags *d, bool *opt, const cl_expr **def)
{
	const cl_type *t;
	switch (e->kind) {
	case CL_E_PAREN:
		return parse(a, e->u.op.a, d, opt, def);
	case CL_E_VAR:
		if ((t = keyword(e->u.name, e, d, false)) || (t = legacy(a, e->u.name)))
			return t;
		return bad(e, d, cl_arena_printf(a, "unknown type \"%s\"", e->u.name));
	case CL_E_TEMPLATE:
		if (e->u.list.n == 1 && e->u.list.v[0]->kind == CL_E_STRING) {
			const char *s = e->u.list.v[0]->u.str.s;
			if ((t = keyword(s, e, d, true)) || (t = legacy(a, s)))
				return t;
		}
		return bad(e, d, "a type is written without quotes");
	case CL_E_CALL:
		return parse_call(a, e, d, opt, def);
	default:
		return bad(e, d, "expected a type keyword or constructor");
	}
}

const cl_type *cl_type_parse(cl_arena *a, const cl_expr *e, cl_diags *d)
{
	return parse(a, e, d, NULL, NULL);
}
