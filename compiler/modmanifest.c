/* modmanifest.c: finding an installed module (see modmanifest.h).
 * {"Modules": [{"Key": "net", "Source": "git::https://...", "Version":
 * "1.2.0", "Dir": ".clicamosc/modules/net"}, ...]} */
#include "compiler/modmanifest.h"
#include "compiler/modversion.h"

#include <jansson.h>
#include <string.h>
#include <sys/stat.h>

static json_t *entry(const char *manifest, const char *key)
{
	json_t *j = json_load_file(manifest, 0, NULL), *found = NULL, *m;
	size_t i;
	json_array_foreach(json_object_get(j, "Modules"), i, m) {
		const char *k = json_string_value(json_object_get(m, "Key"));
		if (k && !strcmp(k, key))
			found = json_incref(m);
	}
	json_decref(j);
	return found;
}

/* Terraform writes a registry address with its default host left out. */
static bool same_source(const cl_modsrc *src, const char *raw, const char *rec)
{
	if (!strcmp(rec, src->addr) || !strcmp(rec, raw))
		return true;
	size_t n = strlen(CL_REGISTRY_DEFAULT_HOST);
	return src->kind == CL_MODSRC_REGISTRY && !strncmp(src->addr, CL_REGISTRY_DEFAULT_HOST "/", n + 1) &&
	       !strcmp(rec, src->addr + n + 1);
}

const char *cl_modmanifest_dir(cl_arena *a, const char *key, const cl_modsrc *src, const char *raw,
                               const char *constraint, cl_range at, cl_diags *d)
{
	const char *manifest = CL_MODULES_MANIFEST;
	json_t *m = entry(manifest, key);
	if (!m) {
		manifest = CL_TF_MODULES_MANIFEST;
		m = entry(manifest, key);
	}
	if (!m) {
		cl_diag_error(d, at, "module \"%s\" is not installed (source \"%s\")", key, raw);
		cl_diag_hint(d, "run clicamosc init: it downloads remote modules into %s (a %s that terraform init wrote is "
		             "used as it is)", CL_MODULES_DIR, CL_TF_MODULES_MANIFEST);
		return NULL;
	}
	const char *rec = json_string_value(json_object_get(m, "Source"));
	const char *dir = json_string_value(json_object_get(m, "Dir"));
	const char *ver = json_string_value(json_object_get(m, "Version"));
	const char *out = NULL;
	struct stat st;
	bool bad;
	if (!rec || !same_source(src, raw, rec)) {
		cl_diag_error(d, at, "module \"%s\" was installed from \"%s\", and its source is now \"%s\"", key,
		              rec ? rec : "?", raw);
		cl_diag_hint(d, "run clicamosc init to install it from the new source (%s)", manifest);
	} else if (src->kind == CL_MODSRC_REGISTRY && constraint && (!ver || !cl_modversion_ok(ver, constraint, &bad))) {
		cl_diag_error(d, at, "module \"%s\" was installed at version %s, which does not satisfy version = \"%s\"",
		              key, ver ? ver : "(none)", constraint);
		cl_diag_hint(d, "run clicamosc init to install a version that does (%s)", manifest);
	} else if (!dir || stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		cl_diag_error(d, at, "module \"%s\" is recorded in %s, but its directory %s is missing", key, manifest,
		              dir ? dir : "(none)");
		cl_diag_hint(d, "run clicamosc init again");
	} else {
		out = cl_arena_strdup(a, dir);
	}
	json_decref(m);
	return out;
}
