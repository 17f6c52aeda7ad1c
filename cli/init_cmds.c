/* init_cmds.c: `init` (remote modules installed by fetch/; which backend
 * holds the state, recorded in
 * .clicamosc/backend.json as Terraform records it in .terraform/), state
 * migration between backends, and the state commands against a remote
 * backend.  The backends themselves are executor/backend.c. */
#include "cli/cli.h"
#include "compiler/config.h"
#include "compiler/eval.h"
#include "executor/backend.h"
#include "executor/jsonw.h"
#include "executor/lock.h"
#include "fetch/fetch.h"
#include "view/state_cmd.h"
#include "util/clock.h"
#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BACKEND_DIR ".clicamosc"
#define BACKEND_FILE BACKEND_DIR "/backend.json"

/* A backend block's body as JSON.  Terraform allows no references here,
 * and neither does an evaluation context without a resolver. */
static json_t *body_json(cl_arena *a, const cl_body *body, cl_diags *d)
{
	json_t *o = json_object();
	cl_eval_ctx ctx = { .arena = a, .diags = d };
	for (uint32_t i = 0; body && i < body->n; i++) {
		const cl_item *it = &body->v[i];
		if (it->block) {
			json_object_set_new(o, it->block->type, body_json(a, it->block->body, d));
			continue;
		}
		cl_value *v = cl_eval(&ctx, it->attr->expr);
		if (v)
			json_object_set_new(o, it->attr->name, cl_value_to_json(v));
	}
	return o;
}

/* -backend-config=KEY=VALUE, or -backend-config=FILE (HCL: key = value). */
static bool merge_backend_config(cl_arena *ar, const cl_args *a, json_t *config, cl_diags *d)
{
	for (int i = 0; i < a->n; i++) {
		if (!a->v[i].opt || strcmp(a->v[i].opt->name, "backend-config"))
			continue;
		const char *s = a->v[i].value, *eq = strchr(s, '=');
		if (eq) {
			/* endpoints.s3=URL sets a key of the endpoints block. */
			char *k = strndup(s, (size_t)(eq - s)), *dot = strchr(k, '.');
			json_t *into = config;
			if (dot) {
				*dot = 0;
				into = json_object_get(config, k);
				if (!json_is_object(into)) {
					into = json_object();
					json_object_set_new(config, k, into);
				}
			}
			json_object_set_new(into, dot ? dot + 1 : k, json_string(eq + 1));
			free(k);
			continue;
		}
		cl_source *src = cl_source_read(s, d);
		if (!src)
			return false;
		cl_source_register(src);
		cl_file *f = cl_parse_file(ar, src, d);
		if (d->nerrors)
			return false;
		json_t *more = body_json(ar, f->body, d);
		json_object_update(config, more);
		json_decref(more);
	}
	return !d->nerrors;
}

/* What init found recorded: {"type": ..., "config": {...}}; NULL: none (local). */
static json_t *recorded(void)
{
	json_t *j = json_load_file(BACKEND_FILE, 0, NULL);
	json_t *b = json_incref(json_object_get(j, "backend"));
	json_decref(j);
	return b;
}

static bool record(const char *type, const json_t *config, cl_diags *d)
{
	if (!strcmp(type, "local") && !json_object_size(config)) {
		if (unlink(BACKEND_FILE) != 0 && errno != ENOENT)
			cl_diag_error(d, CL_NOWHERE, "cannot remove %s: %s", BACKEND_FILE, strerror(errno));
		return !d->nerrors;
	}
	mkdir(BACKEND_DIR, 0700);
	json_t *j = json_pack("{s:i,s:{s:s,s:O}}", "version", 3, "backend", "type", type, "config", config);
	cl_buf b = CL_BUF_INIT;
	cl_jsonw(&b, j, true);
	json_decref(j);
	/* The settings may carry keys: readable by the owner only. */
	const char *step = NULL;
	bool ok = cl_file_replace(BACKEND_FILE, b.data, b.len, &step);
	if (!ok)
		cl_diag_error(d, CL_NOWHERE, "cannot %s %s: %s", step, BACKEND_FILE, strerror(errno));
	cl_buf_free(&b);
	return ok;
}

cl_state_backend *cli_backend_open(const cl_module *root, const char *state_path, cl_diags *d)
{
	json_t *rec = recorded();
	const char *type = rec ? json_string_value(json_object_get(rec, "type")) : "local";
	const char *want = root && root->backend ? root->backend->type : "local";
	cl_state_backend *b = NULL;
	if (root && strcmp(type ? type : "", want)) {
		cl_diag_error(d, root->backend ? cl_loc_range(root->backend->loc) : CL_NOWHERE,
		              "backend initialization required: the configuration's backend is \"%s\", %s \"%s\"", want,
		              rec ? "but clicamosc init set up" : "and clicamosc init has not set it up instead of",
		              type ? type : "?");
		cl_diag_hint(d, "run clicamosc init (with -migrate-state to copy the existing state, or -reconfigure)");
	} else if (rec && strcmp(type, "local")) {
		json_t *c = json_deep_copy(json_object_get(rec, "config"));
		if (strcmp(cli_workspace(), "default"))
			json_object_set_new(c, "workspace", json_string(cli_workspace()));
		b = cl_backend_open(type, c, d);
		json_decref(c);
	} else {
		json_t *c = json_deep_copy(json_object_get(rec, "config"));
		if (!c)
			c = json_object();
		if (state_path || !json_object_get(c, "path"))
			json_object_set_new(c, "path", json_string(state_path ? state_path : cli_local_state_path()));
		b = cl_backend_open("local", c, d);
		json_decref(c);
	}
	json_decref(rec);
	return b;
}

static bool has_resources(const char *text, cl_diags *d)
{
	cl_state *st;
	if (!text || !cl_state_parse("state", text, strlen(text), &st, d))
		return false;
	bool some = st->nres > 0 || st->nouts > 0;
	cl_state_free(st);
	return some;
}

/* Copies the state of from into to, both locked. */
static bool migrate(cl_state_backend *from, cl_state_backend *to, bool force, cl_diags *d)
{
	char *text = NULL, *there = NULL;
	bool ok = cl_backend_lock(from, CL_LOCK_STATE, 0, d) && cl_backend_lock(to, CL_LOCK_STATE, 0, d) &&
	          cl_backend_read_text(from, &text, d) && cl_backend_read_text(to, &there, d);
	if (ok && has_resources(there, d) && !force) {
		cl_diag_error(d, CL_NOWHERE, "%s already holds a state; migrating would replace it", cl_backend_where(to));
		cl_diag_hint(d, "pass -force-copy to replace it, or -reconfigure to use it as it is");
		ok = false;
	}
	if (ok && text) {
		ok = cl_backend_write_text(to, text, d);
		if (ok)
			printf("Copied the state from %s to %s.\n", cl_backend_where(from), cl_backend_where(to));
	}
	free(text);
	free(there);
	return ok;
}

int cmd_init(const command *c, const cl_args *a)
{
	if (cli_too_many(c, a, 1))
		return 1;
	cl_arena ar;
	cl_arena_init(&ar);
	cl_diags d = { 0 };
	if (!fetch_install(cli_path(a), cl_args_flag(a, "upgrade"), &d)) {
		cl_arena_free(&ar);
		return cli_report(&d, a);
	}
	cl_module *root = cl_config_load(&ar, cli_path(a), &d);
	const char *type = root && root->backend ? root->backend->type : "local";
	json_t *config = root && root->backend ? body_json(&ar, root->backend->body, &d) : json_object();
	cl_state_backend *to = NULL, *from = NULL;
	if (d.nerrors || !merge_backend_config(&ar, a, config, &d))
		goto out;
	to = cl_backend_open(type, config, &d);
	if (!to)
		goto out;
	json_t *rec = recorded();
	const char *was = rec ? json_string_value(json_object_get(rec, "type")) : "local";
	bool same = rec ? json_equal(json_object_get(rec, "config"), config) && !strcmp(was, type)
	                : !strcmp(type, "local");
	if (!same && !cl_args_flag(a, "reconfigure")) {
		from = cli_backend_open(NULL, NULL, &d);
		char *text = NULL;
		if (from && cl_backend_read_text(from, &text, &d) && has_resources(text, &d)) {
			if (cl_args_flag(a, "migrate-state"))
				migrate(from, to, cl_args_flag(a, "force-copy"), &d);
			else {
				cl_diag_error(&d, CL_NOWHERE, "%s holds a state, and the backend changes to %s",
				              cl_backend_where(from), cl_backend_where(to));
				cl_diag_hint(&d, "run clicamosc init -migrate-state to copy it there, or -reconfigure to "
				                 "leave it behind");
			}
		}
		free(text);
	}
	json_decref(rec);
	if (!d.nerrors && record(type, config, &d))
		printf("clicamosc has been initialized: the state is in %s.\n", cl_backend_where(to));
out:
	cl_backend_close(from);
	cl_backend_close(to);
	json_decref(config);
	cl_arena_free(&ar);
	return cli_report(&d, a);
}

/* ---- state commands against a remote backend ---- */

static int push(cl_state_backend *b, const cl_args *a, cl_diags *d)
{
	const char *file = cl_args_npos(a) > 1 ? cl_args_pos(a, 1) : NULL;
	cl_source *src = file ? cl_source_read(strcmp(file, "-") ? file : "/dev/stdin", d) : NULL;
	if (!file)
		cl_diag_error(d, CL_NOWHERE, "state push needs a FILE (or - for standard input)");
	if (!src)
		return 1;
	cl_state *mine = NULL, *theirs = NULL;
	char *now = NULL;
	const char *t = src->text;
	bool ok = cl_state_parse(file, t, src->len, &mine, d) && cl_backend_read_text(b, &now, d);
	if (ok && now && cl_state_parse(cl_backend_where(b), now, strlen(now), &theirs, d) && !cl_args_flag(a, "force") &&
	    (strcmp(theirs->lineage, mine->lineage) || theirs->serial > mine->serial)) {
		cl_diag_error(d, CL_NOWHERE, "%s has %s (serial %llu, lineage %s); %s has serial %llu, lineage %s",
		              cl_backend_where(b), strcmp(theirs->lineage, mine->lineage) ? "another lineage" : "a newer state",
		              (unsigned long long)theirs->serial, theirs->lineage, file, (unsigned long long)mine->serial,
		              mine->lineage);
		cl_diag_hint(d, "pass -force to replace it anyway");
		ok = false;
	}
	ok = ok && !d->nerrors && cl_backend_write_text(b, t, d);
	free(now);
	cl_state_free(mine);
	if (theirs)
		cl_state_free(theirs);
	return ok ? 0 : 1;
}

bool cli_remote_state_cmd(const char *sub, const cl_args *a, int *rc)
{
	json_t *rec = recorded();
	const char *type = json_string_value(json_object_get(rec, "type"));
	bool remote = type && strcmp(type, "local");
	json_decref(rec);
	if (!remote || cl_args_value(a, "state"))
		return false;
	cl_diags d = { 0 };
	cl_state_backend *b = cli_backend_open(NULL, NULL, &d);
	*rc = 1;
	const char *lock = cl_args_value(a, "lock"), *t = cl_args_value(a, "lock-timeout");
	long timeout = 0;
	if (t && !cl_duration_parse(t, &timeout))
		cl_diag_error(&d, CL_NOWHERE, "-lock-timeout=%s is not a duration (write 30s, 5m, 1h30m)", t);
	if (!b || d.nerrors) {
		/* reported below */
	} else if (!strcmp(sub, "force-unlock")) {
		if (cl_backend_force_unlock(b, cl_args_pos(a, 0), &d)) {
			printf("The state of %s has been unlocked.\n", cl_backend_where(b));
			*rc = 0;
		}
	} else if (!strcmp(sub, "push")) {
		if ((lock && !strcmp(lock, "false")) || cl_backend_lock(b, CL_LOCK_STATE, timeout, &d))
			*rc = push(b, a, &d);
	} else if (!strcmp(sub, "pull")) {
		char *text;
		if (cl_backend_read_text(b, &text, &d)) {
			fputs(text ? text : "", stdout);
			free(text);
			*rc = 0;
		}
	} else {
		bool state = strcmp(sub, "output") && strcmp(sub, "show");
		cl_diag_error(&d, CL_NOWHERE, "%s%s works on a local state only for now; the state is in %s",
		              state ? "state " : "", sub, cl_backend_where(b));
		cl_diag_hint(&d, "clicamosc state pull > local.tfstate, then clicamosc %s%s -state=local.tfstate",
		             state ? "state " : "", sub);
	}
	cl_backend_close(b);
	int r = cli_report(&d, a);
	if (r)
		*rc = r;
	return true;
}
