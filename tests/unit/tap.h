/* tap.h: the unit tests' whole framework.  Each test program prints TAP
 * ("ok 3 - name" / "not ok 3 - name" and "# " diagnostics); tests/run
 * counts the lines.  Header-only on purpose: one include per test file. */
#ifndef CL_TAP_H
#define CL_TAP_H

#include <stdio.h>
#include <string.h>

#include "util/buf.h"

static int tap_n, tap_failed;

static inline int tap_ok(int cond, const char *file, int line, const char *name)
{
	++tap_n;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, name);
	if (!cond) {
		printf("#   failed at %s:%d\n", file, line);
		tap_failed++;
	}
	return cond;
}

#define ok(cond, name) tap_ok(!!(cond), __FILE__, __LINE__, (name))
#define is_str(got, want, name) do { \
	const char *g_ = (got), *w_ = (want); \
	if (!tap_ok(g_ && w_ && strcmp(g_, w_) == 0, __FILE__, __LINE__, (name))) \
		printf("#   got:  \"%s\"\n#   want: \"%s\"\n", g_ ? g_ : "(null)", w_ ? w_ : "(null)"); \
} while (0)
#define is_int(got, want, name) do { \
	long long g_ = (long long)(got), w_ = (long long)(want); \
	if (!tap_ok(g_ == w_, __FILE__, __LINE__, (name))) \
		printf("#   got:  %lld\n#   want: %lld\n", g_, w_); \
} while (0)

/* A data file, whole and NUL-terminated, to free; *len (when len is not
 * NULL) its size.  NULL when it cannot be opened. */
static inline char *tap_slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	cl_buf b = CL_BUF_INIT;
	cl_buf_read(&b, f);
	fclose(f);
	if (len)
		*len = b.len;
	return cl_buf_steal(&b);
}

static inline int tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed != 0;
}

#endif
