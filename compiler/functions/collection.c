/* collection.c: functions on lists, tuples, sets, maps and objects:
 * alltrue ... zipmap.  Messages follow cty and Terraform's lang/funcs.
 * Tuples stay tuples and objects stay objects where Terraform keeps them
 * so (reverse, slice, values, zipmap), because the console shows the type. */
#include "compiler/functions/fn.h"

#include <stdlib.h>

static const char *friendly(cl_fn_call *c, const cl_value *v)
{
	return cl_type_friendly(c->a, cl_value_type(c->a, v));
}

static bool is_list_or_tuple(const cl_value *v)
{
	return v->kind == CL_V_LIST || v->kind == CL_V_TUPLE;
}

static cl_value *bool_fold(cl_fn_call *c, cl_value *l, bool want)
{
	for (uint32_t i = 0; i < l->n; i++)
		if (!cl_value_is_null(l->u.c.v[i]) && l->u.c.v[i]->u.b == want)
			return cl_value_bool(c->a, want);
	return cl_value_bool(c->a, !want);
}

cl_value *fn_alltrue(cl_fn_call *c, cl_value **args, uint32_t n)
{
	for (uint32_t i = 0; i < args[0]->n; i++)
		if (cl_value_is_null(args[0]->u.c.v[i]))
			return cl_value_bool(c->a, false);
	return bool_fold(c, args[0], false);
}

cl_value *fn_anytrue(cl_fn_call *c, cl_value **args, uint32_t n)
{
	return bool_fold(c, args[0], true);
}

cl_value *fn_chunklist(cl_fn_call *c, cl_value **args, uint32_t n)
{
	cl_value *l = args[0];
	int64_t size;
	if (!fn_int(c, 1, args[1], &size))
		return NULL;
	if (size < 0)
		return fn_arg_error(c, 1, "the size argument must be positive");
	const cl_type *lt = cl_value_type(c->a, l);
	if (l->n == 0)
		return cl_value_list(c->a, lt, NULL, 0);
	if (size == 0)
		return cl_value_list(c->a, lt, &args[0], 1);
	uint32_t k = (uint32_t)((l->n + size - 1) / size);
	cl_value **out = CL_NEWN(c->a, cl_value *, k);
	for (uint32_t i = 0; i < k; i++) {
		uint32_t from = (uint32_t)(i * size), cnt = (uint32_t)(l->n - from < size ? l->n - from : size);
		out[i] = cl_value_list(c->a, lt->elem, l->u.c.v + from, cnt);
	}
	return cl_value_list(c->a, lt, out, k);
}

/* coalesce: the first argument that is neither null nor "", all converted
 * to their common type.  An unknown before it makes the result unknown. */
cl_value *fn_coalesce(cl_fn_call *c, cl_value **args, uint32_t n)
{
	const cl_type **ts = CL_NEWN(c->a, const cl_type *, n ? n : 1);
	uint32_t m = 0;
	for (uint32_t i = 0; i < n; i++)
		if (!(cl_value_is_null(args[i]) && args[i]->type->kind == CL_T_ANY))
			ts[m++] = cl_value_type(c->a, args[i]);
	const cl_type *t = cl_type_unify(c->a, ts, m);
	if (!t)
		return fn_error(c, "all arguments must have the same type");
	for (uint32_t i = 0; i < n; i++) {
		cl_value *v = args[i];
		if (!cl_value_is_known(v))
			return cl_value_unknown(c->a, t);
		if (cl_value_is_null(v) || (v->kind == CL_V_STRING && v->u.str.len == 0))
			continue;
		return cl_convert(c->a, v, t, NULL);
	}
	return fn_error(c, "no non-null, non-empty-string arguments");
}

cl_value *fn_coalescelist(cl_fn_call *c, cl_value **args, uint32_t n)
{
	if (n == 0)
		return fn_error(c, "at least one argument is required");
	for (uint32_t i = 0; i < n; i++) {
		cl_value *v = args[i];
		if (!cl_value_is_known(v))
			return cl_value_unknown(c->a, NULL);
		if (cl_value_is_null(v))
			continue;
		if (!is_list_or_tuple(v))
			return fn_error(c, "coalescelist arguments must be lists or tuples");
		if (v->n > 0)
			return v;
	}
	return fn_error(c, "no non-null arguments");
}

cl_value *fn_compact(cl_fn_call *c, cl_value **args, uint32_t n)
{
	cl_value *l = args[0];
	cl_value **out = CL_NEWN(c->a, cl_value *, l->n ? l->n : 1);
	uint32_t k = 0;
	for (uint32_t i = 0; i < l->n; i++)
		if (!cl_value_is_null(l->u.c.v[i]) && l->u.c.v[i]->u.str.len > 0)
			out[k++] = l->u.c.v[i];
	return cl_value_list(c->a, &cl_type_string, out, k);
}

/* The elements of every collection in args, one after another; *k of them. */
static cl_value **all_elements(cl_fn_call *c, cl_value **args, uint32_t n, uint32_t *k)
{
	uint32_t total = 0;
	for (uint32_t i = 0; i < n; i++)
		total += args[i]->n;
	cl_value **out = CL_NEWN(c->a, cl_value *, total ? total : 1);
	*k = 0;
	for (uint32_t i = 0; i < n; i++)
		for (uint32_t j = 0; j < args[i]->n; j++)
			out[(*k)++] = args[i]->u.c.v[j];
	return out;
}

cl_value *fn_concat(cl_fn_call *c, cl_value **args, uint32_t n)
{
	if (n == 0)
		return fn_error(c, "at least one argument is required");
	bool lists = true;
	for (uint32_t i = 0; i < n; i++) {
		if (!is_list_or_tuple(args[i]))
			return fn_arg_error(c, i, "all arguments must be lists or tuples; got %s", friendly(c, args[i]));
		lists = lists && args[i]->kind == CL_V_LIST && cl_type_equal(args[i]->type, args[0]->type);
	}
	uint32_t k;
	cl_value **out = all_elements(c, args, n, &k);
	if (lists)
		return cl_value_list(c->a, args[0]->type->elem, out, k);
	return cl_value_tuple(c->a, out, k);
}

cl_value *fn_contains(cl_fn_call *c, cl_value **args, uint32_t n)
{
	cl_value *l = args[0];
	if (!cl_value_is_seq(l))
		return fn_error(c, "argument must be list, tuple, or set");
	/* An unknown element might be the one: only a sure match decides. */
	bool maybe = false;
	for (uint32_t i = 0; i < l->n; i++) {
		int eq = cl_value_equal(l->u.c.v[i], args[1]);
		if (eq == 1)
			return cl_value_bool(c->a, true);
		maybe = maybe || eq < 0;
	}
	return maybe ? cl_value_unknown(c->a, &cl_type_bool) : cl_value_bool(c->a, false);
}

cl_value *fn_distinct(cl_fn_call *c, cl_value **args, uint32_t n)
{
	cl_value *l = args[0];
	cl_value **out = CL_NEWN(c->a, cl_value *, l->n ? l->n : 1);
	uint32_t k = 0;
	for (uint32_t i = 0; i < l->n; i++) {
		bool seen = false;
		for (uint32_t j = 0; j < k && !seen; j++)
			seen = cl_value_equal(out[j], l->u.c.v[i]) == 1;
		if (!seen)
			out[k++] = l->u.c.v[i];
	}
	return cl_value_list(c->a, l->type->elem, out, k);
}

cl_value *fn_element(cl_fn_call *c, cl_value **args, uint32_t n)
{
	cl_value *l = args[0];
	int64_t i;
	if (!is_list_or_tuple(l))
		return fn_error(c, "cannot read elements from %s", friendly(c, l));
	if (!cl_value_as_int(args[1], &i))
		return fn_error(c, "invalid index: value must be a whole number, between -9223372036854775808 and 9223372036854775807");
	if (i < 0)
		return fn_error(c, "cannot use element function with a negative index");
	if (l->n == 0)
		return fn_error(c, "cannot use element function with an empty list");
	return l->u.c.v[i % l->n];
}

static bool flatten_into(cl_value *v, cl_value ***out, uint32_t *n, uint32_t *cap, cl_arena *a)
{
	for (uint32_t i = 0; i < v->n; i++) {
		cl_value *e = v->u.c.v[i];
		if (cl_value_is_seq(e)) {
			if (!flatten_into(e, out, n, cap, a))
				return false;
			continue;
		}
		if (e->kind == CL_V_UNKNOWN && e->type->kind >= CL_T_LIST && e->type->kind <= CL_T_TUPLE &&
		    e->type->kind != CL_T_MAP)
			return false;   /* an unknown list: the result's length is unknown */
		if (e->kind == CL_V_UNKNOWN && e->type->kind == CL_T_ANY)
			return false;
		if (*n == *cap) {
			*out = cl_arena_realloc(a, *out, *cap * sizeof **out, *cap * 2 * sizeof **out);
			*cap *= 2;
		}
		(*out)[(*n)++] = e;
	}
	return true;
}

cl_value *fn_flatten(cl_fn_call *c, cl_value **args, uint32_t n)
{
	if (!cl_value_is_known(args[0]))
		return cl_value_unknown(c->a, NULL);
	if (!cl_value_is_seq(args[0]))
		return fn_error(c, "can only flatten lists, sets and tuples");
	uint32_t k = 0, cap = 8;
	cl_value **out = CL_NEWN(c->a, cl_value *, cap);
	if (!flatten_into(args[0], &out, &k, &cap, c->a))
		return cl_value_unknown(c->a, NULL);
	return cl_value_tuple(c->a, out, k);
}

cl_value *fn_index(cl_fn_call *c, cl_value **args, uint32_t n)
{
	cl_value *l = args[0];
	if (!is_list_or_tuple(l))
		return fn_error(c, "argument must be a list or tuple");
	if (l->n == 0)
		return fn_error(c, "cannot search an empty list");
	for (uint32_t i = 0; i < l->n; i++) {
		int eq = cl_value_equal(l->u.c.v[i], args[1]);
		if (eq < 0)   /* an unknown before the match: the position is unknown */
			return cl_value_unknown(c->a, &cl_type_number);
		if (eq == 1)
			return cl_value_int(c->a, i);
	}
	return fn_error(c, "item not found");
}

cl_value *fn_keys(cl_fn_call *c, cl_value **args, uint32_t n)
{
	cl_value *m = args[0];
	const cl_type *t = m->kind == CL_V_UNKNOWN ? m->type : NULL;
	if (t && t->kind == CL_T_OBJECT) {   /* an object's keys are in its type */
		cl_value *r = fn_strings(c, t->names, t->n);
		return cl_value_tuple(c->a, r->u.c.v, r->n);
	}
	if (t && (t->kind == CL_T_MAP || t->kind == CL_T_ANY))
		return cl_value_unknown(c->a, &fn_list_string);
	if (!cl_value_is_mapping(m))
		return fn_arg_error(c, 0, "must have map or object type");
	cl_value *r = fn_strings(c, m->u.c.keys, m->n);
	return m->kind == CL_V_OBJECT ? cl_value_tuple(c->a, r->u.c.v, r->n) : r;
}

cl_value *fn_length(cl_fn_call *c, cl_value **args, uint32_t n)
{
	cl_value *v = args[0];
	if (v->kind == CL_V_UNKNOWN) {
		const cl_type *t = v->type;
		if (t->kind == CL_T_TUPLE || t->kind == CL_T_OBJECT)
			return cl_value_int(c->a, t->n);
		return cl_value_unknown(c->a, &cl_type_number);
	}
	if (v->kind == CL_V_STRING) {
		int64_t k = 0;
		for (size_t i = 0; i < v->u.str.len; i++)
			k += ((unsigned char)v->u.str.s[i] & 0xC0) != 0x80;
		return cl_value_int(c->a, k);
	}
	if (v->kind < CL_V_LIST)
		return fn_arg_error(c, 0, "argument must be a string, a collection type, or a structural type");
	if (v->kind == CL_V_SET && !cl_value_is_wholly_known(v))
		return cl_value_unknown(c->a, &cl_type_number);   /* unknowns may collapse */
	return cl_value_int(c->a, v->n);
}

cl_value *fn_lookup(cl_fn_call *c, cl_value **args, uint32_t n)
{
	if (n > 3)
		return fn_error(c, "lookup() takes two or three arguments, got %u", n);
	cl_value *m = args[0];
	if (!cl_value_is_mapping(m))
		return fn_arg_error(c, 0, "the first argument must be a map or an object, not %s", friendly(c, m));
	cl_value *v = cl_value_get(m, args[1]->u.str.s);
	if (v)
		return v;
	if (n == 3) {
		if (m->kind == CL_V_MAP) {
			const char *err;
			cl_value *d = cl_convert(c->a, args[2], m->type->elem, &err);
			if (!d)
				return fn_arg_error(c, 2, "the default value must have the same type as the map elements");
			return d;
		}
		return args[2];
	}
	return fn_error(c, "lookup failed to find key \"%s\"", args[1]->u.str.s);
}

cl_value *fn_matchkeys(cl_fn_call *c, cl_value **args, uint32_t n)
{
	cl_value *vals = args[0], *keys = args[1], *search = args[2];
	if (vals->n != keys->n)
		return fn_error(c, "length of keys and values should be equal");
	cl_value **out = CL_NEWN(c->a, cl_value *, vals->n ? vals->n : 1);
	uint32_t k = 0;
	for (uint32_t i = 0; i < keys->n; i++)
		for (uint32_t j = 0; j < search->n; j++)
			if (cl_value_equal(keys->u.c.v[i], search->u.c.v[j]) == 1) {
				out[k++] = vals->u.c.v[i];
				break;
			}
	return cl_value_list(c->a, vals->type->elem, out, k);
}

cl_value *fn_merge(cl_fn_call *c, cl_value **args, uint32_t n)
{
	uint32_t total = 0;
	bool all_null = true, same = true;
	for (uint32_t i = 0; i < n; i++) {
		cl_value *m = args[i];
		if (cl_value_is_null(m))
			continue;
		all_null = false;
		if (!cl_value_is_mapping(m))
			return fn_error(c, "arguments must be maps or objects, got \"%s\"", friendly(c, m));
		same = same && m->kind == CL_V_MAP && m->kind == args[0]->kind &&
		       cl_type_equal(m->type, args[0]->type);
		total += m->n;
	}
	if (n && all_null)
		return cl_value_null(c->a, NULL);
	const char **keys = CL_NEWN(c->a, const char *, total ? total : 1);
	cl_value **vals = CL_NEWN(c->a, cl_value *, total ? total : 1);
	uint32_t k = 0;
	for (uint32_t i = 0; i < n; i++) {
		cl_value *m = args[i];
		if (cl_value_is_null(m))
			continue;
		for (uint32_t j = 0; j < m->n; j++) {   /* a later key replaces an earlier one */
			keys[k] = m->u.c.keys[j];
			vals[k++] = m->u.c.v[j];
		}
	}
	if (n && same)
		return cl_value_map(c->a, args[0]->type->elem, keys, vals, k);
	return cl_value_object(c->a, keys, vals, k);
}

cl_value *fn_one(cl_fn_call *c, cl_value **args, uint32_t n)
{
	cl_value *l = args[0];
	if (!cl_value_is_seq(l) || l->n > 1)
		return fn_arg_error(c, 0, "must be a list, set, or tuple value with either zero or one elements");
	if (l->n == 0)
		return cl_value_null(c->a, l->type ? l->type->elem : NULL);
	return l->u.c.v[0];
}

cl_value *fn_range(cl_fn_call *c, cl_value **args, uint32_t n)
{
	if (n < 1 || n > 3)
		return fn_error(c, "must have one, two, or three arguments");
	double start = 0, end, step = 1;
	if (n == 1) {
		end = args[0]->u.num.d;
	} else {
		start = args[0]->u.num.d;
		end = args[1]->u.num.d;
	}
	if (n == 3)
		step = args[2]->u.num.d;
	else if (end < start)
		step = -1;
	if (step == 0)
		return fn_arg_error(c, 2, "step must not be zero");
	if (step < 0 && end > start)
		return fn_arg_error(c, 1, "end must be less than start when step is negative");
	if (step > 0 && end < start)
		return fn_arg_error(c, 1, "end must be greater than start when step is positive");
	cl_value **out = CL_NEWN(c->a, cl_value *, 1024);
	uint32_t k = 0;
	for (double x = start; step > 0 ? x < end : x > end; x += step) {
		if (k >= 1024)
			return fn_error(c, "more than 1024 values were generated; either decrease the difference "
			                "between start and end or use a smaller step");
		out[k++] = cl_value_double(c->a, x);
	}
	return cl_value_list(c->a, &cl_type_number, out, k);
}

cl_value *fn_reverse(cl_fn_call *c, cl_value **args, uint32_t n)
{
	cl_value *l = args[0];
	if (!cl_value_is_seq(l))
		return fn_arg_error(c, 0, "can only reverse list or tuple values, not %s", friendly(c, l));
	cl_value **out = CL_NEWN(c->a, cl_value *, l->n ? l->n : 1);
	for (uint32_t i = 0; i < l->n; i++)
		out[l->n - 1 - i] = l->u.c.v[i];
	if (l->kind == CL_V_TUPLE)
		return cl_value_tuple(c->a, out, l->n);
	return cl_value_list(c->a, l->type->elem, out, l->n);
}

cl_value *fn_slice(cl_fn_call *c, cl_value **args, uint32_t n)
{
	cl_value *l = args[0];
	int64_t s, e;
	if (l->kind == CL_V_SET)
		return fn_arg_error(c, 0, "cannot slice a set, because its elements do not have indices; "
		                    "explicitly convert to a list if the ordering of the result is not important");
	if (!is_list_or_tuple(l))
		return fn_arg_error(c, 0, "must be a list or tuple value");
	if (!fn_int(c, 1, args[1], &s) || !fn_int(c, 2, args[2], &e))
		return NULL;
	if (s < 0)
		return fn_arg_error(c, 1, "start index must not be less than zero");
	if (s > l->n)
		return fn_arg_error(c, 1, "start index must not be greater than the length of the list");
	if (e < 0)
		return fn_arg_error(c, 2, "end index must not be less than zero");
	if (e > l->n)
		return fn_arg_error(c, 2, "end index must not be greater than the length of the list");
	if (s > e)
		return fn_arg_error(c, 1, "start index must not be greater than end index");
	if (l->kind == CL_V_TUPLE)
		return cl_value_tuple(c->a, l->u.c.v + s, (uint32_t)(e - s));
	return cl_value_list(c->a, l->type->elem, l->u.c.v + s, (uint32_t)(e - s));
}

static int cmp_str(const void *x, const void *y)
{
	return cl_value_compare(*(cl_value *const *)x, *(cl_value *const *)y);
}

cl_value *fn_sort(cl_fn_call *c, cl_value **args, uint32_t n)
{
	cl_value *l = args[0];
	cl_value **out = CL_NEWN(c->a, cl_value *, l->n ? l->n : 1);
	for (uint32_t i = 0; i < l->n; i++) {
		if (cl_value_is_null(l->u.c.v[i]))
			return fn_arg_error(c, 0, "given list element %u is null; a null string cannot be sorted", i);
		out[i] = l->u.c.v[i];
	}
	qsort(out, l->n, sizeof *out, cmp_str);
	return cl_value_list(c->a, &cl_type_string, out, l->n);
}

cl_value *fn_transpose(cl_fn_call *c, cl_value **args, uint32_t n)
{
	/* Every (string, key) pair, grouped by string. */
	cl_value *m = args[0];
	uint32_t total = 0, k = 0;
	for (uint32_t i = 0; i < m->n; i++)
		total += m->u.c.v[i]->n;
	const char **keys = CL_NEWN(c->a, const char *, total ? total : 1);
	cl_value **vals = CL_NEWN(c->a, cl_value *, total ? total : 1);
	for (uint32_t i = 0; i < m->n; i++) {
		cl_value *l = m->u.c.v[i];
		for (uint32_t j = 0; j < l->n; j++) {
			if (cl_value_is_null(l->u.c.v[j]))
				return fn_arg_error(c, 0, "lists must not contain null values");
			keys[k] = l->u.c.v[j]->u.str.s;
			vals[k++] = cl_value_cstr(c->a, m->u.c.keys[i]);
		}
	}
	cl_value *g = cl_value_object_grouped(c->a, keys, vals, k);
	cl_value **lists = CL_NEWN(c->a, cl_value *, g->n ? g->n : 1);
	for (uint32_t i = 0; i < g->n; i++)
		lists[i] = cl_value_list(c->a, &cl_type_string, g->u.c.v[i]->u.c.v, g->u.c.v[i]->n);
	return cl_value_map(c->a, &fn_list_string, g->u.c.keys, lists, g->n);
}

cl_value *fn_values(cl_fn_call *c, cl_value **args, uint32_t n)
{
	cl_value *m = args[0];
	if (!cl_value_is_mapping(m))
		return fn_error(c, "values() requires a map as the first argument");
	if (m->kind == CL_V_OBJECT)
		return cl_value_tuple(c->a, m->u.c.v, m->n);
	return cl_value_list(c->a, m->type->elem, m->u.c.v, m->n);
}

cl_value *fn_zipmap(cl_fn_call *c, cl_value **args, uint32_t n)
{
	cl_value *k = args[0], *v = args[1];
	if (!is_list_or_tuple(v))
		return fn_error(c, "values argument must be a list or tuple value");
	if (k->n != v->n)
		return fn_error(c, "number of keys (%u) does not match number of values (%u)", k->n, v->n);
	const char **keys = CL_NEWN(c->a, const char *, k->n ? k->n : 1);
	cl_value **vals = CL_NEWN(c->a, cl_value *, k->n ? k->n : 1);
	for (uint32_t i = 0; i < k->n; i++) {   /* a repeated key keeps its last value */
		if (cl_value_is_null(k->u.c.v[i]))
			return fn_error(c, "keys list has null value at index %u", i);
		keys[i] = k->u.c.v[i]->u.str.s;
		vals[i] = v->u.c.v[i];
	}
	if (v->kind == CL_V_TUPLE)
		return cl_value_object(c->a, keys, vals, k->n);
	return cl_value_map(c->a, v->type->elem, keys, vals, k->n);
}

/* Sets.  Arguments arrive converted to set(any). */

static cl_value *set_of(cl_fn_call *c, cl_value **v, uint32_t n)
{
	const cl_type *t = cl_convert_common(c->a, v, n);
	return cl_value_set(c->a, t, v, n);
}

static bool in_set(const cl_value *s, const cl_value *x)
{
	for (uint32_t i = 0; i < s->n; i++)
		if (cl_value_equal(s->u.c.v[i], x) == 1)
			return true;
	return false;
}

cl_value *fn_setunion(cl_fn_call *c, cl_value **args, uint32_t n)
{
	uint32_t k;
	cl_value **out = all_elements(c, args, n, &k);
	return set_of(c, out, k);
}

static cl_value *filter(cl_fn_call *c, cl_value **args, uint32_t n, bool keep_common)
{
	cl_value *first = args[0];
	cl_value **out = CL_NEWN(c->a, cl_value *, first->n ? first->n : 1);
	uint32_t k = 0;
	for (uint32_t j = 0; j < first->n; j++) {
		bool in_all = true, in_any = false;
		for (uint32_t i = 1; i < n; i++) {
			bool has = in_set(args[i], first->u.c.v[j]);
			in_all = in_all && has;
			in_any = in_any || has;
		}
		if (keep_common ? in_all : !in_any)
			out[k++] = first->u.c.v[j];
	}
	return set_of(c, out, k);
}

cl_value *fn_setintersection(cl_fn_call *c, cl_value **args, uint32_t n)
{
	return filter(c, args, n, true);
}

cl_value *fn_setsubtract(cl_fn_call *c, cl_value **args, uint32_t n)
{
	return filter(c, args, n, false);
}

cl_value *fn_setproduct(cl_fn_call *c, cl_value **args, uint32_t n)
{
	if (n < 2)
		return fn_error(c, "at least two arguments are required");
	bool all_lists = true;
	uint64_t total = 1;
	for (uint32_t i = 0; i < n; i++) {
		if (!cl_value_is_seq(args[i]))
			return fn_arg_error(c, i, "a set or a list is required");
		all_lists = all_lists && args[i]->kind != CL_V_SET;
		total *= args[i]->n;
		if (total > 1u << 20)
			return fn_error(c, "the product would have more than 1048576 elements");
	}
	cl_value **out = CL_NEWN(c->a, cl_value *, total ? total : 1);
	uint32_t *idx = CL_NEWN(c->a, uint32_t, n);
	for (uint64_t k = 0; k < total; k++) {
		cl_value **t = CL_NEWN(c->a, cl_value *, n);
		for (uint32_t i = 0; i < n; i++)
			t[i] = args[i]->u.c.v[idx[i]];
		out[k] = cl_value_tuple(c->a, t, n);
		for (uint32_t i = n; i-- > 0;) {   /* odometer: the last argument turns fastest */
			if (++idx[i] < args[i]->n)
				break;
			idx[i] = 0;
		}
	}
	if (all_lists)
		return fn_list(c, out, (uint32_t)total);
	return set_of(c, out, (uint32_t)total);
}
