/* state_cmd.h: the logic of `state list|show|rm|mv|pull|push`, `output`
 * and `force-unlock`, with Terraform's output formats.  Parsing the
 * command line is clicamosc.c's; each function gets the options parsed,
 * prints on out (results) and err (diagnostics) and returns the exit status. */
#ifndef CL_STATE_CMD_H
#define CL_STATE_CMD_H

#include <stdbool.h>
#include <stdio.h>

#include "executor/state.h"

#define CL_STATE_DEFAULT_PATH "clicamosc.tfstate"

typedef struct cl_state_cmd_opts {
	const char *state_path;     /* NULL: CL_STATE_DEFAULT_PATH */
	bool no_lock;               /* -lock=false */
	long lock_timeout_ms;       /* -lock-timeout */
	bool force;                 /* push -force */
	bool dry_run;               /* rm, mv -dry-run */
	bool json, raw;             /* output -json / -raw */
	const char *id;             /* list -id=ID */
	bool color;
	const char *const *args;    /* the positional arguments after the subcommand */
	int nargs;
} cl_state_cmd_opts;

int cl_state_cmd_list(const cl_state_cmd_opts *o, FILE *out, FILE *err);
int cl_state_cmd_show(const cl_state_cmd_opts *o, FILE *out, FILE *err);
int cl_state_cmd_rm(const cl_state_cmd_opts *o, FILE *out, FILE *err);
int cl_state_cmd_mv(const cl_state_cmd_opts *o, FILE *out, FILE *err);
int cl_state_cmd_pull(const cl_state_cmd_opts *o, FILE *out, FILE *err);
int cl_state_cmd_push(const cl_state_cmd_opts *o, FILE *out, FILE *err);   /* args[0]: FILE or "-" */
int cl_state_cmd_output(const cl_state_cmd_opts *o, FILE *out, FILE *err);  /* args[0]: NAME, optional */
/* The same, of a state in memory (after apply): no file read. */
int cl_state_cmd_output_of(cl_state *st, const cl_state_cmd_opts *o, FILE *out, FILE *err);
int cl_state_cmd_force_unlock(const cl_state_cmd_opts *o, FILE *out, FILE *err);  /* args[0]: ID */
/* `show`: every instance as state show prints it, then the outputs; with
 * json, Terraform's show -json of a state (state_show.h). */
int cl_state_cmd_show_all(const cl_state_cmd_opts *o, FILE *out, FILE *err);

#endif
