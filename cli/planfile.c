/* planfile.c: saved plans (see planfile.h). */
#include "cli/planfile.h"
#include "view/plan_render.h"
#include "compiler/value.h"
#include "util/buf.h"
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum { FORMAT = 2, KEY_BYTES = 32 };   /* 2: sensitive inputs as a keyed HMAC, not a bare SHA-256 */

static void hash_module(EVP_MD_CTX *h, const cl_module *m)
{
	for (unsigned i = 0; i < m->src.nfiles; i++) {
		const cl_source *s = m->src.files[i]->src;
		EVP_DigestUpdate(h, s->name, strlen(s->name) + 1);
		EVP_DigestUpdate(h, s->text, s->len);
	}
	for (unsigned i = 0; i < m->ncalls; i++)
		if (m->calls[i].child)
			hash_module(h, m->calls[i].child);
}

void cli_config_hash(const cl_module *m, char out[65])
{
	unsigned char md[32];
	unsigned len = 0;
	EVP_MD_CTX *h = EVP_MD_CTX_new();
	EVP_DigestInit_ex(h, EVP_sha256(), NULL);
	hash_module(h, m);
	EVP_DigestFinal_ex(h, md, &len);
	EVP_MD_CTX_free(h);
	for (unsigned i = 0; i < 32; i++)
		snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static void hex(const unsigned char *p, size_t n, char *out)
{
	for (size_t i = 0; i < n; i++)
		snprintf(out + 2 * i, 3, "%02x", p[i]);
}

/* A sensitive input is not written into the plan: only its HMAC-SHA256
 * under a key drawn for this plan (kept in it), which apply checks against
 * the value given again (TF_VAR_name, a .tfvars file).  A bare hash could
 * be looked up in a table made once for all plans, and would show that
 * two plans share a secret; a fresh key makes each plan its own search. */
static void value_hmac(const cl_value *v, const char *key_hex, char out[65])
{
	unsigned char key[KEY_BYTES], md[32];
	for (int i = 0; i < KEY_BYTES; i++) {
		unsigned b = 0;
		sscanf(key_hex + 2 * i, "%2x", &b);
		key[i] = (unsigned char)b;
	}
	json_t *j = cl_value_to_json(v);
	char *text = json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS | JSON_ENCODE_ANY);
	unsigned len = 0;
	HMAC(EVP_sha256(), key, KEY_BYTES, (const unsigned char *)text, strlen(text), md, &len);
	hex(md, 32, out);
	free(text);
	json_decref(j);
}

static json_t *changes(const cl_dag *g)
{
	json_t *arr = json_array();
	for (unsigned i = 0; i < g->n; i++) {
		const cl_node *n = g->v[i];
		cl_action act = cl_plan_action(n);
		if (act == CL_ACT_NOOP || n->kind == CL_N_VAR || n->kind == CL_N_LOCAL || n->kind == CL_N_OUTPUT)
			continue;
		json_array_append_new(arr, json_pack("{s:s, s:s}", "address", n->addr, "action", cl_action_name(act)));
	}
	return arr;
}

static json_t *string_list(const cl_args *a, const char *option)
{
	json_t *arr = json_array();
	for (int i = 0; i < a->n; i++)
		if (a->v[i].opt && !strcmp(a->v[i].opt->name, option))
			json_array_append_new(arr, json_string(a->v[i].value));
	return arr;
}

bool cli_planfile_write(cli_run *r, const cl_args *a, const char *file, bool destroy, cl_diags *d)
{
	char hash[65];
	cli_config_hash(r->root, hash);
	unsigned char key[KEY_BYTES];
	char key_hex[2 * KEY_BYTES + 1];
	if (RAND_bytes(key, KEY_BYTES) != 1) {
		cl_diag_error(d, CL_NOWHERE, "cannot write the plan: no random key for its sensitive inputs");
		return false;
	}
	hex(key, KEY_BYTES, key_hex);
	json_t *vars = json_object();
	for (unsigned i = 0; i < r->root->nvars; i++) {
		cl_value *v = r->g->root->vars[i];
		if (!v || !cl_value_is_wholly_known(v))
			continue;
		if (cl_value_marks_deep(v) & CL_MARK_SENSITIVE) {
			char h[65];
			value_hmac(v, key_hex, h);
			json_object_set_new(vars, r->root->vars[i].name, json_pack("{s:s}", "sensitive_hmac_sha256", h));
		} else {
			json_object_set_new(vars, r->root->vars[i].name, cl_value_to_json(v));
		}
	}
	/* No state yet: a new one gets a new lineage, so CL_NOWHERE is recorded. */
	bool empty = r->state->serial == 0 && r->state->nres == 0;
	json_t *root = json_pack("{s:i, s:s, s:s, s:s, s:{s:s, s:I}, s:o, s:{s:b, s:o, s:o}, s:o}",
	                         "format_version", FORMAT, "path", r->path, "config_hash", hash, "hmac_key", key_hex,
	                         "state", "lineage", empty ? "" : r->state->lineage, "serial", (json_int_t)r->state->serial,
	                         "variables", vars, "options", "destroy", destroy, "target", string_list(a, "target"),
	                         "replace", string_list(a, "replace"), "changes", changes(r->g));
	char *text = json_dumps(root, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(root);
	/* The plan holds input values: never written through a link (a
	 * planted one would have us overwrite its target), always 0600. */
	struct stat st;
	const char *step = "write";
	bool link = lstat(file, &st) == 0 && S_ISLNK(st.st_mode);
	cl_buf b = CL_BUF_INIT;
	cl_buf_puts(&b, text);
	cl_buf_putc(&b, '\n');
	free(text);
	bool ok = !link && cl_file_replace(file, b.data, b.len, &step);
	if (!ok)
		cl_diag_error(d, CL_NOWHERE, "cannot %s the plan %s: %s", step, file, cl_file_strerror(link ? ELOOP : errno));
	cl_buf_free(&b);
	return ok;
}

bool cli_planfile_read(const char *file, cli_planfile *pf, cl_diags *d)
{
	json_error_t je;
	memset(pf, 0, sizeof *pf);
	pf->root = json_load_file(file, 0, &je);
	json_t *fv = pf->root ? json_object_get(pf->root, "format_version") : NULL;
	const char *path = pf->root ? json_string_value(json_object_get(pf->root, "path")) : NULL;
	if (!pf->root || json_integer_value(fv) != FORMAT || !path) {
		if (json_is_integer(fv) && path)
			cl_diag_error(d, CL_NOWHERE, "%s is a saved plan of format %lld, and this clicamosc reads format %d",
			              file, (long long)json_integer_value(fv), FORMAT);
		else
			cl_diag_error(d, CL_NOWHERE, "%s is not a clicamosc saved plan%s%s", file, pf->root ? "" : ": ",
			              pf->root ? "" : je.text);
		cl_diag_hint(d, "make one with clicamosc plan -out=%s", file);
		json_decref(pf->root);
		pf->root = NULL;
		return false;
	}
	pf->path = strdup(path);
	return true;
}

/* Whether a saved input is only the hash of a sensitive value. */
bool cli_planfile_is_hashed(const json_t *saved)
{
	return json_is_object(saved) && json_object_size(saved) == 1 && json_object_get(saved, "sensitive_hmac_sha256");
}

static bool sensitive_inputs_match(const cli_planfile *pf, cli_run *r, cl_diags *d)
{
	json_t *vars = json_object_get(pf->root, "variables");
	const char *key_hex = json_string_value(json_object_get(pf->root, "hmac_key"));
	for (unsigned i = 0; i < r->root->nvars; i++) {
		json_t *saved = json_object_get(vars, r->root->vars[i].name);
		if (!cli_planfile_is_hashed(saved))
			continue;
		cl_value *v = r->g->root->vars[i];
		char h[65] = "";
		if (v && cl_value_is_wholly_known(v) && key_hex && strlen(key_hex) == 2 * KEY_BYTES)
			value_hmac(v, key_hex, h);
		const char *want = json_string_value(json_object_get(saved, "sensitive_hmac_sha256"));
		if (!want || strlen(want) != 64 || CRYPTO_memcmp(h, want, 64) != 0) {
			cl_diag_error(d, CL_NOWHERE, "the sensitive variable \"%s\" does not have the value it had when the plan was "
			              "made", r->root->vars[i].name);
			cl_diag_hint(d, "saved plans keep no secrets: give it again the way you did then (TF_VAR_%s or a "
			                ".tfvars file)", r->root->vars[i].name);
			return false;
		}
	}
	return true;
}

bool cli_planfile_matches(const cli_planfile *pf, cli_run *r, cl_diags *d)
{
	char hash[65];
	cli_config_hash(r->root, hash);
	json_t *st = json_object_get(pf->root, "state");
	const char *lineage = json_string_value(json_object_get(st, "lineage"));
	json_int_t serial = json_integer_value(json_object_get(st, "serial"));
	if (strcmp(hash, json_string_value(json_object_get(pf->root, "config_hash")) ?: "")) {
		cl_diag_error(d, CL_NOWHERE, "the saved plan is stale: the configuration changed since it was made");
	} else if (!lineage || (*lineage ? strcmp(lineage, r->state->lineage) != 0 : r->state->nres != 0) ||
	           serial != (json_int_t)r->state->serial) {
		cl_diag_error(d, CL_NOWHERE, "the saved plan is stale: the state changed since it was made "
		              "(serial %lld then, %llu now)", (long long)serial, (unsigned long long)r->state->serial);
	} else if (!sensitive_inputs_match(pf, r, d)) {
		return false;
	} else {
		json_t *now = changes(r->g);
		bool same = json_equal(now, json_object_get(pf->root, "changes"));
		json_decref(now);
		if (same)
			return true;
		cl_diag_error(d, CL_NOWHERE, "the saved plan is stale: planning again gives other changes");
	}
	cl_diag_hint(d, "run clicamosc plan -out=FILE again, then apply that file");
	return false;
}

void cli_planfile_free(cli_planfile *pf)
{
	json_decref(pf->root);
	free(pf->path);
}

/* Is path a saved plan rather than a configuration? */
bool cli_planfile_is(const char *path)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return false;
	char head[64] = "";
	size_t n = fread(head, 1, sizeof head - 1, f);
	fclose(f);
	head[n] = 0;
	return head[0] == '{' && strstr(head, "\"changes\"") != NULL;
}
