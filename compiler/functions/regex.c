/* regex.c: regex, regexall and replace with a /pattern/, on PCRE2 with
 * RE2's semantics.  Terraform's patterns are RE2 (Go's regexp); PCRE2 matches
 * the same way for the syntax RE2 accepts (leftmost-first alternation, lazy
 * quantifiers, Unicode classes, named groups), so a pattern is first checked
 * against RE2's grammar: what RE2 refuses (backreferences, lookaround, atomic
 * groups, possessive quantifiers...) is refused here with Go's message, and
 * the few escapes that mean something else in PCRE2 (\s, \v) are rewritten. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include "compiler/functions/fn.h"

#include <pcre2.h>
#include <stdlib.h>

enum {
	MAX_GROUPS = 256,
	MATCH_LIMIT = 10000000,   /* backtracking steps per match attempt */
	DEPTH_LIMIT = 10000,      /* nested backtracking frames */
	MAX_REPEAT = 1000,        /* RE2's largest {n,m} */
};

typedef struct re {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mc;
	int ngroups;                     /* capture groups the user wrote */
	const char *names[MAX_GROUPS];   /* NULL when unnamed */
	bool named, unnamed;
} re;

/* Terraform's message for a construct RE2 does not have: "invalid or
 * unsupported Perl syntax in (?=" etc. */
static const char *refuse(cl_arena *a, const char *what, const char *p, size_t n)
{
	return cl_arena_printf(a, "invalid regexp pattern: %s in %.*s", what, (int)n, p);
}

static size_t utf8_len(const char *p)
{
	unsigned char c = (unsigned char)*p;
	return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

/* One escape (p at the backslash): appends its PCRE2 spelling, or returns
 * an error for escapes RE2 does not know (\1 backreferences, \K, \Z...). */
static const char *escape(cl_arena *a, cl_buf *b, const char *p, bool in_class, size_t *used)
{
	char k = p[1];
	*used = 2;
	if (!k)
		return "invalid regexp pattern: trailing backslash at end of expression";
	if (!((k >= '0' && k <= '9') || (k >= 'a' && k <= 'z') || (k >= 'A' && k <= 'Z'))) {
		*used = 1 + utf8_len(p + 1);
		cl_buf_add(b, p, *used);   /* an escaped punctuation character: itself */
		return NULL;
	}
	if (k == 's' || k == 'S') {   /* RE2's \s is [\t\n\f\r ]; PCRE2's adds \v */
		const char *set = "\\t\\n\\f\\r ";
		if (in_class && k == 's')
			cl_buf_puts(b, set);
		else if (in_class)
			return refuse(a, "invalid character class range", p, 2);
		else
			cl_buf_printf(b, "[%s%s]", k == 'S' ? "^" : "", set);
		return NULL;
	}
	if (k == 'v') {   /* RE2: the vertical tab; PCRE2: a class */
		cl_buf_puts(b, "\\x0B");
		return NULL;
	}
	if (k == '0' && (p[2] < '0' || p[2] > '7')) {
		cl_buf_puts(b, "\\x00");
		return NULL;
	}
	if (k >= '0' && k <= '7' && k != '0') {
		/* \1..\7: Go reads a backreference as an invalid escape. */
		return refuse(a, "invalid escape sequence", p, 2);
	}
	if (k == 'p' || k == 'P') {
		size_t n = p[2] == '{' ? (size_t)(strchr(p, '}') ? strchr(p, '}') - p + 1 : 2) : 3;
		cl_buf_add(b, p, n);
		*used = n;
		return NULL;
	}
	if (k == 'x') {
		size_t n = p[2] == '{' ? (size_t)(strchr(p, '}') ? strchr(p, '}') - p + 1 : 2) : 4;
		cl_buf_add(b, p, n);
		*used = n;
		return NULL;
	}
	if (k == 'Q') {   /* \Q...\E: literal text */
		const char *e = strstr(p + 2, "\\E");
		size_t n = e ? (size_t)(e - p) + 2 : strlen(p);
		cl_buf_add(b, p, n);
		*used = n;
		return NULL;
	}
	if (strchr("aftnrdDwWbBAzE", k) && !(in_class && strchr("bBAz", k))) {
		cl_buf_add(b, p, 2);
		return NULL;
	}
	return refuse(a, "invalid escape sequence", p, 2);
}

/* "(?" constructs: RE2 has only flags, (?:...), (?P<name>...) and
 * (?<name>...); the rest (lookaround, atomic groups, comments, recursion,
 * conditionals) are Perl syntax it refuses. */
static const char *group_open(cl_arena *a, const char *p, size_t *used)
{
	if (p[2] == 'P' && p[3] == '<')
		return NULL;
	if (p[2] == '<' && p[3] != '=' && p[3] != '!')
		return NULL;
	size_t i = 2;
	while (p[i] && strchr("imsU-", p[i]))
		i++;
	if (p[i] == ':' || (p[i] == ')' && i > 2))
		return NULL;
	*used = i + 1;
	return refuse(a, "invalid or unsupported Perl syntax", p, p[i] ? i + 1 : i);
}

/* The length of a counted repetition {n}, {n,} or {n,m} at p; 0 when p
 * is a literal brace. */
static size_t repeat_len(const char *p)
{
	if (p[0] != '{' || p[1] < '0' || p[1] > '9')
		return 0;
	size_t i = 1;
	while (p[i] >= '0' && p[i] <= '9')
		i++;
	if (p[i] == ',')
		for (i++; p[i] >= '0' && p[i] <= '9'; i++)
			;
	return p[i] == '}' ? i + 1 : 0;
}

static const char *repeat_check(cl_arena *a, const char *p, size_t n)
{
	char *e;
	long lo = strtol(p + 1, &e, 10), hi = lo;
	if (*e == ',')
		hi = e[1] == '}' ? lo : strtol(e + 1, &e, 10);
	if (lo > MAX_REPEAT || hi > MAX_REPEAT || hi < lo)
		return refuse(a, "invalid repeat count", p, n);
	return NULL;
}

/* Checks an RE2 pattern and writes its PCRE2 spelling; an error message
 * (Go's wording) when RE2 would refuse it. */
static const char *translate(cl_arena *a, const char *p, cl_buf *b)
{
	bool in_class = false;
	enum { Q_NONE, Q_QUANT, Q_LAZY } q = Q_NONE, next;
	size_t qstart = 0, used;
	for (size_t i = 0; p[i]; i += used, q = next) {
		used = 1;
		const char *err = NULL;
		char ch = p[i];
		next = Q_NONE;
		if (ch == '\\') {
			err = escape(a, b, p + i, in_class, &used);
		} else if (in_class) {
			if (ch == '[' && p[i + 1] == ':') {   /* [:alpha:] */
				const char *e = strstr(p + i + 2, ":]");
				used = e ? (size_t)(e - p - i) + 2 : 1;
			} else if (ch == ']') {
				in_class = false;
			}
			cl_buf_add(b, p + i, used);
		} else if (ch == '[') {
			in_class = true;
			if (p[i + 1] == '^')
				used++;
			if (p[i + used] == ']')
				used++;   /* a leading ] is literal */
			cl_buf_add(b, p + i, used);
		} else if (ch == '(' && p[i + 1] == '?') {
			err = group_open(a, p + i, &used);
			used = 1;
			cl_buf_putc(b, '(');
		} else if (ch == '*' || ch == '+' || ch == '?' || repeat_len(p + i)) {
			/* One quantifier, then at most a lazy '?': RE2 refuses a
			 * quantifier on a quantifier (and so a possessive a*+). */
			used = ch == '{' ? repeat_len(p + i) : 1;
			if (q == Q_LAZY || (q == Q_QUANT && ch != '?'))
				err = refuse(a, "invalid nested repetition operator", p + qstart, i + used - qstart);
			else if (ch == '{')
				err = repeat_check(a, p + i, used);
			cl_buf_add(b, p + i, used);
			next = q == Q_QUANT ? Q_LAZY : Q_QUANT;
			if (next == Q_QUANT)
				qstart = i;
		} else {
			used = utf8_len(p + i);
			cl_buf_add(b, p + i, used);
		}
		if (err)
			return err;
	}
	return NULL;
}

/* PCRE2's complaint about a pattern, in Terraform's words where it has
 * them (Go's error code, "in", the part of the pattern). */
static const char *compile_error(cl_arena *a, int code, const char *p)
{
	switch (code) {
	case PCRE2_ERROR_MISSING_CLOSING_PARENTHESIS:
		return cl_arena_printf(a, "invalid regexp pattern: missing closing ) in %s", p);
	case PCRE2_ERROR_UNMATCHED_CLOSING_PARENTHESIS:
		return cl_arena_printf(a, "invalid regexp pattern: unexpected ) in %s", p);
	case PCRE2_ERROR_MISSING_SQUARE_BRACKET:
		return cl_arena_printf(a, "invalid regexp pattern: missing closing ] in %s", strchr(p, '[') ? strchr(p, '[') : p);
	case PCRE2_ERROR_QUANTIFIER_INVALID:
		return cl_arena_printf(a, "invalid regexp pattern: missing argument to repetition operator in %.*s",
		                       p[0] && p[1] == '?' ? 2 : 1, p);
	}
	PCRE2_UCHAR msg[256];
	pcre2_get_error_message(code, msg, sizeof msg);
	return cl_arena_printf(a, "invalid regexp pattern: %s", (const char *)msg);
}

static void re_free(re *r)
{
	pcre2_match_data_free(r->md);
	pcre2_match_context_free(r->mc);
	pcre2_code_free(r->code);
}

/* Compiles an RE2 pattern; NULL (and *err) when it cannot be. */
static bool compile(cl_arena *a, re *r, const char *p, const char **err)
{
	memset(r, 0, sizeof *r);
	cl_buf b = CL_BUF_INIT;
	*err = translate(a, p, &b);
	if (*err) {
		cl_buf_free(&b);
		return false;
	}
	int code;
	PCRE2_SIZE off;
	/* RE2: $ is the end of the text only (no final-newline exception);
	 * \d \w \s \b stay ASCII (no PCRE2_UCP) while . and classes are UTF-8. */
	r->code = pcre2_compile((PCRE2_SPTR)cl_buf_str(&b), b.len,
	                        PCRE2_UTF | PCRE2_DOLLAR_ENDONLY | PCRE2_NEVER_BACKSLASH_C, &code, &off, NULL);
	cl_buf_free(&b);
	if (!r->code) {
		*err = compile_error(a, code, p);
		return false;
	}
	uint32_t n = 0, count = 0, size = 0;
	PCRE2_SPTR table;
	pcre2_pattern_info(r->code, PCRE2_INFO_CAPTURECOUNT, &n);
	if (n >= MAX_GROUPS) {
		*err = "invalid regexp pattern: too many capture groups";
		pcre2_code_free(r->code);
		return false;
	}
	r->ngroups = (int)n;
	pcre2_pattern_info(r->code, PCRE2_INFO_NAMECOUNT, &count);
	pcre2_pattern_info(r->code, PCRE2_INFO_NAMEENTRYSIZE, &size);
	pcre2_pattern_info(r->code, PCRE2_INFO_NAMETABLE, &table);
	for (uint32_t i = 0; i < count; i++) {
		const unsigned char *e = table + i * size;
		int g = (e[0] << 8) | e[1];
		r->names[g - 1] = cl_arena_strdup(a, (const char *)e + 2);
	}
	for (int g = 0; g < r->ngroups; g++) {
		if (r->names[g])
			r->named = true;
		else
			r->unnamed = true;
	}
	r->md = pcre2_match_data_create_from_pattern(r->code, NULL);
	r->mc = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(r->mc, MATCH_LIMIT);
	pcre2_set_depth_limit(r->mc, DEPTH_LIMIT);
	return true;
}

static bool prepare(cl_fn_call *c, re *r, uint32_t argi, const char *pattern)
{
	const char *err = NULL;
	if (!compile(c->a, r, pattern, &err)) {
		fn_arg_error(c, argi, "%s", err);
		return false;
	}
	if (r->named && r->unnamed) {
		re_free(r);
		fn_arg_error(c, argi, "invalid regexp pattern: cannot mix both named and unnamed capture groups");
		return false;
	}
	return true;
}

/* One match at or after off: 1, 0 when none, -1 (with the error given)
 * when a limit stopped it.  The offsets are in r->md's ovector. */
static int match_at(cl_fn_call *c, const re *r, const char *s, size_t len, size_t off)
{
	int rc = pcre2_match(r->code, (PCRE2_SPTR)s, len, off, 0, r->md, r->mc);
	if (rc >= 0)
		return 1;
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	PCRE2_UCHAR msg[256];
	pcre2_get_error_message(rc, msg, sizeof msg);
	fn_error(c, "the pattern cannot be matched against this string: %s", (const char *)msg);
	return -1;
}

/* What one match yields: the whole match, a tuple of groups, or an object. */
static cl_value *match_value(cl_fn_call *c, const re *r, const char *s)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
	if (r->ngroups == 0)
		return cl_value_string(c->a, s + ov[0], ov[1] - ov[0]);
	cl_value **v = CL_NEWN(c->a, cl_value *, r->ngroups);
	for (int g = 1; g <= r->ngroups; g++) {
		/* Go gives "" for a group that took no part in the match. */
		v[g - 1] = ov[2 * g] == PCRE2_UNSET ? cl_value_string(c->a, "", 0)
		                                    : cl_value_string(c->a, s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
	}
	if (r->named)
		return cl_value_object(c->a, (const char **)r->names, v, (uint32_t)r->ngroups);
	return cl_value_tuple(c->a, v, (uint32_t)r->ngroups);
}

cl_value *fn_regex(cl_fn_call *c, cl_value **args, uint32_t n)
{
	re r;
	if (!prepare(c, &r, 0, args[0]->u.str.s))
		return NULL;
	int m = match_at(c, &r, args[1]->u.str.s, args[1]->u.str.len, 0);
	cl_value *v = m > 0 ? match_value(c, &r, args[1]->u.str.s) : NULL;
	re_free(&r);
	return v ? v : m < 0 ? NULL : fn_error(c, "pattern did not match any part of the given string");
}

/* Every match as Go's FindAll finds them: after an empty match the search
 * moves one character on, and an empty match right after a match is
 * skipped.  false when a limit stopped the search. */
typedef void each_fn(void *ud, const char *s);
static bool for_matches(cl_fn_call *c, const re *r, const char *s, size_t len, each_fn *each, void *ud)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
	size_t pos = 0;
	long prev_end = -1;
	while (pos <= len) {
		int m = match_at(c, r, s, len, pos);
		if (m <= 0)
			return m == 0;
		bool accept = true;
		if (ov[1] == pos) {
			if ((long)ov[0] == prev_end)
				accept = false;
			pos += pos < len ? utf8_len(s + pos) : 1;
		} else {
			pos = ov[1];
		}
		prev_end = (long)ov[1];
		if (accept)
			each(ud, s);
	}
	return true;
}

typedef struct collect { cl_fn_call *c; const re *r; cl_value **v; uint32_t n, cap; } collect;

static void collect_one(void *ud, const char *s)
{
	collect *k = ud;
	if (k->n == k->cap) {
		uint32_t cap = k->cap ? k->cap * 2 : 8;
		k->v = cl_arena_realloc(k->c->a, k->v, k->cap * sizeof *k->v, cap * sizeof *k->v);
		k->cap = cap;
	}
	k->v[k->n++] = match_value(k->c, k->r, s);
}

cl_value *fn_regexall(cl_fn_call *c, cl_value **args, uint32_t n)
{
	re r;
	if (!prepare(c, &r, 0, args[0]->u.str.s))
		return NULL;
	collect k = { c, &r, NULL, 0, 0 };
	bool ok = for_matches(c, &r, args[1]->u.str.s, args[1]->u.str.len, collect_one, &k);
	re_free(&r);
	return ok ? fn_list(c, k.v, k.n) : NULL;
}

/* Replacement with Go's Regexp.Expand: $1, ${1}, $name, ${name}, $$. */
static void expand(const re *r, const char *repl, const char *s, cl_buf *out)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
	const char *t = repl;
	while (*t) {
		if (*t != '$') {
			cl_buf_putc(out, *t++);
			continue;
		}
		if (t[1] == '$') {
			cl_buf_putc(out, '$');
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
			cl_buf_putc(out, *t++);   /* not a reference: a plain $ */
			continue;
		}
		size_t nl = (size_t)(end - name);
		int group = -1;
		char *num_end;
		long num = strtol(name, &num_end, 10);
		if (num_end == end)
			group = num >= 0 && num <= r->ngroups ? (int)num : -1;
		else
			for (int g = 0; g < r->ngroups; g++)
				if (r->names[g] && strlen(r->names[g]) == nl && strncmp(r->names[g], name, nl) == 0)
					group = g + 1;
		if (group >= 0 && ov[2 * group] != PCRE2_UNSET)
			cl_buf_add(out, s + ov[2 * group], ov[2 * group + 1] - ov[2 * group]);
		t = end + braced;
	}
}

/* Go's ReplaceAllString: no replacement for an empty match right after a
 * match; the search always moves at least one character on. */
static bool replace_all(cl_fn_call *c, const re *r, const char *s, size_t len, const char *repl, cl_buf *out)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(r->md);
	size_t pos = 0, last = 0;
	while (pos <= len) {
		int m = match_at(c, r, s, len, pos);
		if (m < 0)
			return false;
		if (m == 0)
			break;
		cl_buf_add(out, s + last, ov[0] - last);
		if (ov[1] > last || ov[0] == 0)
			expand(r, repl, s, out);
		last = ov[1];
		size_t width = pos < len ? utf8_len(s + pos) : 1;
		if (pos + width > ov[1])
			pos += width;
		else if (pos + 1 > ov[1])
			pos++;
		else
			pos = ov[1];
	}
	cl_buf_add(out, s + last, len - last);
	return true;
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
		bool ok = replace_all(c, &r, str->u.str.s, str->u.str.len, rep->u.str.s, &b);
		re_free(&r);
		if (!ok) {
			cl_buf_free(&b);
			return NULL;
		}
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
