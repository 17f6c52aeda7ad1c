/* args.h: command-line options the way Terraform takes them: -opt, --opt,
 * -opt=value and -opt value, flags as -flag or -flag=true|false, repeatable
 * options kept in command-line order.  Knows nothing of the commands. */
#ifndef CL_ARGS_H
#define CL_ARGS_H

#include <stdbool.h>
#include <stdio.h>

typedef enum { CL_OPT_FLAG, CL_OPT_VALUE, CL_OPT_REPEAT } cl_opt_kind;

typedef struct cl_opt {
	const char *name;      /* without the dash: "var-file" */
	cl_opt_kind kind;
	const char *metavar;   /* "FILE", for help; NULL for flags */
	const char *help;      /* one line */
} cl_opt;

typedef struct cl_arg {
	const cl_opt *opt;     /* NULL for a positional argument */
	const char *value;     /* "true"/"false" for flags */
} cl_arg;

typedef struct cl_args {
	cl_arg *v;             /* every option and argument, in order */
	int n;
} cl_args;

/* Parses argv against opts (terminated by a {NULL} entry).  On a mistake
 * returns false with a one-line message in *err (caller frees). */
bool cl_args_parse(const cl_opt *opts, int argc, char **argv, cl_args *out, char **err);
bool cl_args_flag(const cl_args *a, const char *name);        /* last one wins */
const char *cl_args_value(const cl_args *a, const char *name);  /* last one, or NULL */
int cl_args_npos(const cl_args *a);
const char *cl_args_pos(const cl_args *a, int i);
void cl_args_help(const cl_opt *opts, FILE *f);
void cl_args_free(cl_args *a);

#endif
