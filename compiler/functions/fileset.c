/* fileset.c: fileset(path, pattern), the regular files under path whose
 * path relative to it matches pattern (doublestar syntax as Terraform's: *,
 * ?, [class], {alt,alt}, and ** for any number of directories). */
#include "compiler/functions/fn.h"

#include <dirent.h>
#include <sys/stat.h>

enum { MAX_DEPTH = 64, MAX_FILES = 100000 };

static bool match(const char *p, const char *s);

/* [class] at p (after the '['): does it take c?  *end past the ']'. */
static bool in_class(const char *p, unsigned char c, const char **end)
{
	bool neg = *p == '^' || *p == '!', hit = false;
	if (neg)
		p++;
	for (bool first = true; *p && (*p != ']' || first); first = false) {
		unsigned char lo = (unsigned char)(*p == '\\' && p[1] ? *++p : *p), hi = lo;
		p++;
		if (*p == '-' && p[1] && p[1] != ']') {
			hi = (unsigned char)(p[1] == '\\' && p[2] ? p[2] : p[1]);
			p += p[1] == '\\' ? 3 : 2;
		}
		if (c >= lo && c <= hi)
			hit = true;
	}
	*end = *p ? p + 1 : p;
	return hit != neg;
}

/* {a,b}rest at p: tries each alternative followed by rest. */
static bool match_alts(const char *p, const char *s)
{
	const char *close = p, *rest;
	for (int depth = 0; *close; close++) {
		if (*close == '{')
			depth++;
		else if (*close == '}' && --depth == 0)
			break;
	}
	if (!*close)
		return false;
	rest = close + 1;
	for (const char *a = p + 1; a <= close;) {
		const char *e = a;
		for (int depth = 0; e < close && (depth || *e != ','); e++)
			depth += *e == '{' ? 1 : *e == '}' ? -1 : 0;
		cl_buf b = CL_BUF_INIT;
		cl_buf_add(&b, a, (size_t)(e - a));
		cl_buf_puts(&b, rest);
		bool ok = match(cl_buf_str(&b), s);
		cl_buf_free(&b);
		if (ok)
			return true;
		a = e + 1;
	}
	return false;
}

static bool match(const char *p, const char *s)
{
	for (; *p; p++, s++) {
		switch (*p) {
		case '*':
			if (p[1] == '*' && (p[2] == '/' || !p[2])) {   /* **: any directories */
				if (!p[2])
					return true;
				for (const char *t = s;; t++) {
					if ((t == s || t[-1] == '/') && match(p + 3, t))
						return true;
					if (!*t)
						return false;
				}
			}
			for (const char *t = s;; t++) {
				if (match(p + 1, t))
					return true;
				if (!*t || *t == '/')
					return false;
			}
		case '?':
			if (!*s || *s == '/')
				return false;
			break;
		case '[': {
			const char *end;
			if (!*s || *s == '/' || !in_class(p + 1, (unsigned char)*s, &end))
				return false;
			p = end - 1;
			break;
		}
		case '{':
			return match_alts(p, s);
		case '\\':
			if (p[1])
				p++;
			/* fall through */
		default:
			if (*p != *s)
				return false;
		}
	}
	return !*s;
}

typedef struct walk { cl_fn_call *c; const char *pattern; cl_value **v; uint32_t n, cap; } walk;

static void visit(walk *w, const char *dir, const char *rel, int depth)
{
	DIR *d = opendir(dir);
	if (!d || depth > MAX_DEPTH) {
		if (d)
			closedir(d);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d)) && w->n < MAX_FILES) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		const char *full = cl_arena_printf(w->c->a, "%s/%s", dir, e->d_name);
		const char *r = *rel ? cl_arena_printf(w->c->a, "%s/%s", rel, e->d_name) : e->d_name;
		struct stat st;
		if (lstat(full, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {   /* symbolic links to directories are not followed */
			visit(w, full, r, depth + 1);
		} else if ((S_ISREG(st.st_mode) || (S_ISLNK(st.st_mode) && stat(full, &st) == 0 && S_ISREG(st.st_mode))) &&
		           match(w->pattern, r)) {
			if (w->n == w->cap) {
				uint32_t cap = w->cap ? 2 * w->cap : 16;
				w->v = cl_arena_realloc(w->c->a, w->v, w->cap * sizeof *w->v, cap * sizeof *w->v);
				w->cap = cap;
			}
			w->v[w->n++] = cl_value_cstr(w->c->a, r);
		}
	}
	closedir(d);
}

cl_value *fn_fileset(cl_fn_call *c, cl_value **args, uint32_t n)
{
	const char *path = args[0]->u.str.s;
	const char *base = c->ctx->basedir && path[0] != '/' ? cl_arena_printf(c->a, "%s/%s", c->ctx->basedir, path) : path;
	const char *pat = args[1]->u.str.s;
	while (pat[0] == '.' && pat[1] == '/')
		pat += 2;   /* "./x" is "x" (Go's path.Clean) */
	struct stat st;
	if (!c->ctx->file)
		return fn_error(c, "file functions are not available here");
	if (stat(base, &st) != 0 || !S_ISDIR(st.st_mode))
		return cl_value_set(c->a, &cl_type_string, NULL, 0);
	walk w = { c, pat, NULL, 0, 0 };
	visit(&w, base, "", 0);
	return cl_value_set(c->a, &cl_type_string, w.v, w.n);
}
