/* registry.c: Terraform's module registry protocol: service discovery
 * (https://HOST/.well-known/terraform.json, or a `host` block of the CLI
 * configuration, TF_CLI_CONFIG_FILE or ~/.terraformrc, as Terraform reads
 * it), the versions list, and the download answer's X-Terraform-Get. */
#include "fetch/fetch.h"
#include "compiler/eval.h"
#include "util/fatal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

/* services."modules.v1" of the CLI configuration's host "HOST" block. */
static const char *configured(cl_arena *a, const char *host, cl_diags *d)
{
	const char *path = getenv("TF_CLI_CONFIG_FILE"), *home = getenv("HOME");
	if (!path && home)
		path = cl_arena_printf(a, "%s/.terraformrc", home);
	cl_diags quiet = { 0 };
	cl_source *src = path ? cl_source_read(path, &quiet) : NULL;
	cl_diags_free(&quiet);   /* no CLI configuration is the usual case */
	if (!src)
		return NULL;
	cl_source_register(src);
	cl_file *f = cl_parse_file(a, src, d);
	const char *url = NULL;
	for (uint32_t i = 0; f && i < f->body->n; i++) {
		const cl_block *b = f->body->v[i].block;
		if (!b || strcmp(b->type, "host") || b->nlabels != 1 || strcmp(b->labels[0].s, host))
			continue;
		for (uint32_t k = 0; k < b->body->n; k++) {
			const cl_attr *at = b->body->v[k].attr;
			if (!at || strcmp(at->name, "services"))
				continue;
			cl_eval_ctx ctx = { .arena = a, .diags = d };
			cl_value *v = cl_eval(&ctx, at->expr);
			json_t *j = v ? cl_value_to_json(v) : NULL;
			const char *s = json_string_value(json_object_get(j, "modules.v1"));
			if (s)
				url = cl_arena_printf(a, "%s", s);
			json_decref(j);
		}
	}
	return url;
}

/* GET url as JSON; an error naming what answered otherwise. */
static json_t *get_json(const char *url, const char *what, cl_range at, cl_diags *d)
{
	fetch_response r;
	if (!fetch_http_get(url, &r, at, d))
		return NULL;
	json_t *j = NULL;
	if (r.status == 404) {
		cl_diag_error(d, at, "%s: not found (404 from %s)", what, url);
	} else if (r.status != 200) {
		cl_diag_error(d, at, "%s: the registry answered %ld (%s)", what, r.status, url);
		cl_diag_hint(d, "try again later; if it persists, the registry is broken");
	} else {
		json_error_t e;
		j = json_loadb(r.body.data ? r.body.data : "", r.body.len, 0, &e);
		if (!j || !json_is_object(j)) {
			cl_diag_error(d, at, "%s: the answer from %s is not the registry protocol's JSON (%s)", what, url,
			              j ? "not an object" : e.text);
			json_decref(j);
			j = NULL;
		}
	}
	fetch_response_free(&r);
	return j;
}

static char *modules_base(cl_arena *a, const char *host, cl_range at, cl_diags *d)
{
	const char *url = configured(a, host, d);
	if (url)
		return cl_xstrdup(url);
	char *disco = cl_arena_printf(a, "https://%s/.well-known/terraform.json", host);
	json_t *j = get_json(disco, cl_arena_printf(a, "service discovery of %s", host), at, d);
	if (!j)
		return NULL;
	const char *s = json_string_value(json_object_get(j, "modules.v1"));
	char *base = s ? fetch_url_resolve(disco, s) : NULL;
	if (!s) {
		cl_diag_error(d, at, "%s offers no module registry (no \"modules.v1\" in %s)", host, disco);
	}
	json_decref(j);
	return base;
}

bool fetch_registry(cl_arena *a, const cl_modsrc *src, const char *constraint, const char **version,
                    const char **package, cl_range at, cl_diags *d)
{
	char *base = modules_base(a, src->host, at, d);
	if (!base)
		return false;
	const char *mod = cl_arena_printf(a, "%s/%s/%s", src->ns, src->name, src->system);
	const char *sep = base[0] && base[strlen(base) - 1] == '/' ? "" : "/";
	const char *what = cl_arena_printf(a, "module %s on %s", mod, src->host);
	json_t *j = get_json(cl_arena_printf(a, "%s%s%s/versions", base, sep, mod), what, at, d);
	const char *best = NULL;
	bool bad = false, ok = false;
	json_t *vs = json_object_get(json_array_get(json_object_get(j, "modules"), 0), "versions"), *v;
	size_t i;
	if (j && !json_is_array(vs))
		cl_diag_error(d, at, "%s: the versions answer has no modules[0].versions list", what);
	json_array_foreach(vs, i, v) {
		const char *s = json_string_value(json_object_get(v, "version"));
		if (s && cl_modversion_ok(s, constraint, &bad) && (!best || cl_modversion_cmp(s, best) > 0))
			best = cl_arena_strdup(a, s);
	}
	if (bad) {
		cl_diag_error(d, at, "version = \"%s\" is not a version constraint", constraint);
		cl_diag_hint(d, "write for example \"1.2.0\", \">= 1.0, < 2.0\" or \"~> 1.2\"");
	} else if (json_is_array(vs) && !best) {
		cl_diag_error(d, at, "%s has no version that satisfies \"%s\" (%zu version%s offered)", what,
		              constraint ? constraint : "any", json_array_size(vs), json_array_size(vs) == 1 ? "" : "s");
	} else if (best) {
		char *url = cl_arena_printf(a, "%s%s%s/%s/download", base, sep, mod, best);
		fetch_response r;
		if (fetch_http_get(url, &r, at, d)) {
			if (r.status != 200 && r.status != 204)
				cl_diag_error(d, at, "%s %s: the download answer is %ld (%s)", what, best, r.status, url);
			else if (!r.terraform_get)
				cl_diag_error(d, at, "%s %s: the download answer (%s) has no X-Terraform-Get header", what, best,
				              url);
			else {
				char *p = fetch_url_resolve(url, r.terraform_get);
				*package = cl_arena_strdup(a, p);
				*version = best;
				free(p);
				ok = true;
			}
			fetch_response_free(&r);
		}
	}
	json_decref(j);
	free(base);
	return ok;
}
