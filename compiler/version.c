/* version.c: version constraints in hashicorp/go-version's syntax (=, !=,
 * >, >=, <, <=, ~>, comma-separated, all must hold) and the
 * required_version check. */
#include "compiler/version.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct ver {
	long seg[3];
	int nseg;            /* segments written: ~> reads them */
	bool pre;            /* a pre-release (1.0.0-beta): below its release */
} ver;

static const char *parse_ver(const char *s, ver *v)
{
	memset(v, 0, sizeof *v);
	if (*s == 'v')
		s++;
	while (v->nseg < 3) {
		if (!isdigit((unsigned char)*s))
			return NULL;
		char *e;
		v->seg[v->nseg++] = strtol(s, &e, 10);
		s = e;
		if (*s != '.')
			break;
		s++;
	}
	if (*s == '-') {   /* pre-release and build metadata */
		v->pre = true;
		while (*s && *s != ',' && !isspace((unsigned char)*s))
			s++;
	}
	if (*s == '+')
		while (*s && *s != ',' && !isspace((unsigned char)*s))
			s++;
	return s;
}

static int cmp(const ver *a, const ver *b)
{
	for (int i = 0; i < 3; i++)
		if (a->seg[i] != b->seg[i])
			return a->seg[i] < b->seg[i] ? -1 : 1;
	return a->pre == b->pre ? 0 : a->pre ? -1 : 1;
}

/* Does v meet "op w"? */
static bool meets(const ver *v, const char *op, const ver *w)
{
	int c = cmp(v, w);
	if (!strcmp(op, "=") || !*op)
		return c == 0;
	if (!strcmp(op, "!="))
		return c != 0;
	if (!strcmp(op, ">"))
		return c > 0;
	if (!strcmp(op, ">="))
		return c >= 0;
	if (!strcmp(op, "<"))
		return c < 0;
	if (!strcmp(op, "<="))
		return c <= 0;
	/* ~> 1.2 means >= 1.2, < 2.0; ~> 1.2.3 means >= 1.2.3, < 1.3.0 */
	if (c < 0)
		return false;
	int fixed = w->nseg > 1 ? w->nseg - 1 : 1;
	for (int i = 0; i < fixed; i++)
		if (v->seg[i] != w->seg[i])
			return false;
	return true;
}

/* true when v meets every part of the constraint; *bad names a part that
 * does not parse. */
static bool satisfies(const char *constraint, const ver *v, const char **bad)
{
	bool ok = true;
	const char *s = constraint;
	*bad = NULL;
	for (;;) {
		while (isspace((unsigned char)*s))
			s++;
		char op[3] = "";
		size_t n = strspn(s, "=!<>~");
		if (n > 2) {
			*bad = s;
			return false;
		}
		memcpy(op, s, n);
		op[n] = 0;
		if (n && strcmp(op, "=") && strcmp(op, "!=") && strcmp(op, ">") && strcmp(op, ">=") && strcmp(op, "<") &&
		    strcmp(op, "<=") && strcmp(op, "~>")) {
			*bad = s;
			return false;
		}
		s += n;
		while (isspace((unsigned char)*s))
			s++;
		ver w;
		const char *e = parse_ver(s, &w);
		if (!e) {
			*bad = s;
			return false;
		}
		ok = ok && meets(v, op, &w);
		s = e;
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			return ok;
		if (*s != ',') {
			*bad = s;
			return false;
		}
		s++;
	}
}

void cl_version_check(cl_diags *d, cl_range r, const char *constraint)
{
	ver self;
	parse_ver(CL_TERRAFORM_VERSION, &self);
	const char *bad;
	if (satisfies(constraint, &self, &bad))
		return;
	if (bad) {
		cl_diag_error(d, r, "invalid version constraint \"%s\": cannot read \"%s\"", constraint, bad);
		cl_diag_hint(d, "write constraints such as \">= 1.0\", \"~> 1.5\" or \">= 0.12, < 2.0\"");
		return;
	}
	/* A 0.x-era project: clicamosc reads its language (0.11 forms included).
	 * Met by some 0.x release: try the versions it names and the ones just
	 * above them, and the last release of each 0.x line. */
	static const char *const last[] = { "0.11.15", "0.12.31", "0.13.7", "0.14.11", "0.15.5" };
	ver cand[40];
	size_t nc = 0;
	for (size_t i = 0; i < sizeof last / sizeof last[0]; i++)
		parse_ver(last[i], &cand[nc++]);
	for (const char *s = constraint; *s && nc + 2 < sizeof cand / sizeof cand[0]; s++) {
		if (!isdigit((unsigned char)*s) || (s > constraint && (isdigit((unsigned char)s[-1]) || s[-1] == '.')))
			continue;
		if (parse_ver(s, &cand[nc])) {
			cand[nc + 1] = cand[nc];
			cand[nc + 1].seg[2]++;
			cand[nc + 1].pre = false;
			nc += 2;
		}
	}
	for (size_t i = 0; i < nc; i++)
		if (cand[i].seg[0] == 0 && satisfies(constraint, &cand[i], &bad)) {
			cl_diag_warning(d, r, "required_version \"%s\" is met only by Terraform 0.x; clicamosc reads this "
			                "configuration as Terraform %s would", constraint, CL_TERRAFORM_VERSION);
			return;
		}
	cl_diag_error(d, r, "Unsupported Terraform Core version: this configuration does not support Terraform "
	              "version %s", CL_TERRAFORM_VERSION);
	cl_diag_hint(d, "clicamosc implements the Terraform %s language; to proceed, change the required_version "
	             "constraint (\"%s\") or use a Terraform release that meets it", CL_TERRAFORM_VERSION, constraint);
}
