/* arena.h: bump allocation for per-phase memory (the AST, an evaluated
 * configuration, a plan).  Everything allocated from an arena is freed at
 * once by cl_arena_free; nothing in it is freed one by one. */
#ifndef CL_ARENA_H
#define CL_ARENA_H

#include <stdbool.h>
#include <stddef.h>

typedef struct cl_arena_chunk cl_arena_chunk;
typedef struct cl_arena {
	cl_arena_chunk *head;
	size_t used;      /* bytes handed out, for memory accounting */
} cl_arena;

void  cl_arena_init(cl_arena *a);
void *cl_arena_alloc(cl_arena *a, size_t size);          /* zeroed, max-aligned */
void *cl_arena_realloc(cl_arena *a, void *p, size_t old, size_t size);
char *cl_arena_strndup(cl_arena *a, const char *s, size_t n);
char *cl_arena_strdup(cl_arena *a, const char *s);
char *cl_arena_printf(cl_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void  cl_arena_free(cl_arena *a);
/* Frees everything but the last (largest) chunk, for an arena of
 * temporaries used over and over (one per resource instance). */
void  cl_arena_reset(cl_arena *a);
/* Was p handed out by a (and not yet reset)? */
bool  cl_arena_owns(const cl_arena *a, const void *p);

#define CL_NEW(a, T) ((T *)cl_arena_alloc((a), sizeof(T)))
#define CL_NEWN(a, T, n) ((T *)cl_arena_alloc((a), sizeof(T) * (n)))

#endif
