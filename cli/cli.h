/* cli.h: what the command implementations share: the command table entry,
 * option helpers, and reporting.  The CLI is the one place that knows every
 * stage (grammar, compiler, executor); each cli/ file holds a family of
 * commands, clicamosc.c the table and main. */
#ifndef CL_CLI_H
#define CL_CLI_H

#include "compiler/vars.h"
#include "util/args.h"
#include "util/diag.h"

#include <stdio.h>

#define CL_VERSION "0.1.0"

typedef struct command command;
struct command {
	const char *name;
	const char *usage;          /* after "clicamosc NAME " */
	const char *summary;        /* one line */
	const cl_opt *opts;
	int (*run)(const command *c, const cl_args *a);
};

bool cli_color(const cl_args *a);
/* -compact-warnings: only warnings, one line each with its place, as
 * Terraform prints them. */
void cli_diags_compact(FILE *f, const cl_diags *d);
/* Prints the diagnostics and frees them; the exit status they call for. */
int cli_report(cl_diags *d, const cl_args *a);
const char *cli_path(const cl_args *a);          /* the PATH argument, default "." */
const char *cli_root_dir(cl_arena *a, const char *path);
bool cli_too_many(const command *c, const cl_args *a, int max);
cl_var_arg *cli_var_args(cl_arena *ar, const cl_args *a, unsigned *n);
/* May the command ask on the terminal?  Not with -input=false or TF_INPUT=0
 * (or false), nor when stdin is not a terminal. */
bool cli_may_ask(const cl_args *a);
/* Asks on the terminal for each required root variable nobody set, as
 * Terraform does (when cli_may_ask); the answer is read like a -var. */
bool cli_prompt_unset(cl_arena *ar, const cl_module *root, cl_value **inputs, cl_loc *locs, const cl_args *a,
                      cl_diags *d);

int cmd_validate(const command *c, const cl_args *a);
int cmd_console(const command *c, const cl_args *a);
int cmd_fmt(const command *c, const cl_args *a);
int cmd_plan(const command *c, const cl_args *a);
int cmd_apply(const command *c, const cl_args *a);
int cmd_destroy(const command *c, const cl_args *a);
int cmd_refresh(const command *c, const cl_args *a);
int cmd_graph(const command *c, const cl_args *a);
int cmd_output(const command *c, const cl_args *a);
int cmd_state(const command *c, const cl_args *a);
int cmd_force_unlock(const command *c, const cl_args *a);
int cmd_show(const command *c, const cl_args *a);
int cmd_workspace(const command *c, const cl_args *a);

/* The current workspace (TF_WORKSPACE, else the one selected, else
 * "default"), and where its state is when the backend is local. */
const char *cli_workspace(void);
const char *cli_local_state_path(void);
int cmd_import(const command *c, const cl_args *a);
int cmd_init(const command *c, const cl_args *a);

/* The backend `init` recorded (.clicamosc/backend.json), else the local
 * file state_path (NULL: the default).  With root given, an error when the
 * configuration's backend is not the one recorded. */
struct cl_module;
struct cl_state_backend *cli_backend_open(const struct cl_module *root, const char *state_path, cl_diags *d);
/* state pull|push|..., force-unlock when init set up a remote backend:
 * true with the exit status in *rc; false: the local commands apply. */
bool cli_remote_state_cmd(const char *sub, const cl_args *a, int *rc);

#endif
