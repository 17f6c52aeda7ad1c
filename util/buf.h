/* buf.h: a growable byte string (heap allocated), for building output,
 * request bodies and messages.  Always NUL-terminated. */
#ifndef CL_BUF_H
#define CL_BUF_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct cl_buf {
	char *data;
	size_t len, cap;
} cl_buf;

#define CL_BUF_INIT { NULL, 0, 0 }

void cl_buf_grow(cl_buf *b, size_t extra);
void cl_buf_add(cl_buf *b, const void *p, size_t n);
void cl_buf_puts(cl_buf *b, const char *s);
void cl_buf_putc(cl_buf *b, char c);
void cl_buf_printf(cl_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cl_buf_vprintf(cl_buf *b, const char *fmt, va_list ap);
/* Appends all that is left to read from f; false on a read error (errno). */
bool cl_buf_read(cl_buf *b, FILE *f);
void cl_buf_reset(cl_buf *b);
char *cl_buf_steal(cl_buf *b);   /* caller frees; b is empty afterwards */
void cl_buf_free(cl_buf *b);
static inline const char *cl_buf_str(const cl_buf *b) { return b->data ? b->data : ""; }

#endif
