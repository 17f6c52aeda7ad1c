/* clicamosc.c: the command line.  The one file that knows every stage: it
 * parses options, runs grammar -> compiler -> executor as each command
 * needs, prints diagnostics and chooses the exit status.  No stage logic
 * lives here. */
#include "cli/cli.h"
#include "executor/aws/provider.h"
#include "executor/remote_state.h"
#include "executor/template_file.h"
#include "executor/terraform_data.h"
#include "util/harden.h"
#include "util/suggest.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>


/* Options shared by the commands that plan. */
#define PLAN_OPTS \
	{ "var", CL_OPT_REPEAT, "NAME=VALUE", "set a variable (repeatable; a list or map is written as HCL)" }, \
	{ "var-file", CL_OPT_REPEAT, "FILE", "read variable values from a .tfvars file (repeatable)" }, \
	{ "state", CL_OPT_VALUE, "FILE", "the state file (default clicamosc.tfstate)" }, \
	{ "refresh", CL_OPT_FLAG, NULL, "-refresh=false: plan against the state as recorded, no AWS reads" }, \
	{ "parallelism", CL_OPT_VALUE, "N", "at most N operations at once (default 10)" }, \
	{ "lock", CL_OPT_FLAG, NULL, "-lock=false: do not lock the state (dangerous)" }, \
	{ "lock-timeout", CL_OPT_VALUE, "DURATION", "wait this long for the state lock (e.g. 30s)" }, \
	{ "target", CL_OPT_REPEAT, "ADDR", "only this resource (and what it needs); repeatable" }, \
	{ "json", CL_OPT_FLAG, NULL, "machine-readable output, one JSON object per line" }, \
	INPUT_OPT, \
	{ "compact-warnings", CL_OPT_FLAG, NULL, "warnings as one line each (errors in full)" }, \
	{ "no-color", CL_OPT_FLAG, NULL, "do not colour the output" }

/* Where apply, destroy and refresh write a local state. */
#define STATE_OUT_OPTS \
	{ "state-out", CL_OPT_VALUE, "FILE", "write the state here instead (it is read from -state)" }, \
	{ "backup", CL_OPT_VALUE, "FILE", "the state before the command goes here (default STATE.backup; - for none)" }

/* -input=false (or TF_INPUT=0): never ask for a variable, as CI runs need. */
#define INPUT_OPT \
	{ "input", CL_OPT_FLAG, NULL, "-input=false: never ask for a variable's value (also TF_INPUT=0)" }

/* -refresh-only: what changed outside clicamosc, recorded by apply; nothing in AWS changes. */
#define REFRESH_ONLY_OPT \
	{ "refresh-only", CL_OPT_FLAG, NULL, "only show (apply: record) what changed outside clicamosc; change nothing in AWS" }

#define REPLACE_OPT \
	{ "replace", CL_OPT_REPEAT, "ADDR", "replace this instance even if nothing changed; repeatable" }

static const cl_opt plan_opts[] = {
	PLAN_OPTS,
	REPLACE_OPT,
	{ "detailed-exitcode", CL_OPT_FLAG, NULL, "exit 2 when the plan has changes, 0 when none" },
	{ "out", CL_OPT_VALUE, "FILE", "save the plan, for clicamosc apply FILE" },
	{ "destroy", CL_OPT_FLAG, NULL, "plan the destruction of everything in state" },
	{ "generate-config-out", CL_OPT_VALUE, "FILE", "write resource blocks for import targets the configuration "
	  "lacks into FILE (new, in the root module), then plan with them" },
	REFRESH_ONLY_OPT,
	{ NULL }
};

static const cl_opt apply_opts[] = {
	PLAN_OPTS,
	REPLACE_OPT,
	STATE_OUT_OPTS,
	{ "auto-approve", CL_OPT_FLAG, NULL, "do not ask for confirmation" },
	{ "keep-failed", CL_OPT_FLAG, NULL, "a rollout failing its health gate keeps the new group (out of the ELBs, "
	  "tainted) instead of rolling back" },
	REFRESH_ONLY_OPT,
	{ NULL }
};

/* destroy: what apply takes, less what only creating needs (-replace, -keep-failed). */
static const cl_opt destroy_opts[] = {
	PLAN_OPTS,
	STATE_OUT_OPTS,
	{ "auto-approve", CL_OPT_FLAG, NULL, "do not ask for confirmation" },
	{ NULL }
};

static const cl_opt graph_opts[] = {
	{ "type", CL_OPT_VALUE, "plan|apply|destroy", "the full graph of plan, apply or destroy (default: the "
	  "configuration alone, no variables, state or AWS needed)" },
	{ "format", CL_OPT_VALUE, "dot|mermaid", "Graphviz DOT (default) or a Mermaid flowchart, for Markdown" },
	{ "verbose", CL_OPT_FLAG, NULL, "draw variables and outputs too (-type=apply: locals as well)" },
	{ "var", CL_OPT_REPEAT, "NAME=VALUE", "set a variable (repeatable)" },
	{ "var-file", CL_OPT_REPEAT, "FILE", "read variable values from a .tfvars file (repeatable)" },
	{ "state", CL_OPT_VALUE, "FILE", "the state file (default clicamosc.tfstate)" },
	{ "lock", CL_OPT_FLAG, NULL, "-lock=false: do not lock the state" },
	{ "lock-timeout", CL_OPT_VALUE, "DURATION", "wait this long for the state lock (e.g. 30s)" },
	INPUT_OPT,
	{ "no-color", CL_OPT_FLAG, NULL, "do not colour the diagnostics" },
	{ NULL }
};

static const cl_opt refresh_opts[] = {
	PLAN_OPTS,
	STATE_OUT_OPTS,
	{ NULL }
};

#define STATE_OPTS \
	{ "state", CL_OPT_VALUE, "FILE", "the state file (default clicamosc.tfstate)" }, \
	{ "lock", CL_OPT_FLAG, NULL, "-lock=false: do not lock the state (dangerous)" }, \
	{ "lock-timeout", CL_OPT_VALUE, "DURATION", "wait this long for the state lock (e.g. 30s)" }, \
	{ "no-color", CL_OPT_FLAG, NULL, "do not colour the output" }

static const cl_opt state_opts[] = {
	STATE_OPTS,
	{ "force", CL_OPT_FLAG, NULL, "push: replace even a newer or unrelated state" },
	{ "dry-run", CL_OPT_FLAG, NULL, "rm, mv: say what would change, change nothing" },
	{ "id", CL_OPT_VALUE, "ID", "list: only the instances whose id is ID" },
	{ NULL }
};

static const cl_opt output_opts[] = {
	STATE_OPTS,
	{ "json", CL_OPT_FLAG, NULL, "print the outputs as JSON" },
	{ "raw", CL_OPT_FLAG, NULL, "print one string output as it is, for scripts" },
	{ NULL }
};

static const cl_opt show_opts[] = {
	{ "json", CL_OPT_FLAG, NULL, "Terraform's JSON representation of the state" },
	{ "no-color", CL_OPT_FLAG, NULL, "do not colour the output" },
	{ NULL }
};

static const cl_opt workspace_opts[] = {
	{ "force", CL_OPT_FLAG, NULL, "delete: even when its state still manages resources" },
	{ "no-color", CL_OPT_FLAG, NULL, "do not colour the output" },
	{ NULL }
};

static const cl_opt unlock_opts[] = {
	STATE_OPTS,
	{ "force", CL_OPT_FLAG, NULL, "do not ask for confirmation" },
	{ NULL }
};

static const cl_opt init_opts[] = {
	{ "backend-config", CL_OPT_REPEAT, "KEY=VALUE|FILE", "a backend setting, or a file of them (repeatable)" },
	{ "migrate-state", CL_OPT_FLAG, NULL, "copy the existing state to the new backend" },
	{ "force-copy", CL_OPT_FLAG, NULL, "with -migrate-state: replace a state already there" },
	{ "reconfigure", CL_OPT_FLAG, NULL, "use the new backend as it is, leaving the old state behind" },
	{ "upgrade", CL_OPT_FLAG, NULL, "install remote modules again: the newest allowed versions, the refs' current commits" },
	INPUT_OPT,
	{ "no-color", CL_OPT_FLAG, NULL, "do not colour the output" },
	{ NULL }
};

static const cl_opt validate_opts[] = {
	{ "json", CL_OPT_FLAG, NULL, "the result and the diagnostics in Terraform's JSON" },
	{ "no-color", CL_OPT_FLAG, NULL, "do not colour the output" },
	{ NULL }
};

static const cl_opt console_opts[] = {
	INPUT_OPT,
	{ "var", CL_OPT_REPEAT, "NAME=VALUE", "set a variable (repeatable)" },
	{ "var-file", CL_OPT_REPEAT, "FILE", "read variable values from a .tfvars file (repeatable)" },
	{ "no-color", CL_OPT_FLAG, NULL, "do not colour the output" },
	{ NULL }
};

static const cl_opt fmt_opts[] = {
	{ "check", CL_OPT_FLAG, NULL, "change nothing; exit 3 when a file is not formatted" },
	{ "diff", CL_OPT_FLAG, NULL, "print the changes as a unified diff" },
	{ "write", CL_OPT_FLAG, NULL, "-write=false: print the formatted text instead of rewriting files" },
	{ "upgrade", CL_OPT_FLAG, NULL, "also rewrite Terraform 0.11 forms into the modern ones" },
	{ "no-color", CL_OPT_FLAG, NULL, "do not colour the output" },
	{ NULL }
};

static int cmd_version(const command *c, const cl_args *a)
{
	printf("clicamosc v%s\n", CL_VERSION);
	return 0;
}

static int cmd_help(const command *c, const cl_args *a);

static const command commands[] = {
	{ "plan", "[options] [PATH]", "Show what apply would change, and why", plan_opts, cmd_plan },
	{ "apply", "[options] [PATH | PLANFILE]", "Make the changes the plan shows", apply_opts, cmd_apply },
	{ "destroy", "[options] [PATH]", "Destroy everything the state records", destroy_opts, cmd_destroy },
	{ "import", "[options] ADDR ID [PATH]", "Adopt an existing AWS object into state at ADDR", refresh_opts,
	  cmd_import },
	{ "refresh", "[options] [PATH]", "Update the state from the real resources", refresh_opts, cmd_refresh },
	{ "graph", "[options] [PATH]", "Print the dependency graph (Graphviz DOT or Mermaid)", graph_opts, cmd_graph },
	{ "validate", "[options] [PATH]", "Check that the configuration is valid (no AWS calls)",
	  validate_opts, cmd_validate },
	{ "fmt", "[options] [PATH...]", "Rewrite files in the canonical layout", fmt_opts, cmd_fmt },
	{ "console", "[options] [PATH]", "Evaluate expressions in the configuration's scope, one per line",
	  console_opts, cmd_console },
	{ "output", "[options] [NAME]", "Show the outputs recorded in state", output_opts, cmd_output },
	{ "show", "[options] [STATEFILE]", "Show the state (every resource, then the outputs)", show_opts, cmd_show },
	{ "state", "list|show|rm|mv|pull|push [options] [ARGS]", "Inspect and repair the state", state_opts,
	  cmd_state },
	{ "workspace", "new|select|delete NAME | list | show", "Work with several states of one configuration",
	  workspace_opts, cmd_workspace },
	{ "force-unlock", "[options] LOCK_ID", "Remove a state lock left by a killed command", unlock_opts,
	  cmd_force_unlock },
	{ "init", "[options] [PATH]", "Install remote modules; set up the backend that holds the state", init_opts, cmd_init },
	{ "version", "", "Show the version", NULL, cmd_version },
	{ "help", "[COMMAND]", "Show help for clicamosc or one command", NULL, cmd_help },
};
enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

static const command *find_command(const char *name)
{
	for (int i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

static void command_help(const command *c, FILE *f)
{
	fprintf(f, "Usage: clicamosc %s %s\n\n  %s.\n", c->name, c->usage, c->summary);
	if (c->opts) {
		fprintf(f, "\nOptions:\n");
		cl_args_help(c->opts, f);
	}
	fprintf(f, "  %-26s %s\n", "-help", "show this help");
}

static void main_help(FILE *f)
{
	fprintf(f, "Usage: clicamosc [global options] <command> [options] [PATH]\n\n"
	           "clicamosc compiles .cl (HCL) descriptions of AWS infrastructure into a\n"
	           "dependency graph, plans the changes against recorded state, and applies them.\n\n"
	           "Commands:\n");
	for (int i = 0; i < NCOMMANDS; i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(f, "\nGlobal options:\n"
	           "  -chdir=DIR   switch to DIR before doing anything else\n"
	           "  -help        show this help\n"
	           "  -version     show the version\n");
}

static int cmd_help(const command *c, const cl_args *a)
{
	if (cl_args_npos(a) == 0) {
		main_help(stdout);
		return 0;
	}
	const command *t = find_command(cl_args_pos(a, 0));
	if (!t) {
		fprintf(stderr, "clicamosc help: no command \"%s\"\n", cl_args_pos(a, 0));
		return 1;
	}
	command_help(t, stdout);
	return 0;
}

static bool is_help(const char *s)
{
	return !strcmp(s, "-help") || !strcmp(s, "--help") || !strcmp(s, "-h");
}

static int run_command(const command *c, int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (is_help(argv[i])) {
			command_help(c, stdout);
			return 0;
		}
	static const cl_opt none[] = { { NULL } };
	cl_args a;
	char *err;
	if (!cl_args_parse(c->opts ? c->opts : none, argc, argv, &a, &err)) {
		fprintf(stderr, "clicamosc %s: %s\n  run \"clicamosc %s -help\" for the options\n",
		        c->name, err, c->name);
		free(err);
		return 1;
	}
	int rc = c->run(c, &a);
	cl_args_free(&a);
	return rc;
}

int main(int argc, char **argv)
{
	cl_harden_process();     /* before any secret is read */
	/* A file size limit (ulimit -f) must fail a write with EFBIG, which the
	 * state writer reports and survives, not kill the process mid-apply. */
	signal(SIGXFSZ, SIG_IGN);
	aws_provider_register();
	cl_schema_register(&cl_remote_state_data);
	cl_schema_register(&cl_terraform_data_type);
	cl_schema_register(&cl_template_file_data);
	int i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		const char *s = argv[i] + (argv[i][1] == '-' ? 2 : 1);
		if (is_help(argv[i])) {
			main_help(stdout);
			return 0;
		} else if (!strcmp(s, "version") || !strcmp(s, "v")) {
			return cmd_version(NULL, NULL);
		} else if (!strncmp(s, "chdir=", 6) || (!strcmp(s, "chdir") && i + 1 < argc)) {
			const char *dir = s[5] == '=' ? s + 6 : argv[++i];
			if (chdir(dir) != 0) {
				fprintf(stderr, "clicamosc: -chdir=%s: ", dir);
				perror(NULL);
				return 1;
			}
		} else {
			fprintf(stderr, "clicamosc: unknown global option \"%s\"\n", argv[i]);
			return 1;
		}
	}
	if (i == argc) {
		main_help(stderr);
		return 1;
	}
	const command *c = find_command(argv[i]);
	if (!c) {
		const char *names[NCOMMANDS];
		for (int k = 0; k < NCOMMANDS; k++)
			names[k] = commands[k].name;
		const char *near = cl_suggest(argv[i], names, NCOMMANDS);
		fprintf(stderr, "clicamosc: no command \"%s\"", argv[i]);
		if (near)
			fprintf(stderr, "; did you mean \"%s\"?\n", near);
		else
			fprintf(stderr, "; run \"clicamosc help\" for the list\n");
		return 1;
	}
	return run_command(c, argc - i - 1, argv + i + 1);
}
