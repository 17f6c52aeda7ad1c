/* fatal.c: allocation that cannot fail silently.  Running out of memory is
 * the one error we do not try to recover from. */
#include "util/fatal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Noreturn void cl_fatal_oom(void)
{
	fputs("clicamosc: out of memory\n", stderr);
	abort();
}

void *cl_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		cl_fatal_oom();
	return p;
}

void *cl_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		cl_fatal_oom();
	return p;
}

void *cl_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		cl_fatal_oom();
	return p;
}

char *cl_xstrndup(const char *s, size_t n)
{
	char *d = cl_xmalloc(n + 1);
	memcpy(d, s, n);
	d[n] = 0;
	return d;
}

char *cl_xstrdup(const char *s)
{
	return cl_xstrndup(s, strlen(s));
}
