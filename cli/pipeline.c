/* pipeline.c: what plan, apply, destroy, refresh and graph share, the CLI's
 * half: load the configuration and its input values, open, lock and read
 * the state, connect to AWS; the planning itself is plan/plan.c. */
#include "cli/planfile.h"
#include "executor/aws/settings.h"
#include "view/state_cmd.h"
#include "plan/plan.h"
#include "util/clock.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned parallelism(const cl_args *a)
{
	const char *p = cl_args_value(a, "parallelism");
	long n = p ? strtol(p, NULL, 10) : 10;
	return n > 0 && n <= 256 ? (unsigned)n : 10;
}

/* The clients, from the provider blocks as the plan evaluates them: the
 * default one (returned), and one per aliased block of the root module.
 * Every resource's provider reference must lead to one of them. */
static aws_client *connect(void *user, cl_dag *g, cl_diags *d)
{
	cli_run *r = user;
	aws_settings s;
	if (!aws_settings_from_config(cl_plan_provider(g, &r->arena, "aws", d), &r->arena, &s, &r->default_tags, d))
		return NULL;
	if (!aws_config_load(&r->cfg, &s, d))
		return NULL;
	r->have_cfg = true;
	r->client = r->clients.dflt = aws_client_new(&r->cfg, d);
	if (!r->client)
		return NULL;
	const cl_module *root = g->root->mod;
	r->clients.keys = CL_NEWN(&r->arena, const char *, root->nproviders + 1);
	r->clients.v = CL_NEWN(&r->arena, aws_client *, root->nproviders + 1);
	r->alias_cfgs = CL_NEWN(&r->arena, aws_config, root->nproviders + 1);
	for (unsigned i = 0; i < root->nproviders; i++) {
		if (!root->providers[i].alias)
			continue;
		const char *key = cl_arena_printf(&r->arena, "aws.%s", root->providers[i].alias);
		cl_value *tags;
		unsigned k = r->clients.n;
		if (!aws_settings_from_config(cl_plan_provider(g, &r->arena, key, d), &r->arena, &s, &tags, d) ||
		    !aws_config_load(&r->alias_cfgs[k], &s, d))
			return NULL;
		r->clients.keys[k] = key;
		r->clients.v[k] = aws_client_new(&r->alias_cfgs[k], d);
		r->clients.n++;
		if (!r->clients.v[k])
			return NULL;
	}
	for (unsigned i = 0; i < g->n; i++) {
		cl_node *n = g->v[i];
		if ((n->kind == CL_N_RESOURCE || n->kind == CL_N_DATA) &&
		    !cl_provider_of(&r->arena, n->mi, &n->mi->mod->resources[n->index], d))
			return NULL;
	}
	return r->client;
}

static bool save(void *user, cl_diags *d)
{
	cli_run *r = user;
	return cl_backend_write(r->backend, r->state, d);
}

/* The values of every -OPTION=VALUE, in order. */
static const char *const *option_values(cl_arena *ar, const cl_args *a, const char *option, unsigned *n)
{
	const char **v = CL_NEWN(ar, const char *, (size_t)a->n + 1);
	*n = 0;
	for (int i = 0; i < a->n; i++)
		if (a->v[i].opt && !strcmp(a->v[i].opt->name, option))
			v[(*n)++] = a->v[i].value;
	return v;
}

/* -state-out=FILE: the state read from -state is written to FILE, and the
 * crash journal sits beside it.  -backup=FILE|-: where the state as it was
 * goes.  Both for a local state only (a remote one has no file). */
static bool state_out(cli_run *r, const cl_args *a)
{
	const char *out = cl_args_value(a, "state-out"), *bak = cl_args_value(a, "backup");
	if ((out || bak) && cli_run_remote(r)) {
		cl_diag_error(&r->d, CL_NOWHERE, "-%s is for a local state; this one is in %s", out ? "state-out" : "backup",
		              cl_backend_where(r->backend));
		cl_diag_hint(&r->d, "clicamosc state pull > copy.tfstate keeps a copy of a remote state");
		return false;
	}
	cl_state_retarget(r->state, bak, out != NULL);
	if (!out)
		return true;
	json_t *c = json_pack("{s:s}", "path", out);
	cl_state_backend *b = cl_backend_open("local", c, &r->d);
	json_decref(c);
	if (!b)
		return false;
	cl_backend_close(r->backend);   /* releases the lock on the state read */
	r->backend = b;
	r->state_path = out;
	return true;
}

/* -generate-config-out=FILE: a new file in the root module's directory
 * (where the next load reads it). */
static bool generate_first(cli_run *r, const char *file)
{
	struct stat st;
	if (stat(file, &st) == 0) {
		cl_diag_error(&r->d, CL_NOWHERE, "Target generated file already exists: %s", file);
		cl_diag_hint(&r->d, "clicamosc can only write generated config into a new file. Either choose a different "
		             "target location or move all existing configuration out of the target file, delete it and try "
		             "again.");
		return false;
	}
	char *slash = strrchr(file, '/');
	const char *in = slash ? cl_arena_printf(&r->arena, "%.*s", (int)(slash - file), file) : ".";
	char *want = realpath(r->dir, NULL), *got = realpath(*in ? in : "/", NULL);
	bool same = want && got && !strcmp(want, got);
	free(want);
	free(got);
	if (!same) {
		cl_diag_error(&r->d, CL_NOWHERE, "-generate-config-out=%s: the file must be in the root module's directory "
		              "(%s), where the plan reads it", file, r->dir);
		return false;
	}
	return true;
}

/* The blocks written, then everything done again with them loaded. */
static bool generated(cli_run *r, const cl_args *a, const cli_run_opts *o, cl_buf *gen)
{
	const char *file = o->generate_out;
	int fd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	bool ok = fd >= 0 && write(fd, gen->data, gen->len) == (ssize_t)gen->len;
	int e = errno;
	if (fd >= 0)
		close(fd);
	cl_buf_free(gen);
	if (!ok) {
		cl_diag_error(&r->d, CL_NOWHERE, "-generate-config-out=%s: %s", file, strerror(e));
		return false;
	}
	cli_run_finish(r);
	cli_run_opts again = *o;
	again.generate_out = NULL;
	ok = cli_run_prepare(r, a, &again);
	cl_diag_warning(&r->d, CL_NOWHERE, "Config generation is experimental");
	cl_diag_hint(&r->d, "Generating configuration during import is currently experimental, and the generated "
	             "configuration format may change in future versions.");
	r->generated_to = cl_arena_strdup(&r->arena, file);
	return ok;
}

bool cli_run_prepare(cli_run *r, const cl_args *a, const cli_run_opts *o)
{
	memset(r, 0, sizeof *r);
	cl_arena_init(&r->arena);
	r->path = o->path ? o->path : cli_path(a);
	r->dir = cli_root_dir(&r->arena, r->path);
	r->state_path = cl_args_value(a, "state") ? cl_args_value(a, "state") : cli_local_state_path();
	r->root = cl_config_load(&r->arena, r->path, &r->d);
	if (r->d.nerrors)
		return false;
	unsigned nargs;
	cl_var_arg *vargs = cli_var_args(&r->arena, a, &nargs);
	cl_value **inputs;
	cl_loc *locs;
	if (!cl_vars_collect(&r->arena, r->root, r->dir, o->saved_vars ? NULL : vargs, o->saved_vars ? 0 : nargs,
	                     &inputs, &locs, &r->d))
		return false;
	for (unsigned i = 0; o->saved_vars && i < r->root->nvars; i++) {
		json_t *j = json_object_get(o->saved_vars, r->root->vars[i].name);
		const char *err;
		if (j && !cli_planfile_is_hashed(j))
			inputs[i] = cl_value_from_json(&r->arena, j, NULL, &err);
	}
	if (!o->values_optional && !o->saved_vars && !cli_prompt_unset(&r->arena, r->root, inputs, locs, a, &r->d))
		return false;
	r->backend = cli_backend_open(r->root, cl_args_value(a, "state"), &r->d);
	if (!r->backend)
		return false;
	const char *lock = cl_args_value(a, "lock");
	if (!lock || strcmp(lock, "false")) {
		long timeout = 0;
		const char *t = cl_args_value(a, "lock-timeout");
		if (t && !cl_duration_parse(t, &timeout)) {
			cl_diag_error(&r->d, CL_NOWHERE, "-lock-timeout=%s is not a duration", t);
			cl_diag_hint(&r->d, "write it like 30s, 5m or 1h30m");
			return false;
		}
		if (!cl_backend_lock(r->backend, o->lock_op, timeout, &r->d))
			return false;
	}
	if (!cl_backend_read(r->backend, &r->state, &r->d))
		return false;
	if (!state_out(r, a))
		return false;
	cl_plan_opts po = { .root = r->root, .dir = r->dir, .inputs = inputs, .locs = locs, .state = r->state,
	                    .values_optional = o->values_optional, .workspace = cli_workspace(),
	                    .refresh = o->refresh, .need_client = o->need_client, .offline = o->offline,
	                    .destroy = o->destroy, .refresh_only = o->refresh_only,
	                    .parallelism = parallelism(a), .progress = o->json ? stderr : stdout,
	                    .connect = connect, .clients = &r->clients, .state_path = r->state_path, .journal = &r->journal,
	                    .save = cli_run_remote(r) ? save : NULL, .user = r };
	po.targets = option_values(&r->arena, a, "target", &po.ntargets);
	po.replaces = option_values(&r->arena, a, "replace", &po.nreplaces);
	cl_buf gen = CL_BUF_INIT;
	if (o->generate_out && !generate_first(r, o->generate_out))
		return false;
	po.generated = o->generate_out ? &gen : NULL;
	cl_plan p;
	bool ok = cl_plan_make(&r->arena, &po, &p, &r->d);
	r->g = p.g;
	r->before = p.before;
	r->prior = p.prior;
	if (ok && gen.len)
		return generated(r, a, o, &gen);
	cl_buf_free(&gen);
	return ok;
}

void cli_run_finish(cli_run *r)
{
	if (r->client)
		aws_client_free(r->client);
	for (unsigned i = 0; i < r->clients.n; i++) {
		if (r->clients.v[i])
			aws_client_free(r->clients.v[i]);
		aws_config_free(&r->alias_cfgs[i]);
	}
	if (r->have_cfg)
		aws_config_free(&r->cfg);
	if (r->state)
		cl_state_free(r->state);
	if (r->journal)
		cl_journal_close(r->journal);
	cl_backend_close(r->backend);
	cl_diags_free(&r->d);
	cl_arena_free(&r->arena);
}

bool cli_run_save(cli_run *r)
{
	return cl_backend_write(r->backend, r->state, &r->d);
}

cl_state_backend *cli_run_remote(const cli_run *r)
{
	return r->backend && !cl_backend_path(r->backend) ? r->backend : NULL;
}
