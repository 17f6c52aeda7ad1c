/* fmt_cmd.c: the fmt command: which files, what to do with each result
 * (rewrite in place atomically, list, diff, print), the exit status.  The
 * layout itself is fmt.c.  The CLI (clicamosc.c) only parses the options. */
#include "grammar/fmt.h"
#include "grammar/json.h"
#include "util/buf.h"
#include "util/fatal.h"

#include <dirent.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct fmt_opts {
	bool check, diff, write;
	cl_fmt_block_args *upgrade;   /* NULL: plain fmt */
	bool color;
	FILE *out, *err;
	bool failed, changed;
} fmt_opts;

static void fail(fmt_opts *o, cl_diags *d)
{
	cl_diags_print(o->err, d, o->color);
	cl_diags_free(d);
	o->failed = true;
}

/* ---- a unified diff of two texts, by lines ---- */

typedef struct lines {
	const char **s;     /* each line with its newline, if it has one */
	size_t *len;
	size_t n;
} lines;

static lines split(const char *t)
{
	lines l = { 0 };
	size_t cap = 0;
	while (*t) {
		const char *nl = strchr(t, '\n');
		size_t len = nl ? (size_t)(nl + 1 - t) : strlen(t);
		if (l.n == cap) {
			cap = cap ? cap * 2 : 64;
			l.s = cl_xrealloc(l.s, cap * sizeof *l.s);
			l.len = cl_xrealloc(l.len, cap * sizeof *l.len);
		}
		l.s[l.n] = t;
		l.len[l.n++] = len;
		t += len;
	}
	return l;
}

static bool same_line(const lines *a, size_t i, const lines *b, size_t j)
{
	return a->len[i] == b->len[j] && memcmp(a->s[i], b->s[j], a->len[i]) == 0;
}

/* The edit script: '=' keep, '-' delete from a, '+' insert from b.  A
 * longest common subsequence between the common head and tail; past a size
 * where its table would be too big, the middle is replaced whole (still a
 * correct diff, only not the smallest). */
static char *edits(const lines *a, const lines *b, size_t *nops)
{
	size_t head = 0, tail = 0;
	while (head < a->n && head < b->n && same_line(a, head, b, head))
		head++;
	while (tail < a->n - head && tail < b->n - head && same_line(a, a->n - 1 - tail, b, b->n - 1 - tail))
		tail++;
	size_t n = a->n - head - tail, m = b->n - head - tail, k = 0;
	char *ops = cl_xmalloc(a->n + b->n + 1);
	memset(ops, '=', head);
	k = head;
	if (n * m <= 4u << 20) {
		uint32_t *L = cl_xcalloc((n + 1) * (m + 1), sizeof *L);
#define AT(i, j) L[(i) * (m + 1) + (j)]
		for (size_t i = n; i-- > 0; )
			for (size_t j = m; j-- > 0; )
				AT(i, j) = same_line(a, head + i, b, head + j) ? AT(i + 1, j + 1) + 1
				         : AT(i + 1, j) > AT(i, j + 1) ? AT(i + 1, j) : AT(i, j + 1);
		size_t i = 0, j = 0;
		while (i < n || j < m) {
			if (i < n && j < m && same_line(a, head + i, b, head + j))
				ops[k++] = '=', i++, j++;
			else if (i < n && (j == m || AT(i + 1, j) >= AT(i, j + 1)))
				ops[k++] = '-', i++;
			else
				ops[k++] = '+', j++;
		}
#undef AT
		free(L);
	} else {
		memset(ops + k, '-', n);
		memset(ops + k + n, '+', m);
		k += n + m;
	}
	memset(ops + k, '=', tail);
	*nops = k + tail;
	return ops;
}

static void diff_line(fmt_opts *o, char sign, const char *s, size_t len)
{
	const char *color = !o->color ? "" : sign == '-' ? "\033[31m" : sign == '+' ? "\033[32m" : "";
	bool nl = len > 0 && s[len - 1] == '\n';
	fprintf(o->out, "%s%c%.*s%s\n", color, sign, (int)(len - nl), s, *color ? "\033[0m" : "");
	if (!nl)
		fputs("\\ No newline at end of file\n", o->out);
}

/* Hunks with three lines of context, as diff -u prints them. */
static void print_diff(fmt_opts *o, const char *name, const char *before, const char *after)
{
	enum { CONTEXT = 3 };
	lines a = split(before), b = split(after);
	size_t n;
	char *ops = edits(&a, &b, &n);
	fprintf(o->out, "%s--- old/%s\n+++ new/%s%s\n", o->color ? "\033[1m" : "", name, name, o->color ? "\033[0m" : "");
	size_t ai = 0, bi = 0;   /* lines of a and b before ops[p] */
	for (size_t p = 0; p < n; ) {
		if (ops[p] == '=') {
			ai++, bi++, p++;
			continue;
		}
		/* a hunk: back up for context, run on while changes are near */
		size_t back = 0;
		while (back < CONTEXT && back < p && ops[p - back - 1] == '=')
			back++;
		size_t start = p - back, q = p;
		for (size_t eq = 0; q < n && eq <= 2 * CONTEXT; q++)
			eq = ops[q] == '=' ? eq + 1 : 0;
		while (q > p && ops[q - 1] == '=')
			q--;
		size_t end = q;
		for (size_t c = 0; end < n && c < CONTEXT && ops[end] == '='; c++)
			end++;
		size_t as = ai - back, bs = bi - back, al = 0, bl = 0;
		for (size_t k = start; k < end; k++) {
			al += ops[k] != '+';
			bl += ops[k] != '-';
		}
		fprintf(o->out, "%s@@ -%zu,%zu +%zu,%zu @@%s\n", o->color ? "\033[36m" : "",
		        al ? as + 1 : as, al, bl ? bs + 1 : bs, bl, o->color ? "\033[0m" : "");
		size_t x = as, y = bs;
		for (size_t k = start; k < end; k++) {
			if (ops[k] == '=')
				diff_line(o, ' ', a.s[x], a.len[x]), x++, y++;
			else if (ops[k] == '-')
				diff_line(o, '-', a.s[x], a.len[x]), x++;
			else
				diff_line(o, '+', b.s[y], b.len[y]), y++;
		}
		ai = x, bi = y, p = end;
	}
	free(ops);
	free(a.s), free(a.len), free(b.s), free(b.len);
}

/* ---- writing a file back ---- */

/* A temporary file beside the target, the target's mode, then rename: a
 * crash leaves the old file or the new one, never half of one.  Symbolic
 * links are followed, so the link stays a link. */
static bool write_atomic(fmt_opts *o, const char *path, const char *text)
{
	cl_diags d = { 0 };
	char *real = realpath(path, NULL);
	const char *target = real ? real : path;
	size_t n = strlen(target);
	char *tmp = cl_xmalloc(n + sizeof ".fmt-XXXXXX");
	memcpy(tmp, target, n);
	memcpy(tmp + n, ".fmt-XXXXXX", sizeof ".fmt-XXXXXX");
	struct stat st;
	int fd = stat(target, &st) == 0 ? mkstemp(tmp) : -1;
	bool ok = fd >= 0;
	size_t len = strlen(text);
	for (size_t done = 0; ok && done < len; ) {
		ssize_t w = write(fd, text + done, len - done);
		if (w < 0 && errno == EINTR)
			continue;
		ok = w > 0;
		done += ok ? (size_t)w : 0;
	}
	ok = ok && fchmod(fd, st.st_mode & 07777) == 0 && fsync(fd) == 0;
	if (fd >= 0 && close(fd) != 0)
		ok = false;
	ok = ok && rename(tmp, target) == 0;
	if (!ok) {
		cl_diag_error(&d, CL_NOWHERE, "cannot write %s: %s", path, strerror(errno));
		cl_diag_hint(&d, "the file is unchanged; check the permissions of the file and its directory");
		if (fd >= 0)
			unlink(tmp);
		fail(o, &d);
	}
	free(tmp);
	free(real);
	return ok;
}

/* ---- one file ---- */

static void format_source(fmt_opts *o, cl_source *src, bool from_stdin)
{
	cl_diags d = { 0 };
	char *res = cl_fmt(src, &d, o->upgrade);
	if (!res) {
		fail(o, &d);
		return;
	}
	cl_diags_free(&d);
	bool changed = strcmp(res, src->text) != 0 || strlen(src->text) != src->len;
	o->changed |= changed;
	bool write = o->write && !o->check && !from_stdin;
	if (changed && !from_stdin && (o->check || write)) {
		if (!write || write_atomic(o, src->name, res))
			fprintf(o->out, "%s\n", src->name);
	}
	if (changed && o->diff)
		print_diff(o, src->name, src->text, res);
	if (!o->check && !o->diff && (!o->write || from_stdin))
		fputs(res, o->out);
	free(res);
}

static void format_path(fmt_opts *o, const char *path)
{
	cl_diags d = { 0 };
	cl_source *src = cl_source_read(path, &d);
	if (!src) {
		fail(o, &d);
		return;
	}
	format_source(o, src, false);
	cl_source_free(src);   /* registered ids of it are not used after this */
}

static void format_stdin(fmt_opts *o)
{
	cl_buf b = CL_BUF_INIT;
	cl_buf_read(&b, stdin);
	cl_source *src = cl_source_new("<stdin>", cl_buf_str(&b), b.len);
	cl_buf_free(&b);
	format_source(o, src, true);
	cl_source_free(src);
}

/* ---- which files ---- */

static bool formats(const char *name)
{
	static const char *const ext[] = { ".cl", ".tf", ".tfvars", ".clvars" };
	size_t n = strlen(name);
	if (name[0] == '.' || name[n - 1] == '~')   /* hidden files and editor backups */
		return false;
	for (size_t i = 0; i < sizeof ext / sizeof *ext; i++) {
		size_t e = strlen(ext[i]);
		if (n > e && strcmp(name + n - e, ext[i]) == 0)
			return true;
	}
	return false;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The directory's own files, in name order; subdirectories are other
 * modules, left alone as terraform fmt leaves them. */
static void format_dir(fmt_opts *o, const char *dir)
{
	cl_diags d = { 0 };
	DIR *dp = opendir(dir);
	if (!dp) {
		cl_diag_error(&d, CL_NOWHERE, "cannot read directory %s: %s", dir, strerror(errno));
		fail(o, &d);
		return;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	for (struct dirent *e; (e = readdir(dp)); ) {
		if (!formats(e->d_name))
			continue;
		size_t dl = strlen(dir);
		cl_buf p = CL_BUF_INIT;
		if (!strcmp(dir, "."))
			cl_buf_puts(&p, e->d_name);   /* app.cl, as terraform fmt prints it, not ./app.cl */
		else
			cl_buf_printf(&p, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", e->d_name);
		struct stat st;
		if (stat(p.data, &st) != 0 || !S_ISREG(st.st_mode)) {
			cl_buf_free(&p);
			continue;
		}
		if (n == cap)
			names = cl_xrealloc(names, (cap = cap ? cap * 2 : 16) * sizeof *names);
		names[n++] = cl_buf_steal(&p);
	}
	closedir(dp);
	qsort(names, n, sizeof *names, by_name);
	for (size_t i = 0; i < n; i++) {
		format_path(o, names[i]);
		free(names[i]);
	}
	free(names);
}

int cl_fmt_command(char **paths, unsigned npaths, bool check, bool diff, bool write,
                   cl_fmt_block_args *upgrade, bool color, FILE *out, FILE *err)
{
	fmt_opts o = { check, diff, write, upgrade, color, out, err, false, false };
	static char *here[] = { "." };
	if (npaths == 0) {
		paths = here;
		npaths = 1;
	}
	for (unsigned i = 0; i < npaths; i++) {
		struct stat st;
		if (strcmp(paths[i], "-") == 0) {
			format_stdin(&o);
		} else if (stat(paths[i], &st) != 0) {
			cl_diags d = { 0 };
			cl_diag_error(&d, CL_NOWHERE, "no file or directory at %s", paths[i]);
			fail(&o, &d);
		} else if (S_ISDIR(st.st_mode)) {
			format_dir(&o, paths[i]);
		} else if (cl_json_path(paths[i])) {
			/* As terraform fmt: JSON is the tools' format, left as they wrote it. */
			cl_diags d = { 0 };
			cl_diag_error(&d, CL_NOWHERE, "%s is in HCL's JSON syntax: fmt formats only the native syntax "
			              "(.cl, .tf, .tfvars, .clvars files)", paths[i]);
			cl_diag_hint(&d, "leave JSON files out; in a directory, fmt skips them");
			fail(&o, &d);
		} else {
			format_path(&o, paths[i]);
		}
	}
	fflush(out);
	return o.failed ? 1 : o.check && o.changed ? 3 : 0;
}
