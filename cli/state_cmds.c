/* state_cmds.c: output, state list|show|rm|mv|pull|push and force-unlock:
 * option parsing around view/state_cmd.h. */
#include "cli/cli.h"
#include "cli/planfile.h"
#include "view/state_cmd.h"
#include "util/clock.h"

#include <stdlib.h>
#include <string.h>

/* The options every state command shares; args start at first. */
static bool state_opts(const cl_args *a, int first, cl_state_cmd_opts *o, const char ***args)
{
	memset(o, 0, sizeof *o);
	o->state_path = cl_args_value(a, "state") ? cl_args_value(a, "state") : cli_local_state_path();
	const char *lock = cl_args_value(a, "lock");
	o->no_lock = lock && !strcmp(lock, "false");
	const char *t = cl_args_value(a, "lock-timeout");
	if (t && !cl_duration_parse(t, &o->lock_timeout_ms)) {
		fprintf(stderr, "clicamosc: -lock-timeout=%s is not a duration (write 30s, 5m, 1h30m)\n", t);
		return false;
	}
	o->force = cl_args_flag(a, "force");
	o->dry_run = cl_args_flag(a, "dry-run");
	o->json = cl_args_flag(a, "json");
	o->raw = cl_args_flag(a, "raw");
	o->id = cl_args_value(a, "id");
	o->color = cli_color(a);
	int n = cl_args_npos(a) - first;
	*args = calloc((size_t)(n > 0 ? n : 0) + 1, sizeof **args);
	for (int i = 0; i < n; i++)
		(*args)[i] = cl_args_pos(a, first + i);
	o->args = *args;
	o->nargs = n > 0 ? n : 0;
	return true;
}

int cmd_output(const command *c, const cl_args *a)
{
	if (cli_too_many(c, a, 1))
		return 1;
	cl_state_cmd_opts o;
	const char **args;
	int rc;
	if (cli_remote_state_cmd("output", a, &rc))
		return rc;
	if (!state_opts(a, 0, &o, &args))
		return 1;
	rc = cl_state_cmd_output(&o, stdout, stderr);
	free(args);
	return rc;
}

/* show [STATEFILE]: the state as Terraform's show prints it; -json in
 * Terraform's JSON for a state. */
int cmd_show(const command *c, const cl_args *a)
{
	if (cli_too_many(c, a, 1))
		return 1;
	const char *file = cl_args_npos(a) ? cl_args_pos(a, 0) : NULL;
	if (file && cli_planfile_is(file)) {
		fprintf(stderr, "clicamosc show: %s is a saved plan; show reads states only\n"
		                "  run clicamosc plan again to see the plan (plan -json for the machine-readable events)\n",
		        file);
		return 1;
	}
	cl_state_cmd_opts o;
	const char **args;
	int rc;
	if (!file && cli_remote_state_cmd("show", a, &rc))
		return rc;
	if (!state_opts(a, cl_args_npos(a), &o, &args))
		return 1;
	if (file)
		o.state_path = file;
	rc = cl_state_cmd_show_all(&o, stdout, stderr);
	free(args);
	return rc;
}

int cmd_force_unlock(const command *c, const cl_args *a)
{
	if (cl_args_npos(a) != 1) {
		fprintf(stderr, "usage: clicamosc %s %s\n", c->name, c->usage);
		return 1;
	}
	if (!cl_args_flag(a, "force") && cli_may_ask(a)) {
		/* Terraform's question; only "yes" goes on. */
		printf("Do you really want to force-unlock?\n  clicamosc will remove the lock on the state.\n"
		       "  This will allow local clicamosc commands to modify this state, even though it\n"
		       "  may still be in use. Only 'yes' will be accepted to confirm.\n\n  Enter a value: ");
		fflush(stdout);
		char line[64];
		if (!fgets(line, sizeof line, stdin) || strcmp(line, "yes\n")) {
			printf("\nforce-unlock cancelled.\n");
			return 1;
		}
	}
	cl_state_cmd_opts o;
	const char **args;
	int rc;
	if (cli_remote_state_cmd("force-unlock", a, &rc))
		return rc;
	if (!state_opts(a, 0, &o, &args))
		return 1;
	rc = cl_state_cmd_force_unlock(&o, stdout, stderr);
	free(args);
	return rc;
}

int cmd_state(const command *c, const cl_args *a)
{
	static const struct {
		const char *name;
		int (*fn)(const cl_state_cmd_opts *, FILE *, FILE *);
	} subs[] = {
		{ "list", cl_state_cmd_list }, { "show", cl_state_cmd_show }, { "rm", cl_state_cmd_rm },
		{ "mv", cl_state_cmd_mv }, { "pull", cl_state_cmd_pull }, { "push", cl_state_cmd_push },
	};
	const char *sub = cl_args_npos(a) ? cl_args_pos(a, 0) : NULL;
	int rc;
	if (sub && cli_remote_state_cmd(sub, a, &rc))
		return rc;
	for (size_t i = 0; sub && i < sizeof subs / sizeof subs[0]; i++) {
		if (strcmp(sub, subs[i].name))
			continue;
		cl_state_cmd_opts o;
		const char **args;
		if (!state_opts(a, 1, &o, &args))
			return 1;
		rc = subs[i].fn(&o, stdout, stderr);
		free(args);
		return rc;
	}
	fprintf(stderr, "%s%s%susage: clicamosc %s %s\n", sub ? "clicamosc state: no subcommand \"" : "",
	        sub ? sub : "", sub ? "\"\n" : "", c->name, c->usage);
	return 1;
}
