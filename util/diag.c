/* diag.c: reading sources and printing diagnostics in the clang/rustc style:
 *
 *   main.cl:3:14: error: expected "=" or "{" after block labels
 *       3 | resource "aws_vpc" "main" x
 *         |                           ^
 *     hint: ...
 */
#include "util/diag.h"
#include "util/buf.h"
#include "util/fatal.h"
#include "util/safetext.h"

#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

cl_source *cl_source_new(const char *name, const char *text, size_t len)
{
	cl_source *s = cl_xcalloc(1, sizeof *s);
	s->name = cl_xstrdup(name);
	s->text = cl_xmalloc(len + 1);
	memcpy(s->text, text, len);
	s->text[len] = 0;
	s->len = len;
	return s;
}

cl_source *cl_source_read(const char *path, cl_diags *d)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		cl_diag_error(d, CL_NOWHERE, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	cl_buf b = CL_BUF_INIT;
	bool bad = !cl_buf_read(&b, f);
	int err = errno;
	fclose(f);
	if (bad) {
		cl_diag_error(d, CL_NOWHERE, "cannot read %s: %s", path, strerror(err));
		cl_buf_free(&b);
		return NULL;
	}
	cl_source *s = cl_xcalloc(1, sizeof *s);
	s->name = cl_xstrdup(path);
	s->len = b.len;
	s->text = cl_buf_steal(&b);
	return s;
}

void cl_source_free(cl_source *s)
{
	if (!s)
		return;
	free(s->name);
	free(s->text);
	free(s->lines);
	free(s);
}

static void index_lines(cl_source *s)
{
	size_t cap = 64, n = 0;
	size_t *v = cl_xmalloc(cap * sizeof *v);
	v[n++] = 0;
	for (size_t i = 0; i < s->len; i++) {
		if (s->text[i] != '\n')
			continue;
		if (n == cap)
			v = cl_xrealloc(v, (cap *= 2) * sizeof *v);
		v[n++] = i + 1;
	}
	s->lines = v;
	s->nlines = n;
}

/* Index of the line holding byte offset off. */
static size_t line_of(const cl_source *cs, size_t off)
{
	cl_source *s = (cl_source *)cs;   /* the line index is a cache */
	if (!s->lines)
		index_lines(s);
	size_t lo = 0, hi = s->nlines;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->lines[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/* Characters (UTF-8 lead bytes) in text[from, to). */
static unsigned count_chars(const char *text, size_t from, size_t to)
{
	unsigned n = 0;
	for (size_t i = from; i < to; i++)
		if (((unsigned char)text[i] & 0xC0) != 0x80)
			n++;
	return n;
}

cl_pos cl_source_pos(const cl_source *s, size_t off)
{
	if (off > s->len)
		off = s->len;
	size_t l = line_of(s, off);
	cl_pos p = { (unsigned)l + 1, count_chars(s->text, s->lines[l], off) + 1 };
	return p;
}

cl_range cl_range_join(cl_range a, cl_range b)
{
	if (!a.src)
		return b;
	if (!b.src || a.src != b.src)
		return a;
	cl_range r = { a.src, a.start < b.start ? a.start : b.start, a.end > b.end ? a.end : b.end };
	return r;
}

enum { MAX_SOURCES = 65535 };
static const cl_source *registry[MAX_SOURCES + 1];
static unsigned nregistered;
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;

unsigned cl_source_register(const cl_source *s)
{
	pthread_mutex_lock(&registry_lock);
	unsigned id = 0;
	if (nregistered < MAX_SOURCES) {
		id = ++nregistered;
		registry[id] = s;
	}
	pthread_mutex_unlock(&registry_lock);
	return id;   /* 0: too many files; their ranges print without a snippet */
}

const cl_source *cl_source_by_id(unsigned id)
{
	pthread_mutex_lock(&registry_lock);
	const cl_source *s = id && id <= nregistered ? registry[id] : NULL;
	pthread_mutex_unlock(&registry_lock);
	return s;
}

/* A message as it may be shown: what AWS said can hold a sensitive value
 * (echoed in an error) or control characters. */
static char *safe_vprintf(const char *fmt, va_list ap)
{
	cl_buf b = CL_BUF_INIT;
	cl_buf_vprintf(&b, fmt, ap);
	cl_safetext_redact(&b, 0);
	cl_safetext_escape(&b, 0);
	return cl_buf_steal(&b);
}

static cl_diag *push(cl_diags *d, cl_severity sev, cl_range r, const char *fmt, va_list ap)
{
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 8;
		d->v = cl_xrealloc(d->v, d->cap * sizeof *d->v);
	}
	cl_diag *g = &d->v[d->n++];
	memset(g, 0, sizeof *g);
	g->sev = sev;
	g->range = r;
	g->msg = safe_vprintf(fmt, ap);
	if (sev == CL_SEV_ERROR)
		d->nerrors++;
	else
		d->nwarnings++;
	return g;
}

void cl_diag_error(cl_diags *d, cl_range r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	push(d, CL_SEV_ERROR, r, fmt, ap);
	va_end(ap);
}

void cl_diag_warning(cl_diags *d, cl_range r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	push(d, CL_SEV_WARNING, r, fmt, ap);
	va_end(ap);
}

void cl_diag_hint(cl_diags *d, const char *fmt, ...)
{
	if (!d->n)
		return;
	cl_diag *g = &d->v[d->n - 1];
	va_list ap;
	va_start(ap, fmt);
	free(g->hint);
	g->hint = safe_vprintf(fmt, ap);
	va_end(ap);
}

void cl_diag_note(cl_diags *d, cl_range r, const char *fmt, ...)
{
	if (!d->n)
		return;
	cl_diag *g = &d->v[d->n - 1];
	g->notes = cl_xrealloc(g->notes, (g->nnotes + 1) * sizeof *g->notes);
	cl_diag *nt = &g->notes[g->nnotes++];
	memset(nt, 0, sizeof *nt);
	nt->sev = CL_SEV_NOTE;
	nt->range = r;
	va_list ap;
	va_start(ap, fmt);
	nt->msg = safe_vprintf(fmt, ap);
	va_end(ap);
}

/* Longest source line echoed; a 10 MB line is cut around the caret. */
enum { ECHO_MAX = 160 };

static void print_snippet(FILE *f, const cl_range *r, bool color)
{
	const cl_source *s = r->src;
	size_t l = line_of(s, r->start);
	size_t ls = s->lines[l];
	size_t le = ls;
	while (le < s->len && s->text[le] != '\n')
		le++;
	if (le > ls && s->text[le - 1] == '\r')
		le--;
	size_t start = r->start < le ? r->start : le;
	size_t end = r->end > start ? (r->end < le ? r->end : le) : start;
	/* Window the echo so the caret stays visible on very long lines. */
	size_t ws = ls, we = le;
	if (we - ws > ECHO_MAX) {
		ws = start > ls + ECHO_MAX / 2 ? start - ECHO_MAX / 2 : ls;
		while (ws > ls && ((unsigned char)s->text[ws] & 0xC0) == 0x80)
			ws--;
		we = ws + ECHO_MAX < le ? ws + ECHO_MAX : le;
		while (we < le && ((unsigned char)s->text[we] & 0xC0) == 0x80)
			we++;
		if (end > we)
			end = we;
	}
	char num[24];
	int w = snprintf(num, sizeof num, "%zu", l + 1);
	fprintf(f, " %s | %s", num, ws > ls ? "..." : "");
	for (size_t i = ws; i < we; i++) {
		unsigned char c = (unsigned char)s->text[i];
		fputc(c == 0 || (c < 0x20 && c != '\t') ? '?' : c, f);
	}
	fprintf(f, "%s\n %*s | %s", we < le ? "..." : "", w, "", ws > ls ? "   " : "");
	for (size_t i = ws; i < start; i++)
		if (((unsigned char)s->text[i] & 0xC0) != 0x80)
			fputc(s->text[i] == '\t' ? '\t' : ' ', f);
	unsigned width = count_chars(s->text, start, end);
	if (color)
		fputs("\033[1;32m", f);
	fputc('^', f);
	for (unsigned i = 1; i < width; i++)
		fputc('~', f);
	if (color)
		fputs("\033[0m", f);
	fputc('\n', f);
}

static void print_one(FILE *f, const cl_diag *g, bool color)
{
	static const char *names[] = { "error", "warning", "note" };
	static const char *colors[] = { "\033[1;31m", "\033[1;35m", "\033[1;36m" };
	if (g->range.src) {
		cl_pos p = cl_source_pos(g->range.src, g->range.start);
		fprintf(f, "%s%s:%u:%u:%s ", color ? "\033[1m" : "", g->range.src->name, p.line, p.col,
		        color ? "\033[0m" : "");
	} else {
		fputs("clicamosc: ", f);
	}
	fprintf(f, "%s%s:%s %s\n", color ? colors[g->sev] : "", names[g->sev], color ? "\033[0m" : "", g->msg);
	if (g->range.src)
		print_snippet(f, &g->range, color);
}

void cl_diag_print(FILE *f, const cl_diag *g, bool color)
{
	print_one(f, g, color);
	for (size_t i = 0; i < g->nnotes; i++)
		print_one(f, &g->notes[i], color);
	if (g->hint)
		fprintf(f, "  %shint:%s %s\n", color ? "\033[1m" : "", color ? "\033[0m" : "", g->hint);
}

void cl_diags_print(FILE *f, const cl_diags *d, bool color)
{
	for (size_t i = 0; i < d->n; i++)
		cl_diag_print(f, &d->v[i], color);
}

void cl_diags_move(cl_diags *to, cl_diags *from)
{
	for (size_t i = 0; i < from->n; i++) {
		if (to->n == to->cap) {
			to->cap = to->cap ? to->cap * 2 : 8;
			to->v = cl_xrealloc(to->v, to->cap * sizeof *to->v);
		}
		to->v[to->n++] = from->v[i];
	}
	to->nerrors += from->nerrors;
	to->nwarnings += from->nwarnings;
	free(from->v);
	memset(from, 0, sizeof *from);
}

static void free_diag(cl_diag *g)
{
	free(g->msg);
	free(g->hint);
	for (size_t i = 0; i < g->nnotes; i++)
		free_diag(&g->notes[i]);
	free(g->notes);
}

void cl_diags_free(cl_diags *d)
{
	for (size_t i = 0; i < d->n; i++)
		free_diag(&d->v[i]);
	free(d->v);
	memset(d, 0, sizeof *d);
}
