/* statetool: the state commands' test hook, until clicamosc.c wires them.
 *   statetool [-state=PATH] [-lock=false] [-lock-timeout=D] [-force] [-dry-run]
 *             [-json] [-raw] [-id=ID] list|show|rm|mv|pull|push|output|force-unlock ARGS...
 * Results on stdout, diagnostics on stderr, the command's exit status. */
#include "view/state_cmd.h"
#include "util/args.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const cl_opt opts[] = {
	{ "state", CL_OPT_VALUE, "PATH", "the state file" },
	{ "lock", CL_OPT_FLAG, NULL, "lock the state (default true)" },
	{ "lock-timeout", CL_OPT_VALUE, "DURATION", "wait this long for the lock" },
	{ "force", CL_OPT_FLAG, NULL, "push: overwrite a different lineage or higher serial" },
	{ "dry-run", CL_OPT_FLAG, NULL, "rm, mv: say what would change" },
	{ "json", CL_OPT_FLAG, NULL, "output: JSON" },
	{ "raw", CL_OPT_FLAG, NULL, "output: the bare value" },
	{ "id", CL_OPT_VALUE, "ID", "list: only the instance with this id" },
	{ NULL },
};

static const struct {
	const char *name;
	int (*fn)(const cl_state_cmd_opts *, FILE *, FILE *);
} cmds[] = {
	{ "list", cl_state_cmd_list }, { "show", cl_state_cmd_show }, { "rm", cl_state_cmd_rm },
	{ "mv", cl_state_cmd_mv }, { "pull", cl_state_cmd_pull }, { "push", cl_state_cmd_push },
	{ "output", cl_state_cmd_output }, { "force-unlock", cl_state_cmd_force_unlock },
};

int main(int argc, char **argv)
{
	cl_args a;
	char *err;
	if (!cl_args_parse(opts, argc - 1, argv + 1, &a, &err) || cl_args_npos(&a) < 1) {
		fprintf(stderr, "statetool: %s\n", cl_args_npos(&a) < 1 ? "no command" : err);
		cl_args_help(opts, stderr);
		return 2;
	}
	const char *pos[64];
	int npos = cl_args_npos(&a);
	if (npos > 64)
		npos = 64;
	for (int i = 0; i < npos; i++)
		pos[i] = cl_args_pos(&a, i);
	bool lock = !cl_args_value(&a, "lock") || cl_args_flag(&a, "lock");
	cl_state_cmd_opts o = {
		.state_path = cl_args_value(&a, "state"),
		.no_lock = !lock,
		.force = cl_args_flag(&a, "force"),
		.dry_run = cl_args_flag(&a, "dry-run"),
		.json = cl_args_flag(&a, "json"),
		.raw = cl_args_flag(&a, "raw"),
		.id = cl_args_value(&a, "id"),
		.args = pos + 1,
		.nargs = npos - 1,
	};
	const char *timeout = cl_args_value(&a, "lock-timeout");
	if (timeout && !cl_duration_parse(timeout, &o.lock_timeout_ms)) {
		fprintf(stderr, "statetool: invalid -lock-timeout \"%s\" (e.g. 30s, 2m)\n", timeout);
		return 2;
	}
	for (size_t i = 0; i < sizeof cmds / sizeof *cmds; i++)
		if (!strcmp(pos[0], cmds[i].name)) {
			int rc = cmds[i].fn(&o, stdout, stderr);
			cl_args_free(&a);
			return rc;
		}
	fprintf(stderr, "statetool: unknown command \"%s\"\n", pos[0]);
	return 2;
}
