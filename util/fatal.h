/* fatal.h: the only ways clicamosc dies on purpose: out of memory, and
 * xmalloc-style wrappers that never return NULL. */
#ifndef CL_FATAL_H
#define CL_FATAL_H

#include <stddef.h>

_Noreturn void cl_fatal_oom(void);
void *cl_xmalloc(size_t n);
void *cl_xcalloc(size_t n, size_t size);
void *cl_xrealloc(void *p, size_t n);
char *cl_xstrdup(const char *s);
char *cl_xstrndup(const char *s, size_t n);

#endif
