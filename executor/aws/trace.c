/* trace.c: redaction for the trace log.  Works on the text as sent and
 * received, by parameter and element name; it does not parse XML fully,
 * which is enough for the flat, regular answers AWS gives. */
#include "executor/aws/trace.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char *const secret_words[] = {
	"password", "secret", "sessiontoken", "securitytoken", "userdata", "keymaterial",
	"privatekey", NULL,
};

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

void aws_redact_form(cl_buf *out, const char *body)
{
	for (const char *p = body; *p;) {
		size_t l = strcspn(p, "&");
		const char *eq = memchr(p, '=', l);
		char key[128];
		size_t kl = eq ? (size_t)(eq - p) : l;
		snprintf(key, sizeof key, "%.*s", (int)kl, p);
		if (eq && aws_trace_secret_name(key)) {
			cl_buf_add(out, p, kl);
			cl_buf_puts(out, "=<redacted>");
		} else {
			cl_buf_add(out, p, l);
		}
		p += l;
		if (*p)
			cl_buf_putc(out, *p++);
	}
}

/* Copies the XML, replacing the content of every element whose name looks
 * secret up to its closing tag. */
void aws_redact_xml(cl_buf *out, const char *body)
{
	const char *p = body;
	while (*p) {
		const char *lt = strchr(p, '<');
		if (!lt) {
			cl_buf_puts(out, p);
			return;
		}
		const char *gt = strchr(lt, '>');
		if (!gt) {
			cl_buf_puts(out, p);
			return;
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
}

void aws_redact_creq(cl_buf *out, const char *creq)
{
	for (const char *p = creq; *p;) {
		size_t l = strcspn(p, "\n");
		const char *colon = memchr(p, ':', l);
		char name[128];
		snprintf(name, sizeof name, "%.*s", colon ? (int)(colon - p) : 0, p);
		if (colon && aws_trace_secret_name(name)) {
			cl_buf_add(out, p, (size_t)(colon - p) + 1);
			cl_buf_puts(out, "<redacted>");
		} else {
			cl_buf_add(out, p, l);
		}
		p += l;
		if (*p)
			cl_buf_putc(out, *p++);
	}
}

void aws_redact_header(cl_buf *out, const aws_header *h)
{
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
}
