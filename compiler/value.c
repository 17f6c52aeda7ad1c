/* value.c: constructing, copying between arenas, inspecting and comparing
 * values.  Their text forms are value_print.c, their JSON value_json.c;
 * conversion is convert.c; what operators and functions do is eval.c and functions/. */
#include "compiler/value.h"
#include "compiler/convert.h"
#include "compiler/number.h"
#include "util/fatal.h"
#include "util/safetext.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static cl_value *new_value(cl_arena *a, cl_value_kind k, const cl_type *t)
{
	cl_value *v = CL_NEW(a, cl_value);
	v->kind = k;
	v->type = t;
	return v;
}

/* The most common values are made once and shared (values are immutable):
 * nulls and unknowns of the static types (a resource's configuration is
 * mostly nulls, its planned value mostly unknowns), the booleans and small
 * whole numbers. */
enum { SMALL_INTS = 256 };
static cl_value shared_nulls[CL_TYPE_NSTATIC], shared_unknowns[CL_TYPE_NSTATIC], shared_bools[2],
                shared_ints[SMALL_INTS];
static pthread_once_t shared_once = PTHREAD_ONCE_INIT;

static void shared_init(void)
{
	for (int i = 0; i < CL_TYPE_NSTATIC; i++) {
		shared_nulls[i] = (cl_value){ .kind = CL_V_NULL, .type = cl_type_static(i) };
		shared_unknowns[i] = (cl_value){ .kind = CL_V_UNKNOWN, .type = cl_type_static(i) };
	}
	for (int b = 0; b < 2; b++)
		shared_bools[b] = (cl_value){ .kind = CL_V_BOOL, .u.b = b };
	for (int i = 0; i < SMALL_INTS; i++)
		shared_ints[i] = (cl_value){ .kind = CL_V_NUMBER, .u.num = { true, { i }, (double)i } };
}

static cl_value *shared_typed(cl_value *table, cl_arena *a, cl_value_kind k, const cl_type *t)
{
	int id = cl_type_static_id(t ? t : &cl_type_any);
	if (id < 0)
		return new_value(a, k, t);
	pthread_once(&shared_once, shared_init);
	return &table[id];
}

cl_value *cl_value_null(cl_arena *a, const cl_type *t)
{
	return shared_typed(shared_nulls, a, CL_V_NULL, t);
}

cl_value *cl_value_unknown(cl_arena *a, const cl_type *t)
{
	return shared_typed(shared_unknowns, a, CL_V_UNKNOWN, t);
}

cl_value *cl_value_bool(cl_arena *a, bool b)
{
	pthread_once(&shared_once, shared_init);
	return &shared_bools[b];
}

cl_value *cl_value_int(cl_arena *a, int64_t i)
{
	if (i >= 0 && i < SMALL_INTS) {
		pthread_once(&shared_once, shared_init);
		return &shared_ints[i];
	}
	cl_value *v = new_value(a, CL_V_NUMBER, NULL);
	v->u.num.isint = true;
	v->u.num.i = i;
	v->u.num.d = (double)i;
	return v;
}

cl_value *cl_value_double(cl_arena *a, double d)
{
	/* 2^63 itself does not fit; everything integral below it does. */
	if (d == floor(d) && d >= -9223372036854775808.0 && d < 9223372036854775808.0)
		return cl_value_int(a, (int64_t)d);
	cl_value *v = new_value(a, CL_V_NUMBER, NULL);
	v->u.num.d = d;
	return v;
}

cl_value *cl_value_big(cl_arena *a, double d, const void *big)
{
	cl_value *v = new_value(a, CL_V_NUMBER, NULL);
	v->u.num.d = d;
	v->u.num.big = big;
	return v;
}

cl_value *cl_value_number_parse(cl_arena *a, const char *text, size_t len)
{
	/* HCL's number syntax: digits, optional fraction, optional exponent;
	 * a leading minus is allowed here for tonumber("-1"). */
	if (len == 0 || len > 100000)
		return NULL;
	char *buf = cl_arena_strndup(a, text, len);   /* cty reads literals of any length exactly */
	size_t i = buf[0] == '-' || buf[0] == '+';
	size_t digits = 0;
	while (buf[i] >= '0' && buf[i] <= '9')
		i++, digits++;
	if (buf[i] == '.') {
		i++;
		while (buf[i] >= '0' && buf[i] <= '9')
			i++, digits++;
	}
	if (!digits)
		return NULL;
	if (buf[i] == 'e' || buf[i] == 'E') {
		i++;
		if (buf[i] == '+' || buf[i] == '-')
			i++;
		if (!(buf[i] >= '0' && buf[i] <= '9'))
			return NULL;
		while (buf[i] >= '0' && buf[i] <= '9')
			i++;
	}
	if (i != len)
		return NULL;
	char *end;
	if (!strpbrk(buf, ".eE")) {
		errno = 0;
		long long ll = strtoll(buf, &end, 10);
		if (errno == 0)
			return cl_value_int(a, ll);
	}
	return cl_num_parse(a, buf);   /* exact, as cty reads it: 0.1 is not a double */
}

cl_value *cl_value_string(cl_arena *a, const char *s, size_t len)
{
	cl_value *v = new_value(a, CL_V_STRING, NULL);
	v->u.str.s = cl_arena_strndup(a, s, len);
	v->u.str.len = len;
	return v;
}

cl_value *cl_value_cstr(cl_arena *a, const char *s)
{
	return cl_value_string(a, s, strlen(s));
}

static cl_value *seq(cl_arena *a, cl_value_kind k, const cl_type *t, cl_value **v, uint32_t n)
{
	cl_value *r = new_value(a, k, t);
	r->n = n;
	r->u.c.v = v;
	return r;
}

cl_value *cl_value_tuple(cl_arena *a, cl_value **v, uint32_t n)
{
	return seq(a, CL_V_TUPLE, NULL, v, n);
}

cl_value *cl_value_list(cl_arena *a, const cl_type *elem, cl_value **v, uint32_t n)
{
	return seq(a, CL_V_LIST, cl_type_collection(a, CL_T_LIST, elem ? elem : &cl_type_any), v, n);
}

static int cmp_ptr(const void *x, const void *y)
{
	return cl_value_compare(*(cl_value *const *)x, *(cl_value *const *)y);
}

cl_value *cl_value_set(cl_arena *a, const cl_type *elem, cl_value **v, uint32_t n)
{
	cl_value **s = CL_NEWN(a, cl_value *, n ? n : 1);
	if (n) {
		memcpy(s, v, n * sizeof *v);
		qsort(s, n, sizeof *s, cmp_ptr);
	}
	uint32_t m = 0;
	for (uint32_t i = 0; i < n; i++) {
		/* Unknown elements may turn out equal or not: keep every one. */
		if (m && s[i]->kind != CL_V_UNKNOWN && cl_value_compare(s[m - 1], s[i]) == 0) {
			s[m - 1] = cl_value_mark(a, s[m - 1], s[i]->marks);
			continue;
		}
		s[m++] = s[i];
	}
	return seq(a, CL_V_SET, cl_type_collection(a, CL_T_SET, elem ? elem : &cl_type_any), s, m);
}

typedef struct pair { const char *key; cl_value *v; uint32_t at; } pair;

/* By key, then by position, so that the last of equal keys sorts last. */
static int cmp_pair(const void *x, const void *y)
{
	const pair *p = x, *q = y;
	int c = strcmp(p->key, q->key);
	return c ? c : (p->at > q->at) - (p->at < q->at);
}

/* An object or map from pairs in any order.  grouped: each value is the
 * tuple of all values given for its key, in order; otherwise the last. */
static cl_value *mapping(cl_arena *a, cl_value_kind k, const cl_type *t,
                         const char **keys, cl_value **v, uint32_t n, bool grouped)
{
	cl_value *r = new_value(a, k, t);
	r->u.c.keys = CL_NEWN(a, const char *, n ? n : 1);
	r->u.c.v = CL_NEWN(a, cl_value *, n ? n : 1);
	bool sorted = !grouped;
	for (uint32_t i = 1; i < n && sorted; i++)
		sorted = strcmp(keys[i - 1], keys[i]) < 0;
	if (sorted) {   /* the common case: from another object, or from state */
		if (n) {
			memcpy(r->u.c.keys, keys, n * sizeof *keys);
			memcpy(r->u.c.v, v, n * sizeof *v);
		}
		r->n = n;
		return r;
	}
	pair *p = malloc((n ? n : 1) * sizeof *p);
	if (!p)
		cl_fatal_oom();
	for (uint32_t i = 0; i < n; i++)
		p[i] = (pair){ keys[i], v[i], i };
	qsort(p, n, sizeof *p, cmp_pair);
	uint32_t m = 0;
	for (uint32_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && strcmp(p[i].key, p[j].key) == 0; j++)
			;
		r->u.c.keys[m] = p[i].key;
		if (grouped) {
			cl_value **g = CL_NEWN(a, cl_value *, j - i);
			for (uint32_t x = i; x < j; x++)
				g[x - i] = p[x].v;
			r->u.c.v[m++] = cl_value_tuple(a, g, j - i);
		} else {
			r->u.c.v[m++] = p[j - 1].v;   /* a repeated key keeps its last value */
		}
	}
	r->n = m;
	free(p);
	return r;
}

cl_value *cl_value_object(cl_arena *a, const char **keys, cl_value **v, uint32_t n)
{
	return mapping(a, CL_V_OBJECT, NULL, keys, v, n, false);
}

cl_value *cl_value_object_grouped(cl_arena *a, const char **keys, cl_value **v, uint32_t n)
{
	return mapping(a, CL_V_OBJECT, NULL, keys, v, n, true);
}

cl_value *cl_value_map(cl_arena *a, const cl_type *elem, const char **keys, cl_value **v, uint32_t n)
{
	const cl_type *t = cl_type_collection(a, CL_T_MAP, elem ? elem : &cl_type_any);
	return mapping(a, CL_V_MAP, t, keys, v, n, false);
}

/* --- keeping values out of an arena of temporaries ------------------- */

typedef struct keeper {
	cl_arena *a;
	const cl_arena *tmp;
	const void **from;          /* what was copied (open addressing) ... */
	void **to;                  /* ... and its copy */
	unsigned cap, n;
} keeper;

static unsigned keep_slot(const keeper *k, const void *p)
{
	uintptr_t h = (uintptr_t)p;
	unsigned i = (unsigned)((h >> 4) ^ (h >> 20)) * 2654435761u & (k->cap - 1);
	while (k->from[i] && k->from[i] != p)
		i = (i + 1) & (k->cap - 1);
	return i;
}

/* p's copy, or NULL when it has none yet. */
static void *kept(const keeper *k, const void *p)
{
	if (!k->cap)
		return NULL;
	unsigned i = keep_slot(k, p);
	return k->from[i] ? k->to[i] : NULL;
}

static void *remember(keeper *k, const void *p, void *copy)
{
	if (2 * (k->n + 1) > k->cap) {
		keeper old = *k;
		k->cap = old.cap ? 2 * old.cap : 64;
		k->from = calloc(k->cap, sizeof *k->from);
		k->to = calloc(k->cap, sizeof *k->to);
		if (!k->from || !k->to)
			cl_fatal_oom();
		for (unsigned i = 0; i < old.cap; i++)
			if (old.from[i]) {
				unsigned s = keep_slot(k, old.from[i]);
				k->from[s] = old.from[i];
				k->to[s] = old.to[i];
			}
		free(old.from);
		free(old.to);
	}
	unsigned s = keep_slot(k, p);
	k->from[s] = p;
	k->to[s] = copy;
	k->n++;
	return copy;
}

static const char *keep_str(keeper *k, const char *s, size_t len)
{
	if (!s || !cl_arena_owns(k->tmp, s))
		return s;
	void *c = kept(k, s);
	return c ? c : remember(k, s, cl_arena_strndup(k->a, s, len));
}

/* An array in tmp, copied; one outside it was filled before tmp was, and
 * is shared as it is (NULL then). */
static void *copy_array(keeper *k, const void *arr, size_t size)
{
	if (!arr || !cl_arena_owns(k->tmp, arr))
		return NULL;
	void *c = cl_arena_alloc(k->a, size);
	memcpy(c, arr, size);
	return c;
}

static cl_value *keep_value(keeper *k, cl_value *v);

static const cl_type *keep_type(keeper *k, const cl_type *t)
{
	if (!t || !cl_arena_owns(k->tmp, t))
		return t;
	cl_type *c = kept(k, t);
	if (c)
		return c;
	c = remember(k, t, CL_NEW(k->a, cl_type));
	*c = *t;
	c->elem = keep_type(k, t->elem);
	size_t n = t->n ? t->n : 1;
	const cl_type **elems = copy_array(k, t->elems, n * sizeof *t->elems);
	for (uint32_t i = 0; elems && i < t->n; i++)
		elems[i] = keep_type(k, t->elems[i]);
	const char **names = copy_array(k, t->names, n * sizeof *t->names);
	for (uint32_t i = 0; names && i < t->n; i++)
		names[i] = keep_str(k, t->names[i], strlen(t->names[i]));
	bool *optional = copy_array(k, t->optional, n * sizeof *t->optional);
	const cl_expr **default_exprs = copy_array(k, t->default_exprs, n * sizeof *t->default_exprs);
	cl_value **defaults = copy_array(k, t->defaults, n * sizeof *t->defaults);
	for (uint32_t i = 0; defaults && i < t->n; i++)
		defaults[i] = keep_value(k, t->defaults[i]);
	c->elems = elems ? elems : t->elems;
	c->names = names ? names : t->names;
	c->optional = optional ? optional : t->optional;
	c->default_exprs = default_exprs ? default_exprs : t->default_exprs;
	c->defaults = defaults ? defaults : t->defaults;
	return c;
}

static cl_value *keep_value(keeper *k, cl_value *v)
{
	/* A value outside tmp was built before it: nothing in it is in tmp. */
	if (!v || !cl_arena_owns(k->tmp, v))
		return v;
	cl_value *c = kept(k, v);
	if (c)
		return c;
	c = remember(k, v, CL_NEW(k->a, cl_value));
	*c = *v;
	c->type = keep_type(k, v->type);
	switch (v->kind) {
	case CL_V_STRING:
		c->u.str.s = keep_str(k, v->u.str.s, v->u.str.len);
		break;
	case CL_V_NUMBER:
		if (!v->u.num.isint && v->u.num.big)
			c->u.num.big = cl_num_copy(k->a, v->u.num.big);
		break;
	case CL_V_LIST: case CL_V_SET: case CL_V_MAP: case CL_V_TUPLE: case CL_V_OBJECT: {
		size_t n = v->n ? v->n : 1;
		cl_value **vals = copy_array(k, v->u.c.v, n * sizeof *v->u.c.v);
		for (uint32_t i = 0; vals && i < v->n; i++)
			vals[i] = keep_value(k, v->u.c.v[i]);
		const char **keys = copy_array(k, v->u.c.keys, n * sizeof *v->u.c.keys);
		for (uint32_t i = 0; keys && i < v->n; i++)
			keys[i] = keep_str(k, v->u.c.keys[i], strlen(v->u.c.keys[i]));
		c->u.c.v = vals ? vals : v->u.c.v;
		c->u.c.keys = keys ? keys : v->u.c.keys;
		break;
	}
	default:
		break;
	}
	return c;
}

void cl_value_keep(cl_arena *a, const cl_arena *tmp, cl_value **const *v, unsigned n)
{
	keeper k = { a, tmp, NULL, NULL, 0, 0 };
	for (unsigned i = 0; i < n; i++)
		*v[i] = keep_value(&k, *v[i]);
	free(k.from);
	free(k.to);
}

cl_value *cl_value_mark(cl_arena *a, cl_value *v, unsigned marks)
{
	if ((v->marks | marks) == v->marks)
		return v;
	cl_value *c = CL_NEW(a, cl_value);
	*c = *v;
	c->marks |= marks;
	return c;
}

cl_value *cl_value_unmark(cl_arena *a, cl_value *v)
{
	if (!v->marks)
		return v;
	cl_value *c = CL_NEW(a, cl_value);
	*c = *v;
	c->marks = 0;
	return c;
}

static bool within(const cl_value *v, uint64_t *left)
{
	uint64_t own = v->kind == CL_V_STRING ? v->u.str.len + 1 : 16;   /* an element: about its size */
	if (own > *left)
		return false;
	*left -= own;
	if (v->kind >= CL_V_LIST && v->kind <= CL_V_OBJECT)
		for (uint32_t i = 0; i < v->n; i++)
			if (!within(v->u.c.v[i], left))
				return false;
	return true;
}

bool cl_value_within(const cl_value *v, uint64_t max)
{
	return within(v, &max);
}

void cl_value_redact_everywhere(const cl_value *v)
{
	if (v->kind == CL_V_STRING) {
		cl_safetext_secret(v->u.str.s);
	} else if (v->kind >= CL_V_LIST && v->kind <= CL_V_OBJECT) {
		for (uint32_t i = 0; i < v->n; i++)   /* not the keys: "password" is no secret */
			cl_value_redact_everywhere(v->u.c.v[i]);
	}
}

unsigned cl_value_marks_deep(const cl_value *v)
{
	unsigned m = v->marks;
	if (v->kind >= CL_V_LIST)
		for (uint32_t i = 0; i < v->n; i++)
			m |= cl_value_marks_deep(v->u.c.v[i]);
	return m;
}

bool cl_value_is_wholly_known(const cl_value *v)
{
	if (v->kind == CL_V_UNKNOWN)
		return false;
	if (v->kind >= CL_V_LIST)
		for (uint32_t i = 0; i < v->n; i++)
			if (!cl_value_is_wholly_known(v->u.c.v[i]))
				return false;
	return true;
}

bool cl_value_is_seq(const cl_value *v)
{
	return v->kind == CL_V_LIST || v->kind == CL_V_SET || v->kind == CL_V_TUPLE;
}

bool cl_value_is_mapping(const cl_value *v)
{
	return v->kind == CL_V_MAP || v->kind == CL_V_OBJECT;
}

const cl_type *cl_value_type(cl_arena *a, const cl_value *v)
{
	switch (v->kind) {
	case CL_V_BOOL: return &cl_type_bool;
	case CL_V_NUMBER: return &cl_type_number;
	case CL_V_STRING: return &cl_type_string;
	case CL_V_TUPLE: case CL_V_OBJECT: {
		const cl_type **el = CL_NEWN(a, const cl_type *, v->n ? v->n : 1);
		for (uint32_t i = 0; i < v->n; i++)
			el[i] = cl_value_type(a, v->u.c.v[i]);
		if (v->kind == CL_V_TUPLE)
			return cl_type_tuple(a, el, v->n);
		return cl_type_object(a, v->u.c.keys, el, v->n);
	}
	default:
		return v->type;
	}
}

cl_value *cl_value_get(const cl_value *v, const char *key)
{
	if (!cl_value_is_mapping(v))
		return NULL;
	int lo = 0, hi = (int)v->n - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2, c = strcmp(v->u.c.keys[mid], key);
		if (c == 0)
			return v->u.c.v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return NULL;
}

bool cl_value_as_int(const cl_value *v, int64_t *out)
{
	if (v->kind != CL_V_NUMBER || !v->u.num.isint)
		return false;
	*out = v->u.num.i;
	return true;
}

static int num_cmp(const cl_value *x, const cl_value *y)
{
	return cl_num_cmp(x, y);
}

static bool same_collection_type(const cl_value *x, const cl_value *y)
{
	/* An element type still "any" (an empty literal) matches every other. */
	const cl_type *a = x->type->elem, *b = y->type->elem;
	return a->kind == CL_T_ANY || b->kind == CL_T_ANY || cl_type_equal(a, b);
}

int cl_value_equal(const cl_value *x, const cl_value *y)
{
	if (x->kind == CL_V_UNKNOWN || y->kind == CL_V_UNKNOWN)
		return -1;
	if (x->kind == CL_V_NULL || y->kind == CL_V_NULL)
		return x->kind == y->kind;
	if (x->kind != y->kind)
		return 0;
	switch (x->kind) {
	case CL_V_BOOL:
		return x->u.b == y->u.b;
	case CL_V_NUMBER:
		return num_cmp(x, y) == 0;
	case CL_V_STRING:
		return x->u.str.len == y->u.str.len && memcmp(x->u.str.s, y->u.str.s, x->u.str.len) == 0;
	default:
		break;
	}
	if (x->kind != CL_V_TUPLE && x->kind != CL_V_OBJECT && !same_collection_type(x, y))
		return 0;
	if (x->n != y->n)
		return 0;
	if (x->kind == CL_V_SET) {
		/* Sets with unknown elements cannot be compared yet. */
		if (!cl_value_is_wholly_known(x) || !cl_value_is_wholly_known(y))
			return -1;
		return cl_value_compare(x, y) == 0;
	}
	int r = 1;
	for (uint32_t i = 0; i < x->n; i++) {
		if (x->u.c.keys && strcmp(x->u.c.keys[i], y->u.c.keys[i]) != 0)
			return 0;
		int e = cl_value_equal(x->u.c.v[i], y->u.c.v[i]);
		if (e == 0)
			return 0;
		if (e < 0)
			r = -1;
	}
	return r;
}

int cl_value_compare(const cl_value *x, const cl_value *y)
{
	/* Unknowns sort last, so the known part of a set prints in order. */
	int kx = x->kind == CL_V_UNKNOWN ? 99 : x->kind, ky = y->kind == CL_V_UNKNOWN ? 99 : y->kind;
	if (kx != ky)
		return kx < ky ? -1 : 1;
	switch (x->kind) {
	case CL_V_NULL: case CL_V_UNKNOWN:
		return 0;
	case CL_V_BOOL:
		return (int)x->u.b - (int)y->u.b;
	case CL_V_NUMBER:
		return num_cmp(x, y);
	case CL_V_STRING: {
		size_t n = x->u.str.len < y->u.str.len ? x->u.str.len : y->u.str.len;
		int c = memcmp(x->u.str.s, y->u.str.s, n);
		if (c)
			return c;
		return (x->u.str.len > y->u.str.len) - (x->u.str.len < y->u.str.len);
	}
	default:
		break;
	}
	for (uint32_t i = 0; i < x->n && i < y->n; i++) {
		int c = 0;
		if (x->u.c.keys)
			c = strcmp(x->u.c.keys[i], y->u.c.keys[i]);
		if (!c)
			c = cl_value_compare(x->u.c.v[i], y->u.c.v[i]);
		if (c)
			return c;
	}
	return (x->n > y->n) - (x->n < y->n);
}
