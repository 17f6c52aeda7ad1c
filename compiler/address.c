/* address.c: parsing, printing, ordering and matching of instance
 * addresses.  An address is a dotted list of NAME[KEY] steps read by pairs
 * from the left; keys are printed as the compiler prints them (Go-quoted). */
#include "compiler/address.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/value.h"

typedef struct step {
	const char *word;
	cl_key key;
} step;

static const char *fail(cl_arena *a, const char *s, const char *why)
{
	return cl_arena_printf(a, "invalid address \"%s\": %s", s, why);
}

/* A key after '[': 12, -1 or "a\"b"; *p is left after the ']'. */
static bool parse_key(cl_arena *a, const char **p, cl_key *k)
{
	const char *s = *p;
	if (*s == '"') {
		cl_buf b = CL_BUF_INIT;
		for (s++; *s && *s != '"'; s++) {
			char c = *s;
			if (c == '\\') {
				switch (*++s) {
				case 'n': c = '\n'; break;
				case 't': c = '\t'; break;
				case 'r': c = '\r'; break;
				case '"': case '\\': c = *s; break;
				default: cl_buf_free(&b); return false;
				}
			}
			cl_buf_putc(&b, c);
		}
		if (*s != '"') {
			cl_buf_free(&b);
			return false;
		}
		k->kind = CL_KEY_STR;
		k->s = cl_arena_strdup(a, cl_buf_str(&b));
		cl_buf_free(&b);
		s++;
	} else {
		char *end;
		errno = 0;
		long long v = strtoll(s, &end, 10);
		if (end == s || errno || !(isdigit((unsigned char)*s) || *s == '-'))
			return false;
		k->kind = CL_KEY_INT;
		k->i = v;
		s = end;
	}
	if (*s != ']')
		return false;
	*p = s + 1;
	return true;
}

static bool is_word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-';
}

bool cl_addr_parse(cl_arena *a, const char *s, cl_addr *out, const char **err)
{
	memset(out, 0, sizeof *out);
	out->module = "";
	size_t cap = 8, n = 0;
	step *v = CL_NEWN(a, step, cap);
	for (const char *p = s;;) {
		const char *w = p;
		if (!isalpha((unsigned char)*p) && *p != '_') {
			*err = fail(a, s, *p ? "expected a name" : "expected a name at the end");
			return false;
		}
		while (is_word_char(*p))
			p++;
		if (n == cap) {
			v = cl_arena_realloc(a, v, cap * sizeof *v, 2 * cap * sizeof *v);
			cap *= 2;
		}
		step *st = &v[n++];
		st->word = cl_arena_strndup(a, w, (size_t)(p - w));
		st->key.kind = CL_KEY_NONE;
		if (*p == '[') {
			p++;
			if (!parse_key(a, &p, &st->key)) {
				*err = fail(a, s, "an index is a number or a quoted string in brackets: [0], [\"a\"]");
				return false;
			}
		}
		if (!*p)
			break;
		if (*p++ != '.') {
			*err = fail(a, s, cl_arena_printf(a, "unexpected \"%c\"", p[-1]));
			return false;
		}
	}

	cl_addr_step *path = CL_NEWN(a, cl_addr_step, n / 2 + 1);
	bool okay = true;
	for (size_t i = 0; i < n;) {
		size_t rem = n - i;
		if (rem == 3 && !strcmp(v[i].word, "data") && !v[i].key.kind && !v[i + 1].key.kind) {
			out->data = true;
			out->type = v[i + 1].word;
			out->name = v[i + 2].word;
			out->key = v[i + 2].key;
			break;
		}
		if (rem < 2 || v[i].key.kind) {
			*err = fail(a, s, rem < 2 ? "expected TYPE.NAME or module.NAME" : "an index belongs after the name, not the type");
			okay = false;
			break;
		}
		if (rem == 2 && strcmp(v[i].word, "module")) {
			out->type = v[i].word;
			out->name = v[i + 1].word;
			out->key = v[i + 1].key;
			break;
		}
		path[out->npath++] = (cl_addr_step){ v[i].word, v[i + 1].word, v[i + 1].key };
		i += 2;
	}
	out->path = path;
	cl_buf mod = CL_BUF_INIT;
	cl_addr_print_module(&mod, out, out->npath);
	out->module = cl_arena_strdup(a, cl_buf_str(&mod));
	cl_buf_free(&mod);
	return okay;
}

void cl_key_print_addr(cl_buf *b, const cl_key *k)
{
	if (k->kind == CL_KEY_INT) {
		cl_buf_printf(b, "[%lld]", (long long)k->i);
	} else if (k->kind == CL_KEY_STR) {
		cl_buf_putc(b, '[');
		cl_value_quote(b, k->s, strlen(k->s));
		cl_buf_putc(b, ']');
	}
}

void cl_addr_print_module(cl_buf *b, const cl_addr *x, unsigned depth)
{
	for (unsigned i = 0; i < depth && i < x->npath; i++) {
		cl_buf_printf(b, "%s%s.%s", i ? "." : "", x->path[i].kind, x->path[i].name);
		cl_key_print_addr(b, &x->path[i].key);
	}
}

void cl_addr_print_resource(cl_buf *b, const cl_addr *x)
{
	cl_buf_puts(b, x->module);
	if (!x->type)
		return;
	if (*x->module)
		cl_buf_putc(b, '.');
	cl_buf_printf(b, "%s%s.%s", x->data ? "data." : "", x->type, x->name);
}

void cl_addr_print(cl_buf *b, const cl_addr *x)
{
	cl_addr_print_resource(b, x);
	if (x->type)
		cl_key_print_addr(b, &x->key);
}

void cl_addr_print_phase(cl_buf *b, const cl_addr *x)
{
	cl_addr_print(b, x);
	if (x->phase == CL_PHASE_DESTROY)
		cl_buf_puts(b, " (destroy)");
	else if (x->phase == CL_PHASE_DEPOSED)
		cl_buf_printf(b, " (deposed %s)", x->deposed);
}

static const char *in_arena(cl_arena *a, const cl_addr *x, void (*print)(cl_buf *, const cl_addr *))
{
	cl_buf b = CL_BUF_INIT;
	print(&b, x);
	const char *s = cl_arena_strdup(a, cl_buf_str(&b));
	cl_buf_free(&b);
	return s;
}

const char *cl_addr_str(cl_arena *a, const cl_addr *x)
{
	return in_arena(a, x, cl_addr_print);
}

const char *cl_addr_resource_str(cl_arena *a, const cl_addr *x)
{
	return in_arena(a, x, cl_addr_print_resource);
}

const char *cl_addr_phase_str(cl_arena *a, const cl_addr *x)
{
	return in_arena(a, x, cl_addr_print_phase);
}

int cl_key_compare(const cl_key *x, const cl_key *y)
{
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->kind == CL_KEY_INT)
		return x->i < y->i ? -1 : x->i > y->i;
	if (x->kind == CL_KEY_STR)
		return strcmp(x->s, y->s);
	return 0;
}

bool cl_key_equal(const cl_key *x, const cl_key *y)
{
	return cl_key_compare(x, y) == 0;
}

bool cl_addr_module_within(const char *m, const char *mod)
{
	size_t n = strlen(mod);
	if (!n)
		return true;
	/* "module.a" holds "module.a", "module.a.module.b" and "module.a[0]...",
	 * but not "module.ab". */
	return !strncmp(m, mod, n) && (m[n] == 0 || m[n] == '.' || (m[n] == '[' && mod[n - 1] != ']'));
}

bool cl_addr_match(const cl_addr *f, const cl_addr *x)
{
	if (!f->type)
		return cl_addr_module_within(x->module, f->module);
	bool as_resource = !strcmp(f->module, x->module) && f->data == x->data &&
		!strcmp(f->type, x->type) && !strcmp(f->name, x->name) &&
		(f->key.kind == CL_KEY_NONE || cl_key_equal(&f->key, &x->key));
	if (as_resource || f->data)
		return as_resource;
	/* network.main: maybe a kind's module rather than a resource. */
	cl_buf m = CL_BUF_INIT;
	cl_buf_printf(&m, "%s%s%s.%s", f->module, *f->module ? "." : "", f->type, f->name);
	cl_key_print_addr(&m, &f->key);
	bool in = cl_addr_module_within(x->module, cl_buf_str(&m));
	cl_buf_free(&m);
	return in;
}

int cl_addr_order(const char *x, const char *y)
{
	while (*x && *x == *y) {
		if (*x == '[' && isdigit((unsigned char)x[1]) && isdigit((unsigned char)y[1])) {
			char *ex, *ey;
			long long nx = strtoll(x + 1, &ex, 10), ny = strtoll(y + 1, &ey, 10);
			if (nx != ny)
				return nx < ny ? -1 : 1;
			x = ex, y = ey;
			continue;
		}
		x++, y++;
	}
	return (unsigned char)*x - (unsigned char)*y;
}
