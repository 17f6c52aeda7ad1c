/* schema_type.c: the type of a resource type's values, made from its
 * schema (attributes, and nested blocks as lists or sets of objects): what
 * configuration is converted to and what state is read back as. */
#include "compiler/schema.h"

#include <pthread.h>

const cl_type *cl_schema_attr_type(cl_arena *a, const cl_schema_attr *sa)
{
	static const cl_type *const prim[] = { [CL_AT_STRING] = &cl_type_string, [CL_AT_NUMBER] = &cl_type_number,
	                                       [CL_AT_BOOL] = &cl_type_bool, [CL_AT_ANY] = &cl_type_any };
	switch (sa->type) {
	case CL_AT_LIST:
		return cl_type_collection(a, CL_T_LIST, prim[sa->elem]);
	case CL_AT_SET:
		return cl_type_collection(a, CL_T_SET, prim[sa->elem]);
	case CL_AT_MAP:
		return cl_type_collection(a, CL_T_MAP, prim[sa->elem]);
	default:
		return prim[sa->type];
	}
}

static const cl_type *schema_type(cl_arena *a, const cl_schema *s);

static const cl_type *block_type(cl_arena *a, const cl_schema_block *sb)
{
	const cl_type *elem = schema_type(a, sb->body);
	return cl_type_collection(a, sb->nesting == CL_NEST_SET ? CL_T_SET : CL_T_LIST, elem);
}

static const cl_type *schema_type(cl_arena *a, const cl_schema *s);

/* Schemas are static tables, so their types are made once per process, in
 * an arena of their own, and shared (types are immutable). */
const cl_type *cl_schema_type(cl_arena *a, const cl_schema *s)
{
	static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
	static cl_arena types;
	static struct { const cl_schema *s; const cl_type *t; } cache[128];
	static unsigned ncache;
	(void)a;
	pthread_mutex_lock(&lock);
	const cl_type *t = NULL;
	for (unsigned i = 0; i < ncache && !t; i++)
		if (cache[i].s == s)
			t = cache[i].t;
	if (!t) {
		t = schema_type(&types, s);
		if (ncache < 128)
			cache[ncache++].s = s, cache[ncache - 1].t = t;
	}
	pthread_mutex_unlock(&lock);
	return t;
}

static const cl_type *schema_type(cl_arena *a, const cl_schema *s)
{
	unsigned n = 0;
	for (const cl_schema_attr *sa = s->attrs; sa->name; sa++)
		n++;
	for (const cl_schema_block *sb = s->blocks; sb && sb->name; sb++)
		n++;
	const char **names = CL_NEWN(a, const char *, n + 1);
	const cl_type **types = CL_NEWN(a, const cl_type *, n + 1);
	unsigned i = 0;
	for (const cl_schema_attr *sa = s->attrs; sa->name; sa++, i++) {
		names[i] = sa->name;
		types[i] = cl_schema_attr_type(a, sa);
	}
	for (const cl_schema_block *sb = s->blocks; sb && sb->name; sb++, i++) {
		names[i] = sb->name;
		types[i] = block_type(a, sb);
	}
	return cl_type_object(a, names, types, n);
}
