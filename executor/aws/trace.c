/* trace.c: redaction for the trace log.  Works on the text as sent and
 * received, by parameter and element name; it does not parse XML fully,
 * which is enough for the flat, regular answers AWS gives. */
#include "executor/aws/trace.h"

#include "util/fatal.h"
#include "util/safetext.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const secret_words[] = {
	"password", "secret", "sessiontoken", "securitytoken", "userdata", "keymaterial",
	"privatekey", NULL,
};

static void percent_encode(cl_buf *b, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c) || strchr("-_.~", c))
			cl_buf_putc(b, (char)c);
		else
			cl_buf_printf(b, "%%%02X", c);
	}
}

/* Registered as written and as percent-encoded (a form body carries it so). */
void aws_trace_sensitive(const char *value)
{
	if (!value)
		return;
	cl_buf enc = CL_BUF_INIT;
	percent_encode(&enc, value);
	cl_safetext_secret(value);
	cl_safetext_secret(cl_buf_str(&enc));
	cl_buf_free(&enc);
}

bool aws_trace_secret_name(const char *name)
{
	/* Compared without case or punctuation: X-Amz-Security-Token matches. */
	char low[128];
	size_t n = 0;
	for (; *name && n < sizeof low - 1; name++)
		if (isalnum((unsigned char)*name))
			low[n++] = (char)tolower((unsigned char)*name);
	low[n] = 0;
	for (const char *const *w = secret_words; *w; w++)
		if (strstr(low, *w))
			return true;
	return false;
}

/* Copies text made of items ended by sep, each "name<delim>value", with the
 * value redacted where the name looks secret: a form body ("&", "=") or a
 * canonical request's header lines ("\n", ":"). */
static void redact_items(cl_buf *out, const char *text, const char *sep, char delim)
{
	size_t from = out->len;
	for (const char *p = text; *p;) {
		size_t l = strcspn(p, sep);
		const char *d = memchr(p, delim, l);
		char name[128];
		snprintf(name, sizeof name, "%.*s", d ? (int)(d - p) : 0, p);
		if (d && aws_trace_secret_name(name)) {
			cl_buf_add(out, p, (size_t)(d - p) + 1);
			cl_buf_puts(out, "<redacted>");
		} else {
			cl_buf_add(out, p, l);
		}
		p += l;
		if (*p)
			cl_buf_putc(out, *p++);
	}
	cl_safetext_redact(out, from);
}

void aws_redact_form(cl_buf *out, const char *body)
{
	redact_items(out, body, "&", '=');
}

/* Copies the XML, replacing the content of every element whose name looks
 * secret up to its closing tag. */
void aws_redact_xml(cl_buf *out, const char *body)
{
	size_t from = out->len;
	const char *p = body;
	while (*p) {
		const char *lt = strchr(p, '<'), *gt = lt ? strchr(lt, '>') : NULL;
		if (!gt) {   /* no more (complete) tags: the rest as it is */
			cl_buf_puts(out, p);
			break;
		}
		cl_buf_add(out, p, (size_t)(gt + 1 - p));
		p = gt + 1;
		const char *name = lt + 1;
		size_t nl = strcspn(name, " \t\r\n/>");
		if (strchr("/?!", *name) || gt[-1] == '/' || nl == 0 || nl >= 100)
			continue;
		char tag[104];
		snprintf(tag, sizeof tag, "%.*s", (int)nl, name);
		if (!aws_trace_secret_name(tag))
			continue;
		char close[108];
		snprintf(close, sizeof close, "</%s", tag);
		const char *end = strstr(p, close);
		if (!end)
			end = p + strlen(p);
		cl_buf_puts(out, "<redacted>");
		p = end;
	}
	cl_safetext_redact(out, from);
}

void aws_redact_creq(cl_buf *out, const char *creq)
{
	redact_items(out, creq, "\n", ':');
}

void aws_redact_header(cl_buf *out, const aws_header *h)
{
	size_t from = out->len;
	cl_buf_printf(out, "%s: ", h->name);
	if (strcasecmp(h->name, "Authorization") == 0) {
		const char *sig = strstr(h->value, "Signature=");
		cl_buf_add(out, h->value, sig ? (size_t)(sig - h->value) + 10 : strlen(h->value));
		if (sig)
			cl_buf_puts(out, "<redacted>");
	} else if (aws_trace_secret_name(h->name)) {
		cl_buf_puts(out, "<redacted>");
	} else {
		cl_buf_puts(out, h->value);
	}
	cl_safetext_redact(out, from);
}
