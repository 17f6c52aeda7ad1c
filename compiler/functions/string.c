/* string.c: chomp, endswith, indent, join, lower, split, startswith,
 * strcontains, strrev, substr, title, trim*, upper.  Lengths and offsets
 * count characters (code points), not bytes.  format is format.c, the
 * regular expression functions regex.c. */
#include "compiler/functions/fn.h"

#include <stdlib.h>

static const char *S(cl_value *v) { return v->u.str.s; }
static size_t L(cl_value *v) { return v->u.str.len; }

cl_value *fn_chomp(cl_fn_call *c, cl_value **args, uint32_t n)
{
	size_t len = L(args[0]);
	while (len && (S(args[0])[len - 1] == '\n' || S(args[0])[len - 1] == '\r'))
		len--;
	return cl_value_string(c->a, S(args[0]), len);
}

static bool has_prefix(cl_value *s, cl_value *p)
{
	return L(p) <= L(s) && memcmp(S(s), S(p), L(p)) == 0;
}

static bool has_suffix(cl_value *s, cl_value *p)
{
	return L(p) <= L(s) && memcmp(S(s) + L(s) - L(p), S(p), L(p)) == 0;
}

cl_value *fn_startswith(cl_fn_call *c, cl_value **args, uint32_t n)
{
	return cl_value_bool(c->a, has_prefix(args[0], args[1]));
}

cl_value *fn_endswith(cl_fn_call *c, cl_value **args, uint32_t n)
{
	return cl_value_bool(c->a, has_suffix(args[0], args[1]));
}

cl_value *fn_strcontains(cl_fn_call *c, cl_value **args, uint32_t n)
{
	return cl_value_bool(c->a, memmem(S(args[0]), L(args[0]), S(args[1]), L(args[1])) != NULL);
}

cl_value *fn_trimprefix(cl_fn_call *c, cl_value **args, uint32_t n)
{
	if (!has_prefix(args[0], args[1]))
		return args[0];
	return cl_value_string(c->a, S(args[0]) + L(args[1]), L(args[0]) - L(args[1]));
}

cl_value *fn_trimsuffix(cl_fn_call *c, cl_value **args, uint32_t n)
{
	if (!has_suffix(args[0], args[1]))
		return args[0];
	return cl_value_string(c->a, S(args[0]), L(args[0]) - L(args[1]));
}

cl_value *fn_indent(cl_fn_call *c, cl_value **args, uint32_t n)
{
	int64_t spaces;
	if (!fn_int(c, 0, args[0], &spaces))
		return NULL;
	if (spaces < 0 || spaces > 1 << 20)
		return fn_arg_error(c, 0, "must be between 0 and 1048576");
	cl_buf b = CL_BUF_INIT;
	for (size_t i = 0; i < L(args[1]); i++) {
		cl_buf_putc(&b, S(args[1])[i]);
		if (S(args[1])[i] == '\n')
			for (int64_t k = 0; k < spaces; k++)
				cl_buf_putc(&b, ' ');
	}
	return fn_buf(c, &b);
}

cl_value *fn_join(cl_fn_call *c, cl_value **args, uint32_t n)
{
	if (n < 2)
		return fn_error(c, "at least one list is required");
	cl_buf b = CL_BUF_INIT;
	bool first = true;
	for (uint32_t i = 1; i < n; i++) {
		cl_value *l = args[i];
		for (uint32_t j = 0; j < l->n; j++) {
			if (cl_value_is_null(l->u.c.v[j])) {
				cl_buf_free(&b);
				return fn_arg_error(c, i, "element %u is null; cannot concatenate null values", j);
			}
			if (!first)
				cl_buf_add(&b, S(args[0]), L(args[0]));
			cl_buf_add(&b, S(l->u.c.v[j]), L(l->u.c.v[j]));
			first = false;
			if (b.len > CL_VALUE_MAX_SIZE) {     /* a long separator times many elements */
				cl_buf_free(&b);
				return fn_error(c, "the result would be larger than %llu MiB",
				                (unsigned long long)(CL_VALUE_MAX_SIZE >> 20));
			}
		}
	}
	return fn_buf(c, &b);
}

cl_value *fn_split(cl_fn_call *c, cl_value **args, uint32_t n)
{
	const char *sep = S(args[0]), *s = S(args[1]);
	size_t sl = L(args[0]), len = L(args[1]);
	/* At most len+1 parts; the arena makes over-allocating cheap. */
	cl_value **v = CL_NEWN(c->a, cl_value *, len + 1);
	uint32_t k = 0;
	for (size_t i = 0;;) {
		size_t j, next;
		if (sl == 0) {   /* Go's strings.Split: an empty separator splits characters */
			if (i >= len)
				break;
			unsigned cp;
			int m = cl_utf8_decode(s + i, len - i, &cp);
			j = next = i + (size_t)(m < 0 ? 1 : m);
		} else {
			const char *hit = memmem(s + i, len - i, sep, sl);
			j = hit ? (size_t)(hit - s) : len;
			next = hit ? j + sl : len + 1;
		}
		v[k++] = cl_value_string(c->a, s + i, j - i);
		if (next > len)   /* no separator left */
			break;
		i = next;
	}
	return cl_value_list(c->a, &cl_type_string, v, k);
}

/* Simple case mapping: ASCII, Latin-1, Greek and Cyrillic, which covers
 * what configurations hold without a locale-dependent libc call. */
static unsigned to_upper(unsigned cp)
{
	if ((cp >= 'a' && cp <= 'z') || (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) ||
	    (cp >= 0x3B1 && cp <= 0x3C9 && cp != 0x3C2) || (cp >= 0x430 && cp <= 0x44F))
		return cp - 32;
	if (cp >= 0x450 && cp <= 0x45F)
		return cp - 80;
	return cp;
}

static unsigned to_lower(unsigned cp)
{
	if ((cp >= 'A' && cp <= 'Z') || (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) ||
	    (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) || (cp >= 0x410 && cp <= 0x42F))
		return cp + 32;
	if (cp >= 0x400 && cp <= 0x40F)
		return cp + 80;
	return cp;
}

static bool is_letter_or_digit(unsigned cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
	       cp == '_' || to_upper(cp) != cp || to_lower(cp) != cp;
}

/* Maps each character; title upper-cases only those after a separator. */
static cl_value *map_chars(cl_fn_call *c, cl_value *s, unsigned (*f)(unsigned), bool title)
{
	cl_buf b = CL_BUF_INIT;
	bool after_sep = true;
	for (size_t i = 0; i < L(s);) {
		unsigned cp;
		int m = cl_utf8_decode(S(s) + i, L(s) - i, &cp);
		if (m < 0) {
			cl_buf_putc(&b, S(s)[i++]);
			continue;
		}
		cl_utf8_put(&b, !title || after_sep ? f(cp) : cp);
		after_sep = !is_letter_or_digit(cp);
		i += (size_t)m;
	}
	return fn_buf(c, &b);
}

cl_value *fn_upper(cl_fn_call *c, cl_value **args, uint32_t n)
{
	return map_chars(c, args[0], to_upper, false);
}

cl_value *fn_lower(cl_fn_call *c, cl_value **args, uint32_t n)
{
	return map_chars(c, args[0], to_lower, false);
}

cl_value *fn_title(cl_fn_call *c, cl_value **args, uint32_t n)
{
	return map_chars(c, args[0], to_upper, true);
}

/* Byte offsets of each character of s, plus the end: the caller frees. */
static size_t *char_offsets(cl_value *s, size_t *count)
{
	size_t *off = malloc((L(s) + 1) * sizeof *off), k = 0;
	for (size_t i = 0; i < L(s);) {
		unsigned cp;
		int m = cl_utf8_decode(S(s) + i, L(s) - i, &cp);
		off[k++] = i;
		i += (size_t)(m < 0 ? 1 : m);
	}
	off[k] = L(s);
	*count = k;
	return off;
}

cl_value *fn_strrev(cl_fn_call *c, cl_value **args, uint32_t n)
{
	size_t k;
	size_t *off = char_offsets(args[0], &k);
	cl_buf b = CL_BUF_INIT;
	for (size_t i = k; i-- > 0;)
		cl_buf_add(&b, S(args[0]) + off[i], off[i + 1] - off[i]);
	free(off);
	return fn_buf(c, &b);
}

cl_value *fn_substr(cl_fn_call *c, cl_value **args, uint32_t n)
{
	int64_t offset, length;
	if (!fn_int(c, 1, args[1], &offset) || !fn_int(c, 2, args[2], &length))
		return NULL;
	size_t k;
	size_t *off = char_offsets(args[0], &k);
	int64_t total = (int64_t)k;
	if (offset < 0)
		offset += total;
	if (offset < 0)
		offset = 0;
	if (offset > total)
		offset = total;
	int64_t end = length < 0 || length > total - offset ? total : offset + length;
	cl_value *r = cl_value_string(c->a, S(args[0]) + off[offset], off[end] - off[offset]);
	free(off);
	return r;
}

static bool in_cutset(unsigned cp, cl_value *cutset)
{
	for (size_t i = 0; i < L(cutset);) {
		unsigned x;
		int m = cl_utf8_decode(S(cutset) + i, L(cutset) - i, &x);
		if (x == cp)
			return true;
		i += (size_t)(m < 0 ? 1 : m);
	}
	return false;
}

static bool is_space(unsigned cp, cl_value *unused)
{
	return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0x85 || cp == 0xA0;
}

static cl_value *trim_with(cl_fn_call *c, cl_value *s, bool (*drop)(unsigned, cl_value *), cl_value *set)
{
	size_t k;
	size_t *off = char_offsets(s, &k);
	size_t lo = 0, hi = k;
	unsigned cp;
	while (lo < hi && (cl_utf8_decode(S(s) + off[lo], L(s) - off[lo], &cp), drop(cp, set)))
		lo++;
	while (hi > lo && (cl_utf8_decode(S(s) + off[hi - 1], L(s) - off[hi - 1], &cp), drop(cp, set)))
		hi--;
	cl_value *r = cl_value_string(c->a, S(s) + off[lo], off[hi] - off[lo]);
	free(off);
	return r;
}

cl_value *fn_trim(cl_fn_call *c, cl_value **args, uint32_t n)
{
	return trim_with(c, args[0], in_cutset, args[1]);
}

cl_value *fn_trimspace(cl_fn_call *c, cl_value **args, uint32_t n)
{
	return trim_with(c, args[0], is_space, NULL);
}
