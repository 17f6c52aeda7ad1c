/* convert.c: converting values between types and finding a common type,
 * after cty's convert package.  Messages are cty's, so that what a user
 * sees matches what Terraform says for the same mistake. */
#include "compiler/convert.h"

#include <string.h>

static const char *required(cl_arena *a, const cl_type *t)
{
	if (t->kind == CL_T_BOOL)
		return "bool required";
	if (t->kind == CL_T_NUMBER)
		return "number required";
	if (t->kind == CL_T_STRING)
		return "string required";
	if (t->kind >= CL_T_LIST && t->kind <= CL_T_MAP && t->elem->kind == CL_T_ANY)
		return cl_arena_printf(a, "%s of any single type required",
		                       t->kind == CL_T_LIST ? "list" : t->kind == CL_T_SET ? "set" : "map");
	return cl_arena_printf(a, "%s required", cl_type_friendly(a, t));
}

static cl_value *to_primitive(cl_arena *a, cl_value *v, const cl_type *t, const char **err)
{
	if (v->kind == CL_V_STRING && t->kind == CL_T_STRING)
		return v;
	if (v->kind == CL_V_NUMBER && t->kind == CL_T_NUMBER)
		return v;
	if (v->kind == CL_V_BOOL && t->kind == CL_T_BOOL)
		return v;
	if (t->kind == CL_T_STRING && v->kind == CL_V_NUMBER) {
		cl_buf b = CL_BUF_INIT;
		cl_value_number(&b, v);
		cl_value *r = cl_value_string(a, cl_buf_str(&b), b.len);
		cl_buf_free(&b);
		return r;
	}
	if (t->kind == CL_T_STRING && v->kind == CL_V_BOOL)
		return cl_value_cstr(a, v->u.b ? "true" : "false");
	if (t->kind == CL_T_NUMBER && v->kind == CL_V_STRING) {
		cl_value *r = cl_value_number_parse(a, v->u.str.s, v->u.str.len);
		if (!r)
			*err = "a number is required";
		return r;
	}
	if (t->kind == CL_T_BOOL && v->kind == CL_V_STRING) {
		if (strcmp(v->u.str.s, "true") == 0)
			return cl_value_bool(a, true);
		if (strcmp(v->u.str.s, "false") == 0)
			return cl_value_bool(a, false);
		*err = "a bool is required";
		return NULL;
	}
	*err = required(a, t);
	return NULL;
}

static cl_value *conv(cl_arena *a, cl_value *v, const cl_type *t, const char **err);

/* Elements of a collection: each to elem, then (when elem has "any" in it)
 * all to the one type they have in common. */
static cl_value **conv_elems(cl_arena *a, cl_value *v, const cl_type *elem,
                             const cl_type **out_elem, const char **err)
{
	uint32_t n = v->n;
	cl_value **r = CL_NEWN(a, cl_value *, n ? n : 1);
	for (uint32_t i = 0; i < n; i++) {
		const char *e = NULL;
		if (!(r[i] = conv(a, v->u.c.v[i], elem, &e))) {
			*err = v->u.c.keys ? cl_arena_printf(a, "element \"%s\": %s", v->u.c.keys[i], e)
			                   : cl_arena_printf(a, "element %u: %s", i, e);
			return NULL;
		}
	}
	*out_elem = elem;
	if (!cl_type_has_any(elem) || n == 0)
		return r;
	const cl_type *u = cl_convert_common(a, r, n);
	if (!u) {
		*err = NULL;   /* the caller says what was required */
		return NULL;
	}
	*out_elem = u;
	return r;
}

static cl_value *conv_collection(cl_arena *a, cl_value *v, const cl_type *t, const char **err)
{
	bool ok = t->kind == CL_T_MAP ? cl_value_is_mapping(v) : cl_value_is_seq(v);
	if (!ok) {
		*err = required(a, t);
		return NULL;
	}
	const cl_type *elem;
	const char *e = NULL;
	cl_value **r = conv_elems(a, v, t->elem, &elem, &e);
	if (!r) {
		*err = e ? e : required(a, t);
		return NULL;
	}
	if (t->kind == CL_T_LIST)
		return cl_value_list(a, elem, r, v->n);
	if (t->kind == CL_T_SET)
		return cl_value_set(a, elem, r, v->n);
	return cl_value_map(a, elem, v->u.c.keys, r, v->n);
}

static cl_value *conv_tuple(cl_arena *a, cl_value *v, const cl_type *t, const char **err)
{
	if (v->kind != CL_V_TUPLE && v->kind != CL_V_LIST) {
		*err = "tuple required";
		return NULL;
	}
	if (v->n != t->n) {
		*err = cl_arena_printf(a, "tuple with %u element%s required", t->n, t->n == 1 ? "" : "s");
		return NULL;
	}
	cl_value **r = CL_NEWN(a, cl_value *, v->n ? v->n : 1);
	for (uint32_t i = 0; i < v->n; i++) {
		const char *e = NULL;
		if (!(r[i] = conv(a, v->u.c.v[i], t->elems[i], &e))) {
			*err = cl_arena_printf(a, "element %u: %s", i, e);
			return NULL;
		}
	}
	return cl_value_tuple(a, r, v->n);
}

static cl_value *conv_object(cl_arena *a, cl_value *v, const cl_type *t, const char **err)
{
	if (!cl_value_is_mapping(v)) {
		*err = "object required";
		return NULL;
	}
	cl_value **r = CL_NEWN(a, cl_value *, t->n ? t->n : 1);
	for (uint32_t i = 0; i < t->n; i++) {
		cl_value *x = cl_value_get(v, t->names[i]);
		if ((!x || cl_value_is_null(x)) && t->defaults && t->defaults[i])
			x = t->defaults[i];   /* optional(T, default): missing or null takes the default */
		if (!x) {
			if (t->optional && t->optional[i]) {
				r[i] = cl_value_null(a, t->elems[i]);
				continue;
			}
			*err = cl_arena_printf(a, "attribute \"%s\" is required", t->names[i]);
			return NULL;
		}
		const char *e = NULL;
		if (!(r[i] = conv(a, x, t->elems[i], &e))) {
			*err = cl_arena_printf(a, "attribute \"%s\": %s", t->names[i], e);
			return NULL;
		}
	}
	return cl_value_object(a, t->names, r, t->n);
}

static cl_value *conv(cl_arena *a, cl_value *v, const cl_type *t, const char **err)
{
	if (t->kind == CL_T_ANY)
		return v;
	cl_value *r;
	if (v->kind == CL_V_NULL || v->kind == CL_V_UNKNOWN) {
		/* Against a constraint with "any" in it, a typed null or unknown
		 * keeps its own, more precise type. */
		const cl_type *rt = cl_type_has_any(t) && v->type->kind != CL_T_ANY ? v->type : t;
		r = v->kind == CL_V_NULL ? cl_value_null(a, rt) : cl_value_unknown(a, rt);
	} else if (cl_type_is_primitive(t)) {
		r = to_primitive(a, v, t, err);
	} else if (t->kind == CL_T_TUPLE) {
		r = conv_tuple(a, v, t, err);
	} else if (t->kind == CL_T_OBJECT) {
		r = conv_object(a, v, t, err);
	} else {
		r = conv_collection(a, v, t, err);
	}
	return r ? cl_value_mark(a, r, v->marks) : NULL;
}

cl_value *cl_convert(cl_arena *a, cl_value *v, const cl_type *t, const char **err)
{
	const char *e = NULL;
	cl_value *r = conv(a, v, t, &e);
	if (!r && err)
		*err = e ? e : "conversion failed";
	return r;
}

const cl_type *cl_convert_common(cl_arena *a, cl_value **v, uint32_t n)
{
	const cl_type **ts = CL_NEWN(a, const cl_type *, n ? n : 1);
	uint32_t m = 0;
	for (uint32_t i = 0; i < n; i++)
		if (!(v[i]->kind == CL_V_NULL && v[i]->type->kind == CL_T_ANY))
			ts[m++] = cl_value_type(a, v[i]);
	const cl_type *t = m ? cl_type_unify(a, ts, m) : &cl_type_any;
	if (!t)
		return NULL;
	cl_value **c = CL_NEWN(a, cl_value *, n ? n : 1);
	const char *err;
	for (uint32_t i = 0; i < n; i++)
		if (!(c[i] = conv(a, v[i], t, &err)))
			return NULL;
	if (n)
		memcpy(v, c, n * sizeof *v);
	return t;
}

/* Unification. */

static const cl_type *unify_elems(cl_arena *a, const cl_type **ts, uint32_t n, cl_type_kind into)
{
	/* Every element type of every sequence (or mapping) in ts, unified. */
	uint32_t total = 0;
	for (uint32_t i = 0; i < n; i++)
		total += ts[i]->kind >= CL_T_TUPLE ? ts[i]->n : 1;
	const cl_type **el = CL_NEWN(a, const cl_type *, total ? total : 1);
	uint32_t m = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (ts[i]->kind >= CL_T_TUPLE)
			for (uint32_t j = 0; j < ts[i]->n; j++)
				el[m++] = ts[i]->elems[j];
		else
			el[m++] = ts[i]->elem;
	}
	const cl_type *u = m ? cl_type_unify(a, el, m) : &cl_type_any;
	return u ? cl_type_collection(a, into, u) : NULL;
}

/* Tuples of one length, or objects of the same attributes: the element
 * types unified position by position; NULL when one position does not. */
static const cl_type **unify_positions(cl_arena *a, const cl_type **ts, uint32_t n)
{
	const cl_type **el = CL_NEWN(a, const cl_type *, ts[0]->n + 1), **col = CL_NEWN(a, const cl_type *, n);
	for (uint32_t j = 0; j < ts[0]->n; j++) {
		for (uint32_t i = 0; i < n; i++)
			col[i] = ts[i]->elems[j];
		if (!(el[j] = cl_type_unify(a, col, n)))
			return NULL;
	}
	return el;
}

const cl_type *cl_type_unify(cl_arena *a, const cl_type **ts, uint32_t n)
{
	if (n == 0)
		return &cl_type_any;
	unsigned kinds = 0;
	bool same = true;
	for (uint32_t i = 0; i < n; i++) {
		kinds |= 1u << ts[i]->kind;
		same = same && cl_type_equal(ts[i], ts[0]);
	}
	if (same)
		return ts[0];
	if (kinds & 1u << CL_T_ANY)
		return &cl_type_any;
	unsigned prim = 1u << CL_T_BOOL | 1u << CL_T_NUMBER | 1u << CL_T_STRING;
	unsigned seqs = 1u << CL_T_LIST | 1u << CL_T_SET | 1u << CL_T_TUPLE;
	unsigned maps = 1u << CL_T_MAP | 1u << CL_T_OBJECT;
	if ((kinds & prim) == kinds)
		return kinds & 1u << CL_T_STRING ? &cl_type_string : NULL;
	if (kinds == 1u << CL_T_TUPLE) {
		bool same_len = true;
		for (uint32_t i = 1; i < n; i++)
			same_len = same_len && ts[i]->n == ts[0]->n;
		if (same_len) {
			const cl_type **el = unify_positions(a, ts, n);
			return el ? cl_type_tuple(a, el, ts[0]->n) : NULL;
		}
	}
	if (kinds == 1u << CL_T_OBJECT) {
		bool same_names = true;
		for (uint32_t i = 1; i < n && same_names; i++) {
			same_names = ts[i]->n == ts[0]->n;
			for (uint32_t j = 0; same_names && j < ts[0]->n; j++)
				same_names = strcmp(ts[i]->names[j], ts[0]->names[j]) == 0;
		}
		if (same_names) {
			const cl_type **el = unify_positions(a, ts, n);
			return el ? cl_type_object(a, ts[0]->names, el, ts[0]->n) : NULL;
		}
	}
	if ((kinds & seqs) == kinds)
		return unify_elems(a, ts, n, kinds == 1u << CL_T_SET ? CL_T_SET : CL_T_LIST);
	if ((kinds & maps) == kinds)
		return unify_elems(a, ts, n, CL_T_MAP);
	return NULL;
}
