/* safetext.h: text made safe to show.  Values marked sensitive are
 * replaced by "<redacted>" wherever they appear, by value (an AWS error
 * may echo one); control characters from outside (C0 but newline and tab,
 * DEL, C1, bidi overrides) are shown escaped, never sent to a terminal. */
#ifndef CL_SAFETEXT_H
#define CL_SAFETEXT_H

#include "util/buf.h"

/* From now on, value is redacted everywhere (a value shorter than 4 bytes
 * is not: it cannot be told from ordinary text).  Thread-safe. */
void cl_safetext_secret(const char *value);
/* Every registered value in b, from byte `from` on, becomes <redacted>. */
void cl_safetext_redact(cl_buf *b, size_t from);
/* The control characters in b, from byte `from` on, escaped in place:
 * \x1b, \u0085, \u202e. */
void cl_safetext_escape(cl_buf *b, size_t from);
/* Both, on a copy of s (free it). */
char *cl_safetext(const char *s);

#endif
