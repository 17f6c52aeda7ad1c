/* vars.h: the root module's input values and where they come from, lowest
 * precedence first: environment TF_VAR_name then CL_VAR_name, the files
 * terraform.tfvars(.json), *.auto.tfvars(.json) and *.clvars(.json) in the root directory, then
 * -var-file and -var in command-line order.  Defaults, types and validation
 * are applied by the walk (expand.h). */
#ifndef CL_VARS_H
#define CL_VARS_H

#include "compiler/config.h"
#include "compiler/value.h"

typedef struct cl_var_arg {
	bool file;             /* -var-file=text, else -var text ("name=value") */
	const char *text;
} cl_var_arg;

/* values and locs get one entry per root variable (NULL / file 0: not set).
 * False when a source had errors (reported in d). */
bool cl_vars_collect(cl_arena *a, const cl_module *root, const char *root_dir, const cl_var_arg *args,
                     unsigned nargs, cl_value ***values, cl_loc **locs, cl_diags *d);
/* A value given as text (-var, TF_VAR_): literal for primitive types,
 * parsed as an expression otherwise.  The text becomes a source named
 * origin, *at its range: an error about the value names where it came
 * from.  NULL after an error in d. */
cl_value *cl_vars_parse(cl_arena *a, const cl_variable *v, const char *text, const char *origin, cl_loc *at,
                        cl_diags *d);

#endif
