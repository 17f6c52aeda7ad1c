/* install.c: `init`'s module installation: every module call of the
 * configuration, and of the modules it calls, whose source is remote is
 * installed under CL_MODULES_DIR/KEY and recorded in CL_MODULES_MANIFEST
 * (Terraform's modules.json layout).  One already installed from the same
 * source, at a version that still satisfies the constraint, is kept unless
 * -upgrade; local sources are followed where they are. */
#include "fetch/fetch.h"
#include "compiler/load.h"
#include "compiler/modmanifest.h"
#include "util/fatal.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { MAX_DEPTH = 32 };

typedef struct inst {
	cl_arena *a;
	cl_diags *d;
	bool upgrade;
	json_t *old;      /* the manifest before: Key -> entry */
	json_t *mods;     /* the manifest being written */
} inst;

static const char *literal(const cl_body *b, const char *name, cl_range *at)
{
	for (uint32_t i = 0; i < b->n; i++) {
		const cl_attr *x = b->v[i].attr;
		if (!x || strcmp(x->name, name))
			continue;
		*at = cl_loc_range(x->expr->loc);
		const cl_expr *e = x->expr;
		if (e->kind == CL_E_TEMPLATE && e->u.list.n == 1 && e->u.list.v[0]->kind == CL_E_STRING)
			return e->u.list.v[0]->u.str.s;
		return NULL;
	}
	return NULL;
}

static bool safe_key(const char *key)
{
	if (strstr(key, ".."))
		return false;
	for (const char *p = key; *p; p++)
		if (!(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') && !(*p >= '0' && *p <= '9') && !strchr("_-.", *p))
			return false;
	return true;
}

/* Fetches the package of address src (not a registry one) into dest. */
static bool fetch_package(const cl_modsrc *src, const char *dest, cl_range at, cl_diags *d)
{
	if (src->kind == CL_MODSRC_GIT)
		return fetch_git(src->url, src->ref, dest, at, d);
	if (src->kind == CL_MODSRC_ARCHIVE)
		return fetch_archive(src->url, dest, at, d);
	cl_diag_error(d, at, "the registry's package address \"%s\" is not one clicamosc can fetch", src->addr);
	cl_diag_hint(d, "%s", src->why ? src->why : "clicamosc fetches git:: and http(s) archive packages");
	return false;
}

/* The module directory in dest: dest/subdir, which must stay inside. */
static const char *module_dir(inst *in, const char *dest, const char *subdir, cl_range at)
{
	const char *dir = subdir ? cl_arena_printf(in->a, "%s/%s", dest, subdir) : dest;
	char *top = realpath(dest, NULL), *real = realpath(dir, NULL);
	size_t n = top ? strlen(top) : 0;
	const char *out = NULL;
	struct stat st;
	if (!real || stat(real, &st) != 0 || !S_ISDIR(st.st_mode)) {
		cl_diag_error(in->d, at, "the package has no directory \"%s\" (the //subdir of the source)", subdir);
		cl_diag_hint(in->d, "the part after \"//\" names a directory inside the repository or archive");
	} else if (!top || strncmp(real, top, n) || (real[n] != '/' && real[n] != 0)) {
		cl_diag_error(in->d, at, "the //subdir \"%s\" leads outside the package", subdir);
	} else {
		char *link = fetch_escaping_link(dest);
		if (link) {
			cl_diag_error(in->d, at, "the package holds a symbolic link that leads outside it: %s", link);
			cl_diag_hint(in->d, "a module may link only to its own files; the package was removed");
			free(link);
		} else {
			out = dir;
		}
	}
	free(top);
	free(real);
	return out;
}

static void walk(inst *in, const char *dir, const char *prefix, int depth);

/* A previous install still good for this call: its directory, else NULL. */
static const char *kept(inst *in, const char *key, const cl_modsrc *src, const char *constraint)
{
	json_t *e = json_object_get(in->old, key);
	const char *rec = json_string_value(json_object_get(e, "Source"));
	const char *dir = json_string_value(json_object_get(e, "Dir"));
	const char *ver = json_string_value(json_object_get(e, "Version"));
	bool bad;
	struct stat st;
	if (in->upgrade || !rec || strcmp(rec, src->addr) || !dir || stat(dir, &st) != 0)
		return NULL;
	if (src->kind == CL_MODSRC_REGISTRY && (!ver || !cl_modversion_ok(ver, constraint, &bad)))
		return NULL;
	json_array_append(in->mods, e);
	return cl_arena_strdup(in->a, dir);
}

static void install(inst *in, const char *key, const char *raw, const char *constraint, cl_range at, int depth)
{
	cl_modsrc src = cl_modsrc_parse(in->a, raw);
	if (src.kind == CL_MODSRC_BAD) {
		cl_diag_error(in->d, at, "module source \"%s\" is not one clicamosc can install", raw);
		cl_diag_hint(in->d, "%s", src.why);
		return;
	}
	if (constraint && src.kind != CL_MODSRC_REGISTRY) {
		cl_diag_error(in->d, at, "module \"%s\": version is for registry modules; \"%s\" is not one", key, raw);
		cl_diag_hint(in->d, "pin a git source with ?ref=TAG instead");
		return;
	}
	const char *dir = kept(in, key, &src, constraint);
	if (dir) {
		printf("- %s in %s\n", key, dir);
		walk(in, dir, key, depth + 1);
		return;
	}
	/* Fetched beside the install it replaces, which stays until the new
	 * one has passed every check. */
	const char *dest = cl_arena_printf(in->a, "%s/%s", CL_MODULES_DIR, key);
	const char *tmp = cl_arena_printf(in->a, "%s/.%s.new", CL_MODULES_DIR, key);
	mkdir(".clicamosc", 0755);
	mkdir(CL_MODULES_DIR, 0755);
	fetch_rmtree(tmp);
	const char *version = NULL, *subdir = src.subdir;
	bool ok;
	printf("Downloading %s for %s...\n", src.addr, key);
	fflush(stdout);
	if (src.kind == CL_MODSRC_REGISTRY) {
		const char *package;
		ok = fetch_registry(in->a, &src, constraint, &version, &package, at, in->d);
		if (ok) {
			cl_modsrc p = cl_modsrc_parse(in->a, package);
			ok = fetch_package(&p, tmp, at, in->d);
			if (p.subdir && subdir)
				subdir = cl_arena_printf(in->a, "%s/%s", p.subdir, subdir);
			else if (p.subdir)
				subdir = p.subdir;
		}
	} else {
		ok = fetch_package(&src, tmp, at, in->d);
	}
	ok = ok && module_dir(in, tmp, subdir, at);
	if (ok) {
		fetch_rmtree(dest);
		ok = rename(tmp, dest) == 0;
		if (!ok)
			cl_diag_error(in->d, at, "cannot move %s to %s: %s", tmp, dest, strerror(errno));
	}
	if (!ok) {
		fetch_rmtree(tmp);
		return;
	}
	dir = subdir ? cl_arena_printf(in->a, "%s/%s", dest, subdir) : dest;
	printf("- %s in %s\n", key, dir);
	json_t *e = json_pack("{s:s, s:s, s:s}", "Key", key, "Source", src.addr, "Dir", dir);
	if (version)
		json_object_set_new(e, "Version", json_string(version));
	json_array_append_new(in->mods, e);
	walk(in, dir, key, depth + 1);
}

static void walk(inst *in, const char *dir, const char *prefix, int depth)
{
	if (depth > MAX_DEPTH) {
		cl_diag_error(in->d, CL_NOWHERE, "modules nested more than %d deep under %s (does a module call "
		              "itself?)", MAX_DEPTH, dir);
		return;
	}
	cl_module_src src;
	size_t errors = in->d->nerrors;
	if (!cl_load_module(in->a, dir, &src, in->d) || in->d->nerrors > errors)
		return;
	for (unsigned f = 0; f < src.nfiles; f++)
		for (uint32_t i = 0; i < src.files[f]->body->n; i++) {
			const cl_block *b = src.files[f]->body->v[i].block;
			if (!b || strcmp(b->type, "module") || b->nlabels != 1)
				continue;   /* the decoder reports what is wrong with it */
			cl_range at = cl_loc_range(b->labels[0].loc), vat = at;
			const char *raw = literal(b->body, "source", &at);
			const char *constraint = literal(b->body, "version", &vat);
			const char *name = b->labels[0].s;
			const char *key = *prefix ? cl_arena_printf(in->a, "%s.%s", prefix, name) : name;
			if (!raw)
				continue;   /* the decoder says it needs a literal source */
			if (!safe_key(key)) {
				cl_diag_error(in->d, cl_loc_range(b->labels[0].loc), "module name \"%s\" cannot name a directory",
				              name);
				cl_diag_hint(in->d, "name modules with letters, digits, \"_\" and \"-\"");
				continue;
			}
			cl_modsrc s = cl_modsrc_parse(in->a, raw);
			if (s.kind == CL_MODSRC_LOCAL)
				walk(in, s.addr[0] == '/' ? s.addr : cl_arena_printf(in->a, "%s/%s", src.dir, s.addr), key, depth + 1);
			else
				install(in, key, raw, constraint, at, depth);
		}
}

static bool write_manifest(json_t *mods, cl_diags *d)
{
	json_t *j = json_pack("{s:O}", "Modules", mods);
	char *text = json_dumps(j, JSON_INDENT(2));
	json_decref(j);
	const char *tmp = CL_MODULES_MANIFEST ".tmp";
	FILE *f = fopen(tmp, "w");
	bool ok = f && fputs(text, f) >= 0 && fputc('\n', f) != EOF;
	ok = f && fclose(f) == 0 && ok && rename(tmp, CL_MODULES_MANIFEST) == 0;
	if (!ok)
		cl_diag_error(d, CL_NOWHERE, "cannot write %s: %s", CL_MODULES_MANIFEST, strerror(errno));
	free(text);
	return ok;
}

bool fetch_install(const char *path, bool upgrade, cl_diags *d)
{
	cl_arena a;
	cl_arena_init(&a);
	inst in = { &a, d, upgrade, json_object(), json_array() };
	json_t *prev = json_load_file(CL_MODULES_MANIFEST, 0, NULL), *e;
	bool had = prev != NULL;
	size_t i;
	json_array_foreach(json_object_get(prev, "Modules"), i, e) {
		const char *k = json_string_value(json_object_get(e, "Key"));
		if (k && *k)
			json_object_set(in.old, k, e);
	}
	json_decref(prev);
	json_array_append_new(in.mods, json_pack("{s:s, s:s, s:s}", "Key", "", "Source", "", "Dir", "."));
	size_t errors = d->nerrors;
	walk(&in, path, "", 0);
	/* A configuration of local modules only leaves no trace. */
	bool ok = d->nerrors == errors && (!had && json_array_size(in.mods) == 1 ? true : write_manifest(in.mods, d));
	json_decref(in.old);
	json_decref(in.mods);
	cl_arena_free(&a);
	return ok;
}
