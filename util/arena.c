/* arena.c: chunked bump allocator.  Chunks grow geometrically so that a
 * 100 MB configuration does not turn into millions of small mallocs; a
 * request larger than a chunk gets a chunk of its own. */
#include "util/arena.h"
#include "util/fatal.h"

#include <stdarg.h>
#include <stdalign.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct cl_arena_chunk {
	cl_arena_chunk *next;
	size_t size, off;
	alignas(max_align_t) unsigned char data[];
};

enum { FIRST_CHUNK = 16 * 1024, MAX_CHUNK = 8 * 1024 * 1024 };

void cl_arena_init(cl_arena *a)
{
	a->head = NULL;
	a->used = 0;
}

static cl_arena_chunk *new_chunk(cl_arena *a, size_t need)
{
	size_t size = a->head ? a->head->size * 2 : FIRST_CHUNK;
	if (size > MAX_CHUNK)
		size = MAX_CHUNK;
	if (size < need)
		size = need;
	cl_arena_chunk *c = malloc(sizeof *c + size);
	if (!c)
		cl_fatal_oom();
	c->size = size;
	c->off = 0;
	c->next = a->head;
	a->head = c;
	return c;
}

void *cl_arena_alloc(cl_arena *a, size_t size)
{
	size_t al = alignof(max_align_t);
	size = (size + al - 1) & ~(al - 1);
	cl_arena_chunk *c = a->head;
	if (!c || c->size - c->off < size)
		c = new_chunk(a, size);
	void *p = c->data + c->off;
	c->off += size;
	a->used += size;
	memset(p, 0, size);
	return p;
}

void *cl_arena_realloc(cl_arena *a, void *p, size_t old, size_t size)
{
	if (size <= old)
		return p;
	void *q = cl_arena_alloc(a, size);
	if (old)
		memcpy(q, p, old);
	return q;
}

char *cl_arena_strndup(cl_arena *a, const char *s, size_t n)
{
	char *d = cl_arena_alloc(a, n + 1);
	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

char *cl_arena_strdup(cl_arena *a, const char *s)
{
	return cl_arena_strndup(a, s, strlen(s));
}

char *cl_arena_printf(cl_arena *a, const char *fmt, ...)
{
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	char *s = cl_arena_alloc(a, (size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return s;
}

static void free_chunks(cl_arena_chunk *c)
{
	while (c) {
		cl_arena_chunk *next = c->next;
		free(c);
		c = next;
	}
}

void cl_arena_free(cl_arena *a)
{
	free_chunks(a->head);
	a->head = NULL;
	a->used = 0;
}

void cl_arena_reset(cl_arena *a)
{
	cl_arena_chunk *keep = a->head;
	if (!keep)
		return;
	free_chunks(keep->next);
	keep->next = NULL;
	keep->off = 0;
	a->used = 0;
}

bool cl_arena_owns(const cl_arena *a, const void *p)
{
	uintptr_t q = (uintptr_t)p;
	for (const cl_arena_chunk *c = a->head; c; c = c->next)
		if (q >= (uintptr_t)c->data && q < (uintptr_t)c->data + c->off)
			return true;
	return false;
}
