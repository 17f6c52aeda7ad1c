/* regex.c: regex, regexall and replace with a /pattern/.  Terraform uses
 * RE2 syntax; we translate it to POSIX extended regular expressions
 * (<regex.h>): \d \w \s and their negations, (?i), (?:...) and named groups
 * (?P<name>...).  Not supported: lazy quantifiers, lookaround (RE2 has no
 * lookaround either), and RE2's leftmost-first alternation, which POSIX
 * replaces with leftmost-longest. */
#include "compiler/functions/fn.h"

#include <regex.h>
#include <stdlib.h>

enum { MAX_GROUPS = 32 };

typedef struct re {
	regex_t rx;
	int ngroups;                     /* capture groups the user wrote */
	int posix[MAX_GROUPS];           /* their POSIX group numbers */
	const char *names[MAX_GROUPS];   /* NULL when unnamed */
	bool named, unnamed;
} re;

static const char *class_body(char k)
{
	switch (k) {
	case 'd': return "0-9";
	case 'w': return "0-9A-Za-z_";
	case 's': return "[:space:]";
	}
	return NULL;
}

/* Translate an RE2 pattern; NULL (and *err) when it cannot be. */
static const char *compile(cl_arena *a, re *r, const char *p, const char **err)
{
	cl_buf b = CL_BUF_INIT;
	int flags = REG_EXTENDED, posix = 0;
	r->ngroups = 0;
	r->named = r->unnamed = false;
	size_t i = 0, len = strlen(p);
	if (strncmp(p, "(?i)", 4) == 0) {
		flags |= REG_ICASE;
		i = 4;
	}
	bool in_class = false;
	for (; i < len; i++) {
		char ch = p[i];
		if (ch == '\\' && i + 1 < len) {
			char k = p[++i];
			const char *body = class_body((char)(k | 0x20));
			if (body && in_class)
				cl_buf_puts(&b, body);
			else if (body)
				cl_buf_printf(&b, "[%s%s]", k >= 'a' ? "" : "^", body);
			else if (k == 'n' || k == 't' || k == 'r')
				cl_buf_putc(&b, k == 'n' ? '\n' : k == 't' ? '\t' : '\r');
			else if (k == 'A' || k == 'z')
				cl_buf_putc(&b, k == 'A' ? '^' : '$');
			else if (in_class || k == '/' || k == '-' || k == '"')
				cl_buf_putc(&b, k);   /* POSIX brackets take everything literally */
			else
				cl_buf_printf(&b, "\\%c", k);
			continue;
		}
		if (in_class) {
			if (ch == ']')
				in_class = false;
			cl_buf_putc(&b, ch);
			continue;
		}
		if (ch == '[') {
			in_class = true;
			cl_buf_putc(&b, ch);
			if (p[i + 1] == '^')
				cl_buf_putc(&b, p[++i]);
			if (p[i + 1] == ']')
				cl_buf_putc(&b, p[++i]);
			continue;
		}
		if (ch == '(') {
			posix++;
			if (p[i + 1] == '?' && p[i + 2] == ':') {
				i += 2;
			} else if (r->ngroups < MAX_GROUPS) {
				const char *name = NULL;
				if (p[i + 1] == '?' && (p[i + 2] == 'P' || p[i + 2] == '<')) {
					size_t s = i + (p[i + 2] == 'P' ? 4 : 3);
					const char *e = strchr(p + s, '>');
					if (!e) {
						*err = "invalid named capture group";
						cl_buf_free(&b);
						return NULL;
					}
					name = cl_arena_strndup(a, p + s, (size_t)(e - p - s));
					i = (size_t)(e - p);
				}
				r->posix[r->ngroups] = posix;
				r->names[r->ngroups++] = name;
				if (name)
					r->named = true;
				else
					r->unnamed = true;
			}
			cl_buf_putc(&b, '(');
			continue;
		}
		if ((ch == '?' || ch == '+') && i > 0 && strchr("*+?}", p[i - 1]) && (i < 2 || p[i - 2] != '\\'))
			continue;   /* a lazy or possessive suffix: POSIX has only greedy */
		cl_buf_putc(&b, ch);
	}
	int rc = regcomp(&r->rx, cl_buf_str(&b), flags);
	cl_buf_free(&b);
	if (rc != 0) {
		char msg[256];
		regerror(rc, &r->rx, msg, sizeof msg);
		*err = cl_arena_printf(a, "error parsing pattern: %s", msg);
		return NULL;
	}
	return "";
}

static bool prepare(cl_fn_call *c, re *r, uint32_t argi, const char *pattern)
{
	const char *err = NULL;
	if (!compile(c->a, r, pattern, &err)) {
		fn_arg_error(c, argi, "%s", err);
		return false;
	}
	if (r->named && r->unnamed) {
		regfree(&r->rx);
		fn_arg_error(c, argi, "invalid regexp pattern: cannot mix both named and unnamed capture groups");
		return false;
	}
	return true;
}

/* What one match yields: the whole match, a tuple of groups, or an object. */
static cl_value *match_value(cl_fn_call *c, const re *r, const char *s, const regmatch_t *m)
{
	if (r->ngroups == 0)
		return cl_value_string(c->a, s + m[0].rm_so, (size_t)(m[0].rm_eo - m[0].rm_so));
	cl_value **v = CL_NEWN(c->a, cl_value *, r->ngroups);
	for (int g = 0; g < r->ngroups; g++) {
		const regmatch_t *gm = &m[r->posix[g]];
		v[g] = gm->rm_so < 0 ? cl_value_null(c->a, &cl_type_string)
		                     : cl_value_string(c->a, s + gm->rm_so, (size_t)(gm->rm_eo - gm->rm_so));
	}
	if (r->named)
		return cl_value_object(c->a, (const char **)r->names, v, (uint32_t)r->ngroups);
	return cl_value_tuple(c->a, v, (uint32_t)r->ngroups);
}

/* Calls each(match) for every non-overlapping match; returns the count. */
typedef void each_fn(void *ud, const char *s, const regmatch_t *m);
static uint32_t for_matches(const re *r, const char *s, size_t len, each_fn *each, void *ud)
{
	regmatch_t m[MAX_GROUPS + 1 + 64];
	size_t off = 0;
	uint32_t count = 0;
	while (off <= len) {
		if (regexec(&r->rx, s + off, sizeof m / sizeof m[0], m, off ? REG_NOTBOL : 0) != 0)
			break;
		/* Offsets relative to s. */
		for (size_t g = 0; g < sizeof m / sizeof m[0]; g++)
			if (m[g].rm_so >= 0) {
				m[g].rm_so += (regoff_t)off;
				m[g].rm_eo += (regoff_t)off;
			}
		each(ud, s, m);
		count++;
		size_t end = (size_t)m[0].rm_eo;
		off = end > (size_t)m[0].rm_so ? end : end + 1;   /* step past an empty match */
	}
	return count;
}

typedef struct collect { cl_fn_call *c; const re *r; cl_value **v; uint32_t n, cap; } collect;

static void collect_one(void *ud, const char *s, const regmatch_t *m)
{
	collect *k = ud;
	if (k->n == k->cap) {
		uint32_t cap = k->cap ? k->cap * 2 : 8;
		k->v = cl_arena_realloc(k->c->a, k->v, k->cap * sizeof *k->v, cap * sizeof *k->v);
		k->cap = cap;
	}
	k->v[k->n++] = match_value(k->c, k->r, s, m);
}

cl_value *fn_regex(cl_fn_call *c, cl_value **args, uint32_t n)
{
	re r;
	if (!prepare(c, &r, 0, args[0]->u.str.s))
		return NULL;
	regmatch_t m[MAX_GROUPS + 1 + 64];
	cl_value *v = NULL;
	if (regexec(&r.rx, args[1]->u.str.s, sizeof m / sizeof m[0], m, 0) == 0)
		v = match_value(c, &r, args[1]->u.str.s, m);
	regfree(&r.rx);
	return v ? v : fn_error(c, "pattern did not match any part of the given string");
}

cl_value *fn_regexall(cl_fn_call *c, cl_value **args, uint32_t n)
{
	re r;
	if (!prepare(c, &r, 0, args[0]->u.str.s))
		return NULL;
	collect k = { c, &r, NULL, 0, 0 };
	for_matches(&r, args[1]->u.str.s, args[1]->u.str.len, collect_one, &k);
	regfree(&r.rx);
	return fn_list(c, k.v, k.n);
}

/* Replacement with Go's Regexp.Expand: $1, ${1}, $name, ${name}, $$. */
typedef struct subst { const re *r; const char *repl; cl_buf *out; size_t last; } subst;

static void expand(const subst *x, const char *s, const regmatch_t *m)
{
	const char *t = x->repl;
	while (*t) {
		if (*t != '$') {
			cl_buf_putc(x->out, *t++);
			continue;
		}
		if (t[1] == '$') {
			cl_buf_putc(x->out, '$');
			t += 2;
			continue;
		}
		const char *name = t + 1, *end;
		bool braced = *name == '{';
		if (braced)
			name++;
		end = name;
		while ((*end >= '0' && *end <= '9') || (*end >= 'a' && *end <= 'z') || (*end >= 'A' && *end <= 'Z') || *end == '_')
			end++;
		if (end == name || (braced && *end != '}')) {
			cl_buf_putc(x->out, *t++);   /* not a reference: a plain $ */
			continue;
		}
		size_t nl = (size_t)(end - name);
		int group = -1;
		char *num_end;
		long num = strtol(name, &num_end, 10);
		if (num_end == end)
			group = num == 0 ? 0 : num <= x->r->ngroups ? x->r->posix[num - 1] : -1;
		else
			for (int g = 0; g < x->r->ngroups; g++)
				if (x->r->names[g] && strlen(x->r->names[g]) == nl && strncmp(x->r->names[g], name, nl) == 0)
					group = x->r->posix[g];
		if (group >= 0 && m[group].rm_so >= 0)
			cl_buf_add(x->out, s + m[group].rm_so, (size_t)(m[group].rm_eo - m[group].rm_so));
		t = end + braced;
	}
}

static void replace_one(void *ud, const char *s, const regmatch_t *m)
{
	subst *x = ud;
	cl_buf_add(x->out, s + x->last, (size_t)m[0].rm_so - x->last);
	expand(x, s, m);
	x->last = (size_t)m[0].rm_eo;
}

cl_value *fn_replace(cl_fn_call *c, cl_value **args, uint32_t n)
{
	const cl_value *str = args[0], *sub = args[1], *rep = args[2];
	cl_buf b = CL_BUF_INIT;
	if (sub->u.str.len > 1 && sub->u.str.s[0] == '/' && sub->u.str.s[sub->u.str.len - 1] == '/') {
		re r;
		const char *pattern = cl_arena_strndup(c->a, sub->u.str.s + 1, sub->u.str.len - 2);
		if (!prepare(c, &r, 1, pattern))
			return NULL;
		subst x = { &r, rep->u.str.s, &b, 0 };
		for_matches(&r, str->u.str.s, str->u.str.len, replace_one, &x);
		cl_buf_add(&b, str->u.str.s + x.last, str->u.str.len - x.last);
		regfree(&r.rx);
		return fn_buf(c, &b);
	}
	if (sub->u.str.len == 0) {   /* as Go: the replacement around every character */
		for (size_t i = 0; i < str->u.str.len; i++) {
			if (((unsigned char)str->u.str.s[i] & 0xC0) != 0x80)
				cl_buf_add(&b, rep->u.str.s, rep->u.str.len);
			cl_buf_putc(&b, str->u.str.s[i]);
		}
		cl_buf_add(&b, rep->u.str.s, rep->u.str.len);
		return fn_buf(c, &b);
	}
	const char *s = str->u.str.s, *end = s + str->u.str.len, *hit;
	while ((hit = memmem(s, (size_t)(end - s), sub->u.str.s, sub->u.str.len))) {
		cl_buf_add(&b, s, (size_t)(hit - s));
		cl_buf_add(&b, rep->u.str.s, rep->u.str.len);
		s = hit + sub->u.str.len;
	}
	cl_buf_add(&b, s, (size_t)(end - s));
	return fn_buf(c, &b);
}
