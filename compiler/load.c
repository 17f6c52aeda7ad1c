/* load.c: which files form a module, reading and parsing them (the native
 * syntax, or HCL's JSON syntax for *.cl.json and *.tf.json files). */
#include "compiler/load.h"
#include "compiler/json_schema.h"
#include "compiler/override.h"
#include "util/buf.h"
#include "util/fatal.h"
#include "util/path.h"

#include <errno.h>

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The files of dir ending in one of sufs, as paths to free (dir "." left out). */
static char **list_suffix(const char *dir, const char *const *sufs, unsigned *n)
{
	cl_arena a;
	cl_arena_init(&a);
	const char **names = cl_path_list(&a, dir, sufs, n);
	char **v = *n ? cl_xmalloc(*n * sizeof *v) : NULL;
	size_t len = strlen(dir);
	bool here = !strcmp(dir, "."), slash = len && dir[len - 1] == '/';
	for (unsigned i = 0; i < *n; i++) {
		cl_buf b = CL_BUF_INIT;
		cl_buf_printf(&b, "%s%s%s", here ? "" : dir, here || slash ? "" : "/", names[i]);
		v[i] = cl_buf_steal(&b);
	}
	cl_arena_free(&a);
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
	static const char *const cl[] = { ".cl", ".cl.json", NULL }, *const tf[] = { ".tf", ".tf.json", NULL };
	char **v = list_suffix(path, cl, n);
	if (!*n) {
		free(v);
		v = list_suffix(path, tf, n);
	}
	if (!*n) {
		cl_diag_error(d, CL_NOWHERE, "no configuration files in %s", path);
		cl_diag_hint(d, "a module is a directory of .cl (or .tf) files, .cl.json (.tf.json) too; name a file or another directory");
	}
	return v;
}

void cl_load_list_free(char **v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static cl_file *parse(cl_arena *a, cl_source *src, cl_diags *d)
{
	cl_source_register(src);
	return cl_json_path(src->name) ? cl_parse_json_file(a, src, cl_config_json_key, d) : cl_parse_file(a, src, d);
}

static void add_file(cl_arena *a, cl_module_src *out, cl_source *src, cl_diags *d)
{
	cl_file *f = parse(a, src, d);
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
	bool dir = stat(path, &st) == 0 && S_ISDIR(st.st_mode);
	if (dir) {
		out->dir = cl_arena_strdup(a, path);
	} else {
		const char *slash = strrchr(path, '/');
		out->dir = slash ? cl_arena_strndup(a, path, (size_t)(slash - path) + (slash == path)) : cl_arena_strdup(a, ".");
	}
	/* The primary files first, then (as Terraform) each override file of a
	 * directory in name order, merged into them. */
	bool any = false;
	for (int pass = 0; pass < 2; pass++) {
		unsigned nprimary = out->nfiles;
		for (unsigned i = 0; i < n; i++) {
			if ((dir && cl_override_path(names[i])) != (pass == 1))
				continue;
			cl_source *src = cl_source_read(names[i], d);
			if (!src)
				continue;
			any = true;
			size_t errors = d->nerrors;
			if (pass == 0) {
				add_file(a, out, src, d);
			} else {
				cl_file *f = parse(a, src, d);
				if (d->nerrors == errors)
					cl_override_apply(a, out, nprimary, f, d);
			}
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
