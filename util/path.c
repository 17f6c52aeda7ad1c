/* path.c: lexical path cleaning and the symbolic-link escape check. */
#include "util/path.h"

#include <dirent.h>
#include <sys/stat.h>

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

char *cl_path_lexical(cl_arena *a, const char *cwd, const char *path)
{
	const char *p = path[0] == '/' ? path : cl_arena_printf(a, "%s/%s", cwd, path);
	char *out = cl_arena_alloc(a, strlen(p) + 2), *o = out;
	while (*p) {
		while (*p == '/') p++;
		size_t n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.')) {
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (o > out && *--o != '/')
				;
		} else {
			*o++ = '/';
			memcpy(o, p, n);
			o += n;
		}
		p += n;
	}
	if (o == out)
		*o++ = '/';
	*o = 0;
	return out;
}

static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	if (n == 1 && dir[0] == '/')
		return true;
	return strncmp(path, dir, n) == 0 && (path[n] == 0 || path[n] == '/');
}

const char *cl_path_escape(cl_arena *a, const char *root, const char *path)
{
	char cwd[PATH_MAX], *real = realpath(path, NULL);
	if (!real || !getcwd(cwd, sizeof cwd)) {   /* nothing there: nothing read */
		free(real);
		return NULL;
	}
	if (!root)
		root = ".";
	char *real_root = realpath(root, NULL);
	const char *written = cl_path_lexical(a, cwd, path);
	bool inside_as_written = under(written, cwd) || under(written, cl_path_lexical(a, cwd, root));
	bool inside = under(real, cwd) || (real_root && under(real, real_root));
	const char *r = inside_as_written && !inside ? cl_arena_strdup(a, real) : NULL;
	free(real);
	free(real_root);
	return r;
}

static bool has_suffix(const char *s, const char *suf)
{
	size_t n = strlen(s), m = strlen(suf);
	return n > m && strcmp(s + n - m, suf) == 0;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static bool has_any_suffix(const char *s, const char *const *sufs)
{
	for (; *sufs; sufs++)
		if (has_suffix(s, *sufs))
			return true;
	return false;
}

const char **cl_path_list(cl_arena *a, const char *dir, const char *const *suffixes, unsigned *n)
{
	*n = 0;
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	const char **v = NULL;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' || !has_any_suffix(e->d_name, suffixes))
			continue;
		struct stat st;
		if (stat(cl_arena_printf(a, "%s/%s", dir, e->d_name), &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		v = cl_arena_realloc(a, v, *n * sizeof *v, (*n + 1) * sizeof *v);
		v[(*n)++] = cl_arena_strdup(a, e->d_name);
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof *v, cmp_str);
	return v ? v : CL_NEWN(a, const char *, 1);   /* read, and empty: not NULL */
}
