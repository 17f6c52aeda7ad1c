/* safetext.c: redaction by value and escaping of control characters (see
 * safetext.h).  The escaping matches bytes, not a decoder: the characters
 * it looks for have fixed UTF-8 forms, and invalid UTF-8 is left as it is
 * (a terminal shows it as a replacement character). */
#include "util/safetext.h"
#include "util/fatal.h"

#include <pthread.h>
#include <stdio.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static char **secrets;
static size_t nsecrets;
static pthread_mutex_t secrets_mu = PTHREAD_MUTEX_INITIALIZER;

void cl_safetext_secret(const char *value)
{
	if (!value || strlen(value) < 4)
		return;
	pthread_mutex_lock(&secrets_mu);
	bool known = false;
	for (size_t i = 0; i < nsecrets && !known; i++)
		known = !strcmp(secrets[i], value);
	if (!known) {
		secrets = cl_xrealloc(secrets, (nsecrets + 1) * sizeof *secrets);
		secrets[nsecrets++] = cl_xstrdup(value);
	}
	pthread_mutex_unlock(&secrets_mu);
}

/* b[at, at+n) := with; the rest of b moves. */
static void splice(cl_buf *b, size_t at, size_t n, const char *with)
{
	size_t w = strlen(with), rest = b->len - at - n;
	cl_buf_grow(b, w + 1);
	memmove(b->data + at + w, b->data + at + n, rest + 1);
	memcpy(b->data + at, with, w);
	b->len = at + w + rest;
}

void cl_safetext_redact(cl_buf *b, size_t from)
{
	pthread_mutex_lock(&secrets_mu);
	for (size_t i = 0; i < nsecrets && b->data; i++) {
		size_t n = strlen(secrets[i]);
		char *p;
		for (size_t at = from; (p = strstr(b->data + at, secrets[i]));) {
			at = (size_t)(p - b->data);
			splice(b, at, n, "<redacted>");
			at += sizeof "<redacted>" - 1;
		}
	}
	pthread_mutex_unlock(&secrets_mu);
}

/* The length of the control character at s (up to end), or 0: C0 but
 * newline and tab, DEL, C1 (U+0080-U+009F), the bidi marks, embeddings,
 * overrides and isolates (U+061C, U+200E-U+200F, U+202A-U+202E,
 * U+2066-U+2069).  *cp is its code point. */
static size_t control_at(const unsigned char *s, const unsigned char *end, unsigned *cp)
{
	if (*s < 0x20 || *s == 0x7F) {
		*cp = *s;
		return *s == '\n' || *s == '\t' ? 0 : 1;
	}
	if (end - s >= 2 && s[0] == 0xC2 && s[1] >= 0x80 && s[1] <= 0x9F) {
		*cp = s[1];
		return 2;
	}
	if (end - s >= 2 && s[0] == 0xD8 && s[1] == 0x9C) {
		*cp = 0x061C;
		return 2;
	}
	if (end - s >= 3 && s[0] == 0xE2) {
		*cp = 0x2000 | (unsigned)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
		if (s[1] == 0x80 && (s[2] == 0x8E || s[2] == 0x8F || (s[2] >= 0xAA && s[2] <= 0xAE)))
			return 3;
		if (s[1] == 0x81 && s[2] >= 0xA6 && s[2] <= 0xA9)
			return 3;
	}
	return 0;
}

void cl_safetext_escape(cl_buf *b, size_t from)
{
	for (size_t i = from; i < b->len;) {
		unsigned cp;
		size_t n = control_at((unsigned char *)b->data + i, (unsigned char *)b->data + b->len, &cp);
		if (!n) {
			i++;
			continue;
		}
		char esc[8];
		snprintf(esc, sizeof esc, cp < 0x80 ? "\\x%02x" : "\\u%04x", cp);
		splice(b, i, n, esc);
		i += strlen(esc);
	}
}

char *cl_safetext(const char *s)
{
	cl_buf b = CL_BUF_INIT;
	cl_buf_puts(&b, s);
	cl_safetext_redact(&b, 0);     /* first: a secret is registered as it was */
	cl_safetext_escape(&b, 0);
	return cl_buf_steal(&b);
}
