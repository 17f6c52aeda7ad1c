/* index.c: the string index (see index.h). */
#include "util/index.h"

#include <string.h>

static unsigned hash(const char *s)
{
	unsigned h = 2166136261u;
	while (*s)
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static unsigned slot(const cl_index *x, const char *key)
{
	unsigned i = hash(key) & (x->cap - 1);
	while (x->keys[i] && strcmp(x->keys[i], key))
		i = (i + 1) & (x->cap - 1);
	return i;
}

void cl_index_put(cl_arena *a, cl_index *x, const char *key, unsigned val)
{
	if (2 * (x->n + 1) > x->cap) {
		cl_index old = *x;
		x->cap = old.cap ? 2 * old.cap : 16;
		x->keys = CL_NEWN(a, const char *, x->cap);
		x->vals = CL_NEWN(a, unsigned, x->cap);
		for (unsigned i = 0; i < old.cap; i++)
			if (old.keys[i]) {
				unsigned s = slot(x, old.keys[i]);
				x->keys[s] = old.keys[i];
				x->vals[s] = old.vals[i];
			}
	}
	unsigned s = slot(x, key);
	if (!x->keys[s]) {
		x->keys[s] = key;
		x->n++;
	}
	x->vals[s] = val;
}

bool cl_index_get(const cl_index *x, const char *key, unsigned *val)
{
	if (!x->cap)
		return false;
	unsigned s = slot(x, key);
	if (!x->keys[s])
		return false;
	*val = x->vals[s];
	return true;
}
