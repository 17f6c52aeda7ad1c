/* load.c: which files form a module, reading and parsing them. */
#include "compiler/load.h"
#include "util/buf.h"
#include "util/fatal.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n > m && strcmp(s + n - m, suf) == 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char **list_suffix(const char *dir, const char *suf, unsigned *n)
{
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	char **v = NULL;
	unsigned cnt = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !has_suffix(e->d_name, suf))
			continue;
		cl_buf b = CL_BUF_INIT;
		cl_buf_printf(&b, "%s%s%s", strcmp(dir, ".") ? dir : "",
		              strcmp(dir, ".") && !has_suffix(dir, "/") ? "/" : "", e->d_name);
		struct stat st;
		if (stat(b.data, &st) == 0 && S_ISREG(st.st_mode)) {
			v = cl_xrealloc(v, (cnt + 1) * sizeof *v);
			v[cnt++] = cl_buf_steal(&b);
		} else {
			cl_buf_free(&b);
		}
	}
	closedir(d);
	if (cnt)
		qsort(v, cnt, sizeof *v, cmp_str);
	*n = cnt;
	return v;
}

char **cl_load_list(const char *path, unsigned *n, cl_diags *d)
{
	struct stat st;
	*n = 0;
	if (stat(path, &st) != 0) {
		cl_diag_error(d, CL_NOWHERE, "cannot read %s: %s", path, strerror(errno));
		return NULL;
	}
	if (!S_ISDIR(st.st_mode)) {
		char **v = cl_xmalloc(sizeof *v);
		v[0] = cl_xstrdup(path);
		*n = 1;
		return v;
	}
	char **v = list_suffix(path, ".cl", n);
	if (!*n) {
		free(v);
		v = list_suffix(path, ".tf", n);
	}
	if (!*n) {
		cl_diag_error(d, CL_NOWHERE, "no configuration files in %s", path);
		cl_diag_hint(d, "a module is a directory of .cl (or .tf) files; name a file or another directory");
	}
	return v;
}

void cl_load_list_free(char **v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void add_file(cl_arena *a, cl_module_src *out, cl_source *src, cl_diags *d)
{
	cl_source_register(src);
	cl_file *f = cl_parse_file(a, src, d);
	out->files = cl_arena_realloc(a, out->files, out->nfiles * sizeof *out->files,
	                              (out->nfiles + 1) * sizeof *out->files);
	out->files[out->nfiles++] = f;
}

bool cl_load_module(cl_arena *a, const char *path, cl_module_src *out, cl_diags *d)
{
	memset(out, 0, sizeof *out);
	unsigned n;
	char **names = cl_load_list(path, &n, d);
	if (!n) {
		free(names);
		return false;
	}
	struct stat st;
	if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		out->dir = cl_arena_strdup(a, path);
	} else {
		const char *slash = strrchr(path, '/');
		out->dir = slash ? cl_arena_strndup(a, path, (size_t)(slash - path) + (slash == path)) : cl_arena_strdup(a, ".");
	}
	bool any = false;
	for (unsigned i = 0; i < n; i++) {
		cl_source *src = cl_source_read(names[i], d);
		if (src) {
			add_file(a, out, src, d);
			any = true;
		}
	}
	cl_load_list_free(names, n);
	return any;
}

void cl_load_text(cl_arena *a, const char *name, const char *text, size_t len, cl_module_src *out, cl_diags *d)
{
	memset(out, 0, sizeof *out);
	out->dir = cl_arena_strdup(a, ".");
	add_file(a, out, cl_source_new(name, text, len), d);
}
