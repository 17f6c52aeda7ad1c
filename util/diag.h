/* diag.h: source files and the diagnostics that point into them.
 * A range is a pair of byte offsets into one source; line and column are
 * computed only when a diagnostic is printed.  Every user-facing error in
 * clicamosc goes through here: file:line:col, the line, a caret, a hint. */
#ifndef CL_DIAG_H
#define CL_DIAG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct cl_source {
	char *name;            /* path as the user gave it */
	char *text;            /* contents, NUL-terminated (may hold NULs) */
	size_t len;
	size_t *lines;         /* offsets of line starts, built on demand */
	size_t nlines;
} cl_source;

typedef struct cl_range {
	const cl_source *src;
	size_t start, end;     /* byte offsets, end exclusive */
} cl_range;

/* No place in a source file: diagnostics about files, the network, state. */
#define CL_NOWHERE ((cl_range){ 0 })

typedef struct cl_pos {
	unsigned line, col;    /* 1-based; col counts characters, not bytes */
} cl_pos;

typedef enum { CL_SEV_ERROR, CL_SEV_WARNING, CL_SEV_NOTE } cl_severity;

typedef struct cl_diag cl_diag;
struct cl_diag {
	cl_severity sev;
	cl_range range;        /* src may be NULL: a diagnostic about no file */
	char *msg;
	char *hint;            /* what to do, or NULL */
	cl_diag *notes;        /* related places ("opened here"), in order */
	size_t nnotes;
};

typedef struct cl_diags {
	cl_diag *v;
	size_t n, cap;
	size_t nerrors, nwarnings;
} cl_diags;

cl_source *cl_source_new(const char *name, const char *text, size_t len);
cl_source *cl_source_read(const char *path, cl_diags *d);  /* NULL on error */
void cl_source_free(cl_source *s);
cl_pos cl_source_pos(const cl_source *s, size_t off);
cl_range cl_range_join(cl_range a, cl_range b);

/* Sources live for the whole process and are known by a small id, so that
 * syntax nodes can name their file in 16 bits.  Thread-safe. */
unsigned cl_source_register(const cl_source *s);      /* returns the id; 0 is never used */
const cl_source *cl_source_by_id(unsigned id);

void cl_diag_error(cl_diags *d, cl_range r, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void cl_diag_warning(cl_diags *d, cl_range r, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Attach to the diagnostic added last. */
void cl_diag_hint(cl_diags *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void cl_diag_note(cl_diags *d, cl_range r, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

void cl_diags_print(FILE *f, const cl_diags *d, bool color);
void cl_diag_print(FILE *f, const cl_diag *g, bool color);
void cl_diags_move(cl_diags *to, cl_diags *from);
void cl_diags_free(cl_diags *d);

#endif
