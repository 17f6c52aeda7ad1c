/* modversion.c: module versions and Terraform's version constraints
 * ("1.2.0", ">= 1.0, < 2.0", "~> 1.2", "!= 1.3.1"), as hashicorp/go-version
 * reads them: a missing minor or patch is 0; a pre-release (1.0.0-beta)
 * matches only a constraint that names it exactly. */
#include "compiler/modversion.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct ver {
	long n[3];
	int parts;          /* how many were written: "~> 1.2" differs from "~> 1.2.0" */
	const char *pre;    /* after "-", or NULL */
	size_t prelen;
} ver;

static bool parse(const char *s, size_t len, ver *v)
{
	memset(v, 0, sizeof *v);
	const char *end = s + len;
	if (s < end && *s == 'v')
		s++;
	while (v->parts < 3 && s < end && isdigit((unsigned char)*s)) {
		char *e;
		v->n[v->parts++] = strtol(s, &e, 10);
		s = e;
		if (s < end && *s == '.' && v->parts < 3)
			s++;
		else
			break;
	}
	if (!v->parts)
		return false;
	if (s < end && *s == '-') {
		v->pre = s + 1;
		v->prelen = (size_t)(end - s - 1);
		s = end;
	} else if (s < end && *s == '+') {
		s = end;   /* build metadata: ignored */
	}
	return s == end;
}

static int cmp(const ver *a, const ver *b)
{
	for (int i = 0; i < 3; i++)
		if (a->n[i] != b->n[i])
			return a->n[i] < b->n[i] ? -1 : 1;
	if (!a->pre || !b->pre)
		return a->pre ? -1 : b->pre ? 1 : 0;
	size_t n = a->prelen < b->prelen ? a->prelen : b->prelen;
	int c = strncmp(a->pre, b->pre, n);
	return c ? c : (a->prelen > b->prelen) - (a->prelen < b->prelen);
}

int cl_modversion_cmp(const char *a, const char *b)
{
	ver x, y;
	parse(a, strlen(a), &x);
	parse(b, strlen(b), &y);
	return cmp(&x, &y);
}

/* One "OP VERSION" term. */
static bool term(const ver *v, const char *s, size_t len, bool *bad)
{
	while (len && isspace((unsigned char)*s))
		s++, len--;
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	static const char *const ops[] = { "~>", ">=", "<=", "!=", ">", "<", "=" };
	const char *op = "=";
	for (size_t i = 0; i < sizeof ops / sizeof *ops; i++)
		if (len >= strlen(ops[i]) && !strncmp(s, ops[i], strlen(ops[i]))) {
			op = ops[i];
			s += strlen(op), len -= strlen(op);
			break;
		}
	while (len && isspace((unsigned char)*s))
		s++, len--;
	ver c;
	if (!parse(s, len, &c)) {
		*bad = true;
		return false;
	}
	/* A pre-release is chosen only by name. */
	if (v->pre && !(c.pre && v->n[0] == c.n[0] && v->n[1] == c.n[1] && v->n[2] == c.n[2]))
		return false;
	int k = cmp(v, &c);
	if (!strcmp(op, "="))
		return k == 0;
	if (!strcmp(op, "!="))
		return k != 0;
	if (!strcmp(op, ">"))
		return k > 0;
	if (!strcmp(op, ">="))
		return k >= 0;
	if (!strcmp(op, "<"))
		return k < 0;
	if (!strcmp(op, "<="))
		return k <= 0;
	/* ~> 1.2 means >= 1.2, < 2.0; ~> 1.2.3 means >= 1.2.3, < 1.3.0. */
	if (k < 0)
		return false;
	int fixed = c.parts > 1 ? c.parts - 1 : 1;
	for (int i = 0; i < fixed; i++)
		if (v->n[i] != c.n[i])
			return false;
	return true;
}

bool cl_modversion_ok(const char *version, const char *constraint, bool *bad)
{
	ver v;
	*bad = false;
	if (!parse(version, strlen(version), &v))
		return false;
	if (!constraint)
		return !v.pre;
	bool ok = true;
	for (const char *s = constraint;;) {
		size_t n = strcspn(s, ",");
		ok = term(&v, s, n, bad) && ok;
		if (!s[n])
			break;
		s += n + 1;
	}
	return ok && !*bad;
}
