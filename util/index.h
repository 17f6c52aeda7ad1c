/* index.h: a string -> number map in an arena (open addressing), for the
 * lookups that would otherwise scan: resources by type and name, state
 * objects by address.  Keys are not copied: they must live as long. */
#ifndef CL_INDEX_H
#define CL_INDEX_H

#include <stdbool.h>

#include "util/arena.h"

typedef struct cl_index {
	const char **keys;
	unsigned *vals;
	unsigned cap, n;
} cl_index;

/* Adds or replaces key's value. */
void cl_index_put(cl_arena *a, cl_index *x, const char *key, unsigned val);
bool cl_index_get(const cl_index *x, const char *key, unsigned *val);

#endif
