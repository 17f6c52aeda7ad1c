/* schema.c: the registry of resource types.  Filled once at start-up (by
 * the CLI, from the providers), read-only afterwards. */
#include "compiler/schema.h"

#include <assert.h>
#include <string.h>

enum { MAX_TYPES = 64 };
static const cl_resource_type *types[MAX_TYPES];
static unsigned ntypes;

void cl_schema_register(const cl_resource_type *t)
{
	assert(ntypes < MAX_TYPES);
	assert(!cl_schema_find(t->name, t->data));
	types[ntypes++] = t;
}

const cl_resource_type *cl_schema_find(const char *name, bool data)
{
	for (unsigned i = 0; i < ntypes; i++)
		if (types[i]->data == data && strcmp(types[i]->name, name) == 0)
			return types[i];
	return NULL;
}

const cl_resource_type *const *cl_schema_all(unsigned *n)
{
	*n = ntypes;
	return types;
}

const cl_schema_attr *cl_schema_attr_find(const cl_schema *s, const char *name)
{
	for (const cl_schema_attr *a = s->attrs; a && a->name; a++)
		if (strcmp(a->name, name) == 0)
			return a;
	return NULL;
}

const cl_schema_block *cl_schema_block_find(const cl_schema *s, const char *name)
{
	for (const cl_schema_block *b = s->blocks; b && b->name; b++)
		if (strcmp(b->name, name) == 0)
			return b;
	return NULL;
}

unsigned cl_schema_fmt_block_args(const char *type, const char *block, const char **names, bool *required,
                                  unsigned cap)
{
	const cl_resource_type *rt = cl_schema_find(type, false);
	const cl_schema_block *sb = rt ? cl_schema_block_find(rt->schema, block) : NULL;
	unsigned n = 0;
	for (const cl_schema_attr *sa = sb ? sb->body->attrs : NULL; sa && sa->name && n < cap; sa++)
		if (sa->flags & (CL_SA_REQUIRED | CL_SA_OPTIONAL)) {
			names[n] = sa->name;
			required[n++] = sa->flags & CL_SA_REQUIRED;
		}
	return n;
}
