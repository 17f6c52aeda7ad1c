/* query.c: building query-protocol parameters and the form-encoded body
 * (application/x-www-form-urlencoded: a space is '+', everything but the
 * unreserved characters is %XX, byte for byte what botocore and the Go SDK send). */
#include "executor/aws/query.h"
#include "executor/aws/sigv4.h"
#include "util/arena.h"
#include "util/fatal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct param {
	const char *key, *value;
	struct param *next;
} param;

struct aws_params {
	cl_arena arena;
	aws_service service;
	param *head, **tail;
	int nfilters;
	bool after_create, once;
};

aws_params *aws_params_new(aws_service s)
{
	aws_params *p = cl_xcalloc(1, sizeof *p);
	cl_arena_init(&p->arena);
	p->service = s;
	p->tail = &p->head;
	return p;
}

void aws_params_free(aws_params *p)
{
	if (!p)
		return;
	cl_arena_free(&p->arena);
	free(p);
}

void aws_params_add(aws_params *p, const char *key, const char *value)
{
	param *x = CL_NEW(&p->arena, param);
	x->key = cl_arena_strdup(&p->arena, key);
	x->value = cl_arena_strdup(&p->arena, value ? value : "");
	*p->tail = x, p->tail = &x->next;
}

void aws_params_addf(aws_params *p, const char *key, const char *fmt, ...)
{
	cl_buf b = CL_BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	cl_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	aws_params_add(p, key, cl_buf_str(&b));
	cl_buf_free(&b);
}

static const char *member(const aws_params *p)
{
	return aws_services[p->service].member_lists ? ".member" : "";
}

void aws_params_list(aws_params *p, const char *name, const char *const *values, size_t n)
{
	char key[256];
	for (size_t i = 0; i < n; i++) {
		snprintf(key, sizeof key, "%s%s.%zu", name, member(p), i + 1);
		aws_params_add(p, key, values[i]);
	}
}

void aws_params_item(aws_params *p, const char *list, size_t i, const char *field,
                     const char *value)
{
	char key[256];
	snprintf(key, sizeof key, "%s%s.%zu.%s", list, member(p), i, field);
	aws_params_add(p, key, value);
}

void aws_params_filter(aws_params *p, const char *name, const char *const *values, size_t n)
{
	bool m = aws_services[p->service].member_lists;
	const char *list = m ? "Filters" : "Filter", *vals = m ? "Values.member" : "Value";
	int k = ++p->nfilters;
	aws_params_item(p, list, (size_t)k, "Name", name);
	char key[256];
	for (size_t i = 0; i < n; i++) {
		snprintf(key, sizeof key, "%s%s.%d.%s.%zu", list, member(p), k, vals, i + 1);
		aws_params_add(p, key, values[i]);
	}
}

void aws_params_after_create(aws_params *p) { p->after_create = true; }
bool aws_params_is_after_create(const aws_params *p) { return p && p->after_create; }
void aws_params_once(aws_params *p) { p->once = true; }
bool aws_params_is_once(const aws_params *p) { return p && p->once; }
aws_service aws_params_service(const aws_params *p) { return p->service; }

/* A space is '+' in a form, not %20: AWS takes both, but a verifier that
 * parses the form and encodes it again to check the body's hash (moto's, and
 * any proxy built on an SDK) produces '+', so only '+' signs alike there. */
static void form_encode(cl_buf *out, const char *s)
{
	for (const char *sp; (sp = strchr(s, ' ')); s = sp + 1) {
		aws_uri_encode(out, s, (size_t)(sp - s), NULL);
		cl_buf_putc(out, '+');
	}
	aws_uri_encode(out, s, strlen(s), NULL);
}

static void pair(cl_buf *out, const char *k, const char *v)
{
	if (out->len)
		cl_buf_putc(out, '&');
	form_encode(out, k);
	cl_buf_putc(out, '=');
	form_encode(out, v);
}

void aws_params_encode(const aws_params *p, const char *action, const char *extra_key,
                       const char *extra_value, cl_buf *out)
{
	cl_buf_reset(out);
	pair(out, "Action", action);
	if (aws_services[p->service].version)
		pair(out, "Version", aws_services[p->service].version);
	for (const param *x = p->head; x; x = x->next)
		pair(out, x->key, x->value);
	if (extra_key)
		pair(out, extra_key, extra_value);
}
