/* buf.c: growable byte strings. */
#include "util/buf.h"
#include "util/fatal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cl_buf_grow(cl_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->data = cl_xrealloc(b->data, cap);
	b->cap = cap;
}

void cl_buf_add(cl_buf *b, const void *p, size_t n)
{
	cl_buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = 0;
}

bool cl_buf_read(cl_buf *b, FILE *f)
{
	char chunk[65536];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		cl_buf_add(b, chunk, n);
	return !ferror(f);
}

void cl_buf_puts(cl_buf *b, const char *s) { cl_buf_add(b, s, strlen(s)); }
void cl_buf_putc(cl_buf *b, char c) { cl_buf_add(b, &c, 1); }

void cl_buf_vprintf(cl_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	cl_buf_grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	b->len += (size_t)n;
}

void cl_buf_printf(cl_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cl_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void cl_buf_reset(cl_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = 0;
}

char *cl_buf_steal(cl_buf *b)
{
	char *s = b->data ? b->data : cl_xstrdup("");
	b->data = NULL;
	b->len = b->cap = 0;
	return s;
}

void cl_buf_free(cl_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}
